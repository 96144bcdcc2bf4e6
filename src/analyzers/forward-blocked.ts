// forward-blocked: filter FORWARD ends the bridge's traffic in DROP/REJECT with nothing accepting it first.
import { cidrContains, cidrToString, parseIp } from '../net/ip.js';
import { type Packet, type Verdict, evaluate } from '../snapshot/netfilter.js';
import type { Host, Snapshot } from '../snapshot/types.js';
import { ev, inNs } from './fix.js';
import { OUTSIDE, egress, innerSubnets } from './roles.js';
import type { Analyzer, Evidence, RawFinding } from './types.js';
import { sh } from '../text/shell.js';

function decider(h: Host, v: Verdict): { text: string; evidence: Evidence[] } {
  if (v.rule) return { text: `${v.rule.chain} rule ${v.rule.index}`, evidence: [ev(v.rule.src)] };
  const c = h.iptables?.tables.get('filter')?.chains.get('FORWARD');
  return { text: `policy ${v.verdict}`, evidence: c?.src ? [ev(c.src)] : [] };
}

export const forwardBlocked: Analyzer = {
  id: 'forward-blocked',
  run(snap: Snapshot): RawFinding[] {
    const out: RawFinding[] = [];
    for (const h of snap.hosts) {
      const rs = h.iptables;
      if (!rs?.tables.has('filter')) continue;
      const ex = egress(h);
      const bridgeNf = h.sysctl?.values.get('net.bridge.bridge-nf-call-iptables');
      for (const inner of innerSubnets(snap, h)) {
        const subnet = cidrToString(inner.subnet);
        const src = { family: 4 as const, value: inner.subnet.network + 2n };
        const checks: { variant: string; pkt: Packet; egress: string }[] = [];
        if (ex && ex.dev !== inner.iface.name)
          checks.push({
            variant: 'outbound',
            pkt: { src, dst: OUTSIDE, inIface: inner.iface.name, outIface: ex.dev, ctstate: 'NEW', mark: 0 },
            egress: ex.dev,
          });
        const isBridge =
          inner.iface.kind === 'bridge' || (h.interfaces ?? []).some((x) => x.master === inner.iface.name);
        if (isBridge && bridgeNf?.value.trim() === '1')
          checks.push({
            variant: 'bridged',
            pkt: {
              src,
              dst: { family: 4, value: inner.subnet.network + 3n },
              inIface: inner.iface.name,
              outIface: inner.iface.name,
              ctstate: 'NEW',
              mark: 0,
            },
            egress: inner.iface.name,
          });
        for (const c of checks) {
          const v = evaluate(rs, 'filter', 'FORWARD', c.pkt);
          if (!v.certain || (v.verdict !== 'DROP' && v.verdict !== 'REJECT')) continue;
          const d = decider(h, v);
          const evidence = [...d.evidence, ev(inner.addr.src)];
          if (c.variant === 'bridged' && bridgeNf) evidence.push(ev(bridgeNf.src));
          // a port mapping (DNAT into this subnet) needs its new inbound connections let through too
          const dnatInto = [...(rs.tables.get('nat')?.chains.values() ?? [])].some((ch) =>
            ch.rules.some((r) => {
              if (r.target !== 'DNAT') return false;
              const ip = parseIp((r.targetOpts.get('to-destination') ?? '').split(':')[0] ?? '');
              return !!ip && cidrContains(inner.subnet, ip);
            }),
          );
          const fix =
            c.variant === 'outbound'
              ? [
                  inNs(h, sh`iptables -I FORWARD -i ${inner.iface.name} -o ${c.egress} -j ACCEPT`),
                  inNs(
                    h,
                    sh`iptables -I FORWARD -i ${c.egress} -o ${inner.iface.name} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
                  ),
                  ...(dnatInto
                    ? [
                        inNs(
                          h,
                          sh`iptables -I FORWARD -i ${c.egress} -o ${inner.iface.name} -m conntrack --ctstate DNAT -j ACCEPT`,
                        ),
                      ]
                    : []),
                ]
              : [inNs(h, sh`iptables -I FORWARD -i ${inner.iface.name} -o ${inner.iface.name} -j ACCEPT`)];
          out.push({
            id: 'forward-blocked',
            severity: 'critical',
            target: h.id,
            variant: c.variant,
            params: {
              host: h.id,
              inner: inner.iface.name,
              egress: c.egress,
              subnet,
              verdict: v.verdict,
              decider: d.text,
            },
            evidence,
            fix,
          });
        }
      }
    }
    return out;
  },
};
