// Line helpers shared by the text parsers, so every parser treats CRLF, NUL bytes and giant lines alike.
import type { ParseResult, ParseWarning, Source } from './types.js';

/** Lines longer than this are skipped with a warning (garbled or binary input). */
export const MAX_LINE = 64 * 1024;

// Split text into lines without the trailing empty line a final newline produces.
export function splitLines(text: string): string[] {
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (text.indexOf('\r') < 0) return lines;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.length > 0 && l.charCodeAt(l.length - 1) === 13) lines[i] = l.slice(0, -1);
  }
  return lines;
}

/**
 * The lines of a text by where they start, each cut out only when asked for: a parser that keeps a large file's lines
 * for later (iptables-save's rules, read when first used) keeps one number per line instead of one string.
 * Lines are those of splitLines: no trailing empty line after a final newline, and no CR before a newline.
 */
export class LineTable {
  readonly length: number;
  private readonly starts: Int32Array;
  constructor(private readonly text: string) {
    let n = 0;
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
    // a text that does not end with a newline has one more line (an empty text has none)
    const last = text.length > 0 && text.charCodeAt(text.length - 1) !== 10;
    this.length = n + (last ? 1 : 0);
    this.starts = new Int32Array(this.length + 1);
    let k = 1;
    for (let i = text.indexOf('\n'); i >= 0 && k <= this.length; i = text.indexOf('\n', i + 1))
      this.starts[k++] = i + 1;
    this.starts[this.length] = last ? text.length + 1 : this.starts[this.length]!;
  }
  // Line i (0-based), without its newline or a CR before it; '' past the end.
  at(i: number): string {
    if (i < 0 || i >= this.length) return '';
    const s = this.starts[i]!;
    let e = this.starts[i + 1]! - 1;
    if (e > s && this.text.charCodeAt(e - 1) === 13) e--;
    return this.text.slice(s, e);
  }
}

// Build a Source for line index i (0-based) so facts carry file, 1-based line and text.
export function src(file: string, i: number, text: string): Source {
  return { file, line: i + 1, text };
}

/** Collects warnings for one file with a cap, so a garbage file cannot produce millions of warnings. */
export class Warnings {
  readonly list: ParseWarning[] = [];
  private dropped = 0;
  constructor(
    readonly file: string,
    private readonly cap = 200,
  ) {}
  add(line: number, message: string, text?: string): void {
    if (this.list.length >= this.cap) {
      this.dropped++;
      return;
    }
    const w: ParseWarning = { file: this.file, line, message };
    if (text !== undefined) w.text = text.length > 200 ? `${text.slice(0, 200)}…` : text;
    this.list.push(w);
  }
  done(): ParseWarning[] {
    if (this.dropped > 0)
      this.list.push({
        file: this.file,
        line: 0,
        message: `${this.dropped} more warnings in this file were not listed`,
      });
    return this.list;
  }
}

// Iterate lines, skipping over-long or binary ones and turning a throw on one line into a warning.
export function eachLine(text: string, w: Warnings, fn: (line: string, i: number) => void): void {
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length > MAX_LINE) {
      w.add(i + 1, `line of ${line.length} characters skipped (over ${MAX_LINE})`);
      continue;
    }
    if (line.includes('\u0000')) {
      w.add(i + 1, 'binary data skipped', line.replace(/\u0000/g, '\\0'));
      continue;
    }
    try {
      fn(line, i);
    } catch (e) {
      w.add(i + 1, `could not read line: ${(e as Error).message}`, line);
    }
  }
}

// Last line of defence: a parser bug becomes a warning and an empty result, never a crash.
export function guard<T>(file: string, empty: () => T, body: () => ParseResult<T>): ParseResult<T> {
  try {
    return body();
  } catch (e) {
    return { value: empty(), warnings: [{ file, line: 0, message: `parser failed: ${(e as Error).message}` }] };
  }
}

// Strip a `#` comment (resolv.conf, nsswitch.conf, hosts) and surrounding blanks.
export function stripComment(line: string, chars = '#'): string {
  let cut = line.length;
  for (const c of chars) {
    const k = line.indexOf(c);
    if (k >= 0 && k < cut) cut = k;
  }
  return line.slice(0, cut).trim();
}
