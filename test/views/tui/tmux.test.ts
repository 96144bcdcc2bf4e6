// The UI in a real terminal: tmux runs `kube-netdiag demo`, keys go in with send-keys, the screen comes back
// with capture-pane, and every step waits for text (never a fixed sleep).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../../src/collectors/runner.js';
import { ROOT } from '../../helpers.js';
import { exercise } from '../../../src/learn/exercises.js';
import { choicesOf } from '../../../src/learn/walkthrough.js';
import { tempDir } from '../../tmp.js';
import { KEYMAP } from '../../../src/views/tui/keymap.js';
import { analyzePath } from '../../../src/report.js';
import { localize } from '../../../src/analyzers/index.js';

/** Screen text with spacing and box lines taken out: a wrapped line reads as one again. */
const flat = (s: string): string => s.replace(/[\s│┌┐└┘─]+/g, '');

const tmux = await run(['tmux', '-V']);
const built = existsSync(join(ROOT, 'dist', 'bundle', 'cli', 'main.js'));
const why = !tmux.ok ? 'tmux is not installed' : !built ? 'dist/ is not built (npm run build)' : '';
if (why && process.env.CI === 'true') throw new Error(`CI=true but the tmux tests cannot run: ${why}`);
if (why) process.stderr.write(`\n[skip] test/views/tui/tmux: ${why}\n`);

// Each test runs its own tmux server (-L socket): a new session never races another server's exit.
const tx = (name: string, ...args: string[]) => run(['tmux', '-L', name, ...args]);
const sessions: string[] = [];
afterEach(async () => {
  for (const s of sessions.splice(0)) await tx(s, 'kill-server');
});

async function start(
  args: string,
  env = '',
  size: [number, number] = [100, 30],
): Promise<{
  name: string;
  screen: () => Promise<string>;
  waitFor: (re: RegExp) => Promise<string>;
  keys: (...k: string[]) => Promise<void>;
}> {
  const name = `knd-${randomBytes(3).toString('hex')}`;
  sessions.push(name);
  const cmd = `cd ${ROOT} && ${env} node bin/kube-netdiag ${args}; echo "EXIT=$?"; sleep 120`;
  const r = await tx(name, 'new-session', '-d', '-s', name, '-x', String(size[0]), '-y', String(size[1]), cmd);
  expect(r.ok, r.stderr).toBe(true);
  const screen = async () => (await tx(name, 'capture-pane', '-p', '-t', name)).stdout;
  return {
    name,
    screen,
    async waitFor(re) {
      let last = '';
      for (let i = 0; i < 300; i++) {
        last = await screen();
        if (re.test(last)) return last;
        await new Promise((res) => setTimeout(res, 50));
      }
      throw new Error(`timed out waiting for ${re} on screen:\n${last}`);
    },
    async keys(...k) {
      const r2 = await tx(name, 'send-keys', '-t', name, ...k);
      expect(r2.ok, r2.stderr).toBe(true);
    },
  };
}

