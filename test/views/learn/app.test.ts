// A whole walkthrough in-process, in both languages: list → symptom → investigate → diagnose (a wrong pick, its
// hint, the right pick) → reveal, and the score saved to the progress file.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CAUSES } from '../../../src/learn/causes.js';
import { exercise } from '../../../src/learn/exercises.js';
import { loadProgress } from '../../../src/learn/progress.js';
import { choicesOf } from '../../../src/learn/walkthrough.js';
import { type Term, createTerm } from '../../../src/views/tui/adapter.js';
import { type LearnApp, startLearn } from '../../../src/views/learn/app.js';
import { LEARN_KEYS, learnHints } from '../../../src/views/learn/keymap.js';
import { ROOT } from '../../helpers.js';
import { fakeTty } from '../tui/harness.js';
import { tempDir } from '../../tmp.js';

const SEQ: Record<string, string> = {
  enter: '\r',
  escape: '\x1b',
  tab: '\t',
  down: '\x1b[B',
  up: '\x1b[A',
  space: ' ',
};
let term: Term | undefined;
afterEach(() => {
  term?.destroy();
  term = undefined;
});

async function open(lang: 'en' | 'zh-TW', start?: string) {
  const tty = fakeTty(110, 34);
  term = createTerm({ input: tty.input, output: tty.output, color: true });
  const progressPath = join(tempDir('learn-'), 'learn.json');
  const app: LearnApp = startLearn(term, {
    lang,
    color: true,
    fixturesDir: join(ROOT, 'fixtures'),
    progressPath,
    ...(start ? { start } : {}),
  });
  const t = term;
  const keys = async (...ks: string[]) => {
    for (const k of ks) {
      tty.input.write(SEQ[k] ?? k);
      await new Promise((r) => setTimeout(r, 5));
    }
  };
  const until = async (re: RegExp) => {
    for (let i = 0; i < 300 && !re.test(t.text()); i++) await new Promise((r) => setTimeout(r, 10));
    expect(t.text()).toMatch(re);
  };
  return { app, keys, until, screen: () => t.text(), progressPath };
}

describe('a walkthrough', () => {
  it('English, no-masquerade: the whole path, a wrong pick first, then the finding and the saved score', async () => {
    const e = exercise('no-masquerade')!;
    const w = await open('en');
    await w.until(/kube-netdiag learn · 0\/19 done/);
    // choose the exercise from the list
    const idx = (await import('../../../src/learn/exercises.js')).EXERCISES.findIndex((x) => x.id === 'no-masquerade');
    await w.keys(...Array(idx).fill('j'), 'enter');
    await w.until(/1\/4 Symptom/);
    await w.until(/\$ ip netns exec blue ping -n -c 1 -W 2 192\.168\.1\.3/);
    expect(w.screen()).toMatch(/100% packet loss/);
    await w.keys('n');
    await w.until(/2\/4 Investigate/);
    // walk to the host's iptables-save (its commands under one heading), run it: its real output, byte for byte
    const tools = w.screen();
    expect(tools).toMatch(/ip netns exec host\b/);
    expect(tools).toMatch(/ {3}iptables-save/);
    while (
      !/^\$ ip netns exec host iptables-save/m.test(
        w
          .screen()
          .split('\n')
          .map((l) => l.split('││')[1] ?? '')
          .join('\n'),
      ) &&
      w.app.state.tool < 60
    )
      await w.keys('j');
    // moving the cursor is not looking: only running it is
    expect(w.app.state.looked.size).toBe(0);
    expect(w.screen()).toMatch(/enter: run it/);
    await w.keys('enter');
    expect(w.app.state.looked.size).toBe(1);
    await w.until(/:POSTROUTING ACCEPT/);
    await w.keys('n');
    await w.until(/3\/4 Diagnose/);
    // a wrong pick first: its hint points at evidence, not at the answer
    const choices = choicesOf(e, 'en');
    const wrongAt = choices.findIndex((c) => c.id === 'ip-forward-disabled');
    const rightAt = choices.findIndex((c) => c.id === 'masquerade-missing');
    await w.keys(...Array(wrongAt).fill('j'), 'enter');
    await w.until(/Not this one\. Hint:/);
    expect(w.screen().replace(/\s+/g, ' ')).toContain('sysctl net.ipv4.ip_forward');
    // the reveal cannot be reached before the right pick
    await w.keys('n');
    expect(w.app.state.step).toBe(2);
    await w.keys(...Array(Math.abs(rightAt - wrongAt)).fill(rightAt > wrongAt ? 'j' : 'k'), 'enter');
    await w.until(/Right: Nothing masquerades/);
    await w.keys('n');
    await w.until(/4\/4 Reveal/);
    expect(w.screen()).toMatch(/192\.168\.15\.0\/24 leaves host via eth0 without MASQUERADE/);
    expect(w.screen()).toMatch(/Score: ★★☆/);
    // read on: the proving lines, the fix, why it works, and the live lab
    await w.keys('tab', 'space', 'space', 'space');
    expect(w.screen()).toMatch(/Why the fix works/);
    expect(w.screen()).toMatch(/sudo kube-netdiag lab up no-masquerade/);
    expect(loadProgress(w.progressPath).exercises['no-masquerade']).toMatchObject({
      attempts: 1,
      walkthrough: { score: 2, wrong: 1 },
    });
  });
  it('繁體中文, a cluster case (kube-proxy-stale): every step in Chinese, the answer at the first try', async () => {
    const e = exercise('kube-proxy-stale')!;
    const w = await open('zh-TW', 'kube-proxy-stale');
    await w.until(/1\/4 症狀/);
    await w.until(/kubectl exec -n default client -- curl/);
    await w.keys('n', 'n');
    await w.until(/3\/4 診斷/);
    const at = choicesOf(e, 'zh-TW').findIndex((c) => c.id === 'service-not-programmed');
    await w.keys(...Array(at).fill('j'), 'enter');
    await w.until(/答對了/);
    await w.keys('n');
    await w.until(/4\/4 揭曉/);
    expect(w.screen()).toMatch(/分數：★★★/);
    await w.keys('tab', 'space', 'space', 'space');
    expect(w.screen()).toMatch(/為什麼這樣修就好/);
    expect(loadProgress(w.progressPath).exercises['kube-proxy-stale']!.walkthrough!.score).toBe(3);
    // l switches language in place
    await w.keys('l');
    await w.until(/4\/4 Reveal|1\/4 Symptom/);
  });
  it('the hint bar and help come from the learn keymap', async () => {
    const w = await open('en');
    expect(w.screen().split('\n').at(-1)!.trimEnd()).toBe(learnHints('en', 110));
    await w.keys('?');
    const flat = w.screen().replace(/[\s│]+/g, '');
    for (const k of LEARN_KEYS) expect(flat).toContain(k.help.en.replace(/\s+/g, ''));
    expect(Object.keys(CAUSES).length).toBeGreaterThan(10);
  });
});

