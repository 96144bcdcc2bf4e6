// The walkthrough UI's pure update: (state, key action) → next state and at most one effect (open an exercise,
// judge the pick, quit) for the controller; keys inside a step go to that step's own update.
import { msg, otherLang, text } from '../../i18n/lang.js';
import type { Walkthrough } from '../../learn/walkthrough.js';
import type { LearnAction } from './keymap.js';
import { freshWalk, type LearnState, type WalkProgress } from './model.js';
import { STEPS } from './steps/index.js';

export type LearnEffect = { type: 'open'; exercise: number } | { type: 'judge' } | { type: 'quit' };

export interface LearnEnv {
  /** The loaded walkthrough, if one is open. */
  walk: Walkthrough | undefined;
  exercises: number;
  /** Rows the output pane scrolls by a page. */
  page: number;
}

// The state as an exercise opens: where it was left, else first step, nothing looked at, nothing picked.
export function opening(st: LearnState, exercise: number): LearnState {
  const { feedback: _, ...rest } = st;
  return { ...rest, screen: 'walk', list: exercise, ...(st.saved?.[exercise] ?? freshWalk()) };
}

// Back to the list of exercises, keeping this one's progress for when it is opened again.
function leave(st: LearnState): LearnState {
  const { feedback: _, ...rest } = st;
  const { step, tool, choice, wrong, looked, solved } = st;
  const kept: WalkProgress = { step, focus: 'left', tool, scroll: 0, choice, wrong, looked, solved };
  return { ...rest, screen: 'list', saved: { ...st.saved, [st.list]: kept } };
}

const step = (st: LearnState, to: number): LearnState => {
  const s = Math.max(0, Math.min(STEPS.length - 1, to)) as LearnState['step'];
  return { ...st, step: s, scroll: 0, focus: 'left' };
};

export function learnUpdate(st: LearnState, a: LearnAction, env: LearnEnv): { st: LearnState; effect?: LearnEffect } {
  if (st.help && a !== 'help' && a !== 'quit') return { st: { ...st, help: false } };
  if (a === 'quit') return { st, effect: { type: 'quit' } };
  if (a === 'help') return { st: { ...st, help: !st.help } };
  if (a === 'lang') return { st: { ...st, lang: otherLang(st.lang) } };
  if (st.screen === 'list') {
    const to = (n: number) => ({ st: { ...st, list: Math.max(0, Math.min(env.exercises - 1, n)) } });
    if (a === 'up') return to(st.list - 1);
    if (a === 'down') return to(st.list + 1);
    if (a === 'pageUp') return to(st.list - env.page);
    if (a === 'pageDown') return to(st.list + env.page);
    if (a === 'top') return to(0);
    if (a === 'bottom') return to(env.exercises - 1);
    if (a === 'enter' || a === 'next') return { st: opening(st, st.list), effect: { type: 'open', exercise: st.list } };
    return { st };
  }
  // esc goes back one level: the output pane to the list beside it, then the exercise to the list of exercises
  if (a === 'back') return { st: st.focus === 'right' ? { ...st, focus: 'left' } : leave(st) };
  if (a === 'pane') return { st: { ...st, focus: st.focus === 'left' ? 'right' : 'left' } };
  if (a === 'top') return { st: { ...st, scroll: 0 } };
  if (a === 'bottom') return { st: { ...st, scroll: 1e9 } };
  if (a === 'pageDown' || a === 'pageUp' || (st.focus === 'right' && (a === 'up' || a === 'down'))) {
    const d = a === 'pageDown' ? env.page : a === 'pageUp' ? -env.page : a === 'down' ? 1 : -1;
    return { st: { ...st, scroll: Math.max(0, st.scroll + d) } };
  }
  if (a === 'next' || a === 'prev') {
    if (a === 'next' && st.step === 2 && !st.solved)
      return {
        st: { ...st, feedback: msg(st.lang, text('Pick the cause first (enter).', '請先選出原因（enter）。')) },
      };
    return { st: step(st, st.step + (a === 'next' ? 1 : -1)) };
  }
  const walk = env.walk;
  if (!walk || (a !== 'up' && a !== 'down' && a !== 'enter')) return { st };
  const own = STEPS[st.step]!.update;
  // a step without keys of its own goes on with enter
  if (!own) return { st: a === 'enter' ? step(st, st.step + 1) : st };
  return own(st, a, walk);
}
