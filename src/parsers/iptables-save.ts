// Reads `iptables-save` (all tables, with or without -c) and `iptables -S` into tables, chains and rules.
//
// Sample (iptables v1.8.9, networking-facts §1.4):
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
import { Warnings, guard, splitLines, MAX_LINE } from './lines.js';
import { type Chain, type Match, type NegValue, type Rule, type Ruleset, type Table, chainOf, tableOf } from './iptables-model.js';
import type { ParseResult, ParseWarning } from './types.js';

const CORE: Record<string, 'source' | 'destination' | 'protocol' | 'inIface' | 'outIface'> = {
  '-s': 'source', '--source': 'source', '--src': 'source',
  '-d': 'destination', '--destination': 'destination', '--dst': 'destination',
  '-p': 'protocol', '--protocol': 'protocol',
  '-i': 'inIface', '--in-interface': 'inIface',
  '-o': 'outIface', '--out-interface': 'outIface',
};

const QUOTED = '\u0001';
const TOKEN = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;

// Split a rule line on runs of blanks, keeping double-quoted values (with \" \\ escapes) whole.
export function tokenize(line: string): string[] {
  if (line.indexOf('"') < 0 && line.indexOf("'") < 0) return line.split(/\s+/).filter((x) => x !== '');
  const out: string[] = [];
  TOKEN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOKEN.exec(line)) !== null) {
    const q = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
    // a quoted value that looks like an option ("-x", "!") is marked so it is never read as one
    if (q !== undefined) out.push(q.startsWith('-') || q === '!' ? QUOTED + q : q);
    else out.push(m[3]!);
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
    // the default table exists only if something appears before the first `*table` line
    let current: Table | undefined;
    const cur = (): Table => (current ??= tableOf(rs, defaultTable));
    let lastChain: Chain | undefined;
    let lastTable: Table | undefined;
    let sawHeader = false;
    const lines = splitLines(text);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      const c0 = line.charCodeAt(0);
      if (line.length === 0 || c0 === 35 /* # */) continue;
      // hot path: "-A CHAIN ..." is nearly every line of a kube-proxy dump
      if (c0 === 45 && line.charCodeAt(1) === 65 && line.charCodeAt(2) === 32 && line.length <= MAX_LINE) {
        const end = line.indexOf(' ', 3);
        const chain = end < 0 ? line.slice(3) : line.slice(3, end);
        if (chain !== '') {
          const table = cur();
          let ch = lastChain;
          if (!ch || ch.name !== chain || lastTable !== table) ch = lastChain = chainOf(table, chain);
          lastTable = table;
          ch.rules.push(new SavedRule(table.name, chain, ch.rules.length + 1, { file, line: i + 1, text: line }, line, undefined, late));
          continue;
        }
      }
      if (line.length > MAX_LINE || line.includes('\u0000')) {
        w.add(i + 1, 'over-long or binary line skipped');
        continue;
      }
      try {
        if (c0 === 42 /* * */) {
          if (current && !current.committed && sawHeader && current.chains.size > 0) w.add(i + 1, `table ${current.name} has no COMMIT before the next table`);
          current = tableOf(rs, line.slice(1).trim());
          current.src = { file, line: i + 1, text: line };
          sawHeader = true;
        } else if (c0 === 58 /* : */) {
          const m = /^:(\S+)\s+(\S+)(?:\s+\[(\d+):(\d+)\])?/.exec(line);
          if (!m) {
            w.add(i + 1, 'chain declaration not understood', line);
            continue;
          }
          const ch = chainOf(cur(), m[1]!);
          if (m[2] !== '-') ch.policy = m[2];
          if (m[3] !== undefined) ch.counters = [Number(m[3]), Number(m[4])];
          ch.src = { file, line: i + 1, text: line };
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
            ch.rules.push(new SavedRule(table.name, t[1], ch.rules.length + 1, { file, line: i + 1, text: line }, body, counters, late));
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
      if (sawHeader && !t.committed && t.chains.size > 0) w.add(lines.length, `table ${t.name} ends without COMMIT (truncated capture?); its rules were still read`);
      if (!sawHeader) t.committed = true;
    }
    return { value: rs, warnings: w.done() };
  });
}

type Detail = Pick<Rule, 'source' | 'destination' | 'protocol' | 'inIface' | 'outIface' | 'fragment' | 'matches' | 'target' | 'goto' | 'targetOpts' | 'comment' | 'counters'>;

/** A rule whose options are tokenized on first access: a 150k-line kube-proxy dump parses at near read speed. */
class SavedRule implements Rule {
  private d?: Detail;
  constructor(
    readonly table: string,
    readonly chain: string,
    readonly index: number,
    readonly src: Rule['src'],
    private readonly body: string,
    private readonly saveCounters: [number, number] | undefined,
    private readonly late: ParseWarning[],
  ) {}
  private get x(): Detail {
    if (!this.d) {
      const w = { add: (line: number, message: string, text?: string) => void this.late.push(text === undefined ? { file: this.src.file, line, message } : { file: this.src.file, line, message, text }) };
      this.d = readRule(tokenize(this.body), 2, this.src, w);
      if (this.saveCounters) this.d.counters = this.saveCounters;
    }
    return this.d;
  }
  get source() { return this.x.source; }
  get destination() { return this.x.destination; }
  get protocol() { return this.x.protocol; }
  get inIface() { return this.x.inIface; }
  get outIface() { return this.x.outIface; }
  get fragment() { return this.x.fragment; }
  get matches() { return this.x.matches; }
  get target() { return this.x.target; }
  get goto() { return this.x.goto; }
  get targetOpts() { return this.x.targetOpts; }
  get comment() { return this.x.comment; }
  get counters() { return this.x.counters; }
}

function readRule(t: string[], from: number, src: Rule['src'], w: Pick<Warnings, 'add'>): Detail {
  const rule: Detail = { matches: [], goto: false, targetOpts: new Map() };
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
      else rule[core] = { value: v, neg };
      neg = false;
      match = undefined;
      continue;
    }
    if (tok === '-f' || tok === '--fragment') {
      rule.fragment = !neg;
      neg = false;
      continue;
    }
    if (tok === '-m' || tok === '--match') {
      const name = t[++k] ?? '';
      match = { name, opts: new Map() };
      rule.matches.push(match);
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
      const name = tok.slice(2);
      const vals: string[] = [];
      while (k + 1 < t.length && !isOption(t[k + 1]!)) vals.push(unquote(t[++k]!));
      const value = vals.join(' ');
      if (inTarget) rule.targetOpts.set(name, value);
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

function unquote(tok: string): string {
  return tok.charCodeAt(0) === 1 ? tok.slice(1) : tok;
}

function isOption(tok: string): boolean {
  return tok === '!' || (tok.length > 1 && tok.charCodeAt(0) === 45 && !/^-\d/.test(tok));
}
