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
      // with br_netfilter on, bridged IPv4 frames take the IP forwarding path too: the bridge stops switching
      const nf = h.sysctl?.values.get('net.bridge.bridge-nf-call-iptables');
      const bridge = nf?.value.trim() === '1' ? (h.interfaces ?? []).find((b) => (h.interfaces ?? []).filter((x) => x.master === b.name).length >= 2) : undefined;
      if (bridge && nf) {
        out.push({
          id: 'ip-forward-disabled', severity: 'critical', target: h.id, variant: 'bridged',
          params: { host: h.id, bridge: bridge.name, dependents: list(deps.map((d) => d.host.id)) || '-' },
          evidence: [ev(fwd.src), ev(nf.src), ev(bridge.src), ...deps.slice(0, 3).map((d) => ev(d.route.src))], fix,
        });
        continue;
      }
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
