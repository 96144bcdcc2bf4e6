// What every view of the terminal UI is: one module with its key, help, state, drawing and a pure update.
// The registry (index.ts) lists them; the keymap, the `:` commands and the help screen are generated from it.
import type { Text } from '../../../i18n/lang.js';
import type { Host, Snapshot } from '../../../snapshot/types.js';
import type { UiState } from '../model.js';
import type { Painter } from '../text.js';

export interface Size {
  width: number;
  height: number;
}

/** What a view sees: the snapshot, the host the targets pane points at, its own state, and where it draws. */
export interface ViewCtx<S> {
  snap: Snapshot;
  /** The host of the selected target (a pod's node for node-level views is decided by the caller). */
  host: Host | undefined;
  /** The host whose files :raw lists (undefined: the cluster objects). */
  hostId: string | undefined;
  st: UiState;
  s: S;
  size: Size;
  p: Painter;
}

/** What the controller asks a view to do; every other key is the controller's own. */
export type ViewMsg =
  | { type: 'move'; delta: number | 'top' | 'bottom' }
  | { type: 'item'; dir: 1 | -1 }
  | { type: 'enter' }
  | { type: 'submit'; text: string }
  | { type: 'nextMatch' }
  | { type: 'open'; file: string; line: number };

/** A view's answer: its next state, and a line for the message bar. */
export interface ViewUpdate<S> {
  s: S;
  message?: string;
}

export interface ViewModule<N extends string = string, S = unknown> {
  name: N;
  /** The key that opens it (the `:` command is its name). */
  key: string;
  help: Text;
  /** Its state when the UI starts. */
  init(): S;
  /** What `/` asks for in this view (the findings table filters). */
  prompt?: 'search' | 'dest' | 'name';
  /** The pane's lines; absent for the findings view, which is the main screen's table and detail. */
  draw?(ctx: ViewCtx<S>): string[];
  /** Pure: the next state for a message, no I/O. */
  update?(m: ViewMsg, ctx: ViewCtx<S>): ViewUpdate<S>;
}

// Define a view with its state type inferred from init().
export function defineView<const N extends string, S>(v: ViewModule<N, S>): ViewModule<N, S> {
  return v;
}

// Scroll by a delta, to the top, or to the end (clamped when drawn).
export function scrollBy(cur: number, delta: number | 'top' | 'bottom'): number {
  return Math.max(0, delta === 'top' ? 0 : delta === 'bottom' ? 1e9 : cur + delta);
}
