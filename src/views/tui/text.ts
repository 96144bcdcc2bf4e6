// Text helpers for panes: blessed-tag styling (or none under NO_COLOR), escaping, and cutting to display width.
import type { Severity } from '../../analyzers/types.js';
import { CONTROL_KEEP_NL } from '../../text/clean.js';
import { displayWidth, isWide } from '../width.js';

export type Style = 'bold' | 'dim' | 'critical' | 'warning' | 'info' | 'ok' | 'down' | 'sel' | 'hit' | 'key' | 'title';

const TAGS: Record<Style, [string, string]> = {
  bold: ['{bold}', '{/bold}'],
  dim: ['{gray-fg}', '{/gray-fg}'],
  critical: ['{red-fg}{bold}', '{/bold}{/red-fg}'],
  warning: ['{yellow-fg}', '{/yellow-fg}'],
  info: ['{cyan-fg}', '{/cyan-fg}'],
  ok: ['{green-fg}', '{/green-fg}'],
  down: ['{red-fg}', '{/red-fg}'],
  sel: ['{inverse}', '{/inverse}'],
  hit: ['{black-fg}{yellow-bg}', '{/yellow-bg}{/black-fg}'],
  key: ['{cyan-fg}{bold}', '{/bold}{/cyan-fg}'],
  title: ['{bold}{underline}', '{/underline}{/bold}'],
};

/** Painter for one screen: with colours, or plain text (NO_COLOR) where only selection stays visible. */
export interface Painter {
  color: boolean;
  (style: Style, text: string): string;
}

// Escape text for blessed's tag parser ({ and } would start tags).
export function esc(s: string): string {
  return s.replace(/[{}]/g, (c) => (c === '{' ? '{open}' : '{close}'));
}

export function painter(color: boolean): Painter {
  const p = ((style: Style, text: string): string => {
    if (!color && style !== 'sel') return text;
    const [a, b] = TAGS[style];
    return `${a}${text}${b}`;
  }) as Painter;
  p.color = color;
  return p;
}

export const sevStyle = (s: Severity): Style => s;

// Tabs to the next multiple of 8 columns, as a terminal shows them (captured output keeps its alignment).
export function expandTabs(s: string): string {
  if (!s.includes('\t')) return s;
  let out = '';
  let col = 0;
  for (const ch of s) {
    if (ch === '\t') {
      const n = 8 - (col % 8);
      out += ' '.repeat(n);
      col += n;
    } else {
      out += ch;
      col += isWide(ch.codePointAt(0)!) ? 2 : 1;
    }
  }
  return out;
}

// Cut to `width` cells (an ellipsis marks the cut) and pad with spaces to exactly `width`; then escape.
export function fit(s: string, width: number, pad = true): string {
  if (width <= 0) return '';
  const clean = expandTabs(s).replace(CONTROL_KEEP_NL, '·');
  let out = '';
  let w = 0;
  const total = displayWidth(clean);
  const limit = total > width ? width - 1 : width;
  for (const ch of clean) {
    const cw = isWide(ch.codePointAt(0)!) ? 2 : 1;
    if (w + cw > limit) break;
    out += ch;
    w += cw;
  }
  if (total > width) {
    out += '…';
    w += 1;
  }
  return esc(pad ? out + ' '.repeat(Math.max(0, width - w)) : out);
}

// Lines [top, top+height) of a longer list, so a pane only ever renders what is visible.
export function windowOf<T>(items: T[], cursor: number, height: number, top = 0): { top: number; items: T[] } {
  let t = top;
  if (cursor < t) t = cursor;
  if (cursor >= t + height) t = cursor - height + 1;
  t = Math.max(0, Math.min(t, Math.max(0, items.length - height)));
  return { top: t, items: items.slice(t, t + height) };
}

// Lines [scroll, scroll+height) of a list scrolled by the user (the scroll is clamped to the content).
export function scrolled<T>(items: T[], scroll: number, height: number): T[] {
  const top = Math.max(0, Math.min(scroll, Math.max(0, items.length - height)));
  return items.slice(top, top + height);
}
