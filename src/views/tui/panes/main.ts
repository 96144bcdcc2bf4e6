// The main screen's panes as lines of text: header, targets tree, findings table, finding detail, help.
import { type Lang, msg, type Text, text, ui, colon } from '../../../i18n/lang.js';
import type { Finding } from '../../../analyzers/types.js';
import { coverageCounts } from '../../../snapshot/coverage.js';
import { proofLines } from '../../trace.js';
import { displayWidth, padCells, wrap, wrapHanging } from '../../width.js';
import { helpLines } from '../keymap.js';
import type { Data, Progress, Source, TargetRow, UiState } from '../model.js';
import { type Painter, expandTabs, fit, windowOf } from '../text.js';

export interface Size {
  width: number;
  height: number;
}

const SEV_LABEL: Record<Finding['severity'], Text> = {
  critical: text('CRIT', '嚴重'),
  warning: text('WARN', '警告'),
  info: text('INFO', '資訊'),
};

// One line: source, counts by severity, mode.
export function headerLine(
  src: Source,
  d: Data | undefined,
  lang: Lang,
  width: number,
  p: Painter,
  crumbs: string[] = [],
): string {
  const c = d?.report.counts;
  const cl = src.cluster;
  // where the selection sits, k9s' breadcrumbs: context › node › pod
  const trail = crumbs.length ? ` › ${crumbs.join(' › ')}` : '';
  const where = `${cl?.context ? `${cl.context} · ${cl.server ?? ''}${cl.version ? ` · ${cl.version}` : ''}` : src.label}${trail}`;
  const gone = d ? coverageCounts(d.report.coverage).notCollected : 0;
  const lost = gone ? msg(lang, text(` ✗ ${gone} not collected`, ` ✗ ${gone} 個未擷取`)) : '';
  const counts = c
    ? ` ${p('critical', `${c.critical} ${ui(lang, 'critical')}`)} ${p('warning', `${c.warning} ${ui(lang, 'warning')}`)} ${p('info', `${c.info} ${ui(lang, 'info')}`)}${lost ? p('warning', lost) : ''}`
    : '';
  const mode = src.mode === 'live' ? msg(lang, text('live', '即時')) : msg(lang, text('offline', '離線'));
  const countsPlain = c
    ? ` ${c.critical} ${ui(lang, 'critical')} ${c.warning} ${ui(lang, 'warning')} ${c.info} ${ui(lang, 'info')}${lost}`
    : '';
  const room = width - 'kube-netdiag  '.length - displayWidth(countsPlain) - displayWidth(mode) - 4;
  return `${p('bold', 'kube-netdiag')} ${fit(where, Math.max(8, room))}${counts}  [${mode}]`;
}

// The targets tree with each row's worst severity.
export function targetsLines(rows: TargetRow[], st: UiState, size: Size, p: Painter): string[] {
  const { top, items } = windowOf(rows, st.target, size.height);
  return items.map((r, i) => {
    const mark =
      r.worst === 'critical'
        ? '●'
        : r.worst === 'warning'
          ? '▲'
          : r.worst === 'info'
            ? '·'
            : r.missing && r.host
              ? '✗'
              : ' ';
    const text = fit(`${'  '.repeat(r.depth)}${mark} ${r.labelText ? r.labelText[st.lang] : r.label}`, size.width);
    const styled = r.worst ? p(r.worst, text) : r.missing && r.host ? p('warning', text) : text;
    return top + i === st.target ? p('sel', text) : styled;
  });
}

