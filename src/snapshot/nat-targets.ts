// Where each nat chain sends packets (its DNATs and its jumps to user chains), read once per ruleset and shared:
// kube-proxy's view and the DNAT check both need it, and a 10,000-Service node has over 100,000 nat rules.
import { type Chain, type Ruleset, type Table, eachTarget } from '../parsers/iptables-model.js';
import type { Source } from '../parsers/types.js';

/** One rule of a nat chain that rewrites the destination or passes the packet to a user chain. */
export interface NatTarget {
  /** 1-based position in its chain (the rule itself: `chain.rules[index - 1]`). */
  index: number;
  /** `DNAT`, or the user chain jumped to. */
  target: string;
  /** DNAT's --to-destination. */
  toDestination?: string;
  /** DNAT's --to (an older spelling). */
  to?: string;
  /** The rule's line, kept for DNATs (what evidence cites); a jump's rule is `chain.rules[index - 1]`. */
  src?: Source;
}

const cache = new WeakMap<Ruleset, Map<string, NatTarget[]>>();
const NONE: NatTarget[] = [];

// The DNATs and user-chain jumps of one nat chain, in rule order. The first ask reads every nat chain of the ruleset
// in one pass (a kube-proxy dump's are read by one loop, compiled once), and the answers are kept for the next.
export function natTargets(rs: Ruleset, chain: string): readonly NatTarget[] {
  let byChain = cache.get(rs);
  if (!byChain) {
    byChain = new Map();
    const nat = rs.tables.get('nat');
    if (nat) for (const c of nat.chains.values()) byChain.set(c.name, chainTargets(nat, c));
    cache.set(rs, byChain);
  }
  return byChain.get(chain) ?? NONE;
}

// One chain's DNATs and jumps to user chains.
function chainTargets(nat: Table, c: Chain): NatTarget[] {
  const got: NatTarget[] = [];
  eachTarget(c, (index, { target: t, targetOpts }, at) => {
    // one shape for both kinds (every field set): tens of thousands of these are kept
    if (t === 'DNAT')
      got.push({
        index,
        target: 'DNAT',
        toDestination: targetOpts.get('to-destination'),
        to: targetOpts.get('to'),
        src: at.source(),
      });
    else if (t) {
      // the chain's own name is kept, not the word cut from the rule's line (one string less per jump)
      const to = nat.chains.get(t);
      if (to?.builtin === false)
        got.push({ index, target: to.name, toDestination: undefined, to: undefined, src: undefined });
    }
  });
  return got.length > 0 ? got : NONE;
}