describe.skipIf(!!why)(`the UI in tmux${why ? ` (skipped: ${why})` : ''}`, () => {
  it('demo: select a finding, see its evidence, :nat, :topology, :dns, filter, language, quit cleanly', async () => {
    const t = await start('demo', 'LANG=C.UTF-8');
    await t.waitFor(/Findings 5\/5/);
    await t.waitFor(/2 │ nameserver 192\.168\.1\.3/);
    // the second finding and its evidence
    await t.keys('j');
    await t.waitFor(/blue has no default route/);
    await t.waitFor(/hosts\/blue\/ip-route/);
    await t.keys(':', 'n', 'a', 't', 'Enter');
    await t.waitFor(/:nat /);
    await t.keys(':', 't', 'o', 'p', 'Enter');
    await t.waitFor(/┌─ bridge host:v-net-0 192\.168\.15\.5\/24/);
    await t.keys(':', 'd', 'n', 's', 'Enter');
    await t.waitFor(/looking up "example\.com"/);
    await t.keys('Escape');
    await t.waitFor(/Findings 5\/5/);
    await t.keys('/', 'm', 'a', 's', 'q', 'Enter');
    await t.waitFor(/Findings 1\/5 \/masq\//);
    await t.keys('l');
    await t.waitFor(/發現 1\/5/);
    await t.keys('q');
    const end = await t.waitFor(/EXIT=0/);
    // the alternate screen is gone: nothing of the UI is left on the terminal
    expect(end).not.toMatch(/Targets|目標|發現/);
  });
  it('SIGTERM while the UI is open: the terminal is restored and the exit code says so', async () => {
    const t = await start('demo', 'LANG=C.UTF-8');
    await t.waitFor(/Findings 5\/5/);
    const shell = (await tx(t.name, 'list-panes', '-t', t.name, '-F', '#{pane_pid}')).stdout.trim();
    const node = (await run(['pgrep', '-P', shell, 'node'])).stdout.trim().split('\n')[0]!;
    expect(node).toMatch(/^\d+$/);
    process.kill(Number(node), 'SIGTERM');
    const end = await t.waitFor(/EXIT=143/);
    expect(end).not.toMatch(/Targets|Findings/);
  });
  for (const [lang, env, words] of [
    [
      'English',
      'LC_ALL=C.UTF-8 LANG=C.UTF-8',
      {
        symptom: /1\/4 Symptom/,
        investigate: /2\/4 Investigate/,
        diagnose: /3\/4 Diagnose/,
        right: /Right:/,
        reveal: /4\/4 Reveal/,
        score: /Score: ★★★/,
      },
    ],
    [
      '繁體中文',
      'LC_ALL=zh_TW.UTF-8 LANG=zh_TW.UTF-8',
      {
        symptom: /1\/4 症狀/,
        investigate: /2\/4 調查/,
        diagnose: /3\/4 診斷/,
        right: /答對了/,
        reveal: /4\/4 揭曉/,
        score: /分數：★★★/,
      },
    ],
  ] as const) {
    it(`learn: a whole walkthrough in ${lang}, progress saved`, async () => {
      const xdg = tempDir('xdg-');
      const t = await start('learn no-masquerade', `${env} XDG_CONFIG_HOME=${xdg}`);
      await t.waitFor(words.symptom);
      await t.waitFor(/ping -n -c 1 -W 2 192\.168\.1\.3/);
      await t.keys('n');
      await t.waitFor(words.investigate);
      await t.keys('j', 'j');
      await t.waitFor(/^│.*\$ ip netns exec/m);
      await t.keys('n');
      await t.waitFor(words.diagnose);
      const at = choicesOf(exercise('no-masquerade')!, lang === 'English' ? 'en' : 'zh-TW').findIndex(
        (c) => c.id === 'masquerade-missing',
      );
      if (at > 0) await t.keys(...Array(at).fill('j'));
      await t.keys('Enter');
      await t.waitFor(words.right);
      await t.keys('n');
      await t.waitFor(words.reveal);
      await t.waitFor(words.score);
      await t.keys('q');
      await t.waitFor(/EXIT=0/);
      const saved = JSON.parse(readFileSync(join(xdg, 'kube-netdiag', 'learn.json'), 'utf8'));
      expect(saved.exercises['no-masquerade'].walkthrough.score).toBe(3);
    });
  }
  it('NO_COLOR at 80×24: every pane is there and the focused one is marked in brackets', async () => {
    const t = await start('demo', 'LANG=C.UTF-8 NO_COLOR=1');
    await tx(t.name, 'resize-window', '-t', t.name, '-x', '80', '-y', '24');
    const s = await t.waitFor(/\[Findings 5\/5\]/);
    expect(s).toMatch(/Targets/);
    expect(s).toMatch(/Detail/);
    expect(s.split('\n').filter((l) => l.length > 0).length).toBeLessThanOrEqual(24);
  });
  for (const size of [
    [80, 24],
    [120, 36],
  ] as [number, number][]) {
    it(`${size[0]}×${size[1]}: the whole fix and proving lines on screen (d), help with every key`, async () => {
      const report = (await analyzePath(join(ROOT, 'fixtures/demo'))).report;
      const f = localize(report.findings.find((x) => x.id === 'masquerade-missing')!, 'en');
      const t = await start('demo', 'LANG=C.UTF-8', size);
      await t.waitFor(/Findings 5\/5/);
      await t.keys('/', 'm', 'a', 's', 'q', 'Enter');
      await t.waitFor(/Findings 1\/5/);
      // describe it: the finding in full, scrolled page by page
      await t.keys('d');
      await t.waitFor(/Describe masquerade-missing/);
      const pages = async (n: number): Promise<string> => {
        // each page once it is drawn: the footer's line range changes with every PageDown
        let all = '';
        let footer = '';
        for (let i = 0; i < n; i++) {
          for (let k = 0; k < 40; k++) {
            const s = await t.screen();
            const f = /— \d+–\d+ of \d+/.exec(s)?.[0] ?? '';
            if (f !== footer || k === 39) {
              all += s;
              footer = f;
              break;
            }
            await new Promise((res) => setTimeout(res, 25));
          }
          // the last page is reached: its range ends at the total
          const m = /— \d+–(\d+) of (\d+)/.exec(footer);
          if (!m || m[1] === m[2]) break;
          await t.keys('PageDown');
        }
        return all;
      };
      const seen = await pages(8);
      for (const c of f.fix) expect(flat(seen)).toContain(flat(c));
      for (const e of f.evidence) expect(flat(seen)).toContain(flat(e.text));
      await t.keys('Escape');
      await t.waitFor(/Findings 1\/5/);
      await t.keys('?');
      await t.waitFor(/Keys/);
      const help = await pages(6);
      for (const b of KEYMAP) expect(flat(help)).toContain(flat(b.help.en));
      // escape then a key at once would read as alt+key: one at a time
      await t.keys('Escape');
      await t.waitFor(/Findings 1\/5/);
      await t.keys('q');
      await t.waitFor(/EXIT=0/);
    });
    it(`${size[0]}×${size[1]}: learn shows the highlighted cause in full`, async () => {
      const xdg = tempDir('xdg-');
      const t = await start('learn no-masquerade', `LANG=C.UTF-8 XDG_CONFIG_HOME=${xdg}`, size);
      await t.waitFor(/1\/4 Symptom/);
      await t.keys('n', 'n');
      await t.waitFor(/3\/4 Diagnose/);
      const choices = choicesOf(exercise('no-masquerade')!, 'en');
      const longest = choices.reduce((a, b) => (b.label.length > a.label.length ? b : a));
      const at = choices.indexOf(longest);
      if (at > 0) await t.keys(...Array(at).fill('j'));
      // the right pane follows the highlight: wait until it shows the whole label
      const right = (s: string) =>
        s
          .split('\n')
          .map((l) => l.split('││')[1] ?? '')
          .join('\n');
      let shown = '';
      for (let i = 0; i < 100 && !flat(right(shown)).includes(flat(longest.label)); i++) {
        shown = await t.screen();
        await new Promise((res) => setTimeout(res, 50));
      }
      expect(flat(right(shown)), shown).toContain(flat(longest.label));
      await t.keys('q');
      await t.waitFor(/EXIT=0/);
    });
  }
  it('a live session survives d: it describes, esc closes it, the session is still live', async () => {
    const t = await start('tui --local', 'LANG=C.UTF-8', [100, 30]);
    await t.waitFor(/\[live\]/);
    await t.waitFor(/Findings \d+\/\d+/);
    await t.keys('Tab', 'Tab', 'd');
    await t.waitFor(/Describe /);
    await t.keys('Escape');
    const back = await t.waitFor(/Findings \d+\/\d+/);
    expect(back).toMatch(/\[live\]/);
    expect(back).not.toMatch(/fixtures\/demo/);
    await t.keys('q');
    await t.waitFor(/EXIT=0/);
  });
});
