// :raw — the collected files of the selected target with line numbers; / searches, n finds the next match,
// ←/→ change file; enter on a finding's detail opens it at the evidence line.
import { msg, text } from '../../../i18n/lang.js';
import type { Snapshot } from '../../../snapshot/types.js';
import { wrapHanging } from '../../width.js';
import { expandTabs, fit } from '../text.js';
import { defineView, scrollBy, type ViewCtx, type ViewUpdate } from './view.js';

export interface RawState {
  file: number;
  scroll: number;
  search: string;
  match: number;
}

// Files a :raw view lists for a host, or every file of the capture (cluster objects first) when none is selected.
export function rawFiles(snap: Snapshot, hostId: string | undefined): string[] {
  const all = [...snap.files.keys()].sort();
  if (hostId) return all.filter((k) => k.startsWith(`hosts/${hostId}/`));
  return [...all.filter((k) => k.startsWith('cluster/')), ...all.filter((k) => !k.startsWith('cluster/'))];
}

// The selected file with line numbers; lines matching the search are highlighted.
function draw({ snap, hostId, st, s, size, p }: ViewCtx<RawState>): string[] {
  const files = rawFiles(snap, hostId);
  const lang = st.lang;
  if (files.length === 0)
    return [fit(msg(lang, text('no files collected for this target', '這個目標沒有擷取到檔案')), size.width)];
  const idx = Math.min(s.file, files.length - 1);
  const file = files[idx]!;
  // one host's files by name; every file of the capture by host and name
  const short = (f: string): string => (hostId ? f.split('/').pop()! : f.replace(/^hosts\//, ''));
  const tabs = files.map((f, i) => (i === idx ? `[${short(f)}]` : short(f))).join(' ');
  const lines = (snap.files.get(file) ?? '').split('\n');
  const numW = String(lines.length).length;
  const out = [
    p(
      'bold',
      fit(
        `${file}  (${idx + 1}/${files.length}, ←/→ ${msg(lang, text('file', '檔案'))}${s.search ? `, /${s.search}/` : ''})`,
        size.width,
      ),
    ),
    p('dim', fit(tabs, size.width)),
  ];
  const body = size.height - out.length;
  const top = Math.max(0, Math.min(s.scroll, Math.max(0, lines.length - body)));
  const needle = s.search.toLowerCase();
  // long lines wrap under themselves, the line-number column kept clear (←/→ are taken: they change file)
  for (let i = top; i < lines.length && out.length < size.height; i++) {
    const rows = wrapHanging(
      `${String(i + 1).padStart(numW)} │ ${expandTabs(lines[i]!)}`,
      size.width,
      `${' '.repeat(numW)} │   `,
    );
    for (const r of rows) {
      if (out.length >= size.height) break;
      out.push(needle && lines[i]!.toLowerCase().includes(needle) ? p('hit', fit(r, size.width)) : fit(r, size.width));
    }
  }
  return out;
}

// The next line (0-based) at or after `from` holding the search text, wrapping around; -1 when none.
export function nextMatch(text: string, search: string, from: number): number {
  if (!search) return -1;
  const lines = text.split('\n');
  const s = search.toLowerCase();
  for (let k = 0; k < lines.length; k++) {
    const i = (from + k) % lines.length;
    if (lines[i]!.toLowerCase().includes(s)) return i;
  }
  return -1;
}

// Go to the next line holding the search text, or say there is none.
function jump(ctx: ViewCtx<RawState>, s: RawState, from: number): ViewUpdate<RawState> {
  const files = rawFiles(ctx.snap, ctx.hostId);
  const body = ctx.snap.files.get(files[Math.min(s.file, files.length - 1)] ?? '') ?? '';
  const at = nextMatch(body, s.search, from);
  if (at < 0) return { s, message: msg(ctx.st.lang, text(`not found: ${s.search}`, `找不到：${s.search}`)) };
  return { s: { ...s, match: at, scroll: Math.max(0, at - 3) } };
}

export const rawView = defineView({
  name: 'raw',
  key: '2',
  help: text('collected files of the target', '目標擷取到的檔案'),
  init: (): RawState => ({ file: 0, scroll: 0, search: '', match: -1 }),
  prompt: 'search',
  draw,
  update(m, ctx) {
    const s = ctx.s;
    switch (m.type) {
      case 'move':
        return { s: { ...s, scroll: scrollBy(s.scroll, m.delta) } };
      case 'item': {
        const last = Math.max(0, rawFiles(ctx.snap, ctx.hostId).length - 1);
        return { s: { ...s, file: Math.min(Math.max(0, s.file + m.dir), last), scroll: 0 } };
      }
      case 'submit':
        return jump(ctx, { ...s, search: m.text }, 0);
      case 'nextMatch':
        return jump(ctx, s, s.match + 1);
      case 'open': {
        const idx = rawFiles(ctx.snap, ctx.hostId).indexOf(m.file);
        return { s: { ...s, file: Math.max(0, idx), scroll: Math.max(0, m.line - 4), search: '' } };
      }
      default:
        return { s };
    }
  },
});

// This file's row in the registry (./index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredViews {
    raw: true;
  }
}
