// no-default-route: a namespace that has to reach other networks has no default route.
import { isLoopback, parseIp } from '../net/ip.js';
import { connectedOn, defaultRoute, lookup, mainRoutes, owners, routableAddresses } from '../snapshot/routing.js';
import type { Snapshot } from '../snapshot/types.js';
import { ev, inNs, noGatewayNote } from './fix.js';
import { gatewayCandidate, list } from './roles.js';
import type { Analyzer, RawFinding } from './types.js';
import { sh } from '../text/shell.js';

export const noDefaultRoute: Analyzer = {
  id: 'no-default-route',
  run(snap: Snapshot): RawFinding[] {
    const out: RawFinding[] = [];
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
      let variant: string | undefined;
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
      out.push({
        id: 'no-default-route',
        severity: 'critical',
        target: h.id,
        variant,
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
      });
    }
    return out;
  },
};
