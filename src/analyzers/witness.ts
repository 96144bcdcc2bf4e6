// A witness packet for one nat rule: walk the jumps back from the rule's chain to a built-in chain, gather what
// each rule on the way requires (protocol, addresses, in-interface, destination port), and build the packet that
// meets all of it — then trace it, so a finding about the rule stands on what that packet really does.
import { type Cidr, type Ip, cidrContains, ipToString, parseCidr } from '../net/ip.js';
import type { Rule, Table } from '../parsers/iptables-model.js';
import { trace, traceArrival } from '../snapshot/trace/index.js';
import type { Path, Proto } from '../snapshot/trace/packet.js';
import type { Host, Snapshot } from '../snapshot/types.js';
import { OUTSIDE, egress } from './roles.js';

interface Needs {
  proto?: Proto;
  dst?: Cidr;
  src?: Cidr;
  inIface?: string;
  dport?: number;
}

const PROTOS = new Set(['tcp', 'udp', 'icmp']);

// What one rule demands of a packet that matches it (positive conditions only; a negation demands nothing we build).
function needsOf(r: Rule, into: Needs): boolean {
  const p = r.protocol;
  if (p && !p.neg) {
    if (!PROTOS.has(p.value)) return false;
    if (into.proto && into.proto !== p.value) return false;
    into.proto = p.value as Proto;
  }
  for (const [side, v] of [
    ['dst', r.destination],
    ['src', r.source],
  ] as const) {
    if (!v || v.neg) continue;
    const c = parseCidr(v.value.includes('/') ? v.value : `${v.value}/32`);
    if (c?.family !== 4) return false;
    into[side] ??= c;
  }
  if (r.inIface && !r.inIface.neg && !r.inIface.value.endsWith('+')) into.inIface ??= r.inIface.value;
  for (const m of r.matches) {
    const d = m.opts.get('dport') ?? m.opts.get('dports');
    if (d && !d.neg) {
      const n = Number(d.value.split(/[,:]/)[0]);
      if (Number.isInteger(n) && n > 0) into.dport ??= n;
    }
  }
  return true;
}

// The chains of jumps from a built-in chain down to `chain` (at most `depth` deep), each as the rules jumped by.
function callers(t: Table, chain: string, depth: number): { hook: string; via: Rule[] }[] {
  const c = t.chains.get(chain);
  if (c?.builtin) return [{ hook: chain, via: [] }];
  if (depth === 0) return [];
  const out: { hook: string; via: Rule[] }[] = [];
  for (const other of t.chains.values())
    for (const r of other.rules) {
      if (r.target !== chain) continue;
      for (const up of callers(t, other.name, depth - 1)) out.push({ hook: up.hook, via: [...up.via, r] });
      if (out.length >= 4) return out;
    }
  return out;
}

const host1 = (c: Cidr): Ip => ({ family: 4, value: c.prefix >= 31 ? c.addr : c.network + 1n });

/** A traced witness: the packet's description and every path it takes. */
export interface Witness {
  from: string;
  to: string;
  paths: Path[];
}

// Trace a packet that reaches nat rule `r` on host `h` (from PREROUTING or OUTPUT); undefined when none is built.
export function witnessFor(snap: Snapshot, h: Host, r: Rule): Witness | undefined {
  const nat = h.iptables?.tables.get('nat');
  if (!nat) return undefined;
  for (const { hook, via } of callers(nat, r.chain, 6)) {
    if (hook !== 'PREROUTING' && hook !== 'OUTPUT') continue;
    const n: Needs = {};
    if (![...via, r].every((x) => needsOf(x, n))) continue;
    const proto = n.proto ?? 'tcp';
    const dport = proto === 'icmp' ? undefined : (n.dport ?? 80);
    const port = dport === undefined ? '' : `:${dport}`;
    const ex = egress(h);
    // no -d: an address of the host itself (Docker's DOCKER chain is reached for local destinations)
    const local = (h.interfaces ?? [])
      .find((i) => i.name === (n.inIface ?? ex?.dev))
      ?.addresses.find((a) => a.family === 4 && a.scope !== 'host' && a.scope !== 'link');
    const dst = n.dst ? host1(n.dst) : local ? ({ family: 4, value: local.cidr.addr } as Ip) : undefined;
    if (!dst) continue;
    const to = `${ipToString(dst)}${port}/${proto}`;
    if (hook === 'OUTPUT') {
      const paths = trace(snap, { from: h, dst, proto, ...(dport ? { dport } : {}) });
      return { from: h.id, to, paths };
    }
    const iface = n.inIface ?? ex?.dev;
    if (!iface) continue;
    // from the Internet unless the rule wants a source; never one of the host's own subnets' own addresses
    const src = n.src ? host1(n.src) : OUTSIDE;
    if (n.src && cidrContains(n.src, dst)) continue;
    const paths = traceArrival(snap, { at: h, iface, src, dst, proto, ...(dport ? { dport } : {}) });
    return { from: `${ipToString(src)} → ${h.id} ${iface}`, to, paths };
  }
  return undefined;
}
