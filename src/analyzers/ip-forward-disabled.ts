// ip-forward-disabled: a host other namespaces route through has net.ipv4.ip_forward = 0.
import type { Snapshot } from '../snapshot/types.js';
import { ev, inNs } from './fix.js';
import { dependents, innerSubnets, ipForward, list, natRulesFor } from './roles.js';
import type { Analyzer, RawFinding } from './types.js';

export const ipForwardDisabled: Analyzer = {
  id: 'ip-forward-disabled',
  run(snap: Snapshot): RawFinding[] {
    const out: RawFinding[] = [];
    for (const h of snap.hosts) {
      const fwd = ipForward(h);
      if (!fwd || fwd.value.trim() !== '0') continue;
      const deps = dependents(snap, h);
      const fix = [inNs(h, 'sysctl -w net.ipv4.ip_forward=1')];
      if (deps.length > 0) {
        out.push({
          id: 'ip-forward-disabled', severity: 'critical', target: h.id, variant: 'gateway',
          params: { host: h.id, dependents: list(deps.map((d) => d.host.id)) },
          evidence: [ev(fwd.src), ...deps.slice(0, 4).map((d) => ev(d.route.src))], fix,
        });
        continue;
      }
      const natted = h.iptables ? innerSubnets(snap, h).filter((s) => natRulesFor(h.iptables!, s.subnet).length > 0) : [];
      if (natted.length > 0) {
        out.push({
          id: 'ip-forward-disabled', severity: 'critical', target: h.id, variant: 'nat',
          params: { host: h.id, subnets: list(natted.map((s) => s.text)) },
          evidence: [ev(fwd.src), ...natted.flatMap((s) => natRulesFor(h.iptables!, s.subnet).slice(0, 1).map((r) => ev(r.src)))], fix,
        });
      }
    }
    return out;
  },
};
