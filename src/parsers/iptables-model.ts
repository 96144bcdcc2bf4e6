// The iptables ruleset model shared by the iptables-save and iptables -L parsers.
import type { Source } from './types.js';

export interface NegValue {
  value: string;
  neg: boolean;
}

export interface Match {
  /** Module name (`comment`, `conntrack`, `tcp`, ...); `-L` extras that are not decoded use `extra`. */
  name: string;
  /** Option name without dashes (`ctstate`) → values and negation. */
  opts: Map<string, NegValue>;
}

export interface Rule {
  table: string;
  chain: string;
  /** 1-based position in its chain. */
  index: number;
  source?: NegValue;
  destination?: NegValue;
  protocol?: NegValue;
  inIface?: NegValue;
  outIface?: NegValue;
  fragment?: boolean;
  matches: Match[];
  target?: string;
  /** `-g` (goto: RETURN goes to the caller's caller) vs `-j`. */
  goto: boolean;
  targetOpts: Map<string, string>;
  comment?: string;
  counters?: [number, number];
  src: Source;
}

export interface Chain {
  name: string;
  builtin: boolean;
  policy?: string;
  counters?: [number, number];
  rules: Rule[];
  src?: Source;
}

export interface Table {
  name: string;
  chains: Map<string, Chain>;
  committed: boolean;
  src?: Source;
}

export interface Ruleset {
  tables: Map<string, Table>;
  /** Problems found when a rule's details were decoded on first use (see iptables-save.ts). */
  lateWarnings?: import('./types.js').ParseWarning[];
  /** How the rules were captured: `save` (iptables-save / -S) or `list` (iptables -L). */
  format: 'save' | 'list';
}

export const BUILTIN = new Set(['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING']);

// Get or create a table so rules in tables without a header are still kept.
export function tableOf(rs: Ruleset, name: string): Table {
  let t = rs.tables.get(name);
  if (!t) {
    t = { name, chains: new Map(), committed: false };
    rs.tables.set(name, t);
  }
  return t;
}

// Get or create a chain in a table.
export function chainOf(t: Table, name: string): Chain {
  let c = t.chains.get(name);
  if (!c) {
    c = { name, builtin: BUILTIN.has(name), rules: [] };
    t.chains.set(name, c);
  }
  return c;
}

// Option value of a match module, if present (`opt(rule, 'conntrack', 'ctstate')`).
export function matchOpt(rule: Rule, module: string, opt: string): NegValue | undefined {
  for (const m of rule.matches) if (m.name === module) {
    const v = m.opts.get(opt);
    if (v) return v;
  }
  return undefined;
}
