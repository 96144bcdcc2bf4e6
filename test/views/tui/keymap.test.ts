// The keymap is the single source of keys: help and hint bar come from it, commands resolve through it.
import { describe, expect, it } from 'vitest';
import { KEYMAP, actionFor, helpLines, hintBar, parseCommand } from '../../../src/views/tui/keymap.js';
import { displayWidth } from '../../../src/views/width.js';

describe('keymap', () => {
  it('no key is bound twice, and every binding has help in both languages', () => {
    const keys = KEYMAP.flatMap((b) => b.keys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const b of KEYMAP) expect(b.help.en && b.help['zh-TW']).toBeTruthy();
  });
  it('help lists every binding with all of its keys', () => {
    for (const lang of ['en', 'zh-TW'] as const) {
      const text = helpLines(lang).join('\n');
      for (const b of KEYMAP) {
        expect(text).toContain(b.help[lang]);
        for (const k of b.keys) expect(text).toContain(k);
      }
    }
  });
  it('the hint bar fits 80 columns in both languages and always offers help and quit', () => {
    for (const lang of ['en', 'zh-TW'] as const) {
      const bar = hintBar(lang, 80);
      expect(displayWidth(bar)).toBeLessThanOrEqual(80);
      expect(bar).toMatch(/<\?> .*<q> /);
    }
    expect(hintBar('en', 32)).toBe('<↓/j> move  <?> help  <q> quit');
    expect(hintBar('en', 20)).toBe('<?> help  <q> quit');
  });
  it('keys and commands resolve to actions; unknown commands say which exist', () => {
    expect(actionFor('j')).toBe('down');
    expect(actionFor('C-c')).toBe('quit');
    expect(parseCommand(':nat')).toEqual({ action: 'viewNat' });
    expect(parseCommand('t')).toEqual({ action: 'viewTopology' });
    expect(parseCommand('routes 10.96.0.10')).toEqual({ action: 'viewRoutes', arg: '10.96.0.10' });
    expect(parseCommand('bogus')).toMatchObject({
      error: expect.stringMatching(/unknown command "bogus" \(findings, raw/),
    });
    // "d" is ambiguous between dns and demo: an error, not a guess
    expect(parseCommand('d')).toHaveProperty('error');
  });
});
