// The main screen's panes as lines of text: header, targets tree, findings table, finding detail, help.
import { type Lang, msg, type Text, text, ui } from '../../../i18n/lang.js';
import type { Finding } from '../../../analyzers/types.js';
import { coverageCounts } from '../../../snapshot/coverage.js';
import { proofLines } from '../../trace.js';
import { displayWidth, wrap } from '../../width.js';
import { helpLines } from '../keymap.js';
import type { Data, Progress, Source, TargetRow, UiState } from '../model.js';
import { type Painter, fit, windowOf } from '../text.js';

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
export function headerLine(src: Source, d: Data | undefined, lang: Lang, width: number, p: Painter): string {
  const c = d?.report.counts;
  const cl = src.cluster;
  const where = cl?.context ? `${cl.context} · ${cl.server ?? ''}${cl.version ? ` · ${cl.version}` : ''}` : src.label;
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
    const text = fit(`${'  '.repeat(r.depth)}${mark} ${r.label}`, size.width);
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
    out.push(p('warning', fit(`${msg(st.lang, text('not collected', '未擷取'))}: ${missing}`, w)));
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

// Every line of the detail pane for a finding: explanation, evidence in its file with line numbers, fix.
export function detailAllLines(f: Finding | undefined, d: Data, lang: Lang, width: number, p: Painter): string[] {
  if (!f)
    return [
      fit(msg(lang, text('Select a finding to see its evidence and fix.', '選一個發現以查看證據與修正。')), width),
    ];
  const out: string[] = [];
  for (const l of wrap(f.title, width)) out.push(p(f.severity, fit(l, width)));
  out.push(p('dim', fit(`${f.id} · ${f.target} · ${f.severity}`, width)));
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
    if (lines.length === 0 || nums.every((n) => n <= 0)) {
      for (const e of f.evidence.filter((x) => x.source === file))
        out.push(fit(`  ${e.line > 0 ? `${e.line}: ` : `(${ui(lang, 'wholeFile')}) `}${e.text}`, width));
      continue;
    }
    let prev = 0;
    for (const k of [...show].sort((a, b) => a - b)) {
      if (prev && k > prev + 1) out.push(p('dim', fit('   ⋮', width)));
      const numW = String(lines.length).length;
      const row = fit(`${String(k).padStart(numW)} │ ${lines[k - 1] ?? ''}`, width);
      out.push(nums.includes(k) ? p('hit', row) : p('dim', row));
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
  for (const c of f.fix) out.push(fit(`$ ${c}`, width));
  for (const n of f.notes) out.push(p('dim', fit(`→ ${n}`, width)));
  if (f.manifest) {
    out.push(p('title', fit(`${ui(lang, 'manifest')}: ${f.manifest.about}`, width, false)));
    for (const l of f.manifest.yaml) out.push(fit(`  ${l}`, width));
  }
  return out;
}

// The help overlay, generated from the keymap; two columns when one does not fit the height.
export function helpOverlay(lang: Lang, size: Size): string[] {
  const lines = helpLines(lang);
  if (lines.length <= size.height) return lines.map((l) => fit(l, size.width));
  const [title, blank, ...keys] = lines;
  const rows = Math.ceil(keys.length / 2);
  const colW = Math.floor((size.width - 1) / 2);
  const out = [fit(title!, size.width), fit(blank!, size.width)];
  for (let i = 0; i < rows; i++)
    out.push(
      `${fit(
        keys[i]!.replace(/^ {2}(.{20})/, (_, k: string) => `${k.trimEnd().padEnd(12)} `),
        colW,
      )} ${fit(
        (keys[i + rows] ?? '').replace(/^ {2}(.{20})/, (_, k: string) => `${k.trimEnd().padEnd(12)} `),
        colW,
      )}`,
    );
  return out;
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
