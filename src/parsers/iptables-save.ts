// Reads `iptables-save` (all tables, with or without -c) and `iptables -S` into tables, chains and rules.
//
// Sample (iptables v1.8.9, docs/networking-facts.md §iptables-save-format):
//   *nat
//   :PREROUTING ACCEPT [0:0]
//   :KUBE-MARK-MASQ - [0:0]
//   -A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES
//   -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
//   -A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "other traffic to ns5/svc5:p80 will be dropped by KUBE-PROXY-FIREWALL"
//   -A KUBE-SVC-4SW47YFZTEDKD3PK ! -s 10.0.0.0/8 -d 172.30.0.44/32 -p tcp -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
//   -A KUBE-SEP-C6EBXVWJJZMIWKLZ -p tcp -m comment --comment "ns4/svc4:p80" -m tcp -j DNAT --to-destination 10.180.0.5:80
//   -A POSTROUTING -s 192.168.15.0/24 -j MASQUERADE
//   COMMIT
//
// Tables, chains, policies and the line of every rule are read eagerly; a rule's options are tokenized the first
// time anything reads them (a 150k-line kube-proxy dump then parses in a few times the cost of splitting it).
// Problems in a rule's options are pushed to `lateWarnings` when it is decoded; the report includes them.
import { Warnings, guard, splitLines, MAX_LINE } from './lines.js';
import {
  type ChainImpl,
  type Match,
  type RuleFactory,
  type NegValue,
  type Rule,
  type Ruleset,
  type Table,
  chainOf,
  tableOf,
} from './iptables-model.js';
import type { ParseResult, ParseWarning } from './types.js';

const CORE: Record<string, 'source' | 'destination' | 'protocol' | 'inIface' | 'outIface'> = {
  '-s': 'source',
  '--source': 'source',
  '--src': 'source',
  '-d': 'destination',
  '--destination': 'destination',
  '--dst': 'destination',
  '-p': 'protocol',
  '--protocol': 'protocol',
  '-i': 'inIface',
  '--in-interface': 'inIface',
  '-o': 'outIface',
  '--out-interface': 'outIface',
};

const QUOTED = '\u0001';

// JavaScript's \s: the blanks that separate words.
function blank(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

// A line terminator: what a backslash cannot escape inside a double-quoted value.
const terminator = (c: number): boolean => c === 10 || c === 13 || c === 0x2028 || c === 0x2029;

// Split a rule line on runs of blanks, keeping double-quoted values (with \" \\ escapes) and single-quoted values
// whole. A quote counts only where a word starts; one that is never closed is an ordinary character. Scanned by hand:
// a kube-proxy dump quotes a comment on nearly every one of its 100,000 lines.
export function tokenize(line: string): string[] {
  const out: string[] = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (blank(c)) {
      i++;
      continue;
    }
    let end = -1;
    let q: string | undefined;
    if (c === 34) {
      // "...": pairs of a backslash and any character but a line terminator, up to the first bare quote
      let j = i + 1;
      let escapes = false;
      while (j < n) {
        const d = line.charCodeAt(j);
        if (d === 34) break;
        if (d === 92) {
          if (j + 1 >= n || terminator(line.charCodeAt(j + 1))) {
            j = n;
            break;
          }
          escapes = true;
          j += 2;
        } else j++;
      }
      if (j < n) {
        const body = line.slice(i + 1, j);
        q = escapes ? unescaped(body) : body;
        end = j + 1;
      }
    } else if (c === 39) {
      const j = line.indexOf("'", i + 1);
      if (j >= 0) {
        q = line.slice(i + 1, j);
        end = j + 1;
      }
    }
    if (q !== undefined) {
      // a quoted value that looks like an option ("-x", "!") is marked so it is never read as one
      out.push(q.startsWith('-') || q === '!' ? QUOTED + q : q);
      i = end;
      continue;
    }
    let j = i + 1;
    while (j < n && !blank(line.charCodeAt(j))) j++;
    out.push(line.slice(i, j));
    i = j;
  }
  return out;
}

// A double-quoted value without its escapes: each backslash stands for the character after it.
function unescaped(body: string): string {
  let out = '';
  for (let k = 0; k < body.length; k++) {
    if (body.charCodeAt(k) === 92 && k + 1 < body.length) k++;
    out += body[k];
  }
  return out;
}

