// Finds the line on which each top-level array element of a JSON text starts, so JSON facts cite a line too.
import { Warnings, guard } from './lines.js';

// One 1-based line per element of an array: the top-level array, or (with `key`) the array held by that key
// of the top-level object, e.g. "items" in a kubectl List. The text is JSON that parsed (no string holds a raw
// newline). A pretty-printed list is mostly indentation: the scan jumps from one bracket or quote to the next with
// indexOf (strings are skipped whole, to their closing quote), looks at the characters between them one by one only
// directly inside the wanted array (where a bare number or true is an element), and turns the offsets it found into
// line numbers in one walk over the newlines at the end.
export function arrayElementLines(text: string, key?: string): number[] {
  const starts: number[] = [];
  let depth = 0;
  let lastKey = '';
  let target = key === undefined ? 1 : -1;
  const n = text.length;
  // where the next quote and each bracket are (n: none left), found again only once passed
  let nq = -1;
  let nob = -1;
  let ncb = -1;
  let nos = -1;
  let ncs = -1;
  let i = 0;
  while (i < n) {
    if (nq < i) nq = find(text, '"', i);
    if (nob < i) nob = find(text, '{', i);
    if (ncb < i) ncb = find(text, '}', i);
    if (nos < i) nos = find(text, '[', i);
    if (ncs < i) ncs = find(text, ']', i);
    let p = nq;
    if (nob < p) p = nob;
    if (ncb < p) p = ncb;
    if (nos < p) p = nos;
    if (ncs < p) p = ncs;
    if (depth === target)
      for (let k = i; k < p; k++) {
        // a bare scalar element (number, true, null): recorded once, at its first character
        const c = text.charCodeAt(k);
        if (c <= 32 || c === 44) continue;
        const prev = text.charCodeAt(k - 1);
        if (prev === 44 || prev === 91 || prev <= 32) starts.push(k);
      }
    if (p >= n) break;
    const c = text.charCodeAt(p);
    if (c === 34) {
      if (depth === target) starts.push(p);
      let j = text.indexOf('"', p + 1);
      while (j > 0 && escaped(text, j)) j = text.indexOf('"', j + 1);
      if (j < 0) break;
      if (depth === 1 && key !== undefined) lastKey = text.slice(p + 1, j);
      i = j + 1;
    } else {
      if (c === 91 || c === 123) {
        if (depth === target) starts.push(p);
        depth++;
        if (key !== undefined && c === 91 && depth === 2 && lastKey === key) target = 2;
      } else {
        depth--;
        if (key !== undefined && target > 0 && depth < target) target = -1;
      }
      i = p + 1;
    }
  }
  // offsets → lines, walking the newlines once
  const out: number[] = [];
  let line = 1;
  let nl = text.indexOf('\n');
  for (const o of starts) {
    while (nl >= 0 && nl < o) {
      line++;
      nl = text.indexOf('\n', nl + 1);
    }
    out.push(line);
  }
  return out;
}

// The next position of a character from `from`, or the text's length when there is none.
function find(text: string, ch: string, from: number): number {
  const k = text.indexOf(ch, from);
  return k < 0 ? text.length : k;
}

// True when the quote at `at` is escaped: an odd run of backslashes stands before it.
function escaped(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && text.charCodeAt(k) === 92) k--;
  return (at - 1 - k) % 2 === 1;
}

// JSON.parse that reports a parse error as a warning on line 1 instead of throwing.
export function parseJsonOrWarn(text: string, w: { add(line: number, message: string): void }): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    w.add(1, `not valid JSON (${(e as Error).message})`);
    return undefined;
  }
}

/** Line start offsets of the last text asked about: parsers ask for many lines of the same file. */
let indexed: { text: string; starts: number[] } | undefined;

// The text of one line (1-based) for evidence, cut to a readable length; O(1) after the first call per text.
export function lineText(text: string, line: number): string {
  if (indexed?.text !== text) {
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    indexed = { text, starts };
  }
  const start = indexed.starts[line - 1];
  if (start === undefined || line < 1) return '';
  const next = indexed.starts[line];
  const s = text.slice(start, next === undefined ? undefined : next - 1);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
}

// Parse a JSON text that should be an array; reports why it is not, instead of throwing.
export function parseJsonArray(text: string): { items: unknown[]; lines: number[]; error?: string } {
  let error: string | undefined;
  const data = parseJsonOrWarn(text, { add: (_l, m) => void (error = m) });
  if (error !== undefined) return { items: [], lines: [], error };
  if (!Array.isArray(data)) return { items: [], lines: [], error: 'expected a JSON array' };
  return { items: data, lines: arrayElementLines(text) };
}

// Read a JSON array file element by element: each object element is handed over with its line and a
// warning sink; whatever `read` returns is kept. Bad JSON, non-objects and throws become warnings.
export function readJsonArray<T>(
  text: string,
  file: string,
  read: (o: Record<string, unknown>, line: number, warn: (message: string) => undefined) => T | undefined,
): import('./types.js').ParseResult<T[]> {
  return guard(
    file,
    () => [],
    () => {
      const w = new Warnings(file);
      const { items, lines, error } = parseJsonArray(text);
      if (error) w.add(1, error);
      const out: T[] = [];
      for (const [k, item] of items.entries()) {
        const line = lines[k] ?? 1;
        if (!item || typeof item !== 'object' || Array.isArray(item)) {
          w.add(line, 'array element is not an object');
          continue;
        }
        const v = read(item as Record<string, unknown>, line, (m) => void w.add(line, m));
        if (v !== undefined) out.push(v);
      }
      return { value: out, warnings: w.done() };
    },
  );
}
