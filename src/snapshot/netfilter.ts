// Evaluates an iptables ruleset against a described packet with three-valued logic (yes / no / maybe),
// so an analyzer only calls traffic blocked or un-NATed when no rule could possibly say otherwise.
import { type Ip, cidrContains, parseCidr } from '../net/ip.js';
import type { Rule, Ruleset } from '../parsers/iptables-model.js';
import { ifaceIs, portIn } from './trace/match.js';

export type Tri = 'yes' | 'no' | 'maybe';

export interface Packet {
  src?: Ip;
  dst?: Ip;
  proto?: string;
  dport?: number;
  inIface?: string;
  outIface?: string;
  ctstate?: 'NEW' | 'ESTABLISHED' | 'RELATED';
  /** Packet mark; plain pod or namespace traffic is 0 (only kube-proxy's KUBE-MARK-MASQ sets 0x4000). */
  mark?: number;
  /** The destination is one of this host's own addresses (`-m addrtype --dst-type LOCAL`). */
  dstLocal?: boolean;
}

const not = (t: Tri): Tri => (t === 'yes' ? 'no' : t === 'no' ? 'yes' : 'maybe');
const and = (a: Tri, b: Tri): Tri =>
  a === 'no' || b === 'no' ? 'no' : a === 'maybe' || b === 'maybe' ? 'maybe' : 'yes';

function addrMatch(spec: string, ip: Ip | undefined): Tri {
  if (!ip) return 'maybe';
  const c = parseCidr(spec);
  if (!c) return 'maybe';
  return cidrContains(c, ip) ? 'yes' : 'no';
}

function ifaceMatch(spec: string, name: string | undefined): Tri {
  if (name === undefined) return 'maybe';
  return ifaceIs(spec, name) ? 'yes' : 'no';
}

// Does the rule match the packet? Unknown matches (marks, addrtype, recent, ...) give "maybe".
export function ruleMatches(r: Rule, p: Packet): Tri {
  let t: Tri = 'yes';
  const apply = (v: { neg: boolean } | undefined, res: () => Tri): void => {
    if (!v || t === 'no') return;
    const m = res();
    t = and(t, v.neg ? not(m) : m);
  };
  apply(r.source, () => addrMatch(r.source!.value, p.src));
  apply(r.destination, () => addrMatch(r.destination!.value, p.dst));
  apply(r.inIface, () => ifaceMatch(r.inIface!.value, p.inIface));
  apply(r.outIface, () => ifaceMatch(r.outIface!.value, p.outIface));
  apply(r.protocol, () =>
    p.proto === undefined ? 'maybe' : r.protocol!.value === 'all' || r.protocol!.value === p.proto ? 'yes' : 'no',
  );
  for (const m of r.matches) {
    if (t === 'no') break;
    if (m.name === 'comment' || m.name === 'tcp' || m.name === 'udp') {
      const dport = m.opts.get('dport');
      if (dport)
        apply(dport, () => {
          const hit = p.dport === undefined ? undefined : portIn(dport.value, p.dport);
          return hit === undefined ? 'maybe' : hit ? 'yes' : 'no';
        });
      continue;
    }
    if (m.name === 'mark') {
      const mk = m.opts.get('mark');
      if (mk)
        apply(mk, () => {
          if (p.mark === undefined) return 'maybe';
          const [v, msk] = mk.value.split('/');
          const value = Number(v);
          const mask = msk === undefined ? 0xffffffff : Number(msk);
          return Number.isNaN(value) || Number.isNaN(mask)
            ? 'maybe'
            : (p.mark & mask) >>> 0 === value >>> 0
              ? 'yes'
              : 'no';
        });
      else t = and(t, 'maybe');
      continue;
    }
    if (m.name === 'addrtype') {
      const dt = m.opts.get('dst-type');
      // only --dst-type LOCAL alone is read; other types and --src-type stay unknown
      if (dt && dt.value === 'LOCAL' && m.opts.size === 1)
        apply(dt, () => (p.dstLocal === undefined ? 'maybe' : p.dstLocal ? 'yes' : 'no'));
      else t = and(t, 'maybe');
      continue;
    }
    if (m.name === 'conntrack' || m.name === 'state') {
      const st = m.opts.get('ctstate') ?? m.opts.get('state');
      if (st)
        apply(st, () => (p.ctstate === undefined ? 'maybe' : st.value.split(',').includes(p.ctstate) ? 'yes' : 'no'));
      else t = and(t, 'maybe');
      continue;
    }
    t = and(t, 'maybe');
  }
  return t;
}

const TERMINAL = new Set(['ACCEPT', 'DROP', 'REJECT', 'MASQUERADE', 'SNAT', 'DNAT', 'REDIRECT', 'RETURN']);

export interface Verdict {
  verdict: string;
  /** True when no earlier "maybe" rule could have changed the outcome. */
  certain: boolean;
  /** The rule that decided, or undefined when the chain policy did. */
  rule?: Rule;
  /** Rules that might have accepted before the deciding one (uncertain paths). */
  maybes: Rule[];
}

/** Rule visits one evaluation may make; past it the verdict is uncertain (a hostile ruleset cannot hang us). */
export const EVAL_BUDGET = 200_000;

type Walked = { verdict: string; certain: boolean; rule?: Rule } | undefined;

