// podcidr-route-missing: a node has no route to another node's podCIDR although its CNI routes per node.
import { PER_NODE_ROUTING_DEVICE } from '../snapshot/cni-devices.js';
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { parseCidr } from '../net/ip.js';
import { lookup } from '../snapshot/routing.js';
import type { Host } from '../snapshot/types.js';
import { ev } from './fix.js';
import { list } from './roles.js';
import type { RawFinding } from './types.js';

// CNIs that route pod networks per node leave these marks on a node.
function routesPodCidrs(h: Host, otherCidrs: string[]): boolean {
  if ((h.interfaces ?? []).some((i) => PER_NODE_ROUTING_DEVICE.test(i.name))) return true;
  return (h.routes ?? []).some((r) => r.protocol === 'bird' || otherCidrs.includes(r.dstText));
}

export const podcidrRouteMissing = defineAnalyzer({
  id: 'podcidr-route-missing',
  summary: {
    en: "A node has no route to another node's podCIDR where its CNI needs one.",
    'zh-TW': '節點在 CNI 需要路由的情況下，沒有通往另一個節點 podCIDR 的路由。',
  },
  variants: {
    default: {
      severity: 'critical',
      title: { en: '{host} has no route to the pods of {nodes}', 'zh-TW': '{host} 沒有通往 {nodes} 上 Pod 的路由' },
      explanation: {
        en: 'This CNI routes pod networks node by node, but {host} has no route for {cidrs}: traffic from its pods to pods on {nodes} follows the default route and is lost. The CNI agent on {host} has not installed the route (flannel host-gw, Calico BGP).',
        'zh-TW':
          '這個 CNI 是以節點為單位路由 Pod 網段，但 {host} 沒有 {cidrs} 的路由：它的 Pod 送往 {nodes} 上 Pod 的流量會走預設路由而遺失。{host} 上的 CNI 代理程式沒有建立這條路由（flannel host-gw、Calico BGP）。',
      },
    },
  },
  run(snap, finding) {
    const c = snap.cluster;
    if (!c) return [];
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts) {
      if (h.kind !== 'node' || !h.routes) continue;
      const me = h.meta.name ?? h.id;
      const others = c.nodes.filter((n) => n.name !== me && n.podCIDRs.length > 0);
      if (
        !routesPodCidrs(
          h,
          others.flatMap((n) => n.podCIDRs),
        )
      )
        continue;
      const missing = others.filter((n) =>
        n.podCIDRs.some((cidr) => {
          const net = parseCidr(cidr);
          if (net?.family !== 4) return false;
          const r = lookup(h, { family: 4, value: net.network + 1n });
          return !r || r.dst.prefix === 0;
        }),
      );
      if (missing.length === 0) continue;
      const def = (h.routes ?? []).find((r) => r.dst.prefix === 0);
      out.push(
        finding('default', {
          target: h.id,
          params: {
            host: h.id,
            nodes: list(missing.map((n) => n.name)),
            cidrs: list(missing.flatMap((n) => n.podCIDRs)),
          },
          evidence: [
            ...missing.slice(0, 3).map((n) => ev(n.obj.src)),
            ...(def ? [ev(def.src)] : []),
            ...(h.routes ?? [])
              .filter((r) => r.dst.prefix > 0)
              .slice(0, 3)
              .map((r) => ev(r.src)),
          ],
          fix: ['kubectl -n kube-flannel logs -l app=flannel --tail=50'],
          notes: [
            text(
              `Read the log of the CNI agent on ${me} (flannel above; calico-node or cilium for those CNIs): it writes these routes.`,
              `查看 ${me} 上 CNI agent 的日誌（上面是 flannel;Calico 或 Cilium 則看 calico-node、cilium）：路由是它寫入的。`,
            ),
            ...missing.map((n) =>
              n.internalIPs[0]
                ? text(
                    `Expected on ${me}: ${n.podCIDRs[0]} via ${n.internalIPs[0]} (node ${n.name}).`,
                    `${me} 上應該要有：${n.podCIDRs[0]} via ${n.internalIPs[0]}（節點 ${n.name}）。`,
                  )
                : text(
                    `Expected on ${me}: a route for ${n.podCIDRs[0]} towards node ${n.name} (its address is not in the bundle).`,
                    `${me} 上應該要有一條 ${n.podCIDRs[0]} 通往節點 ${n.name} 的路由（bundle 裡沒有它的位址）。`,
                  ),
            ),
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
    'podcidr-route-missing': true;
  }
}
