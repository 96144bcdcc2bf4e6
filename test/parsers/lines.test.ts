// LineTable against splitLines: the same lines, however the text ends and wherever CRs stand.
import { describe, expect, it } from 'vitest';
import { LineTable, splitLines } from '../../src/parsers/lines.js';

// Deterministic pseudo-random numbers (a fixed seed per case: no flaky runs).
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    return s / 0x7fffffff;
  };
}

const linesOf = (t: string): string[] => {
  const lt = new LineTable(t);
  return Array.from({ length: lt.length }, (_, i) => lt.at(i));
};

describe('LineTable', () => {
  it('edge texts: empty, newlines only, no final newline, CRLF, a lone CR', () => {
    for (const t of ['', '\n', '\n\n', 'a', 'a\n', 'a\nb', 'a\r\nb\r\n', 'a\r', '\r\n', 'x\n\ny\n', 'a\rb\n'])
      expect([t, linesOf(t)]).toEqual([t, splitLines(t)]);
    expect(linesOf('a\r\nb')).toEqual(['a', 'b']);
  });
  it('500 seeded texts of a, spaces, CR and LF', () => {
    for (let seed = 1; seed <= 500; seed++) {
      const r = rng(seed);
      const t = Array.from({ length: Math.floor(r() * 40) }, () => 'a \r\n'[Math.floor(r() * 4)]).join('');
      expect([seed, linesOf(t)]).toEqual([seed, splitLines(t)]);
    }
  });
  it('a line past either end is empty', () => {
    const lt = new LineTable('a\nb\n');
    expect([lt.at(-1), lt.at(2), lt.at(1)]).toEqual(['', '', 'b']);
  });
});