// Parse `iptables-save` / `ip6tables-save` / `iptables -S` output; `defaultTable` applies before any `*table` line.
export function parseIptablesSave(text: string, file: string, defaultTable = 'filter'): ParseResult<Ruleset> {
  const empty = (): Ruleset => ({ tables: new Map(), format: 'save' });
  return guard(file, empty, () => {
    const w = new Warnings(file);
    const rs = empty();
    const late: ParseWarning[] = [];
    rs.lateWarnings = late;
    const lines = splitLines(text);
    const ctx = new RuleContext(file, late, lines);
    // the default table exists only if something appears before the first `*table` line
    let current: Table | undefined;
    const cur = (): Table => (current ??= tableOf(rs, defaultTable));
    let lastChain: ChainImpl | undefined;
    /** Chains in the order their `:NAME` lines appeared, and how far the rules have walked through them. */
    const declared: ChainImpl[] = [];
    let cursor = 0;
    let lastTable: Table | undefined;
    let sawHeader = false;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const c0 = line.charCodeAt(0);
      if (line.length === 0) continue;
      if (c0 === 35 /* # */) {
        // which backend printed it, and its warning that the other backend holds tables too
        // iptables 1.8 tags the nf_tables one `(nf_tables)`; the legacy one (and every older iptables) has no tag
        const gen = /^# Generated by ip6?tables(?:-nft|-legacy)?-save v\S+( \(nf_tables\))?/.exec(line);
        if (gen) rs.backend = gen[1] ? 'nf_tables' : 'legacy';
        if (/^# Warning: iptables-legacy tables present/.test(line))
          rs.otherBackend = { file, line: i + 1, text: line };
        continue;
      }
      // hot path: "-A CHAIN ..." is nearly every line of a kube-proxy dump; iptables-save groups a chain's rules
      if (c0 === 45 && line.charCodeAt(1) === 65 && line.charCodeAt(2) === 32 && line.length <= MAX_LINE) {
        const table = cur();
        let ch = lastTable === table ? lastChain : undefined;
        if (!ch || !names(line, ch.name)) {
          // iptables-save prints chains in declaration order: try the next declared chain before a lookup
          const next = declared[cursor];
          if (next && next.table === table.name && names(line, next.name)) {
            ch = next;
            cursor++;
          } else {
            const end = line.indexOf(' ', 3);
            const name = end < 0 ? line.slice(3) : line.slice(3, end);
            ch = name === '' ? undefined : chainOf(table, name);
            if (ch && ch.declIndex >= 0) cursor = ch.declIndex + 1;
          }
        }
        if (ch) {
          lastChain = ch;
          lastTable = table;
          ch.addLine(i + 1, ctx);
          continue;
        }
      }
      if (line.length > MAX_LINE || line.includes('\u0000')) {
        w.add(i + 1, 'over-long or binary line skipped');
        continue;
      }
      try {
        if (c0 === 42 /* * */) {
          if (current && !current.committed && sawHeader && current.chains.size > 0)
            w.add(i + 1, `table ${current.name} has no COMMIT before the next table`);
          current = tableOf(rs, line.slice(1).trim());
          current.src = { file, line: i + 1, text: line };
          sawHeader = true;
        } else if (c0 === 58 /* : */) {
          // ":NAME POLICY [pkts:bytes]" read by hand: a kube-proxy dump declares tens of thousands of chains
          const sp = line.indexOf(' ');
          const name = sp < 0 ? line.slice(1) : line.slice(1, sp);
          let p0 = sp + 1;
          while (p0 > 0 && line.charCodeAt(p0) === 32) p0++;
          const sp2 = sp < 0 ? -1 : line.indexOf(' ', p0);
          const policy = sp < 0 ? '' : sp2 < 0 ? line.slice(p0).trimEnd() : line.slice(p0, sp2);
          if (name === '' || policy === '') {
            w.add(i + 1, 'chain declaration not understood', line);
            continue;
          }
          const ch = chainOf(cur(), name);
          if (ch.builtin) cursor = declared.length;
          else if (ch.declIndex < 0) {
            ch.declIndex = declared.length;
            declared.push(ch);
          }
          if (policy !== '-') ch.policy = policy;
          // user chains almost always say [0:0]; only read counters that carry information
          if (sp2 > 0 && (ch.builtin || !line.endsWith(' [0:0]'))) {
            const cnt = /\[(\d+):(\d+)\]/.exec(line.slice(sp2));
            if (cnt) ch.counters = [Number(cnt[1]), Number(cnt[2])];
          }
          ch.declare(i + 1, ctx);
        } else if (line === 'COMMIT' || line.trimEnd() === 'COMMIT') {
          cur().committed = true;
        } else {
          let body = line;
          let counters: [number, number] | undefined;
          if (c0 === 91 /* [ */) {
            const m = /^\[(\d+):(\d+)\]\s+/.exec(line);
            if (m) {
              counters = [Number(m[1]), Number(m[2])];
              body = line.slice(m[0].length);
            }
          }
          // only the operation and chain are read now; the rest of a rule is decoded when first used
          const sp = body.indexOf(' ');
          const op = sp < 0 ? body : body.slice(0, sp);
          const rest = sp < 0 ? '' : body.slice(sp + 1).trimStart();
          const sp2 = rest.indexOf(' ');
          const t = [op, sp2 < 0 ? rest : rest.slice(0, sp2), sp2 < 0 ? '' : rest.slice(sp2 + 1)];
          if (t[1] === '') t.length = 1;
          if (op === '-A' || op === '--append' || op === '-I' || op === '--insert') {
            if (!t[1]) {
              w.add(i + 1, 'rule without a chain name', line);
              continue;
            }
            const table = cur();
            const ch = chainOf(table, t[1]);
            if (body !== line || counters)
              (ctx.prefixed ??= new Map()).set(i + 1, { offset: line.length - body.length, counters });
            ch.addLine(i + 1, ctx);
          } else if (op === '-P' || op === '--policy') {
            const ch = chainOf(cur(), t[1] ?? '');
            ch.policy = t[2]?.split(/\s+/)[0];
            ch.src = { file, line: i + 1, text: line };
          } else if (op === '-N' || op === '--new-chain') {
            chainOf(cur(), t[1] ?? '').src = { file, line: i + 1, text: line };
          } else {
            w.add(i + 1, 'line not understood', line);
          }
        }
      } catch (e) {
        w.add(i + 1, `could not read line: ${(e as Error).message}`, line);
      }
    }
    for (const t of rs.tables.values()) {
      if (sawHeader && !t.committed && t.chains.size > 0)
        w.add(lines.length, `table ${t.name} ends without COMMIT (truncated capture?); its rules were still read`);
      if (!sawHeader) t.committed = true;
    }
    return { value: rs, warnings: w.done() };
  });
}

