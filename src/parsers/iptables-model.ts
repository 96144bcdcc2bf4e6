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
  readonly table: string;
  readonly chain: string;
  /** 1-based position in its chain. */
  readonly index: number;
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
  readonly src: Source;
}

export interface Chain {
  readonly name: string;
  readonly builtin: boolean;
  policy?: string;
  counters?: [number, number];
  readonly rules: Rule[];
  src?: Source | undefined;
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
  /** The backend iptables-save names in its header: `legacy` (x_tables) or `nf_tables`. */
  backend?: 'legacy' | 'nf_tables';
  /** iptables-nft's warning that legacy tables are present too (the kernel runs both). */
  otherBackend?: import('./types.js').Source;
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

/** Where a rule sends packets: its target, whether it is a -g, and the target's options. */
export type RuleTarget = Pick<Rule, 'target' | 'goto' | 'targetOpts'>;

/** A rule that can say where it goes without decoding the rest of its words (iptables-save's lazily read rules). */
interface TargetReader {
  targetOnly(): RuleTarget;
}

// Where a rule sends packets (target, -g, target options): a lazily read rule reads only that, and keeps nothing.
export function ruleTarget(r: Rule): RuleTarget {
  return typeof (r as Partial<TargetReader>).targetOnly === 'function'
    ? (r as unknown as TargetReader).targetOnly()
    : r;
}

/** How a chain turns stored line numbers into rules and sources (set by the iptables-save parser). */
export interface RuleFactory {
  make(chain: ChainImpl, index: number, lineNo: number): Rule;
  /** Where the rule on a line sends packets, read without building the rule. */
  targetAt(lineNo: number): RuleTarget;
  source(lineNo: number): Source;
}

/**
 * A chain that stores only the line numbers of its rules while parsing and builds rule objects when
 * `rules` is first read; its declaration Source is also built on demand (a kube-proxy dump has tens of
 * thousands of chains and over a hundred thousand rules, most never looked at one by one).
 */
export class ChainImpl implements Chain {
  policy: string | undefined = undefined;
  counters: [number, number] | undefined = undefined;
  readonly builtin: boolean;
  /** Line of the `:NAME` declaration, turned into a Source only when `src` is read. */
  private declLine = 0;
  /** Rules not yet built: a run of consecutive lines (the usual iptables-save shape), then any stragglers. */
  private runStart = 0;
  private runCount = 0;
  private pending: number[] | undefined = undefined;
  factory: RuleFactory | undefined = undefined;
  /** Position among the file's declared user chains (-1: not declared). */
  declIndex = -1;
  private s: Source | undefined = undefined;
  private r: Rule[] | undefined = undefined;
  constructor(
    readonly name: string,
    readonly table: string,
  ) {
    this.builtin = BUILTIN.has(name);
  }
  get src(): Source | undefined {
    if (!this.s && this.declLine > 0 && this.factory) this.s = this.factory.source(this.declLine);
    return this.s;
  }
  // Remember where the chain was declared (parse time).
  declare(lineNo: number, factory: RuleFactory): void {
    this.declLine = lineNo;
    this.factory = factory;
  }
  set src(v: Source | undefined) {
    this.s = v;
  }
  get rules(): Rule[] {
    if (!this.r) {
      this.r = [];
      const f = this.factory;
      if (f) {
        for (let k = 0; k < this.runCount; k++) this.r.push(f.make(this, this.r.length + 1, this.runStart + k));
        for (const line of this.pending ?? []) this.r.push(f.make(this, this.r.length + 1, line));
      }
      this.pending = undefined;
      this.runCount = 0;
    }
    return this.r;
  }
  // Each rule in order. A chain whose rules were never built hands over rule objects it does not keep, so a view
  // that reads a whole kube-proxy dump once holds only what it takes from the rules.
  each(fn: (r: Rule) => void): void {
    const f = this.factory;
    if (this.r || !f) {
      for (const r of this.rules) fn(r);
      return;
    }
    let k = 0;
    for (; k < this.runCount; k++) fn(f.make(this, k + 1, this.runStart + k));
    for (const line of this.pending ?? []) fn(f.make(this, ++k, line));
  }
  // Where each rule sends packets, in order, with its position and a way to its line: a chain whose rules were never
  // built reads each target from its line and builds no rule at all.
  eachTarget(fn: (index: number, t: RuleTarget, at: RuleAt) => void): void {
    const f = this.factory;
    if (this.r || !f) {
      builtTargets(this.rules, fn);
      return;
    }
    const at = new LineAt(f);
    let k = 0;
    for (; k < this.runCount; k++) {
      at.line = this.runStart + k;
      fn(k + 1, f.targetAt(at.line), at);
    }
    for (const line of this.pending ?? []) {
      at.line = line;
      fn(++k, f.targetAt(line), at);
    }
  }
  /** Number of rules, without building them. */
  get size(): number {
    return this.r ? this.r.length : this.runCount + (this.pending?.length ?? 0);
  }
  // Record a rule by line number (parse time).
  addLine(lineNo: number, factory: RuleFactory): void {
    if (this.r) {
      this.r.push(factory.make(this, this.r.length + 1, lineNo));
      return;
    }
    this.factory = factory;
    if (this.runCount === 0) {
      this.runStart = lineNo;
      this.runCount = 1;
    } else if (!this.pending && lineNo === this.runStart + this.runCount) this.runCount++;
    else (this.pending ??= []).push(lineNo);
  }
}

// Each rule of a chain in order, without making a lazily read chain keep every rule it decodes (ChainImpl.each).
export function eachRule(c: Chain, fn: (r: Rule) => void): void {
  if (c instanceof ChainImpl) c.each(fn);
  else for (const r of c.rules) fn(r);
}

// Where each rule of a chain sends packets, in order (ChainImpl.eachTarget: a lazily read chain builds no rule).
export function eachTarget(c: Chain, fn: (index: number, t: RuleTarget, at: RuleAt) => void): void {
  if (c instanceof ChainImpl) c.eachTarget(fn);
  else builtTargets(c.rules, fn);
}

/**
 * The rule a walk over targets is at, whose source is made only when asked for. It is one object for the whole walk,
 * moved from rule to rule: keep the source, never this.
 */
export interface RuleAt {
  source(): Source;
}

/** A walk's place among lines not built into rules. */
class LineAt implements RuleAt {
  line = 0;
  constructor(private readonly f: RuleFactory) {}
  source(): Source {
    return this.f.source(this.line);
  }
}

/** A walk's place among built rules. */
class BuiltAt implements RuleAt {
  rule: Rule | undefined = undefined;
  source(): Source {
    return this.rule!.src;
  }
}

// The targets of rules already built, in order.
function builtTargets(rules: readonly Rule[], fn: (index: number, t: RuleTarget, at: RuleAt) => void): void {
  const at = new BuiltAt();
  for (const r of rules) {
    at.rule = r;
    fn(r.index, ruleTarget(r), at);
  }
}

// Get or create a chain in a table.
export function chainOf(t: Table, name: string): ChainImpl {
  let c = t.chains.get(name) as ChainImpl | undefined;
  if (!c) {
    c = new ChainImpl(name, t.name);
    t.chains.set(name, c);
  }
  return c;
}

// Option value of a match module, if present (`opt(rule, 'conntrack', 'ctstate')`).
export function matchOpt(rule: Rule, module: string, opt: string): NegValue | undefined {
  for (const m of rule.matches)
    if (m.name === module) {
      const v = m.opts.get(opt);
      if (v) return v;
    }
  return undefined;
}
