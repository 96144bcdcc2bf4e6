// no-default-route: a namespace that has to reach other networks has no default route.
import { defineAnalyzer } from './define.js';
import { isLoopback, parseIp } from '../net/ip.js';
import { connectedOn, defaultRoute, lookup, mainRoutes, owners, routableAddresses } from '../snapshot/routing.js';
import { ev, inNs, noGatewayNote } from './fix.js';
import { gatewayCandidate, list } from './roles.js';
import type { RawFinding } from './types.js';
import { sh } from '../text/shell.js';

export const noDefaultRoute = defineAnalyzer({
  id: 'no-default-route',
  summary: {
    en: 'A namespace that must reach other networks has no default route.',
    'zh-TW': '需要連到其他網路的 namespace 沒有預設路由。',
  },
  variants: {
    gateway: {
      severity: 'critical',
      title: { en: '{host} has no default route', 'zh-TW': '{host} 沒有預設路由' },
      explanation: {
        en: '{host} only knows its directly connected subnets ({connected}), so packets for any other network, the Internet included, fail with "Network is unreachable". {gateway} on the same segment already routes for its neighbours and is the gateway to use.',
        'zh-TW':
          '{host} 只認得直連的子網（{connected}），所以送往其他網路（包括網際網路）的封包都會以「Network is unreachable」失敗。同一網段上的 {gateway} 已經在替鄰居轉送流量，應該把它設為預設閘道。',
      },
    },
    nameserver: {
      severity: 'critical',
      title: { en: '{host} has no default route', 'zh-TW': '{host} 沒有預設路由' },
      explanation: {
        en: '{host} only knows its directly connected subnets ({connected}), yet its nameserver {nameserver} is on another network. Without a default route neither name lookups nor any other traffic can leave this namespace.',
        'zh-TW':
          '{host} 只認得直連的子網（{connected}），但它的 nameserver {nameserver} 位於其他網路。沒有預設路由，名稱查詢與其他任何流量都出不了這個 namespace。',
      },
    },
    workload: {
      severity: 'critical',
      title: { en: '{host} has no default route', 'zh-TW': '{host} 沒有預設路由' },
      explanation: {
        en: '{host} is a {kind} and is expected to reach other networks, but its routing table only covers {connected}. Connections to anything else fail with "Network is unreachable".',
        'zh-TW':
          '{host} 是 {kind}，理應能連到其他網路，但它的路由表只涵蓋 {connected}。連往其他目的地都會以「Network is unreachable」失敗。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts) {
      if (!h.routes || defaultRoute(h)) continue;
      const addressed = (h.interfaces ?? []).some((i) => routableAddresses(i).length > 0) || h.routes.length > 0;
      if (!addressed) continue;
      const connected =
        list(
          mainRoutes(h)
            .filter((r) => r.type === 'unicast')
            .map((r) => r.dstText),
        ) || '-';
      const gw = gatewayCandidate(snap, h);
      const farNs = h.resolv?.nameservers.find((n) => {
        const ip = parseIp(n.address);
        if (ip?.family !== 4 || isLoopback(ip) || connectedOn(h, ip) || lookup(h, ip)) return false;
        // a nameserver on this host's own wire needs a fixed address, not a default route
        return !owners(snap, ip).some((o) =>
          (h.interfaces ?? []).some(
            (i) => snap.segmentOf.get(i) !== undefined && snap.segmentOf.get(i) === snap.segmentOf.get(o.iface),
          ),
        );
      });
      let variant: 'gateway' | 'nameserver' | 'workload' | undefined;
      if (gw) variant = 'gateway';
      else if (farNs) variant = 'nameserver';
      else if (h.kind === 'pod' || h.kind === 'node') variant = 'workload';
      if (!variant) continue;
      const evidence = mainRoutes(h)
        .slice(0, 4)
        .map((r) => ev(r.src));
      if (farNs) evidence.push(ev(farNs.src));
      const fix = gw ? [inNs(h, sh`ip route add default via ${gw.address}`)] : [];
      const notes = gw ? [] : [noGatewayNote(snap, h)];
      out.push(
        finding(variant, {
          severity: 'critical',
          target: h.id,
          params: {
            host: h.id,
            connected,
            gateway: gw ? `${gw.address} (${gw.host.id})` : '',
            nameserver: farNs?.address ?? '',
            kind: h.kind,
          },
          evidence,
          fix,
          notes,
        }),
      );
    }
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'no-default-route': true;
  }
}