// The findings table: only the visible rows are rendered (a 10,000-row table costs one screenful).
export function findingsLines(list: Finding[], st: UiState, size: Size, p: Painter, missing?: string): string[] {
  const w = size.width;
  const sevW = 6;
  const idW = Math.min(30, Math.max(14, Math.floor(w * 0.3)));
  const tgtW = Math.min(24, Math.max(10, Math.floor(w * 0.22)));
  const titleW = Math.max(4, w - sevW - idW - tgtW - 3);
  const head = [text('SEV', '嚴重度'), text('ID', 'ID'), text('TARGET', '目標'), text('TITLE', '標題')].map(
    (t) => t[st.lang],
  );
  const out = [
    p('bold', `${fit(head[0]!, sevW)} ${fit(head[1]!, idW)} ${fit(head[2]!, tgtW)} ${fit(head[3]!, titleW)}`),
  ];
  // a target that gave nothing is never "no findings": say that it was not collected, and why
  if (missing) {
    out.push(p('warning', fit(`${msg(st.lang, text('not collected', '未擷取'))}${colon(st.lang)}${missing}`, w)));
    if (list.length === 0) return out;
  }
  if (list.length === 0) {
    out.push(
      fit(
        st.filter
          ? msg(st.lang, text(`no finding matches /${st.filter}/`, `沒有符合 /${st.filter}/ 的發現`))
          : ui(st.lang, 'ok'),
        w,
      ),
    );
    return out;
  }
  const { top, items } = windowOf(list, st.finding, size.height - 1);
  items.forEach((f, i) => {
    const row = `${fit(SEV_LABEL[f.severity][st.lang], sevW)} ${fit(f.id, idW)} ${fit(f.target, tgtW)} ${fit(f.title, titleW)}`;
    if (top + i === st.finding) out.push(p('sel', row));
    else
      out.push(
        `${p(f.severity, fit(SEV_LABEL[f.severity][st.lang], sevW))} ${fit(f.id, idW)} ${fit(f.target, tgtW)} ${fit(f.title, titleW)}`,
      );
  });
  return out;
}

// A JSON text pretty-printed (two-space indent), or as it is when it is not JSON.
function prettyJson(t: string): string[] {
  try {
    return JSON.stringify(JSON.parse(t), null, 2).split('\n');
  } catch {
    return [t];
  }
}

