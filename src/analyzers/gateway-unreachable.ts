// gateway-unreachable: a route's next hop is off-link, unanswered, or behind a missing/no-carrier device.
import { parseIp } from '../net/ip.js';
import { ifaceByName, isUsable, owners, routeProblem } from '../snapshot/routing.js';
import type { Snapshot } from '../snapshot/types.js';
import { CALICO_GATEWAY, caliVethOf } from './calico-proxy-arp-off.js';
import { ev, inNs, noGatewayNote, note } from './fix.js';
import { gatewayCandidate, list } from './roles.js';
import type { Analyzer, Evidence, Note, RawFinding } from './types.js';
import { raw, sh } from '../text/shell.js';

// True when a captured host owns the gateway address on an interface that is down or behind a down bridge.
function gatewayIsDown(snap: Snapshot, gateway: string): boolean {
  const ip = parseIp(gateway);
  if (!ip) return false;
  return owners(snap, ip).some((o) => {
    const master = o.iface.master ? ifaceByName(o.host, o.iface.master) : undefined;
    return !isUsable(o.iface) || (master !== undefined && !isUsable(master));
  });
}

export const gatewayUnreachable: Analyzer = {
  id: 'gateway-unreachable',
  run(snap: Snapshot): RawFinding[] {
    const out: RawFinding[] = [];
    for (const h of snap.hosts)
      for (const r of h.routes ?? []) {
        // connected routes without carrier are the interface's story (interface-down), not a gateway's
        if (!r.gateway) continue;
        const p = routeProblem(snap, h, r);
        if (!p) continue;
        // a gateway whose own interface (or its bridge) is down: that root cause is reported where it lives
        if (p.kind === 'gateway-unanswered' && p.how === 'neigh-failed' && gatewayIsDown(snap, r.gateway)) continue;
        // an admin-down device is reported by interface-down; here only what that finding does not say
        if (p.kind === 'dev-down' && !r.flags.includes('linkdown')) continue;
        if (p.kind === 'dev-down' && !p.iface.adminUp) continue;
        const route = r.src.text.trim();
        const isDefault = r.dst.prefix === 0;
        const evidence: Evidence[] = [ev(r.src)];
        let variant: string = p.kind;
        const params: Record<string, string | number> = {
          host: h.id,
          route,
          gateway: r.gateway ?? '',
          dev: r.dev ?? '',
        };
        const fix: string[] = [];
        const notes: Note[] = [];
        const cand = gatewayCandidate(snap, h);
        const replace = (via: string): string =>
          inNs(
            h,
            sh`ip route replace ${r.dstText} via ${via}${raw(r.dev && p.kind !== 'gateway-off-link' ? sh` dev ${r.dev}` : '')}`,
          );
        if (p.kind === 'gateway-unanswered') {
          variant = p.how;
          const neigh = h.neighbors?.find((n) => n.dst === r.gateway);
          if (neigh) {
            evidence.push(ev(neigh.src));
            params.state = neigh.state.join(',');
          }
          const seg = snap.segmentOf.get((h.interfaces ?? []).find((i) => i.name === r.dev)!);
          params.members = list(seg?.ports.map((q) => `${q.host.id}/${q.iface.name}`) ?? []);
          if (r.gateway === CALICO_GATEWAY) {
            // Calico's designed gateway: never tell the pod to change it; the node's proxy ARP is what failed
            const veth = caliVethOf(snap, h, r.dev);
            if (veth?.proxyArpOff) continue;
            variant = 'calico';
            if (veth)
              fix.push(
                inNs(veth.port.host, sh`sysctl ${`net.ipv4.conf.${veth.port.iface.name}.proxy_arp`}`),
                inNs(veth.port.host, sh`ip -d link show ${veth.port.iface.name}`),
              );
            const addr = (h.interfaces ?? [])
              .find((i) => i.name === r.dev)
              ?.addresses.find((a) => a.family === 4)?.local;
            notes.push(
              note(
                `On ${h.meta.node ?? "the pod's node"}, find the pod's host-side veth${addr ? ` (ip route get ${addr} names it)` : ''} and check that its proxy_arp is 1 and that it is up.`,
                `在 ${h.meta.node ?? 'Pod 所在的節點'} 上找出 Pod 的主機端 veth${addr ? `(ip route get ${addr} 會列出它)` : ''},確認它的 proxy_arp 是 1,而且介面是啟用的。`,
              ),
            );
          } else if (cand) fix.push(replace(cand.address));
          else notes.push(noGatewayNote(snap, h));
        } else if (p.kind === 'gateway-off-link') {
          for (const i of h.interfaces ?? [])
            for (const a of i.addresses) if (a.family === 4 && a.scope !== 'host') evidence.push(ev(a.src));
          if (cand) fix.push(replace(cand.address));
          else notes.push(noGatewayNote(snap, h));
        } else if (p.kind === 'dev-missing') {
          fix.push(
            inNs(h, sh`ip route del ${r.dstText}${raw(r.gateway ? sh` via ${r.gateway}` : '')} dev ${r.dev ?? ''}`),
          );
        } else if (p.kind === 'dev-down') {
          evidence.push(ev(p.iface.src));
          fix.push(inNs(h, sh`ip -d link show ${p.iface.name}`));
          notes.push(
            note(
              `${p.iface.name} has no carrier: find why (for a veth, its other end is down or gone).`,
              `${p.iface.name} 沒有 carrier:找出原因(如果是 veth,通常是另一端被關閉或已不存在)。`,
            ),
          );
        } else continue;
        out.push({
          id: 'gateway-unreachable',
          severity: isDefault ? 'critical' : 'warning',
          target: h.id,
          variant,
          params,
          evidence: evidence.slice(0, 6),
          fix,
          notes,
        });
      }
    return out;
  },
};