type Detail = Pick<
  Rule,
  | 'source'
  | 'destination'
  | 'protocol'
  | 'inIface'
  | 'outIface'
  | 'fragment'
  | 'matches'
  | 'target'
  | 'goto'
  | 'targetOpts'
  | 'comment'
  | 'counters'
>;

/** Shared by every rule of one file: where it came from, its lines, and where late warnings go. */
class RuleContext implements RuleFactory {
  prefixed: Map<number, { offset: number; counters: [number, number] | undefined }> | undefined = undefined;
  /** Lines whose decoding already reported problems: a rule decoded again (ChainImpl.each) reports them once. */
  readonly warned = new Set<number>();
  constructor(
    readonly file: string,
    readonly late: ParseWarning[],
    readonly lines: string[],
  ) {}
  text(lineNo: number): string {
    return this.lines[lineNo - 1] ?? '';
  }
  source(lineNo: number): Rule['src'] {
    return { file: this.file, line: lineNo, text: this.lines[lineNo - 1] ?? '' };
  }
  make(chain: ChainImpl, index: number, lineNo: number): Rule {
    const rule = new SavedRule(chain, index, lineNo, this.lines[lineNo - 1]!, this);
    const p = this.prefixed?.get(lineNo);
    if (p) rule.setPrefix(p.offset, p.counters);
    return rule;
  }
}

/** A rule whose options are tokenized on first access: a 150k-line kube-proxy dump parses at near read speed. */
class SavedRule implements Rule {
  private d: Detail | undefined = undefined;
  private s: Rule['src'] | undefined = undefined;
  /** For `[p:b] -A ...` lines: where the rule starts in the text, and the counters. */
  private extra: { offset: number; counters: [number, number] | undefined } | undefined = undefined;
  constructor(
    private readonly ch: ChainImpl,
    readonly index: number,
    private readonly lineNo: number,
    private readonly text: string,
    private readonly ctx: RuleContext,
  ) {}
  setPrefix(offset: number, counters: [number, number] | undefined): void {
    this.extra = { offset, counters };
  }
  get table(): string {
    return this.ch.table;
  }
  get chain(): string {
    return this.ch.name;
  }
  get src(): Rule['src'] {
    return (this.s ??= { file: this.ctx.file, line: this.lineNo, text: this.text });
  }
  private get x(): Detail {
    if (!this.d) {
      this.d = this.decode(false);
      if (this.extra?.counters) this.d.counters = this.extra.counters;
    }
    return this.d;
  }
  // Decode the words; problems are reported once per line however often it is decoded.
  private decode(light: boolean): Detail {
    const file = this.ctx.file;
    const found: ParseWarning[] = [];
    const w = {
      add: (line: number, message: string, text?: string) =>
        void found.push(text === undefined ? { file, line, message } : { file, line, message, text }),
    };
    const d = readRule(tokenize(this.extra ? this.text.slice(this.extra.offset) : this.text), 2, this.src, w, light);
    if (found.length > 0 && !this.ctx.warned.has(this.lineNo)) {
      this.ctx.warned.add(this.lineNo);
      this.ctx.late.push(...found);
    }
    return d;
  }
  // Where the rule sends packets, decoded without keeping anything (the whole rule when it is already decoded).
  targetOnly(): Pick<Detail, 'target' | 'goto' | 'targetOpts'> {
    return this.d ?? this.decode(true);
  }
  get source() {
    return this.x.source;
  }
  get destination() {
    return this.x.destination;
  }
  get protocol() {
    return this.x.protocol;
  }
  get inIface() {
    return this.x.inIface;
  }
  get outIface() {
    return this.x.outIface;
  }
  get fragment() {
    return this.x.fragment;
  }
  get matches() {
    return this.x.matches;
  }
  get target() {
    return this.x.target;
  }
  get goto() {
    return this.x.goto;
  }
  get targetOpts() {
    return this.x.targetOpts;
  }
  get comment() {
    return this.x.comment;
  }
  get counters() {
    return this.x.counters;
  }
}

