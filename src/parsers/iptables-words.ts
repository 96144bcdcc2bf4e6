// The words of an iptables rule line: the tokenizer both rule readers share, and a reader of where a rule goes
// (its target and the target's options) that walks the line in place, making no string for the words it passes over:
// a 10,000-Service node has 100,000 rules whose targets kube-proxy's view reads.
import type { Rule } from './iptables-model.js';

export const CORE: Record<string, 'source' | 'destination' | 'protocol' | 'inIface' | 'outIface'> = {
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

/** Marks a quoted value that looks like an option ("-x", "!"), so it is never read as one. */
export const QUOTED = '\u0001';

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
  const n = place(line);
  const out: string[] = new Array(n);
  for (let k = 0; k < n; k++) out[k] = wordAt(line, k);
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

// A token without the mark a quoted value that looks like an option carries.
export function unquote(tok: string): string {
  return tok.charCodeAt(0) === 1 ? tok.slice(1) : tok;
}

// True for "!" and for "-x" / "--xx" words (not "-1": a negative number is a value).
export function isOption(tok: string): boolean {
  return tok === '!' || (tok.length > 1 && tok.charCodeAt(0) === 45 && !/^-\d/.test(tok));
}

/** What a word is to the rule reader: the keywords readRule tests for, in the order it tests them. */
enum Key {
  Other = 0,
  Not = 1,
  Core = 2,
  Fragment = 3,
  Match = 4,
  Jump = 5,
  Goto = 6,
  Counters = 7,
  /** Any other word that starts with "--": an option of a match or of the target. */
  Long = 8,
}

/** The long spellings, by length, with what each is. */
const LONG = new Map<number, [string, Key][]>();
for (const [w, k] of [
  ...Object.keys(CORE)
    .filter((x) => x.startsWith('--'))
    .map((x) => [x, Key.Core] as const),
  ['--fragment', Key.Fragment],
  ['--match', Key.Match],
  ['--jump', Key.Jump],
  ['--goto', Key.Goto],
  ['--set-counters', Key.Counters],
] as const) {
  const l = LONG.get(w.length) ?? [];
  l.push([w, k]);
  LONG.set(w.length, l);
}

// What the word at [s, e) is, compared in place. A quoted word is never a keyword (a quoted "-x" carries the mark).
function keyword(line: string, s: number, e: number, kind: number): Key {
  if (kind !== 0) return Key.Other;
  const len = e - s;
  const c0 = line.charCodeAt(s);
  if (len === 1) return c0 === 33 ? Key.Not : Key.Other;
  if (c0 !== 45) return Key.Other;
  const c1 = line.charCodeAt(s + 1);
  if (len === 2) {
    if (c1 === 115 || c1 === 100 || c1 === 112 || c1 === 105 || c1 === 111) return Key.Core; // -s -d -p -i -o
    if (c1 === 102) return Key.Fragment;
    if (c1 === 109) return Key.Match;
    if (c1 === 106) return Key.Jump;
    if (c1 === 103) return Key.Goto;
    if (c1 === 99) return Key.Counters;
    return c1 === 45 ? Key.Long : Key.Other;
  }
  if (c1 !== 45) return Key.Other;
  const spellings = LONG.get(len);
  if (spellings)
    for (let i = 0; i < spellings.length; i++) if (line.startsWith(spellings[i]![0], s)) return spellings[i]![1];
  return Key.Long;
}

/** The target options of the many rules that have none: one shared map that refuses to be filled. */
class NoOptions extends Map<string, string> {
  override set(k: string, _v: string): this {
    throw new Error(`a rule without target options cannot take ${k}`);
  }
}
export const NO_OPTIONS: Map<string, string> = new NoOptions();

/** Where each word of the line being scanned starts and ends, and how it is written: reused, never reallocated. */
let starts = new Int32Array(64);
let ends = new Int32Array(64);
/** 0 bare, 1 double-quoted, 2 double-quoted with escapes, 3 single-quoted. */
let kinds = new Uint8Array(64);

// Word k of the line last placed, as tokenize gives it: a quoted value without its quotes (and escapes), marked
// when it looks like an option ("-x", "!") so that it is never read as one.
function wordAt(line: string, k: number): string {
  const s = starts[k]!;
  const e = ends[k]!;
  const kind = kinds[k]!;
  if (kind === 0) return line.slice(s, e);
  const body = line.slice(s + 1, e - 1);
  const q = kind === 2 ? unescaped(body) : body;
  return q.startsWith('-') || q === '!' ? QUOTED + q : q;
}

// Find the words of a line, recording where each starts and ends and how it is written; returns how many there
// are. A double-quoted word is pairs of a backslash and any character but a line terminator, up to the first bare
// quote; a quote that is never closed is an ordinary character.
function place(line: string): number {
  let count = 0;
  const n = line.length;
  let i = 0;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (blank(c)) {
      i++;
      continue;
    }
    if (c === 34) {
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
        count = put(count, i, j + 1, escapes ? 2 : 1);
        i = j + 1;
        continue;
      }
    } else if (c === 39) {
      const j = line.indexOf("'", i + 1);
      if (j >= 0) {
        count = put(count, i, j + 1, 3);
        i = j + 1;
        continue;
      }
    }
    let j = i + 1;
    while (j < n && !blank(line.charCodeAt(j))) j++;
    count = put(count, i, j, 0);
    i = j;
  }
  return count;
}

