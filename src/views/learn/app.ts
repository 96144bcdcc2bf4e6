// The walkthrough UI: pick an exercise, meet the symptom, investigate with the material's commands (their real
// captured output), diagnose among plausible causes (a wrong pick gets a hint toward the evidence), and see the
// finding kube-netdiag reports with its proving lines, the fix and why it works. Progress is saved on solving.
import { type Lang, msg, otherLang, type Text, text } from '../../i18n/lang.js';
import { localize } from '../../analyzers/index.js';
import { CKA, EXERCISES, type Exercise } from '../../learn/exercises.js';
import { type Progress, loadProgress, recordWalkthrough, saveProgress } from '../../learn/progress.js';
import { type Walkthrough, judge, loadWalkthrough } from '../../learn/walkthrough.js';
import { wrap } from '../width.js';
import type { Term } from '../tui/adapter.js';
import { detailAllLines } from '../tui/panes/main.js';
import { type Painter, fit, painter, scrolled, windowOf } from '../tui/text.js';
import { type LearnAction, learnAction, learnHelp, learnHints } from './keymap.js';

export interface LearnOptions {
  lang: Lang;
  color: boolean;
  fixturesDir: string;
  progressPath: string;
  /** Open this exercise directly. */
  start?: string;
}

export interface LearnState {
  lang: Lang;
  screen: 'list' | 'walk';
  list: number;
  step: 0 | 1 | 2 | 3;
  focus: 'left' | 'right';
  tool: number;
  scroll: number;
  choice: number;
  wrong: number;
  looked: Set<number>;
  feedback?: string;
  solved: boolean;
  help: boolean;
}

const STEPS: Text[] = [
  text('Symptom', '症狀'),
  text('Investigate', '調查'),
  text('Diagnose', '診斷'),
  text('Reveal', '揭曉'),
];
const stars = (n: number): string => '★'.repeat(n) + '☆'.repeat(3 - n);
const LEVEL: Record<string, Text> = {
  low: text('low', '低'),
  medium: text('medium', '中'),
  high: text('high', '高'),
};

export interface LearnApp {
  done: Promise<void>;
  state: LearnState;
}

