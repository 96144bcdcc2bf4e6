// The keymap is the single source of keys: help and hint bar come from it, commands resolve through it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEYMAP, actionFor, helpLines, hintBar, parseCommand } from '../../../src/views/tui/keymap.js';
import { initialState } from '../../../src/views/tui/model.js';
import { painter } from '../../../src/views/tui/text.js';
import { type UpdateEnv, submitPrompt, update } from '../../../src/views/tui/update.js';
import { VIEW_LIST } from '../../../src/views/tui/views/index.js';
import { displayWidth } from '../../../src/views/width.js';
import { ROOT } from '../../helpers.js';

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
    expect(parseCommand(':nat')).toEqual({ action: 'view:nat' });
    expect(parseCommand('to')).toEqual({ action: 'view:topology' });
    expect(parseCommand('tr red 10.0.0.1')).toEqual({ action: 'view:trace', arg: 'red 10.0.0.1' });
    expect(parseCommand('t')).toHaveProperty('error');
    expect(parseCommand('routes 10.96.0.10')).toEqual({ action: 'view:routes', arg: '10.96.0.10' });
    expect(parseCommand('bogus')).toMatchObject({
      error: expect.stringMatching(/unknown command "bogus" \(findings, raw/),
    });
    // "d" is ambiguous between dns and demo: an error, not a guess
    expect(parseCommand('d')).toHaveProperty('error');
  });
  it('every view module has its row in the registry (a module without one would be dead code)', () => {
    const dir = join(ROOT, 'src', 'views', 'tui', 'views');
    const modules = readdirSync(dir).filter((f) => readFileSync(join(dir, f), 'utf8').includes('= defineView({'));
    expect(modules.map((f) => f.replace(/\.ts$/, '')).sort()).toEqual(VIEW_LIST.map((v) => v.name).sort());
  });
  it('every view of the registry has its key, its `:` command and its line in the help, and nothing else does', () => {
    const viewKeys = KEYMAP.filter((b) => b.action.startsWith('view:'));
    expect(viewKeys.map((b) => b.action).sort()).toEqual(VIEW_LIST.map((v) => `view:${v.name}`).sort());
    for (const v of VIEW_LIST) {
      expect(actionFor(v.key)).toBe(`view:${v.name}`);
      expect(parseCommand(v.name)).toEqual({ action: `view:${v.name}` });
      expect(helpLines('en').join('\n')).toContain(`view :${v.name} (${v.help.en})`);
      expect(helpLines('zh-TW').join('\n')).toContain(v.help['zh-TW']);
    }
  });
});

describe('update is pure', () => {
  const env = (): UpdateEnv => ({ rows: [], shown: () => ({ count: 3 }), page: 5, ctx: () => undefined });
  it('returns a new state and leaves the old one as it was; effects are data, not done', () => {
    const st = initialState('en');
    const copy = structuredClone(st);
    const down = update(st, 'down', env());
    expect(down.st).not.toBe(st);
    expect(down.st.finding).toBe(1);
    expect(st).toEqual(copy);
    expect(update(st, 'export', env())).toEqual({ st, effect: { type: 'export', kind: 'md' } });
    expect(update(st, 'view:dns', env()).st).toMatchObject({ view: 'dns', focus: 'view' });
    expect(update(update(st, 'view:dns', env()).st, 'filter', env()).st.prompt).toEqual({ kind: 'name', text: '' });
    expect(update(st, 'lang', env()).st.lang).toBe('zh-TW');
  });
  it('a `:` command with an argument reaches the view that asked for it (`:routes 8.8.8.8`)', () => {
    const withCtx = (): UpdateEnv => ({
      ...env(),
      ctx: (s, name) => ({
        snap: {} as never,
        host: undefined,
        hostId: undefined,
        st: s,
        s: s.views[name],
        size: { width: 80, height: 20 },
        p: painter(false),
      }),
    });
    const st = { ...initialState('en'), prompt: { kind: 'command' as const, text: 'routes 8.8.8.8' } };
    const r = submitPrompt(st, withCtx());
    expect(r.st.view).toBe('routes');
    expect(r.st.views.routes.dest).toBe('8.8.8.8');
    expect(r.st.prompt).toBeUndefined();
  });
});
