// Traditional Chinese as Taiwan writes it: next to Chinese text, punctuation is full-width (，：；？！（）), and a
// wrapped line never starts with one. Every string literal of the sources that holds Chinese is read here, so a
// new text cannot slip by; `:raw`-style commands and code keep their ASCII.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { wrap } from '../../src/views/width.js';
import { ROOT } from '../helpers.js';

const CJK = '[\\u3400-\\u9fff\\uf900-\\ufaff\\u3000-\\u303f\\uff00-\\uffef]';
const HAS_CJK = new RegExp(CJK);
/** A half-width mark touching Chinese; a colon that starts a `:command` is not one. */
const HALF = new RegExp(`(?<=${CJK})[,;?!()]|(?<=${CJK}):(?![a-z])|[,:;?!()](?=${CJK})`, 'g');
const LITERAL = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('zh-TW punctuation', () => {
  it('every Chinese string in src/ uses full-width punctuation next to Chinese', () => {
    const bad: string[] = [];
    let seen = 0;
    for (const file of sources(join(ROOT, 'src')))
      for (const m of readFileSync(file, 'utf8').matchAll(LITERAL)) {
        if (!HAS_CJK.test(m[0])) continue;
        seen++;
        for (const h of m[0].matchAll(HALF))
          bad.push(`${relative(ROOT, file)}: …${m[0].slice(Math.max(0, h.index - 12), h.index + 12)}…`);
      }
    // the sources hold hundreds of Chinese texts: the scan really reads them
    expect(seen).toBeGreaterThan(500);
    expect(bad).toEqual([]);
  });
  it('the lint itself catches a half-width comma, colon and parenthesis next to Chinese', () => {
    expect('路由,而'.match(HALF)).toHaveLength(1);
    expect('指令:raw'.match(HALF)).toBeNull();
    expect('指令:執行'.match(HALF)).toHaveLength(1);
    expect('位址(例如)'.match(HALF)).toHaveLength(2);
    expect('ndots:5，'.match(HALF)).toBeNull();
  });
  it('a wrapped Chinese line never starts with closing punctuation', () => {
    const s = '這是一段很長的說明文字，用來確認換行時不會讓逗號、句號或冒號跑到下一行的開頭。再來一句：結束。';
    for (const width of [8, 9, 10, 11, 12, 13, 17, 21])
      for (const line of wrap(s, width).slice(1)) expect(line, `width ${width}`).not.toMatch(/^[，。、：；？！）」]/);
  });
});
