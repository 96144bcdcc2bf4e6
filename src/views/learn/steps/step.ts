// One step of a walkthrough is one module: its title, what its two panes show, and a pure update for the keys
// it owns (up/down/enter on the left pane). The registry (index.ts) gives their order and the step titles.
import type { Text } from '../../../i18n/lang.js';
import type { Walkthrough } from '../../../learn/walkthrough.js';
import type { LearnState, StepCtx } from '../model.js';

/** What the controller must do after a step's update (the update itself does no I/O). */
export type StepEffect = { type: 'judge' };

export interface StepModule {
  title: Text;
  /** The left pane's label, when it is not the list of steps. */
  leftLabel?: Text;
  /** The left pane; absent: the list of steps. */
  left?(ctx: StepCtx): string[];
  right(ctx: StepCtx): string[];
  /** Pure: up/down/enter on the left pane. */
  update?(st: LearnState, key: 'up' | 'down' | 'enter', walk: Walkthrough): { st: LearnState; effect?: StepEffect };
}