export function startLearn(term: Term, o: LearnOptions): LearnApp {
  const st: LearnState = {
    lang: o.lang,
    screen: 'list',
    list: 0,
    step: 0,
    focus: 'left',
    tool: 0,
    scroll: 0,
    choice: 0,
    wrong: 0,
    looked: new Set(),
    solved: false,
    help: false,
  };
  const p: Painter = painter(o.color);
  let progress: Progress = loadProgress(o.progressPath);
  let walk: Walkthrough | undefined;
  let loading = false;
  const header = term.pane(false);
  const left = term.pane(true);
  const right = term.pane(true);
  const help = term.pane(true);
  const bar = term.pane(false);
  let quit: () => void = () => {};
  const done = new Promise<void>((r) => (quit = r));

  const current = (): Exercise => EXERCISES[st.list]!;

  function open(e: Exercise): void {
    loading = true;
    st.screen = 'walk';
    Object.assign(st, {
      step: 0,
      focus: 'left',
      tool: 0,
      scroll: 0,
      choice: 0,
      wrong: 0,
      looked: new Set(),
      solved: false,
    });
    delete st.feedback;
    loadWalkthrough(e, o.fixturesDir, st.lang).then(
      (w) => {
        walk = w;
        loading = false;
        redraw();
      },
      (err: Error) => {
        loading = false;
        st.screen = 'list';
        st.feedback = err.message;
        redraw();
      },
    );
  }

  function listLines(width: number, height: number): string[] {
    const rows = EXERCISES.map((e) => {
      const pr = progress.exercises[e.id];
      const mark = `${pr?.walkthrough ? stars(pr.walkthrough.score) : '   '} ${pr?.labFixedAt ? '✓' : ' '}`;
      return `${mark} ${e.id}`;
    });
    const { top, items } = windowOf(rows, st.list, height);
    return items.map((r, i) => (top + i === st.list ? p('sel', fit(r, width)) : fit(r, width)));
  }

  function describe(e: Exercise, width: number): string[] {
    const lang = st.lang;
    const out = [p('bold', fit(e.title[lang], width)), ''];
    for (const l of wrap(e.story[lang], width)) out.push(fit(l, width));
    out.push('');
    out.push(
      fit(`${msg(lang, text('CKA relevance', 'CKA 重要性'))}: ${LEVEL[CKA[e.topic].level]![lang]} (${e.topic})`, width),
    );
    for (const l of wrap(CKA[e.topic].basis[lang], width)) out.push(p('dim', fit(l, width)));
    out.push('');
    out.push(fit(msg(lang, text('enter: start the walkthrough', 'enter:開始這個練習')), width));
    if (e.live) out.push(fit(`${msg(lang, text('live lab', '實機練習'))}: kube-netdiag lab up ${e.id}`, width));
    return out;
  }

  function rightLines(width: number): string[] {
    const lang = st.lang;
    if (!walk) return [fit(loading ? msg(lang, text('loading…', '載入中…')) : '', width)];
    const e = walk.exercise;
    if (st.step === 0) {
      const out: string[] = [];
      for (const l of wrap(e.story[lang], width)) out.push(fit(l, width));
      out.push('');
      out.push(p('bold', fit(`$ ${walk.symptom.command}`, width)));
      for (const l of walk.symptom.output.replace(/\n$/, '').split('\n')) out.push(fit(l, width));
      out.push(p('dim', fit(`(exit status ${walk.symptom.exitCode})`, width)));
      out.push('');
      out.push(fit(msg(lang, text('n: investigate with the commands of the material', 'n:用教材裡的指令調查')), width));
      return out;
    }
    if (st.step === 1) {
      const t = walk.tools[st.tool];
      if (!t) return [fit(msg(lang, text('no captured commands', '沒有擷取到的指令')), width)];
      const body = walk.snapshot.files.get(t.file) ?? '';
      return [
        p('bold', fit(`$ ${t.command}`, width)),
        ...body
          .replace(/\n$/, '')
          .split('\n')
          .map((l) => fit(l, width)),
      ];
    }
    if (st.step === 2) {
      const out = [
        fit(msg(lang, text('What is the cause? Pick one with enter.', '原因是什麼?用 enter 選一個。')), width),
        '',
      ];
      if (st.feedback)
        for (const l of wrap(st.feedback, width)) out.push(p(st.solved ? 'ok' : 'warning', fit(l, width)));
      return out;
    }
    const out: string[] = [];
    const sc = progress.exercises[e.id]?.walkthrough;
    out.push(
      p(
        'ok',
        fit(
          `${msg(lang, text('Score', '分數'))}: ${stars(Math.max(1, 3 - st.wrong))}  (${msg(lang, text('wrong picks', '選錯次數'))} ${st.wrong}, ${msg(lang, text('commands looked at', '看過的指令'))} ${st.looked.size}${sc ? `, ${msg(lang, text('best', '最佳'))} ${stars(sc.score)}` : ''})  ${msg(lang, text('tab + PgDn: read on', 'tab + PgDn:往下讀'))}`,
          width,
        ),
      ),
    );
    out.push('');
    if (walk.finding)
      out.push(
        ...detailAllLines(
          localize(walk.finding, lang),
          { report: walk.report, snapshot: walk.snapshot },
          lang,
          width,
          p,
        ),
      );
    else
      out.push(
        p(
          'critical',
          fit(
            msg(
              lang,
              text(
                `the analyzers did not report ${e.answer} on this capture`,
                `分析器沒有在這份擷取中回報 ${e.answer}`,
              ),
            ),
            width,
          ),
        ),
      );
    out.push('');
    out.push(p('title', fit(msg(lang, text('Why the fix works', '為什麼這樣修就好')), width, false)));
    for (const l of wrap(e.why[lang], width)) out.push(fit(l, width));
    if (e.live) {
      out.push('');
      out.push(
        fit(`${msg(lang, text('Now fix it for real', '接著實際修好它'))}: sudo kube-netdiag lab up ${e.id}`, width),
      );
    }
    return out;
  }

  function leftLines(width: number, height: number): string[] {
    const lang = st.lang;
    if (!walk || st.step === 0 || st.step === 3) {
      return STEPS.map((t) => t[lang]).map((s, i) => {
        const line = fit(`${i + 1}. ${s}`, width);
        return i === st.step ? p('sel', line) : i < st.step ? p('ok', line) : line;
      });
    }
    if (st.step === 1) {
      const rows = walk.tools.map((t, i) => `${st.looked.has(i) ? '✓' : ' '} ${t.command}`);
      const { top, items } = windowOf(rows, st.tool, height);
      return items.map((r, i) => (top + i === st.tool ? p('sel', fit(r, width)) : fit(r, width)));
    }
    return walk.choices.map((c, i) => {
      const line = fit(`${String.fromCharCode(97 + i)}) ${c.label}`, width);
      return i === st.choice ? p('sel', line) : line;
    });
  }

  function redraw(): void {
    const W = term.width;
    const H = term.height;
    const lang = st.lang;
    const leftW = Math.max(24, Math.min(48, Math.floor(W * 0.38)));
    header.place({ top: 0, left: 0, width: W, height: 1 });
    left.place({ top: 1, left: 0, width: leftW, height: H - 2 });
    right.place({ top: 1, left: leftW, width: W - leftW, height: H - 2 });
    bar.place({ top: H - 1, left: 0, width: W, height: 1 });
    help.place({ top: 2, left: 2, width: Math.max(10, W - 4), height: Math.max(5, H - 4) });
    const e = st.screen === 'walk' ? (walk?.exercise ?? current()) : current();
    if (st.screen === 'list') {
      const solved = EXERCISES.filter((x) => progress.exercises[x.id]?.walkthrough).length;
      header.setLines([
        fit(`kube-netdiag learn · ${solved}/${EXERCISES.length} ${msg(lang, text('done', '完成'))}`, W),
      ]);
      left.setLabel(msg(lang, text('Exercises', '練習')), true);
      left.setLines(listLines(left.inner().width, left.inner().height));
      right.setLabel(e.id, false);
      right.setLines(describe(e, right.inner().width).slice(0, right.inner().height));
    } else {
      header.setLines([
        fit(
          `kube-netdiag learn · ${e.title[lang]} · ${st.step + 1}/4 ${STEPS[st.step]![lang]} · CKA ${LEVEL[CKA[e.topic].level]![lang]}`,
          W,
        ),
      ]);
      left.setLabel(
        st.step === 1
          ? msg(lang, text('Commands', '指令'))
          : st.step === 2
            ? msg(lang, text('Causes', '原因'))
            : msg(lang, text('Steps', '步驟')),
        st.focus === 'left',
      );
      left.setLines(leftLines(left.inner().width, left.inner().height));
      right.setLabel(STEPS[st.step]![lang], st.focus === 'right');
      const all = rightLines(right.inner().width);
      st.scroll = Math.max(0, Math.min(st.scroll, all.length - right.inner().height));
      right.setLines(scrolled(all, st.scroll, right.inner().height));
    }
    if (st.help) {
      help.show();
      help.setLabel(msg(lang, text('Help', '說明')), true);
      help.setLines(learnHelp(lang).map((l) => fit(l, help.inner().width)));
    } else help.hide();
    bar.setLines([
      st.screen === 'list' && st.feedback ? p('warning', fit(st.feedback, W)) : p('dim', fit(learnHints(lang, W), W)),
    ]);
    term.render();
  }

  function solve(): void {
    const w = walk!;
    const pick = w.choices[st.choice]!;
    const verdict = judge(w.exercise, pick.id, st.lang);
    if (verdict.correct) {
      st.solved = true;
      st.feedback = msg(
        st.lang,
        text(
          `Right: ${pick.label}. n shows what kube-netdiag found.`,
          `答對了:${pick.label}。按 n 看 kube-netdiag 找到的證據。`,
        ),
      );
      progress = recordWalkthrough(loadProgress(o.progressPath), w.exercise.id, {
        wrong: st.wrong,
        looked: st.looked.size,
      });
      try {
        saveProgress(o.progressPath, progress);
      } catch (err) {
        st.feedback += ` (${msg(st.lang, text('progress not saved', '進度未保存'))}: ${(err as Error).message})`;
      }
    } else {
      st.wrong++;
      st.feedback = `${msg(st.lang, text('Not this one. Hint:', '不是這個。提示:'))} ${verdict.hint}`;
    }
  }

  function act(a: LearnAction): void {
    if (st.help && a !== 'help' && a !== 'quit') {
      st.help = false;
      return;
    }
    if (a === 'quit') {
      quit();
      return;
    }
    if (a === 'help') {
      st.help = !st.help;
      return;
    }
    if (a === 'lang') {
      st.lang = otherLang(st.lang);
      // texts of the finding and the choices come in the new language
      if (walk) open(walk.exercise);
      return;
    }
    if (st.screen === 'list') {
      if (a === 'up') st.list = Math.max(0, st.list - 1);
      if (a === 'down') st.list = Math.min(EXERCISES.length - 1, st.list + 1);
      if (a === 'enter' || a === 'next') open(current());
      return;
    }
    if (a === 'back') {
      st.screen = 'list';
      walk = undefined;
      delete st.feedback;
      return;
    }
    if (a === 'pane') {
      st.focus = st.focus === 'left' ? 'right' : 'left';
      return;
    }
    if (a === 'pageDown' || a === 'pageUp' || (st.focus === 'right' && (a === 'up' || a === 'down'))) {
      const d =
        a === 'pageDown'
          ? right.inner().height - 1
          : a === 'pageUp'
            ? -(right.inner().height - 1)
            : a === 'down'
              ? 1
              : -1;
      st.scroll = Math.max(0, st.scroll + d);
      return;
    }
    if (a === 'next' || a === 'prev') {
      if (a === 'next' && st.step === 2 && !st.solved) {
        st.feedback = msg(st.lang, text('Pick the cause first (enter).', '請先選出原因(enter)。'));
        return;
      }
      st.step = Math.max(0, Math.min(3, st.step + (a === 'next' ? 1 : -1))) as LearnState['step'];
      st.scroll = 0;
      st.focus = 'left';
      if (st.step === 1 && walk) st.looked.add(st.tool);
      return;
    }
    if (!walk) return;
    if (st.step === 1) {
      if (a === 'up' || a === 'down') {
        st.tool = Math.max(0, Math.min(walk.tools.length - 1, st.tool + (a === 'down' ? 1 : -1)));
        st.looked.add(st.tool);
        st.scroll = 0;
      }
      if (a === 'enter') st.focus = 'right';
    } else if (st.step === 2) {
      if (a === 'up' || a === 'down')
        st.choice = Math.max(0, Math.min(walk.choices.length - 1, st.choice + (a === 'down' ? 1 : -1)));
      if (a === 'enter' && !st.solved) solve();
    } else if (a === 'enter') act('next');
  }

  term.onKey((name) => {
    const a = learnAction(name);
    if (!a) return;
    act(a);
    redraw();
  });
  term.onResize(() => redraw());
  if (o.start) {
    const i = EXERCISES.findIndex((e) => e.id === o.start);
    if (i >= 0) {
      st.list = i;
      open(EXERCISES[i]!);
    }
  }
  redraw();
  return { done, state: st };
}
