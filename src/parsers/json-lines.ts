// Finds the line on which each top-level array element of a JSON text starts, so JSON facts cite a line too.
import { Warnings, guard } from './lines.js';

// One 1-based line per element of an array: the top-level array, or (with `key`) the array held by that key
// of the top-level object, e.g. "items" in a kubectl List. Strings are skipped whole (to their closing quote, found by
// indexOf) so brackets inside them do not count; the text is JSON that parsed, so no string holds a raw newline.
export function arrayElementLines(text: string, key?: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let line = 1;
  let lastKey = '';
  let target = key === undefined ? 1 : -1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      continue;
    }
    if (c === 34) {
      if (depth === target) out.push(line);
      let j = text.indexOf('"', i + 1);
      while (j > 0 && escaped(text, j)) j = text.indexOf('"', j + 1);
      if (j < 0) break;
      if (depth === 1 && key !== undefined) lastKey = text.slice(i + 1, j);
      i = j;
    } else if (c === 91 || c === 123) {
      if (depth === target) out.push(line);
      depth++;
      if (key !== undefined && c === 91 && depth === 2 && lastKey === key) target = 2;
    } else if (c === 93 || c === 125) {
      depth--;
      if (key !== undefined && target > 0 && depth < target) target = -1;
    } else if (depth === target && c > 32 && c !== 44) {
      // a bare scalar element (number, true, null): record once at its first char
      const prev = text.charCodeAt(i - 1);
      if (prev === 44 || prev === 91 || prev <= 32) out.push(line);
    }
  }
  return out;
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
