// dns-too-many-nameservers: more than glibc's 3 nameservers; the rest are silently ignored.
import type { Snapshot } from '../snapshot/types.js';
import { etcPath, ev, note } from './fix.js';
import { list } from './roles.js';
import type { Analyzer, RawFinding } from './types.js';

export const dnsTooManyNameservers: Analyzer = {
  id: 'dns-too-many-nameservers',
  run(snap: Snapshot): RawFinding[] {
    return snap.hosts
      .filter((h) => (h.resolv?.nameservers.length ?? 0) > 3)
      .map((h) => {
        const ns = h.resolv!.nameservers;
        return {
          id: 'dns-too-many-nameservers' as const,
          severity: 'warning' as const,
          target: h.id,
          variant: 'default',
          params: { host: h.id, count: ns.length, ignored: list(ns.slice(3).map((n) => n.address)) },
          evidence: ns.map((n) => ev(n.src)),
          fix: [],
          notes: [
            note(
              `Keep at most three nameserver lines in ${etcPath(h, 'resolv.conf')} (for a pod: in its node's resolv.conf and in dnsConfig.nameservers).`,
              `${etcPath(h, 'resolv.conf')} 最多保留三行 nameserver(Pod 的話:改它所在節點的 resolv.conf 以及 dnsConfig.nameservers)。`,
            ),
          ],
        };
      });
  },
};
