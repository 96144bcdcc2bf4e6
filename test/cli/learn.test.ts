// `learn` from the command line: the list with progress, an exercise as text without a terminal, the UI with one.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { EXERCISES } from '../../src/learn/exercises.js';
import { fakeIo } from '../cli-io.js';
import { tempDir } from '../tmp.js';
import { displayWidth } from '../../src/views/width.js';

const io = (tty: boolean, env: NodeJS.ProcessEnv) => fakeIo({ tty, env });

describe('learn', () => {
  it('--list: every exercise with its CKA relevance and the saved progress', async () => {
    const xdg = tempDir('xdg-');
    mkdirSync(join(xdg, 'kube-netdiag'));
    writeFileSync(
      join(xdg, 'kube-netdiag', 'learn.json'),
      JSON.stringify({
        version: 1,
        exercises: {
          'no-masquerade': {
            walkthrough: { score: 2, wrong: 1, looked: 3, at: '2026-11-26T10:00:00Z' },
            labFixedAt: '2026-11-26T11:00:00Z',
          },
        },
      }),
    );
    const t = io(false, { XDG_CONFIG_HOME: xdg });
    expect(await main(['learn', '--list'], { io: t.io })).toBe(0);
    expect(t.out()).toMatch(/\(1\/19 done;/);
    expect(t.out()).toMatch(/★★☆ {2}no-masquerade +CKA high +lab fixed +No egress: MASQUERADE is missing/);
    expect(
      t
        .out()
        .split('\n')
        .filter((l) => /^ {2}(---|★)/.test(l)),
    ).toHaveLength(EXERCISES.length);
  });
  it('--list --lang zh-TW: the columns line up by terminal cells, the title always at the same column', async () => {
    const t = io(false, { XDG_CONFIG_HOME: tempDir('xdg-') });
    expect(await main(['learn', '--list', '--lang', 'zh-TW'], { io: t.io })).toBe(0);
    const rows = t
      .out()
      .split('\n')
      .filter((l) => /^ {2}---/.test(l));
    expect(rows).toHaveLength(EXERCISES.length);
    // the cell where each exercise's title starts: after the id, the CKA level and the lab column
    const titleAt = rows.map((l, i) => {
      const title = EXERCISES[i]!.title['zh-TW'];
      return displayWidth(l.slice(0, l.lastIndexOf(title)));
    });
    expect(new Set(titleAt).size).toBe(1);
    expect(rows[0]).toMatch(/CKA (低|中|高)/);
  });
  it('an exercise without a terminal: the story, the real symptom, the commands and the choices', async () => {
    const t = io(false, { LANG: 'zh_TW.UTF-8' });
    expect(await main(['learn', 'nsswitch-no-dns'], { io: t.io })).toBe(0);
    expect(t.err()).toMatch(/not a terminal/);
    expect(t.out()).toMatch(/DNS 失敗：nsswitch.conf 從不詢問 DNS/);
    expect(t.out()).toMatch(/\$ ip netns exec blue ping -n -c 1 -W 2 web\.lab\.test\nping: web\.lab\.test: /);
    expect(t.out()).toMatch(/a\) .+\n {2}b\) .+\n {2}c\) .+\n {2}d\) /);
  });
  it('an unknown exercise is a usage error naming the ones there are', async () => {
    const t = io(false, {});
    expect(await main(['learn', 'nope'], { io: t.io })).toBe(2);
    expect(t.err()).toMatch(/unknown exercise "nope".*interface-down/);
  });
  it('on a terminal: the exercise list opens, q quits with 0', async () => {
    const t = io(true, { XDG_CONFIG_HOME: tempDir('xdg-') });
    const code = main(['learn'], { io: t.io });
    for (let i = 0; i < 200 && !t.out().includes('interface-down'); i++) await new Promise((r) => setTimeout(r, 10));
    t.stdin.write('q');
    expect(await code).toBe(0);
  });
});
