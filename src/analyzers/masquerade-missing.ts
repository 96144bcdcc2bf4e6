// masquerade-missing: a private subnet behind this host leaves through another interface un-NATed.
import { cidrToString } from '../net/ip.js';
import { reachableTargets } from '../snapshot/netfilter.js';
import type { Snapshot } from '../snapshot/types.js';
import { ev, evFile, inNs } from './fix.js';
import { OUTSIDE, dependents, egress, innerSubnets, upstreamRoutesBack } from './roles.js';
import type { Analyzer, Evidence, RawFinding } from './types.js';
import { sh } from '../text/shell.js';

const SNAT = new Set(['MASQUERADE', 'SNAT']);

export const masqueradeMissing: Analyzer = {
  id: 'masquerade-missing',
  run(snap: Snapshot): RawFinding[] {
    const out: RawFinding[] = [];
    for (const h of snap.hosts) {
      const rs = h.iptables;
      if (!rs) continue;
      // `iptables -L` shows filter only unless -t nat was captured too: then nat is unknown, not empty
      if (rs.format === 'list' && !rs.tables.has('nat')) continue;
      const ex = egress(h);
      if (!ex) continue;
      const deps = new Set(dependents(snap, h).map((d) => d.host));
      for (const inner of innerSubnets(snap, h)) {
        if (inner.iface.name === ex.dev) continue;
        if (upstreamRoutesBack(snap, h, inner.subnet)) continue;
        const pkt = {
          src: { family: 4 as const, value: inner.subnet.network + 2n },
          dst: OUTSIDE,
          inIface: inner.iface.name,
          outIface: ex.dev,
        };
        if (reachableTargets(rs, 'nat', 'POSTROUTING', pkt, SNAT).length > 0) continue;
        const subnet = cidrToString(inner.subnet);
        const evidence: Evidence[] = [ev(inner.addr.src), ev(ex.route.src)];
        const nat = rs.tables.get('nat');
        const post = nat?.chains.get('POSTROUTING');
        const file = h.files.find((f) => /iptables-(save|L)\.txt$/.test(f)) ?? `${h.dir}/iptables-save.txt`;
        if (post?.src) evidence.push(ev(post.src));
        for (const r of post?.rules.slice(0, 3) ?? []) evidence.push(ev(r.src));
        if (!nat) evidence.push(evFile(file, '(no *nat table in this capture: no NAT rule exists at all)'));
        out.push({
          id: 'masquerade-missing',
          severity: deps.size > 0 ? 'critical' : 'warning',
          target: h.id,
          variant: 'default',
          params: { host: h.id, subnet, inner: inner.iface.name, egress: ex.dev },
          evidence,
          fix: [inNs(h, sh`iptables -t nat -A POSTROUTING -s ${subnet} -o ${ex.dev} -j MASQUERADE`)],
        });
      }
    }
    return out;
  },
};
