// calico-proxy-arp-off: a node's cali* veth has proxy_arp = 0, so its pod gets no ARP answer for 169.254.1.1.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { list } from './roles.js';
import type { SysctlValue } from '../model.js';
import type { Host, Port, Snapshot } from '../snapshot/types.js';
import { sh } from '../text/shell.js';
import { ev, inNs } from './fix.js';
import type { Evidence, RawFinding } from './types.js';

/** The gateway Calico gives every pod: a link-local address the node answers for by proxy ARP. */
export const CALICO_GATEWAY = '169.254.1.1';

/** Calico's workload veths on the node are named cali + a hash of the pod (Felix sets proxy_arp=1 on each). */
export const isCaliVeth = (name: string): boolean => /^cali[0-9a-f]{6,}$/.test(name);

// The captured proxy_arp value of a node's veth ('0', '1'), when the bundle has it.
const proxyArp = (h: Host, iface: string): SysctlValue | undefined =>
  h.sysctl?.values.get(`net.ipv4.conf.${iface}.proxy_arp`);

// The node-side cali* veth behind a pod's device, when its other end is captured (the place Calico's proxy ARP
// answers for 169.254.1.1), and whether proxy_arp is known to be off there.
export function caliVethOf(
  snap: Snapshot,
  pod: Host,
  dev: string | undefined,
): { port: Port; proxyArpOff: boolean } | undefined {
  const port = snap.peerOf.get((pod.interfaces ?? []).find((i) => i.name === dev)!);
  if (!port || !isCaliVeth(port.iface.name)) return undefined;
  return { port, proxyArpOff: proxyArp(port.host, port.iface.name)?.value === '0' };
}

export const calicoProxyArpOff = defineAnalyzer({
  id: 'calico-proxy-arp-off',
  summary: {
    en: "proxy_arp is off on a node's cali* veth, so the pod behind it gets no ARP answer for its gateway 169.254.1.1.",
    'zh-TW': '節點上某條 cali* veth 的 proxy_arp 被關閉，後面的 Pod 對閘道 169.254.1.1 的 ARP 得不到回應。',
  },
  variants: {
    default: {
      severity: 'critical',
      title: {
        en: '{host}: proxy_arp is off on {iface} (pod {pods})',
        'zh-TW': '{host}:{iface} 的 proxy_arp 被關閉（Pod {pods}）',
      },
      explanation: {
        en: "Calico gives each pod a /32 address and a default route via 169.254.1.1, an address no device owns. The node answers the pod's ARP for it through proxy ARP on the host side of the pod's veth, {iface}. On {host} net.ipv4.conf.{iface}.proxy_arp is 0, so {pods} never learns a MAC for its gateway and can send nothing off the pod: not to Services, not to DNS, not to other pods.",
        'zh-TW':
          'Calico 給每個 Pod 一個 /32 位址，以及經由 169.254.1.1 的預設路由，而這個位址沒有任何介面擁有。節點是透過 Pod veth 的主機端 {iface} 上的 proxy ARP 代為回應 Pod 的 ARP。{host} 上的 net.ipv4.conf.{iface}.proxy_arp 是 0，所以 {pods} 永遠查不到閘道的 MAC，任何封包都出不了 Pod：連不到 Service、DNS，也連不到其他 Pod。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts) {
      if (!h.sysctl) continue;
      for (const i of h.interfaces ?? []) {
        if (!isCaliVeth(i.name)) continue;
        const v = proxyArp(h, i.name);
        if (v?.value !== '0') continue;
        const evidence: Evidence[] = [ev(v.src), ev(i.src)];
        // the pod behind the veth: its captured end, else the /32 route the node keeps through the veth
        const peer = snap.peerOf.get(i);
        const routes = (h.routes ?? []).filter((r) => r.dev === i.name && r.dst.prefix === 32);
        evidence.push(...routes.slice(0, 2).map((r) => ev(r.src)));
        const pods: string[] = [];
        if (peer && peer.host !== h) {
          pods.push(peer.host.id);
          const n = peer.host.neighbors?.find((x) => x.dst === CALICO_GATEWAY);
          if (n) evidence.push(ev(n.src));
        } else pods.push(...routes.map((r) => r.dstText.replace(/\/32$/, '')));
        out.push(
          finding('default', {
            target: h.id,
            params: { host: h.id, iface: i.name, pods: list(pods) || 'unknown' },
            evidence,
            fix: [inNs(h, sh`sysctl -w ${`net.ipv4.conf.${i.name}.proxy_arp=1`}`)],
            notes: [
              text(
                `Run it on ${h.meta.name ?? h.id}. Calico's Felix sets proxy_arp=1 on every cali* veth it creates: if the value turns 0 again, look for what else writes it (a sysctl.d file, a tuning agent) and read the calico-node log.`,
                `在 ${h.meta.name ?? h.id} 上執行。Calico 的 Felix 會在它建立的每條 cali* veth 上設定 proxy_arp=1：如果又變回 0，找出還有什麼在改它（sysctl.d 設定檔、調校工具），並查看 calico-node 的日誌。`,
              ),
            ],
          }),
        );
      }
    }
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'calico-proxy-arp-off': true;
  }
}
