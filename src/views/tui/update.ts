// The terminal UI's pure update: (state, action) → next state and at most one effect for the controller to run
// (write a file, collect, quit). Keys a view owns are passed to that view's own update (src/views/tui/views/).
import { otherLang } from '../../i18n/lang.js';
import type { Action } from './keymap.js';
import { completeCommand, parseCommand } from './keymap.js';
import { clamp, type Focus, type TargetRow, type UiState } from './model.js';
import { type ViewName, VIEWS, viewOf } from './views/index.js';
import type { ViewCtx, ViewMsg } from './views/view.js';

/** What the controller does after an update; the update itself never does I/O. */
export type Effect =
  | { type: 'export'; kind: 'md' | 'json'; file?: string }
  | { type: 'yank' }
  | { type: 'recollect' }
  | { type: 'demo' }
  | { type: 'quit' };

/** What an update may look at besides the state: derived from data the controller holds. */
export interface UpdateEnv {
  rows: TargetRow[];
  /** Findings shown in the table for the current target and filter, for a state. */
  shown(st: UiState): { count: number; error?: string };
  /** Rows of the focused pane that fit on one page. */
  page: number;
  /** A view's context (undefined without data). */
  ctx(st: UiState, name: ViewName): ViewCtx<unknown> | undefined;
  /** The selected finding's first evidence line. */
  evidence?: { source: string; line: number };
}

export interface Updated {
  st: UiState;
  effect?: Effect;
}

// A message to the current view's own update; its message (if any) goes to the message bar.
function toView(st: UiState, m: ViewMsg, env: UpdateEnv, name: ViewName = st.view): UiState {
  const view = viewOf(name);
  const ctx = env.ctx(st, name);
  if (!view.update || !ctx) return st;
  const r = view.update(m, ctx);
  return { ...st, views: { ...st.views, [name]: r.s }, ...(r.message ? { message: r.message } : {}) };
}

const setView = (st: UiState, v: ViewName): UiState => ({
  ...st,
  view: v,
  focus: v === 'findings' ? 'findings' : 'view',
});

// Move the cursor or scroll of the focused pane.
function move(st: UiState, delta: number | 'top' | 'bottom', env: UpdateEnv): UiState {
  const apply = (cur: number, n: number): number =>
    clamp(delta === 'top' ? 0 : delta === 'bottom' ? n - 1 : cur + delta, Math.max(1, n));
  if (st.focus === 'targets') {
    const raw = { ...st.views.raw, file: 0, scroll: 0 };
    const nat = { ...st.views.nat, cursor: 0 };
    return {
      ...st,
      target: apply(st.target, env.rows.length),
      finding: 0,
      detailScroll: 0,
      views: { ...st.views, raw, nat },
    };
  }
  if (st.focus === 'findings') return { ...st, finding: apply(st.finding, env.shown(st).count), detailScroll: 0 };
  if (st.focus === 'detail')
    return {
      ...st,
      detailScroll: Math.max(0, delta === 'top' ? 0 : delta === 'bottom' ? 1e9 : st.detailScroll + delta),
    };
  return toView(st, { type: 'move', delta }, env);
}

// The state after one action, and what the controller must do.
export function update(st0: UiState, a: Action, env: UpdateEnv): Updated {
  const { message: _, ...st } = st0;
  // while an overlay is open, the moving keys scroll it (the drawing clamps it to the text)
  if (st.overlay) {
    const at = st.overlayScroll ?? 0;
    const to: Partial<Record<Action, number>> = {
      up: at - 1,
      down: at + 1,
      pageUp: at - env.page,
      pageDown: at + env.page,
      top: 0,
      bottom: 1e9,
    };
    if (to[a] !== undefined) return { st: { ...st, overlayScroll: Math.max(0, Math.min(to[a]!, 1e9)) } };
  }
  if (a.startsWith('view:')) return { st: setView(st, a.slice(5) as ViewName) };
  switch (a) {
    case 'up':
      return { st: move(st, -1, env) };
    case 'down':
      return { st: move(st, 1, env) };
    case 'pageUp':
      return { st: move(st, -env.page, env) };
    case 'pageDown':
      return { st: move(st, env.page, env) };
    case 'top':
      return { st: move(st, 'top', env) };
    case 'bottom':
      return { st: move(st, 'bottom', env) };
    case 'prevItem':
    case 'nextItem':
      return { st: toView(st, { type: 'item', dir: a === 'nextItem' ? 1 : -1 }, env) };
    case 'nextPane':
    case 'prevPane': {
      const order: Focus[] = st.view === 'findings' ? ['targets', 'findings', 'detail'] : ['targets', 'view'];
      const i = Math.max(0, order.indexOf(st.focus));
      return { st: { ...st, focus: order[(i + (a === 'nextPane' ? 1 : order.length - 1)) % order.length]! } };
    }
    case 'enter':
      if (st.focus === 'targets') return { st: { ...st, focus: st.view === 'findings' ? 'findings' : 'view' } };
      if (st.focus === 'findings') return { st: { ...st, focus: 'detail' } };
      if (st.focus === 'detail') return { st: openEvidence(st, env) };
      return { st: toView(st, { type: 'enter' }, env) };
    case 'back':
      if (st.overlay) {
        const { overlay: _o, ...rest } = st;
        return { st: rest };
      }
      if (st.view !== 'findings') return { st: setView(st, 'findings') };
      // a filter is the first thing esc takes away
      if (st.filter) return { st: { ...st, filter: '', finding: 0 } };
      if (st.focus === 'detail') return { st: { ...st, focus: 'findings' } };
      if (st.focus === 'findings') return { st: { ...st, focus: 'targets' } };
      return { st: { ...st, filter: '' } };
    case 'filter':
      return {
        st: {
          ...st,
          prompt: { kind: viewOf(st.view).prompt ?? 'filter', text: st.view === 'findings' ? st.filter : '' },
        },
      };
    case 'command':
      return { st: { ...st, prompt: { kind: 'command', text: '' } } };
    case 'nextMatch':
      return { st: toView(st, { type: 'nextMatch' }, env) };
    case 'sortSeverity':
    case 'sortId':
    case 'sortTarget': {
      const by = a === 'sortSeverity' ? 'severity' : a === 'sortId' ? 'id' : 'target';
      const desc = st.sort?.by === by ? !st.sort.desc : false;
      return { st: { ...st, sort: { by, desc }, finding: 0 } };
    }
    case 'help':
    case 'commands':
    case 'describe': {
      const want = a;
      if (st.overlay !== want) return { st: { ...st, overlay: want, overlayScroll: 0 } };
      const { overlay: _o, ...rest } = st;
      return { st: rest };
    }
    case 'export':
      return { st, effect: { type: 'export', kind: 'md' } };
    case 'exportJson':
      return { st, effect: { type: 'export', kind: 'json' } };
    case 'yank':
      return { st, effect: { type: 'yank' } };
    case 'lang':
      return { st: { ...st, lang: otherLang(st.lang) } };
    case 'recollect':
      return { st, effect: { type: 'recollect' } };
    case 'demo':
      return { st, effect: { type: 'demo' } };
    case 'quit':
      return { st, effect: { type: 'quit' } };
    default:
      return { st };
  }
}

