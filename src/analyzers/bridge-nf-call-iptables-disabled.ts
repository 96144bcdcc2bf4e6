// bridge-nf-call-iptables-disabled: on a node whose pods share a bridge, bridged traffic skips iptables.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { ev, evFile, inNs } from './fix.js';
import { behindBridge } from './roles.js';
import { parseIp } from '../net/ip.js';
import { readyEndpoints } from '../snapshot/k8s/cluster.js';
import { decidedButForwarding, listeningFromSockets, trace } from '../snapshot/trace/index.js';
import type { Host, Snapshot } from '../snapshot/types.js';
import { type RawFinding, type TraceProof, traceProof } from './types.js';
import { sh } from '../text/shell.js';

// A pod behind the bridge connecting to a Service whose endpoint sits behind the same bridge, traced with its
// answer: the answer is switched pod to pod, its DNAT never undone, and the client's socket does not take it.
function hairpinProof(snap: Snapshot, h: Host, bridge: string): TraceProof | undefined {
  const c = snap.cluster;
  if (!c) return undefined;
  const behind = behindBridge(snap, h, bridge).map((p) => p.host);
  const owner = (ip: string): Host | undefined =>
    behind.find((b) => (b.interfaces ?? []).some((i) => i.addresses.some((a) => a.local === ip)));
  for (const s of c.services)
    for (const p of s.ports) {
      const vip = parseIp(s.clusterIPs[0] ?? '');
      const proto = p.protocol.toLowerCase();
      if (vip?.family !== 4 || proto !== 'tcp') continue;
      for (const ep of readyEndpoints(c, s, p)) {
        const server = owner(ep.slice(0, ep.lastIndexOf(':')));
        const client = behind.find((b) => b !== server);
        if (!server || !client) continue;
        const paths = trace(snap, {
          from: client,
          dst: vip,
          proto: 'tcp',
          dport: p.port,
          replies: true,
          listening: listeningFromSockets,
        });
        const lost = paths.filter(
          (x) =>
            x.end.kind === 'delivered' &&
            x.end.host === server.id &&
            x.reply &&
            (x.reply.stray || x.reply.end.kind !== 'delivered'),
        );
        if (lost.length > 0 && paths.every((x) => decidedButForwarding(x)))
          return traceProof(client.id, `${s.clusterIPs[0]}:${p.port}/tcp (${s.namespace}/${s.name})`, lost);
      }
    }
  return undefined;
}

export const bridgeNfCallIptablesDisabled = defineAnalyzer({
  id: 'bridge-nf-call-iptables-disabled',
  summary: {
    en: 'Bridged pod traffic bypasses iptables (br_netfilter off), so Service NAT is not undone for pods on the same bridge.',
    'zh-TW': '經 bridge 的 Pod 流量繞過 iptables（br_netfilter 關閉），同一個 bridge 上 Pod 的 Service NAT 無法還原。',
  },
  variants: {
    off: {
      severity: 'critical',
      title: { en: 'bridge-nf-call-iptables is 0 on {host}', 'zh-TW': '{host} 的 bridge-nf-call-iptables 為 0' },
      explanation: {
        en: 'net.bridge.bridge-nf-call-iptables is 0 on {host}, so frames switched by {bridge} skip iptables. When a pod reaches a Service whose endpoint sits on the same bridge, the reply goes pod-to-pod without passing conntrack, the DNAT is never reversed, and the client drops it. kubeadm requires this to be 1.',
        'zh-TW':
          '{host} 的 net.bridge.bridge-nf-call-iptables 為 0，經 {bridge} 交換的訊框不會經過 iptables。當 Pod 連到一個端點在同一個 bridge 上的 Service 時，回應直接在 Pod 之間傳遞而不經過 conntrack,DNAT 沒有被還原，用戶端就把它丟掉。kubeadm 要求此值為 1。',
      },
    },
    missing: {
      severity: 'critical',
      title: { en: 'br_netfilter is not loaded on {host}', 'zh-TW': '{host} 沒有載入 br_netfilter' },
      explanation: {
        en: 'net.bridge.bridge-nf-call-iptables does not exist on {host}: the br_netfilter module is not loaded, so frames switched by {bridge} skip iptables and Service NAT between pods on the same bridge is never reversed.',
        'zh-TW':
          '{host} 上不存在 net.bridge.bridge-nf-call-iptables:br_netfilter 模組沒有載入，經 {bridge} 交換的訊框不會經過 iptables，同一個 bridge 上 Pod 之間的 Service NAT 永遠無法還原。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts) {
      if (h.kind !== 'node' || !h.sysctl) continue;
      const bridge = (h.interfaces ?? []).find((b) => (h.interfaces ?? []).some((x) => x.master === b.name));
      if (!bridge) continue;
      const key = 'net.bridge.bridge-nf-call-iptables';
      const v = h.sysctl.values.get(key);
      const missing = h.sysctl.missing.get(key);
      if (v && v.value.trim() !== '0') continue;
      if (!v && !missing) continue;
      const proof = hairpinProof(snap, h, bridge.name);
      out.push(
        finding(v ? 'off' : 'missing', {
          severity: 'critical',
          target: h.id,
          params: { host: h.id, bridge: bridge.name },
          evidence: [v ? ev(v.src) : missing ? ev(missing) : evFile(`${h.dir}/sysctl.txt`, key), ev(bridge.src)],
          ...(proof ? { trace: proof } : {}),
          fix: [
            ...(v ? [] : [inNs(h, 'modprobe br_netfilter')]),
            inNs(h, sh`sysctl -w ${`${key}=1`}`),
            {
              cmd: sh`echo ${`${key} = 1`} > /etc/sysctl.d/99-kubernetes.conf`,
              comment: text('keep it after reboot', '重開機後仍然有效'),
            },
          ],
        }),
      );
    }
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'bridge-nf-call-iptables-disabled': true;
  }
}
