// The walkthrough UI: pick an exercise, meet the symptom, investigate with the material's commands (their real
// captured output), diagnose among plausible causes (a wrong pick gets a hint toward the evidence), and see the
// finding kube-netdiag reports with its proving lines, the fix and why it works. Progress is saved on solving.
// The controller: layout and drawing here, steps in ./steps/, key handling in the pure ./update.ts.
import { LEVEL } from '../../learn/exercise-kit.js';
import { type Lang, msg, text, colon } from '../../i18n/lang.js';
import { CKA, EXERCISES, type Exercise } from '../../learn/exercises.js';
import { type Progress, loadProgress, recordWalkthrough, saveProgress } from '../../learn/progress.js';
import { type Walkthrough, choicesOf, judge, loadWalkthrough } from '../../learn/walkthrough.js';
import { wrap } from '../width.js';
import type { Term } from '../tui/adapter.js';
import { helpOverlay } from '../tui/panes/main.js';
import { type Painter, fit, painter, scrolled, windowOf } from '../tui/text.js';
import { learnAction, learnHelp, learnHints } from './keymap.js';
import { initialLearnState, type LearnState, type StepCtx } from './model.js';
import { stars } from './steps/reveal.js';
import { STEPS } from './steps/index.js';
import { type LearnEffect, learnUpdate, opening } from './update.js';

export type { LearnState } from './model.js';

/** Where progress is kept: a port, so tests and other hosts can keep it elsewhere. */
export interface ProgressPort {
  load(): Progress;
  save(p: Progress): void;
}

export interface LearnOptions {
  lang: Lang;
  color: boolean;
  fixturesDir: string;
  progressPath: string;
  /** Default: the progress file at progressPath. */
  progress?: ProgressPort;
  /** Open this exercise directly. */
  start?: string;
}

export interface LearnApp {
  done: Promise<void>;
  /** The current state (a new object after every key). */
  readonly state: LearnState;
}

export function startLearn(term: Term, o: LearnOptions): LearnApp {
  let st = initialLearnState(o.lang);
  const store: ProgressPort = o.progress ?? {
    load: () => loadProgress(o.progressPath),
    save: (x) => saveProgress(o.progressPath, x),
  };
  const p: Painter = painter(o.color);
  let progress: Progress = store.load();
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
    const level = `${LEVEL[CKA[e.topic].level]![lang]} (${e.topic})`;
    out.push('', fit(`${msg(lang, text('CKA relevance', 'CKA 重要性'))}${colon(lang)}${level}`, width));
    for (const l of wrap(CKA[e.topic].basis[lang], width)) out.push(p('dim', fit(l, width)));
    out.push('', fit(msg(lang, text('enter: start the walkthrough', 'enter：開始這個練習')), width));
    if (e.live)
      out.push(fit(`${msg(lang, text('live lab', '實機練習'))}${colon(lang)}kube-netdiag lab up ${e.id}`, width));
    return out;
  }

  // The list of steps, the current one marked (the left pane of steps without a list of their own).
  const stepList = (width: number): string[] =>
    STEPS.map((s, i) => {
      const line = fit(`${i + 1}. ${s.title[st.lang]}`, width);
      return i === st.step ? p('sel', line) : i < st.step ? p('ok', line) : line;
    });

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
      const s = STEPS[st.step]!;
      const level = LEVEL[CKA[e.topic].level]![lang];
      header.setLines([
        fit(
          `kube-netdiag learn · ${e.title[lang]} · ${st.step + 1}/${STEPS.length} ${s.title[lang]} · CKA ${level}`,
          W,
        ),
      ]);
      left.setLabel(msg(lang, s.leftLabel && walk ? s.leftLabel : text('Steps', '步驟')), st.focus === 'left');
      right.setLabel(s.title[lang], st.focus === 'right');
      if (!walk) {
        left.setLines(stepList(left.inner().width));
        right.setLines([fit(loading ? msg(lang, text('loading…', '載入中…')) : '', right.inner().width)]);
      } else {
        const ctx = (width: number, height: number): StepCtx => ({ walk: walk!, st, progress, width, height, p });
        left.setLines(s.left ? s.left(ctx(left.inner().width, left.inner().height)) : stepList(left.inner().width));
        const all = s.right(ctx(right.inner().width, right.inner().height));
        st = { ...st, scroll: Math.max(0, Math.min(st.scroll, all.length - right.inner().height)) };
        right.setLines(scrolled(all, st.scroll, right.inner().height));
      }
    }
    if (st.help) {
      help.show();
      help.setLabel(msg(lang, text('Help', '說明')), true);
      help.setLines(helpOverlay(lang, help.inner(), 0, learnHelp(lang)));
    } else help.hide();
    bar.setLines([
      st.screen === 'list' && st.feedback ? p('warning', fit(st.feedback, W)) : p('dim', fit(learnHints(lang, W), W)),
    ]);
    term.render();
  }

  // Load an exercise's walkthrough from its fixture (the only reading this UI does).
  function open(index: number): void {
    loading = true;
    walk = undefined;
    loadWalkthrough(EXERCISES[index]!, o.fixturesDir, st.lang).then(
      (w) => {
        walk = w;
        loading = false;
        redraw();
      },
      (err: Error) => {
        loading = false;
        st = { ...st, screen: 'list', feedback: err.message };
        redraw();
      },
    );
  }

  // Judge the pick; a right one is recorded in the progress file.
  function judgePick(): void {
    const w = walk!;
    const pick = choicesOf(w.exercise, st.lang)[st.choice]!;
    const verdict = judge(w.exercise, pick.id, st.lang);
    if (!verdict.correct) {
      const hint = `${msg(st.lang, text('Not this one. Hint:', '不是這個。提示：'))} ${verdict.hint}`;
      st = { ...st, wrong: st.wrong + 1, feedback: hint };
      return;
    }
    const right = text(
      `Right: ${pick.label}. n shows what kube-netdiag found.`,
      `答對了：${pick.label}。按 n 看 kube-netdiag 找到的證據。`,
    );
    let feedback = msg(st.lang, right);
    progress = recordWalkthrough(store.load(), w.exercise.id, { wrong: st.wrong, looked: st.looked.size });
    try {
      store.save(progress);
    } catch (err) {
      feedback += ` (${msg(st.lang, text('progress not saved', '進度未保存'))}${colon(st.lang)}${(err as Error).message})`;
    }
    st = { ...st, solved: true, feedback };
  }

  function run(effect: LearnEffect | undefined): void {
    if (!effect) return;
    if (effect.type === 'quit') quit();
    else if (effect.type === 'open') open(effect.exercise);
    else if (effect.type === 'judge' && walk) judgePick();
  }

  term.onKey((name) => {
    const a = learnAction(name);
    if (!a) return;
    const r = learnUpdate(st, a, { walk, exercises: EXERCISES.length, page: right.inner().height - 1 });
    st = r.st;
    if (st.screen === 'list') walk = undefined;
    run(r.effect);
    redraw();
  });
  term.onResize(() => redraw());
  if (o.start) {
    const i = EXERCISES.findIndex((e) => e.id === o.start);
    if (i >= 0) {
      st = opening(st, i);
      open(i);
    }
  }
  redraw();
  return {
    done,
    get state() {
      return st;
    },
  };
}