// A key typed while the prompt is open: the text edited, and whether to submit it or quit. The findings filter
// applies as it is typed and esc takes it away again (k9s); tab completes a `:` command or lists the candidates.
export function promptKey(st: UiState, name: string): { st: UiState; next?: 'submit' | 'quit' } {
  const pr = st.prompt!;
  const live = pr.kind === 'filter' && st.view === 'findings';
  const edit = (t: string): { st: UiState } => {
    const { message: _m, ...rest } = st;
    return { st: { ...rest, prompt: { ...pr, text: t }, ...(live ? { filter: t, finding: 0 } : {}) } };
  };
  if (name === 'escape') {
    const { prompt: _, ...rest } = st;
    return { st: live ? { ...rest, filter: '', finding: 0 } : rest };
  }
  if (name === 'enter') return { st, next: 'submit' };
  if (name === 'C-c') return { st, next: 'quit' };
  if (name === 'tab' && pr.kind === 'command') {
    const c = completeCommand(pr.text);
    if (c.text !== pr.text) return edit(c.text);
    return c.candidates.length > 1 ? { st: { ...st, message: c.candidates.join('  ') } } : { st };
  }
  if (name === 'backspace') return edit(pr.text.slice(0, -1));
  if (name === 'space') return edit(`${pr.text} `);
  if ([...name].length === 1) return edit(pr.text + name);
  return { st };
}

// The prompt's text was entered: filter the table, hand it to the view that asked, or run a `:` command.
export function submitPrompt(st0: UiState, env: UpdateEnv): Updated {
  const { prompt, ...st } = st0;
  if (!prompt) return { st };
  if (prompt.kind === 'filter') {
    const next = { ...st, filter: prompt.text, finding: 0 };
    const err = env.shown(next).error;
    return { st: err ? { ...next, message: err } : next };
  }
  if (prompt.kind !== 'command') return { st: toView(st, { type: 'submit', text: prompt.text }, env) };
  const c = parseCommand(prompt.text);
  if ('error' in c) return { st: { ...st, message: c.error } };
  if ((c.action === 'export' || c.action === 'exportJson') && c.arg)
    return {
      st,
      effect: {
        type: 'export',
        kind: c.arg.endsWith('.json') || c.action === 'exportJson' ? 'json' : 'md',
        file: c.arg,
      },
    };
  const r = update(st, c.action, env);
  // `:routes 8.8.8.8`, `:dns NAME`: the argument is what / would have asked for in that view
  if (c.arg && c.action.startsWith('view:') && viewOf(r.st.view).prompt)
    return { ...r, st: toView(r.st, { type: 'submit', text: c.arg }, env) };
  return r;
}

// Open :raw at the first evidence line of the selected finding, on that host's row.
function openEvidence(st: UiState, env: UpdateEnv): UiState {
  const ev = env.evidence;
  if (!ev) return st;
  const m = /^hosts\/([^/]+)\//.exec(ev.source);
  const r = m ? env.rows.findIndex((x) => x.host === m[1]) : -1;
  const moved = setView(r >= 0 ? { ...st, target: r } : st, 'raw');
  return toView(moved, { type: 'open', file: ev.source, line: ev.line }, env, VIEWS.raw.name);
}
