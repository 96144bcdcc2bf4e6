// bridge-nf-call-iptables-disabled: on a node whose pods share a bridge, bridged traffic skips iptables.
import { defineAnalyzer } from './define.js';
import { ev, evFile, inNs } from './fix.js';
import type { RawFinding } from './types.js';
import { sh } from '../text/shell.js';

export const bridgeNfCallIptablesDisabled = defineAnalyzer({
  id: 'bridge-nf-call-iptables-disabled',
  summary: {
    en: 'Bridged pod traffic bypasses iptables (br_netfilter off), so Service NAT is not undone for pods on the same bridge.',
    'zh-TW': '經 bridge 的 Pod 流量繞過 iptables(br_netfilter 關閉),同一個 bridge 上 Pod 的 Service NAT 無法還原。',
  },
  variants: {
    off: {
      severity: 'critical',
      title: { en: 'bridge-nf-call-iptables is 0 on {host}', 'zh-TW': '{host} 的 bridge-nf-call-iptables 為 0' },
      explanation: {
        en: 'net.bridge.bridge-nf-call-iptables is 0 on {host}, so frames switched by {bridge} skip iptables. When a pod reaches a Service whose endpoint sits on the same bridge, the reply goes pod-to-pod without passing conntrack, the DNAT is never reversed, and the client drops it. kubeadm requires this to be 1.',
        'zh-TW':
          '{host} 的 net.bridge.bridge-nf-call-iptables 為 0,經 {bridge} 交換的訊框不會經過 iptables。當 Pod 連到一個端點在同一個 bridge 上的 Service 時,回應直接在 Pod 之間傳遞而不經過 conntrack,DNAT 沒有被還原,用戶端就把它丟掉。kubeadm 要求此值為 1。',
      },
    },
    missing: {
      severity: 'critical',
      title: { en: 'br_netfilter is not loaded on {host}', 'zh-TW': '{host} 沒有載入 br_netfilter' },
      explanation: {
        en: 'net.bridge.bridge-nf-call-iptables does not exist on {host}: the br_netfilter module is not loaded, so frames switched by {bridge} skip iptables and Service NAT between pods on the same bridge is never reversed.',
        'zh-TW':
          '{host} 上不存在 net.bridge.bridge-nf-call-iptables:br_netfilter 模組沒有載入,經 {bridge} 交換的訊框不會經過 iptables,同一個 bridge 上 Pod 之間的 Service NAT 永遠無法還原。',
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
      out.push(
        finding(v ? 'off' : 'missing', {
          severity: 'critical',
          target: h.id,
          params: { host: h.id, bridge: bridge.name },
          evidence: [v ? ev(v.src) : missing ? ev(missing) : evFile(`${h.dir}/sysctl.txt`, key), ev(bridge.src)],
          fix: [
            ...(v ? [] : [inNs(h, 'modprobe br_netfilter')]),
            inNs(h, sh`sysctl -w ${`${key}=1`}`),
            sh`echo ${`${key} = 1`} > /etc/sysctl.d/99-kubernetes.conf   # keep it after reboot`,
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