describe('the walkthrough update is pure', () => {
  it('a new state for every key, the old one untouched; l switches language inside a walkthrough without reloading', async () => {
    const { initialLearnState } = await import('../../../src/views/learn/model.js');
    const { learnUpdate } = await import('../../../src/views/learn/update.js');
    const env = { walk: undefined, exercises: 19, page: 10 };
    const st = initialLearnState('en');
    const copy = structuredClone(st);
    const down = learnUpdate(st, 'down', env);
    expect(down.st).toMatchObject({ list: 1 });
    expect(st).toEqual(copy);
    const opened = learnUpdate(down.st, 'enter', env);
    expect(opened.effect).toEqual({ type: 'open', exercise: 1 });
    expect(opened.st).toMatchObject({ screen: 'walk', step: 0, solved: false });
    // switching language is not an effect: the loaded walkthrough stays, only the texts change
    expect(learnUpdate(opened.st, 'lang', env)).toEqual({ st: { ...opened.st, lang: 'zh-TW' } });
    expect(learnUpdate(opened.st, 'quit', env).effect).toEqual({ type: 'quit' });
  });
  it('esc goes back one level and an exercise left is taken up where it was; paging keys move the list', async () => {
    const { initialLearnState } = await import('../../../src/views/learn/model.js');
    const { learnUpdate } = await import('../../../src/views/learn/update.js');
    const env = { walk: undefined, exercises: 19, page: 10 };
    const st = initialLearnState('en');
    expect(learnUpdate(st, 'pageDown', env).st.list).toBe(10);
    expect(learnUpdate(st, 'bottom', env).st.list).toBe(18);
    expect(learnUpdate(learnUpdate(st, 'bottom', env).st, 'top', env).st.list).toBe(0);
    // in an exercise, on step 2, with one output run and the output pane focused
    const inside = { ...learnUpdate(st, 'enter', env).st, step: 1 as const, looked: new Set([3]), tool: 3 };
    const onOutput = { ...inside, focus: 'right' as const };
    const back1 = learnUpdate(onOutput, 'back', env).st;
    expect(back1).toMatchObject({ screen: 'walk', focus: 'left', step: 1 });
    const back2 = learnUpdate(back1, 'back', env).st;
    expect(back2.screen).toBe('list');
    // opened again: the same step, the same output looked at
    const again = learnUpdate(back2, 'enter', env).st;
    expect(again).toMatchObject({ screen: 'walk', step: 1, tool: 3 });
    expect([...again.looked]).toEqual([3]);
  });
});
