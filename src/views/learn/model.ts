// The walkthrough UI's state and what its steps and update see, apart from blessed so they are tested directly.
import type { Lang } from '../../i18n/lang.js';
import type { Progress } from '../../learn/progress.js';
import type { Walkthrough } from '../../learn/walkthrough.js';
import type { Painter } from '../tui/text.js';

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
  looked: ReadonlySet<number>;
  feedback?: string;
  solved: boolean;
  help: boolean;
  /** Each exercise left with esc, as it was left: reopening it goes on from there. */
  saved?: Readonly<Record<number, WalkProgress>>;
}

/** What one exercise's walkthrough has come to. */
export type WalkProgress = Pick<
  LearnState,
  'step' | 'focus' | 'tool' | 'scroll' | 'choice' | 'wrong' | 'looked' | 'solved'
>;

/** A walkthrough's own progress as it starts: first step, nothing looked at, nothing picked. */
export function freshWalk(): WalkProgress {
  return { step: 0, focus: 'left', tool: 0, scroll: 0, choice: 0, wrong: 0, looked: new Set(), solved: false };
}

export function initialLearnState(lang: Lang): LearnState {
  return { lang, screen: 'list', list: 0, help: false, ...freshWalk() };
}

/** What a step draws from: the loaded walkthrough, the state, the saved progress, and its pane. */
export interface StepCtx {
  walk: Walkthrough;
  st: LearnState;
  progress: Progress;
  width: number;
  height: number;
  p: Painter;
}