// Walk a built-in chain of a table as the kernel would; the result says which target the packet reaches.
// Each user chain is walked once per evaluation (its result is remembered), so chains that jump to each other
// in a diamond cost linear time, and a loop or an exhausted budget gives an uncertain verdict, never a hang.
export function evaluate(rs: Ruleset, table: string, chain: string, p: Packet): Verdict {
  const c = rs.tables.get(table)?.chains.get(chain);
  const ctx: WalkCtx = { rs, table, p, memo: new Map(), steps: 0, exhausted: false };
  const w = walk(ctx, chain, 0);
  const res = w.res;
  const maybes = [...w.maybes];
  const uncertain = ctx.exhausted;
  if (res) return { ...res, certain: res.certain && maybes.length === 0 && !uncertain, maybes };
  return { verdict: c?.policy ?? 'ACCEPT', certain: maybes.length === 0 && !uncertain, maybes };
}

interface WalkCtx {
  rs: Ruleset;
  table: string;
  p: Packet;
  /** chain → its walk result; 'busy' while it is being walked (a loop). */
  memo: Map<string, { res: Walked; maybes: Set<Rule> } | 'busy'>;
  steps: number;
  exhausted: boolean;
}

function walk(ctx: WalkCtx, chain: string, depth: number): { res: Walked; maybes: Set<Rule> } {
  const known = ctx.memo.get(chain);
  if (known === 'busy' || depth > 32) {
    ctx.exhausted = true;
    return { res: undefined, maybes: new Set() };
  }
  if (known) return known;
  const c = ctx.rs.tables.get(ctx.table)?.chains.get(chain);
  if (!c) return { res: undefined, maybes: new Set() };
  ctx.memo.set(chain, 'busy');
  const maybes = new Set<Rule>();
  const done = (res: Walked): { res: Walked; maybes: Set<Rule> } => {
    const out = { res, maybes };
    ctx.memo.set(chain, out);
    return out;
  };
  for (const r of c.rules) {
    if (++ctx.steps > EVAL_BUDGET) {
      ctx.exhausted = true;
      return done(undefined);
    }
    const m = ruleMatches(r, ctx.p);
    if (m === 'no' || !r.target) continue;
    const target = r.target;
    if (TERMINAL.has(target)) {
      if (target === 'RETURN') {
        if (m === 'yes') return done(undefined);
        continue;
      }
      if (m === 'yes') return done({ verdict: target, certain: true, rule: r });
      maybes.add(r);
      continue;
    }
    if (!ctx.rs.tables.get(ctx.table)?.chains.has(target)) continue; // LOG, MARK, CT, ... do not end the walk
    const sub = walk(ctx, target, depth + 1);
    for (const x of sub.maybes) maybes.add(x);
    if (sub.res && m === 'yes') return done(sub.res);
    if (sub.res && m === 'maybe') maybes.add(sub.res.rule ?? r);
    if (!sub.res && r.goto && m === 'yes') return done(undefined);
  }
  return done(undefined);
}

// Every rule reachable from a built-in chain with one of these targets that could apply to the packet.
export function reachableTargets(
  rs: Ruleset,
  table: string,
  chain: string,
  p: Packet,
  targets: Set<string>,
): { rule: Rule; match: Tri }[] {
  const out: { rule: Rule; match: Tri }[] = [];
  const seen = new Set<string>();
  const go = (name: string, depth: number): boolean => {
    if (depth > 32 || seen.has(name)) return false;
    seen.add(name);
    const c = rs.tables.get(table)?.chains.get(name);
    if (!c) return false;
    for (const r of c.rules) {
      const m = ruleMatches(r, p);
      if (m === 'no' || !r.target) continue;
      if (targets.has(r.target)) {
        out.push({ rule: r, match: m });
        if (m === 'yes') return true;
        continue;
      }
      if ((r.target === 'ACCEPT' || r.target === 'RETURN') && m === 'yes') return r.target === 'ACCEPT';
      if (rs.tables.get(table)?.chains.has(r.target)) {
        if (go(r.target, depth + 1) && m === 'yes') return true;
      }
    }
    return false;
  };
  go(chain, 0);
  return out;
}

// What a MARK rule does to a known mark (iptables-extensions(8), MARK target); undefined when the rule is not read.
export function applyMark(r: Rule, mark: number): number | undefined {
  const n = (s: string | undefined): number | undefined =>
    s === undefined || Number.isNaN(Number(s)) ? undefined : Number(s);
  const pair = (s: string): [number | undefined, number] => {
    const [v, m] = s.split('/');
    return [n(v), m === undefined ? 0xffffffff : (n(m) ?? Number.NaN)];
  };
  const o = r.targetOpts;
  const xset = o.get('set-xmark') ?? o.get('set-mark');
  if (xset !== undefined) {
    const [v, m] = pair(xset);
    if (v === undefined || Number.isNaN(m)) return undefined;
    // --set-xmark: zero the mask bits, then xor the value; --set-mark: zero the mask bits, then or the value
    return (o.has('set-xmark') ? (mark & ~m) ^ v : (mark & ~m) | v) >>> 0;
  }
  const or = n(o.get('or-mark'));
  if (or !== undefined) return (mark | or) >>> 0;
  const and = n(o.get('and-mark'));
  if (and !== undefined) return (mark & and) >>> 0;
  const xor = n(o.get('xor-mark'));
  if (xor !== undefined) return (mark ^ xor) >>> 0;
  return undefined;
}