// Every line of the detail pane for a finding: explanation, evidence in its file with line numbers, fix.
export function detailAllLines(f: Finding | undefined, d: Data, lang: Lang, width: number, p: Painter): string[] {
  if (!f)
    return [
      fit(msg(lang, text('Select a finding to see its evidence and fix.', '選一個發現以查看證據與修正。')), width),
    ];
  const out: string[] = [];
  for (const l of wrap(f.title, width)) out.push(p(f.severity, fit(l, width)));
  out.push(p('dim', fit(`${f.id} · ${f.target} · ${ui(lang, f.severity)}`, width)));
  out.push('');
  for (const l of wrap(f.explanation, width)) out.push(fit(l, width));
  out.push('');
  out.push(p('title', fit(ui(lang, 'evidence'), width, false)));
  // each proving line inside its file, two lines of context, line numbers, the line itself highlighted
  const byFile = new Map<string, number[]>();
  for (const e of f.evidence) byFile.set(e.source, [...(byFile.get(e.source) ?? []), e.line]);
  for (const [file, nums] of byFile) {
    out.push(p('bold', fit(file, width)));
    const text = d.snapshot.files.get(file);
    const lines = text ? text.split('\n') : [];
    const show = new Set<number>();
    for (const n of nums) for (let k = n - 2; k <= n + 2; k++) if (k >= 1 && k <= lines.length) show.add(k);
    // `ip -j` prints the whole capture on one line: show each cited element, pretty-printed, under its line number
    const minified = /^\s*[[{]/.test(text ?? '') && nums.some((n) => (lines[n - 1]?.length ?? 0) > 4 * width);
    if (minified) {
      for (const e of f.evidence.filter((x) => x.source === file)) {
        out.push(p('hit', fit(`  ${e.line}:`, width)));
        for (const l of prettyJson(e.text))
          for (const w of wrapHanging(`    ${l}`, width, '        ')) out.push(fit(w, width));
      }
      continue;
    }
    if (lines.length === 0 || nums.every((n) => n <= 0)) {
      for (const e of f.evidence.filter((x) => x.source === file))
        for (const l of wrapHanging(
          `  ${e.line > 0 ? `${e.line}: ` : `(${ui(lang, 'wholeFile')}) `}${e.text}`,
          width,
          '      ',
        ))
          out.push(fit(l, width));
      continue;
    }
    let prev = 0;
    const numW = String(lines.length).length;
    for (const k of [...show].sort((a, b) => a - b)) {
      if (prev && k > prev + 1) out.push(p('dim', fit('   ⋮', width)));
      // a long proving line wraps under itself, the line number column kept clear
      const rows = wrapHanging(
        `${String(k).padStart(numW)} │ ${expandTabs(lines[k - 1] ?? '')}`,
        width,
        `${' '.repeat(numW)} │   `,
      );
      for (const r of rows) out.push(nums.includes(k) ? p('hit', fit(r, width)) : p('dim', fit(r, width)));
      prev = k;
    }
  }
  if (f.trace) {
    // the packet the finding stands on, hop by hop
    out.push('');
    out.push(p('title', fit(msg(lang, text('trace', '追蹤')), width, false)));
    for (const l of proofLines(f.trace, lang, width)) out.push(fit(l, width));
  }
  out.push('');
  out.push(p('title', fit(ui(lang, 'fix'), width, false)));
  // whole commands, wrapped where they are long: `y` copies them as they are
  for (const c of f.fix) for (const l of wrapHanging(`$ ${c}`, width, '    ')) out.push(fit(l, width));
  for (const n of f.notes)
    for (const [i, l] of wrap(n, Math.max(1, width - 2)).entries())
      out.push(p('dim', fit(`${i ? ' ' : '→'} ${l}`, width)));
  if (f.manifest) {
    out.push(p('title', fit(`${ui(lang, 'manifest')}${colon(lang)}${f.manifest.about}`, width, false)));
    for (const l of f.manifest.yaml) for (const w of wrapHanging(`  ${l}`, width, '      ')) out.push(fit(w, width));
  }
  return out;
}

// A help overlay from a keymap's help lines (the main UI's, learn's): one column, each description wrapped beside
// its keys.
export function helpOverlay(lang: Lang, size: Size, scroll = 0, lines: string[] = helpLines(lang)): string[] {
  const [title, blank, ...keys] = lines;
  const keyW = Math.min(20, Math.max(8, Math.floor(size.width / 3)));
  const body: string[] = [];
  for (const k of keys) {
    const [names = '', desc = ''] = k.split('\t');
    const n = wrapHanging(names, keyW, '');
    const d = wrap(desc, Math.max(10, size.width - keyW - 3));
    for (let i = 0; i < Math.max(n.length, d.length); i++)
      body.push(fit(`  ${padCells(n[i] ?? '', keyW)} ${d[i] ?? ''}`, size.width));
  }
  return overlayPage([fit(title!, size.width), fit(blank!, size.width)], body, lang, size, scroll);
}

// An overlay's head and body in its box: the body scrolled by the moving keys when it is longer than the box, the
// last line then saying where it is and how to move (lines arrive already fitted to the width).
export function overlayPage(head: string[], body: string[], lang: Lang, size: Size, scroll: number): string[] {
  const room = Math.max(1, size.height - head.length);
  if (body.length <= room) return [...head, ...body];
  const top = Math.max(0, Math.min(scroll, body.length - (room - 1)));
  const last = Math.min(body.length, top + room - 1);
  const more = msg(
    lang,
    text(
      `— ${top + 1}–${last} of ${body.length}: ↑/↓ PgUp/PgDn scroll, esc closes —`,
      `— 第 ${top + 1}–${last} 列，共 ${body.length} 列：↑／↓、PgUp／PgDn 捲動，esc 關閉 —`,
    ),
  );
  return [...head, ...body.slice(top, last), fit(more, size.width)];
}

// Live collection: a line per target as it completes, and the overall count.
export function progressLines(pr: Progress, lang: Lang, size: Size, p: Painter): string[] {
  const head = pr.running
    ? msg(lang, text(`collecting… ${pr.done}/${pr.total || '?'}`, `擷取中… ${pr.done}/${pr.total || '?'}`))
    : msg(lang, text(`collected ${pr.done} target(s)`, `已擷取 ${pr.done} 個目標`));
  const out = [p('bold', fit(head, size.width))];
  if (pr.error) out.push(p('critical', fit(pr.error, size.width)));
  for (const l of pr.lines.slice(-(size.height - out.length)))
    out.push(l.ok ? fit(l.text, size.width) : p('warning', fit(l.text, size.width)));
  return out;
}