// Record word number `count` at [s, e) (the tables grow when full); returns the new count. A function of its own, not
// a closure in place(): that would be one more object for each of a kube-proxy dump's 150k lines.
function put(count: number, s: number, e: number, kind: number): number {
  if (count === starts.length) {
    const s2 = new Int32Array(count * 2);
    const e2 = new Int32Array(count * 2);
    const k2 = new Uint8Array(count * 2);
    s2.set(starts);
    e2.set(ends);
    k2.set(kinds);
    starts = s2;
    ends = e2;
    kinds = k2;
  }
  starts[count] = s;
  ends[count] = e;
  kinds[count] = kind;
  return count + 1;
}

// Whether word k of the line last placed can be an option: only bare words can (a quoted one is marked, or does not
// start with "-"), and "-5" is a value.
function optionAt(line: string, k: number): boolean {
  if (kinds[k] !== 0) return false;
  const s = starts[k]!;
  const c0 = line.charCodeAt(s);
  if (ends[k]! - s === 1) return c0 === 33;
  const c1 = line.charCodeAt(s + 1);
  return c0 === 45 && !(c1 >= 48 && c1 <= 57);
}

/** Where scanTarget reports a problem of the rule it reads (the reader knows the rule's line and makes its source). */
export interface TargetWarnings {
  warnRule(message: string): void;
}

// Read where a rule goes from its line (words from `from` on), exactly as readRule reads the target, `-g` and the
// target's options and with the same warnings, without making strings for the other words.
export function scanTarget(
  line: string,
  from: number,
  w: TargetWarnings,
): Pick<Rule, 'target' | 'goto' | 'targetOpts'> {
  const n = place(line);
  const out: Pick<Rule, 'target' | 'goto' | 'targetOpts'> = { goto: false, targetOpts: NO_OPTIONS };
  let match = false;
  let inTarget = false;
  for (let k = from; k < n; k++) {
    const key = keyword(line, starts[k]!, ends[k]!, kinds[k]!);
    if (key === Key.Not) continue;
    if (key === Key.Core && !inTarget) {
      if (++k >= n) w.warnRule(`${wordAt(line, k - 1)} without a value (truncated line?)`);
      continue;
    }
    if (key === Key.Fragment) continue;
    if (key === Key.Match) {
      k++;
      match = true;
      inTarget = false;
      continue;
    }
    if (key === Key.Jump || key === Key.Goto) {
      out.goto = key === Key.Goto;
      out.target = ++k < n ? wordAt(line, k) : undefined;
      inTarget = true;
      match = false;
      continue;
    }
    if (key === Key.Counters) {
      k += 2;
      continue;
    }
    // a short core option (-s) inside the target is no option: readRule calls it an unexpected token
    if (key === Key.Long || (key === Key.Core && line.charCodeAt(starts[k]! + 1) === 45)) {
      const at = k;
      if (!inTarget) {
        while (k + 1 < n && !optionAt(line, k + 1)) k++;
        if (!match) w.warnRule(`option ${wordAt(line, at)} outside any -m match`);
        continue;
      }
      const vals: string[] = [];
      while (k + 1 < n && !optionAt(line, k + 1)) vals.push(unquote(wordAt(line, ++k)));
      if (out.targetOpts === NO_OPTIONS) out.targetOpts = new Map();
      out.targetOpts.set(line.slice(starts[at]! + 2, ends[at]!), vals.join(' '));
      continue;
    }
    w.warnRule(`unexpected token "${wordAt(line, k)}"`);
  }
  return out;
}
