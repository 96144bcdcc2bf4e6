import { describe, expect, it } from 'vitest';
import { arrayElementLines } from '../../src/parsers/json-lines.js';

// Deterministic pseudo-random numbers (a fixed seed per case: no flaky runs).
function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

// Strings that would fool a scanner that does not skip them whole: quotes, escapes, brackets.
const TRICKY = ['a', '"', '\\', '\\"', '[', ']', '{', '}', ',', ' ', 'é', '\\\\', 'x"]}'];

/** A writer that knows the line it is on: the oracle for where each element starts. */
class Writer {
  text = '';
  line = 1;
  constructor(private readonly r: () => number) {}
  put(s: string): void {
    this.text += s;
  }
  // Blank space between tokens: sometimes a newline with indentation, as kubectl and jq print.
  gap(): void {
    const x = this.r();
    if (x < 0.3) {
      this.text += `\n${' '.repeat(Math.floor(this.r() * 8))}`;
      this.line++;
    } else if (x < 0.5) this.text += ' ';
  }
  value(depth: number): void {
    const x = this.r();
    if (depth > 3 || x < 0.35) this.scalar();
    else if (x < 0.7) this.array(depth, () => undefined);
    else this.object(depth);
  }
  scalar(): void {
    const x = this.r();
    if (x < 0.5) {
      let s = '';
      for (let k = Math.floor(this.r() * 5); k > 0; k--) s += TRICKY[Math.floor(this.r() * TRICKY.length)];
      this.put(JSON.stringify(s));
    } else this.put(['1', '-2.5e3', 'true', 'false', 'null'][Math.floor(this.r() * 5)]!);
  }
  // An array; `at` hears the line each element starts on.
  array(depth: number, at: (line: number) => void): void {
    this.put('[');
    const n = Math.floor(this.r() * 5);
    for (let k = 0; k < n; k++) {
      if (k > 0) this.put(',');
      this.gap();
      at(this.line);
      this.value(depth + 1);
    }
    this.gap();
    this.put(']');
  }
  object(depth: number, items?: (line: number) => void): void {
    this.put('{');
    const keys = ['kind', 'items', 'metadata', 'a"b', 'x[y'];
    const n = Math.floor(this.r() * 4) + (items ? 1 : 0);
    const itemsAt = items ? Math.floor(this.r() * n) : -1;
    for (let k = 0; k < n; k++) {
      if (k > 0) this.put(',');
      this.gap();
      if (k === itemsAt) {
        this.put('"items":');
        this.gap();
        this.array(depth + 1, items!);
      } else {
        this.put(`${JSON.stringify(keys[Math.floor(this.r() * keys.length)]!.replace('items', 'itemz'))}:`);
        this.gap();
        this.value(depth + 1);
      }
    }
    this.gap();
    this.put('}');
  }
}

describe('arrayElementLines: the line each array element starts on', () => {
  it('a top-level array, against a writer that records the lines (200 seeded documents)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const w = new Writer(rng(seed));
      const want: number[] = [];
      w.array(0, (l) => want.push(l));
      expect(JSON.parse(w.text)).toBeDefined();
      expect(arrayElementLines(w.text), `seed ${seed}: ${w.text}`).toEqual(want);
    }
  });
  it('the "items" array of a List, with decoy keys and strings full of brackets (200 seeded documents)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const w = new Writer(rng(1000 + seed));
      const want: number[] = [];
      w.object(0, (l) => want.push(l));
      expect(JSON.parse(w.text)).toBeDefined();
      expect(arrayElementLines(w.text, 'items'), `seed ${seed}: ${w.text}`).toEqual(want);
    }
  });
  it('a quote after an even run of backslashes ends the string; after an odd run it does not', () => {
    expect(arrayElementLines('[\n"a\\\\",\n"b\\"]",\n1]')).toEqual([2, 3, 4]);
  });
});
