// One way to write a translated string: a Text ({en, zh-TW}) made with text(), turned into a string with msg().
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { coverageLine, detectLang, fill, msg, plural, text, wordsIn } from '../../src/i18n/lang.js';
import { ROOT } from '../helpers.js';

describe('src/i18n', () => {
  it('msg picks the language and fills placeholders; an unknown placeholder stays visible', () => {
    const t = text('{n} hosts on {node}', '{node} 上有 {n} 台主機');
    expect(msg('en', t, { n: 3, node: 'w1' })).toBe('3 hosts on w1');
    expect(msg('zh-TW', t, { n: 3, node: 'w1' })).toBe('w1 上有 3 台主機');
    expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
  it('plurals: English has two forms, Chinese one', () => {
    const w = { en: ['target', 'targets'] as [string, string], 'zh-TW': '個目標' };
    expect([0, 1, 2].map((n) => plural('en', n, w))).toEqual(['0 targets', '1 target', '2 targets']);
    expect(plural('zh-TW', 1, w)).toBe('1 個目標');
  });
  it('the coverage line in both languages', () => {
    expect(coverageLine({ collected: 3, total: 4, partial: 1 })).toBe('3 of 4 targets collected (1 partial)');
    expect(coverageLine({ collected: 1, total: 1, partial: 0 })).toBe('1 of 1 target collected');
    expect(coverageLine({ collected: 3, total: 4, partial: 1 }, 'zh-TW')).toBe('已擷取 3 / 4 個目標（1 個不完整）');
  });
  it('wordsIn gives a set of words in one language; detectLang reads --lang, then the locale', () => {
    expect(wordsIn('zh-TW', { ok: text('ok', '正常'), fails: text('FAILS', '失敗') })).toEqual({
      ok: '正常',
      fails: '失敗',
    });
    expect(detectLang(undefined, { LANG: 'zh_TW.UTF-8' })).toBe('zh-TW');
    expect(detectLang('en', { LANG: 'zh_TW.UTF-8' })).toBe('en');
    expect(detectLang(undefined, { LANG: 'zh_CN.UTF-8' })).toBe('en');
  });
  it("no source outside src/i18n picks a language with `lang === 'en' ? … : …`", () => {
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const f of readdirSync(d)) {
        const p = join(d, f);
        if (statSync(p).isDirectory()) walk(p);
        else if (p.endsWith('.ts') && !p.includes(`${join('src', 'i18n')}`)) files.push(p);
      }
    };
    walk(join(ROOT, 'src'));
    const offending = files.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .filter((l) => /=== 'en' \?|=== 'zh-TW' \?/.test(l))
        .map((l) => `${f}: ${l.trim()}`),
    );
    expect(offending).toEqual([]);
  });
});
