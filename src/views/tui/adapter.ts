// The only module that touches blessed and blessed-contrib: a screen on any pair of TTY streams, bordered text
// panes, a gauge, key names normalised, and the screen buffer as text (what tests and benchmarks read).
import blessed from 'blessed';
import contrib from 'blessed-contrib';
import type { Readable, Writable } from 'node:stream';

export interface TtyOut extends Writable {
  columns?: number;
  rows?: number;
  isTTY?: boolean;
}

export interface Rect {
  top: number;
  left: number;
  width: number;
  height: number;
}

export interface Pane {
  place(r: Rect): void;
  /** Lines already styled with tags and cut to the inner width. */
  setLines(lines: string[]): void;
  setLabel(label: string, focused: boolean): void;
  show(): void;
  hide(): void;
  /** Inner size (inside the border). */
  inner(): { width: number; height: number };
}

export interface Gauge {
  place(r: Rect): void;
  set(percent: number): void;
  show(): void;
  hide(): void;
}

export interface Term {
  readonly width: number;
  readonly height: number;
  pane(border: boolean): Pane;
  gauge(label: string): Gauge;
  onKey(fn: (name: string) => void): void;
  onResize(fn: () => void): void;
  render(): void;
  /** Bytes straight to the terminal (OSC 52 clipboard). */
  raw(s: string): void;
  destroy(): void;
  /** The screen as plain text, one line per row (wide characters once). */
  text(): string;
}

const NAMED = new Set([
  'up',
  'down',
  'left',
  'right',
  'escape',
  'tab',
  'backspace',
  'pageup',
  'pagedown',
  'home',
  'end',
  'delete',
]);

// blessed's key event → one name: 'j', 'G', '/', 'enter', 'S-tab', 'C-c', 'space', ...
function keyName(
  ch: string | undefined,
  key: { name?: string; full?: string; ctrl?: boolean; shift?: boolean } | undefined,
): string | undefined {
  // blessed emits '\r' twice, as 'enter' and as 'return': take one; '\n' arrives as 'linefeed'
  if (key?.name === 'return') return undefined;
  if (key?.name === 'enter' || key?.name === 'linefeed') return 'enter';
  if (key?.full === 'S-tab') return 'S-tab';
  if (key?.ctrl && key.name) return `C-${key.name}`;
  if (key?.name && NAMED.has(key.name)) return key.name;
  if (ch === ' ') return 'space';
  if (ch && ch.length === 1 && ch >= ' ') return ch;
  if (ch && [...ch].length === 1 && ch.codePointAt(0)! > 0x7f) return ch;
  return key?.full ?? key?.name;
}

// A full-unicode screen on the given streams (real TTY or test doubles).
export function createTerm(o: { input: Readable; output: TtyOut; color: boolean; title?: string }): Term {
  const screen = blessed.screen({
    input: o.input as unknown as blessed.Widgets.IScreenOptions['input'],
    output: o.output as unknown as blessed.Widgets.IScreenOptions['output'],
    terminal: 'xterm-256color',
    fullUnicode: true,
    forceUnicode: true,
    smartCSR: true,
    warnings: false,
    autoPadding: false,
    title: o.title ?? 'kube-netdiag',
  });
  // draw box lines and symbols as UTF-8, not through the VT100 alternate charset: every terminal we target
  // speaks UTF-8, and ACS turns '·' and '│' into letters in `tmux capture-pane` and in logs
  (screen as unknown as { tput: { brokenACS: boolean } }).tput.brokenACS = true;
  const border = (focused: boolean) => ({ fg: o.color ? (focused ? 'cyan' : 'gray') : 'default' });
  const place = (el: blessed.Widgets.BlessedElement, r: Rect): void => {
    el.top = r.top;
    el.left = r.left;
    el.width = Math.max(1, r.width);
    el.height = Math.max(1, r.height);
  };
  return {
    get width() {
      return screen.width as number;
    },
    get height() {
      return screen.height as number;
    },
    pane(withBorder) {
      const box = blessed.box({
        parent: screen,
        tags: true,
        wrap: false,
        ...(withBorder ? { border: { type: 'line' }, style: { border: border(false) } } : {}),
      });
      return {
        place: (r) => place(box, r),
        setLines: (lines) => box.setContent(lines.join('\n')),
        setLabel: (label, focused) => {
          box.setLabel(focused && !o.color ? `[${label}]` : ` ${label} `);
          if (withBorder) (box.style as { border: unknown }).border = border(focused);
        },
        show: () => box.show(),
        hide: () => box.hide(),
        inner: () => ({
          width: Math.max(1, (box.width as number) - (withBorder ? 2 : 0)),
          height: Math.max(1, (box.height as number) - (withBorder ? 2 : 0)),
        }),
      };
    },
    gauge(label) {
      // contrib widgets build their canvas on 'attach': append after creating, not through `parent`
      const g = contrib.gauge({
        label,
        stroke: o.color ? 'green' : 'white',
        fill: o.color ? 'white' : 'black',
        border: { type: 'line' },
      } as never) as unknown as blessed.Widgets.BlessedElement & { setPercent(n: number): void };
      screen.append(g);
      return {
        place: (r) => place(g, r),
        set: (n) => g.setPercent(Math.round(n)),
        show: () => g.show(),
        hide: () => g.hide(),
      };
    },
    onKey(fn) {
      screen.on('keypress', (ch: string | undefined, key: { name?: string; full?: string; ctrl?: boolean }) => {
        const name = keyName(ch, key);
        if (name) fn(name);
      });
    },
    onResize(fn) {
      screen.on('resize', fn);
    },
    render: () => screen.render(),
    raw: (s) => void o.output.write(s),
    destroy: () => screen.destroy(),
    text: () =>
      (screen as unknown as { lines: [unknown, string][][] }).lines
        .map((l) =>
          l
            .map((c) => c[1])
            .join('')
            .replace(/\u0003/g, ''),
        )
        .join('\n'),
  };
}
