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

const tmux = await run(['tmux', '-V']);
const built = existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js'));
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
): Promise<{
  name: string;
  screen: () => Promise<string>;
  waitFor: (re: RegExp) => Promise<string>;
  keys: (...k: string[]) => Promise<void>;
}> {
  const name = `knd-${randomBytes(3).toString('hex')}`;
  sessions.push(name);
  const cmd = `cd ${ROOT} && ${env} node bin/kube-netdiag ${args}; echo "EXIT=$?"; sleep 120`;
  const r = await tx(name, 'new-session', '-d', '-s', name, '-x', '100', '-y', '30', cmd);
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
});
