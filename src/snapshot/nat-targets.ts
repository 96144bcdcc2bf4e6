// Where each nat chain sends packets (its DNATs and its jumps to user chains), read once per ruleset and shared:
// kube-proxy's view and the DNAT check both need it, and a 10,000-Service node has over 100,000 nat rules.
import { type Ruleset, eachTarget } from '../parsers/iptables-model.js';
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

// The DNATs and user-chain jumps of one nat chain, in rule order; each chain's rules are decoded once per ruleset.
export function natTargets(rs: Ruleset, chain: string): NatTarget[] {
  let byChain = cache.get(rs);
  if (!byChain) {
    byChain = new Map();
    cache.set(rs, byChain);
  }
  const known = byChain.get(chain);
  if (known) return known;
  const nat = rs.tables.get('nat');
  const c = nat?.chains.get(chain);
  const got: NatTarget[] = [];
  if (nat && c)
    eachTarget(c, (index, { target: t, targetOpts }, at) => {
      // one shape for both kinds (every field set): tens of thousands of these are kept
      if (t === 'DNAT')
        got.push({
          index,
          target: t,
          toDestination: targetOpts.get('to-destination'),
          to: targetOpts.get('to'),
          src: at.source(),
        });
      else if (t && nat.chains.get(t)?.builtin === false)
        got.push({ index, target: t, toDestination: undefined, to: undefined, src: undefined });
    });
  byChain.set(chain, got);
  return got;
}
