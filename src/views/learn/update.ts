// The walkthrough UI's pure update: (state, key action) → next state and at most one effect (open an exercise,
// judge the pick, quit) for the controller; keys inside a step go to that step's own update.
import { msg, otherLang, text } from '../../i18n/lang.js';
import type { Walkthrough } from '../../learn/walkthrough.js';
import type { LearnAction } from './keymap.js';
import { freshWalk, type LearnState } from './model.js';
import { STEPS } from './steps/index.js';

export type LearnEffect = { type: 'open'; exercise: number } | { type: 'judge' } | { type: 'quit' };

export interface LearnEnv {
  /** The loaded walkthrough, if one is open. */
  walk: Walkthrough | undefined;
  exercises: number;
  /** Rows the output pane scrolls by a page. */
  page: number;
}

// The state as an exercise opens: first step, nothing looked at, nothing picked.
export function opening(st: LearnState, exercise: number): LearnState {
  const { feedback: _, ...rest } = st;
  return { ...rest, screen: 'walk', list: exercise, ...freshWalk() };
}

const step = (st: LearnState, to: number, walk: Walkthrough | undefined): LearnState => {
  const s = Math.max(0, Math.min(STEPS.length - 1, to)) as LearnState['step'];
  const looked = s === 1 && walk ? new Set([...st.looked, st.tool]) : st.looked;
  return { ...st, step: s, scroll: 0, focus: 'left', looked };
};

export function learnUpdate(st: LearnState, a: LearnAction, env: LearnEnv): { st: LearnState; effect?: LearnEffect } {
  if (st.help && a !== 'help' && a !== 'quit') return { st: { ...st, help: false } };
  if (a === 'quit') return { st, effect: { type: 'quit' } };
  if (a === 'help') return { st: { ...st, help: !st.help } };
  if (a === 'lang') return { st: { ...st, lang: otherLang(st.lang) } };
  if (st.screen === 'list') {
    if (a === 'up') return { st: { ...st, list: Math.max(0, st.list - 1) } };
    if (a === 'down') return { st: { ...st, list: Math.min(env.exercises - 1, st.list + 1) } };
    if (a === 'enter' || a === 'next') return { st: opening(st, st.list), effect: { type: 'open', exercise: st.list } };
    return { st };
  }
  if (a === 'back') {
    const { feedback: _, ...rest } = st;
    return { st: { ...rest, screen: 'list' } };
  }
  if (a === 'pane') return { st: { ...st, focus: st.focus === 'left' ? 'right' : 'left' } };
  if (a === 'pageDown' || a === 'pageUp' || (st.focus === 'right' && (a === 'up' || a === 'down'))) {
    const d = a === 'pageDown' ? env.page : a === 'pageUp' ? -env.page : a === 'down' ? 1 : -1;
    return { st: { ...st, scroll: Math.max(0, st.scroll + d) } };
  }
  if (a === 'next' || a === 'prev') {
    if (a === 'next' && st.step === 2 && !st.solved)
      return { st: { ...st, feedback: msg(st.lang, text('Pick the cause first (enter).', '請先選出原因(enter)。')) } };
    return { st: step(st, st.step + (a === 'next' ? 1 : -1), env.walk) };
  }
  const walk = env.walk;
  if (!walk || (a !== 'up' && a !== 'down' && a !== 'enter')) return { st };
  const own = STEPS[st.step]!.update;
  // a step without keys of its own goes on with enter
  if (!own) return { st: a === 'enter' ? step(st, st.step + 1, walk) : st };
  return own(st, a, walk);
}
