// address-prefix-mismatch: an address whose prefix leaves its segment neighbours off-link.
import type { Address } from '../model.js';
import { cidrContains, cidrToString, parseIp } from '../net/ip.js';
import { mainRoutes, routableAddresses } from '../snapshot/routing.js';
import type { Host, Port, Snapshot } from '../snapshot/types.js';
import { ev, inNs } from './fix.js';
import { list } from './roles.js';
import type { Analyzer, RawFinding } from './types.js';
import { commentText, raw, sh } from '../text/shell.js';

interface Member {
  port: Port;
  addr: Address;
}

// True when the host would send to ip directly on this interface (connected prefix or a scope-link route).
function onLink(h: Host, iface: string, a: Address, ip: bigint): boolean {
  const target = { family: 4 as const, value: ip };
  if (cidrContains(a.cidr, target)) return true;
  return mainRoutes(h).some(
    (r) => !r.gateway && r.type === 'unicast' && r.dst.prefix > 0 && r.dev === iface && cidrContains(r.dst, target),
  );
}

export const addressPrefixMismatch: Analyzer = {
  id: 'address-prefix-mismatch',
  run(snap: Snapshot): RawFinding[] {
    const out: RawFinding[] = [];
    for (const seg of snap.segments) {
      const members: Member[] = [];
      for (const port of seg.ports) for (const addr of routableAddresses(port.iface)) members.push({ port, addr });
      if (new Set(members.map((m) => m.port.host)).size < 2) continue;
      // the subnet most members agree on; ties go to the wider prefix
      const votes = new Map<string, { count: number; prefix: number; sample: Address }>();
      for (const m of members) {
        const k = cidrToString(m.addr.cidr);
        const v = votes.get(k) ?? { count: 0, prefix: m.addr.prefix, sample: m.addr };
        v.count++;
        votes.set(k, v);
      }
      const [domKey, dom] = [...votes.entries()].sort(
        (a, b) => b[1].count - a[1].count || a[1].prefix - b[1].prefix || a[0].localeCompare(b[0]),
      )[0]!;
      for (const m of members) {
        const h = m.port.host;
        const others = members.filter((o) => o.port.host !== h);
        const offLink = others.filter((o) => !onLink(h, m.port.iface.name, m.addr, o.addr.cidr.addr));
        if (offLink.length === 0) continue;
        const inDom = cidrContains(dom.sample.cidr, parseIp(m.addr.local)!);
        const narrow = inDom && m.addr.prefix > dom.prefix;
        if (!narrow && cidrToString(m.addr.cidr) === domKey) continue;
        const params = {
          host: h.id,
          iface: m.port.iface.name,
          address: m.addr.local,
          prefix: m.addr.prefix,
          segment: domKey,
          segPrefix: dom.prefix,
          peers: list(offLink.map((o) => `${o.addr.local} (${o.port.host.id})`)),
        };
        const fix = [inNs(h, sh`ip addr del ${`${m.addr.local}/${m.addr.prefix}`} dev ${m.port.iface.name}`)];
        fix.push(
          inNs(
            h,
            narrow
              ? sh`ip addr add ${`${m.addr.local}/${dom.prefix}`} dev ${m.port.iface.name}`
              : sh`ip addr add ${raw(`<free address in ${commentText(domKey)}>`)} dev ${m.port.iface.name}`,
          ),
        );
        out.push({
          id: 'address-prefix-mismatch',
          severity: 'critical',
          target: h.id,
          variant: narrow ? 'narrow' : 'subnets',
          params,
          evidence: [ev(m.addr.src), ...offLink.slice(0, 3).map((o) => ev(o.addr.src))],
          fix,
        });
      }
    }
    return out;
  },
};