/** The target options of the many rules that have none: one shared map that refuses to be filled. */
class NoOptions extends Map<string, string> {
  override set(k: string, _v: string): this {
    throw new Error(`a rule without target options cannot take ${k}`);
  }
}
const NO_OPTIONS: Map<string, string> = new NoOptions();

/** The match `light` decoding stands in for every -m module: one object, never filled, never handed out. */
const ANY_MATCH: Match = { name: '', opts: new Map() };

// Decode a rule's words. `light` reads only the target and its options (no matches, addresses or comment) and
// makes the same warnings, so a view that needs only where rules go can read 100,000 of them without building them.
// Where a rule sends packets (target, -g, target options): a lazily read rule decodes only that, and keeps nothing.
export function ruleTarget(r: Rule): Pick<Rule, 'target' | 'goto' | 'targetOpts'> {
  return r instanceof SavedRule ? r.targetOnly() : r;
}

function readRule(t: string[], from: number, src: Rule['src'], w: Pick<Warnings, 'add'>, light = false): Detail {
  const rule: Detail = { matches: [], goto: false, targetOpts: NO_OPTIONS };
  let neg = false;
  let match: Match | undefined;
  let inTarget = false;
  for (let k = from; k < t.length; k++) {
    const tok = t[k]!;
    if (tok === '!') {
      neg = true;
      continue;
    }
    const core = CORE[tok];
    if (core && !inTarget) {
      const v = t[++k];
      if (v === undefined) w.add(src.line, `${tok} without a value (truncated line?)`, src.text);
      else if (!light) rule[core] = { value: v, neg };
      neg = false;
      // like iptables, later --options still belong to the last -m module (kube-proxy writes `-m tcp -p tcp -d IP --dport N`)
      continue;
    }
    if (tok === '-f' || tok === '--fragment') {
      rule.fragment = !neg;
      neg = false;
      continue;
    }
    if (tok === '-m' || tok === '--match') {
      const name = t[++k] ?? '';
      if (light) match = ANY_MATCH;
      else {
        match = { name, opts: new Map() };
        rule.matches.push(match);
      }
      inTarget = false;
      continue;
    }
    if (tok === '-j' || tok === '--jump' || tok === '-g' || tok === '--goto') {
      rule.target = t[++k];
      rule.goto = tok === '-g' || tok === '--goto';
      inTarget = true;
      match = undefined;
      continue;
    }
    if (tok === '-c' || tok === '--set-counters') {
      rule.counters = [Number(t[k + 1]), Number(t[k + 2])];
      k += 2;
      continue;
    }
    if (tok.startsWith('--')) {
      // option of the current match or target: values run until the next option-looking token
      if (light && !inTarget) {
        while (k + 1 < t.length && !isOption(t[k + 1]!)) k++;
        if (!match) w.add(src.line, `option ${tok} outside any -m match`, src.text);
        neg = false;
        continue;
      }
      const name = tok.slice(2);
      const vals: string[] = [];
      while (k + 1 < t.length && !isOption(t[k + 1]!)) vals.push(unquote(t[++k]!));
      const value = vals.join(' ');
      if (inTarget) (rule.targetOpts === NO_OPTIONS ? (rule.targetOpts = new Map()) : rule.targetOpts).set(name, value);
      else if (match) {
        match.opts.set(name, { value, neg } satisfies NegValue);
        if (match.name === 'comment' && name === 'comment') rule.comment = value;
      } else w.add(src.line, `option ${tok} outside any -m match`, src.text);
      neg = false;
      continue;
    }
    w.add(src.line, `unexpected token "${tok}"`, src.text);
  }
  return rule;
}

// True when a "-A NAME ..." line names this chain (compared in place, no substring made).
function names(line: string, name: string): boolean {
  return line.startsWith(name, 3) && (line.length === 3 + name.length || line.charCodeAt(3 + name.length) === 32);
}

function unquote(tok: string): string {
  return tok.charCodeAt(0) === 1 ? tok.slice(1) : tok;
}

function isOption(tok: string): boolean {
  return tok === '!' || (tok.length > 1 && tok.charCodeAt(0) === 45 && !/^-\d/.test(tok));
}
