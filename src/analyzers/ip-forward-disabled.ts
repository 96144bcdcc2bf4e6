// ip-forward-disabled: a host other namespaces route through has net.ipv4.ip_forward = 0.
import type { Rule } from '../parsers/iptables-model.js';
import { reachableTargets } from '../snapshot/netfilter.js';
import type { Host, Snapshot } from '../snapshot/types.js';
import { ev, inNs } from './fix.js';
import { dependents, innerSubnets, ipForward, list, natRulesFor } from './roles.js';
import type { Analyzer, RawFinding } from './types.js';

// A bridge (with ports) whose own port-to-port traffic a nat POSTROUTING MASQUERADE/SNAT rule would match.
function bridgedNat(snap: Snapshot, h: Host): { bridge: string; rule: Rule } | undefined {
  for (const inner of innerSubnets(snap, h)) {
    const ports = (h.interfaces ?? []).filter((x) => x.master === inner.iface.name);
    if (ports.length < 2) continue;
    const pkt = {
      src: { family: 4 as const, value: inner.subnet.network + 2n },
      dst: { family: 4 as const, value: inner.subnet.network + 3n },
      inIface: inner.iface.name,
      outIface: inner.iface.name,
    };
    const hit = reachableTargets(h.iptables!, 'nat', 'POSTROUTING', pkt, new Set(['MASQUERADE', 'SNAT']))[0];
    if (hit) return { bridge: inner.iface.name, rule: hit.rule };
  }
  return undefined;
}

export const ipForwardDisabled: Analyzer = {
  id: 'ip-forward-disabled',
  run(snap: Snapshot): RawFinding[] {
    const out: RawFinding[] = [];
    for (const h of snap.hosts) {
      const fwd = ipForward(h);
      if (fwd?.value.trim() !== '0') continue;
      const deps = dependents(snap, h);
      const fix = [inNs(h, 'sysctl -w net.ipv4.ip_forward=1')];
      // with br_netfilter on, frames switched between a bridge's ports pass nat POSTROUTING; a MASQUERADE/SNAT
      // rule that matches them NATs them, and NATed frames need IP forwarding (kernel-verified in our labs)
      const nf = h.sysctl?.values.get('net.bridge.bridge-nf-call-iptables');
      const bridged = nf?.value.trim() === '1' && h.iptables ? bridgedNat(snap, h) : undefined;
      if (bridged && nf) {
        out.push({
          id: 'ip-forward-disabled',
          severity: 'critical',
          target: h.id,
          variant: 'bridged',
          params: {
            host: h.id,
            bridge: bridged.bridge,
            rule: bridged.rule.src.text.trim(),
            dependents: list(deps.map((d) => d.host.id)) || '-',
          },
          evidence: [ev(fwd.src), ev(nf.src), ev(bridged.rule.src), ...deps.slice(0, 3).map((d) => ev(d.route.src))],
          fix,
        });
        continue;
      }
      if (deps.length > 0) {
        out.push({
          id: 'ip-forward-disabled',
          severity: 'critical',
          target: h.id,
          variant: 'gateway',
          params: { host: h.id, dependents: list(deps.map((d) => d.host.id)) },
          evidence: [ev(fwd.src), ...deps.slice(0, 4).map((d) => ev(d.route.src))],
          fix,
        });
        continue;
      }
      const natted = h.iptables
        ? innerSubnets(snap, h).filter((s) => natRulesFor(h.iptables!, s.subnet).length > 0)
        : [];
      if (natted.length > 0) {
        out.push({
          id: 'ip-forward-disabled',
          severity: 'critical',
          target: h.id,
          variant: 'nat',
          params: { host: h.id, subnets: list(natted.map((s) => s.text)) },
          evidence: [
            ev(fwd.src),
            ...natted.flatMap((s) =>
              natRulesFor(h.iptables!, s.subnet)
                .slice(0, 1)
                .map((r) => ev(r.src)),
            ),
          ],
          fix,
        });
      }
    }
    return out;
  },
};
