// Which rules of a long chain a packet can match, by its destination: a rule with a plain `-d ADDR/32` (or /128) can
// match only packets to that address, so a walk through kube-proxy's KUBE-SERVICES (a rule per Service port) for one
// packet evaluates the rules for its ClusterIP and the ones without such a destination, not all 10,000. Skipping is
// exact: such a rule's destination test is a definite no for any other address, and a definite no decides the rule
// (match.ts); a skipped rule would have left no step. Built the first time a walk passes through the chain.
import type { Ip } from '../../net/ip.js';
import { parseCidr } from '../../net/ip.js';
import type { Chain } from '../../parsers/iptables-model.js';

/** Chains shorter than this are walked rule by rule. */
const LONG = 64;

interface Dispatch {
  /** For each position, the first position at or after it whose rule has no plain host destination. */
  nextOpen: Int32Array;
  /** Positions of the rules with a plain host destination, by "family:address", ascending. */
  byDst: Map<string, number[]>;
}

const built = new WeakMap<Chain, Dispatch>();

function build(c: Chain): Dispatch {
  const rules = c.rules;
  const n = rules.length;
  const nextOpen = new Int32Array(n + 1);
  const byDst = new Map<string, number[]>();
  nextOpen[n] = n;
  const keyed: (string | undefined)[] = rules.map((r) => {
    const d = r.destination;
    if (!d || d.neg) return undefined;
    const cidr = parseCidr(d.value);
    if (!cidr || cidr.prefix !== (cidr.family === 4 ? 32 : 128)) return undefined;
    return `${cidr.family}:${cidr.network}`;
  });
  for (let i = n - 1; i >= 0; i--) nextOpen[i] = keyed[i] === undefined ? i : nextOpen[i + 1]!;
  keyed.forEach((k, i) => {
    if (k === undefined) return;
    const l = byDst.get(k);
    if (l) l.push(i);
    else byDst.set(k, [i]);
  });
  return { nextOpen, byDst };
}

// The position, at or after `i`, of the next rule of the chain that a packet to `dst` could match (the chain's length
// when there is none).
export function nextCandidate(c: Chain, i: number, dst: Ip): number {
  const n = c.rules.length;
  if (n < LONG || i >= n) return i;
  let d = built.get(c);
  if (!d) {
    d = build(c);
    built.set(c, d);
  }
  const open = d.nextOpen[i]!;
  const mine = d.byDst.get(`${dst.family}:${dst.value}`);
  if (!mine) return open;
  // the first of this destination's rules at or after i
  let lo = 0;
  let hi = mine.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (mine[mid]! < i) lo = mid + 1;
    else hi = mid;
  }
  return lo < mine.length ? Math.min(open, mine[lo]!) : open;
}
