// Plain-text report for terminals and pipes: findings grouped by target, most severe first.
import { coverageLine, type Lang, msg, type Text, text, ui, colon, comma } from '../i18n/lang.js';
import { localize } from '../analyzers/index.js';
import { type RawFinding, SEVERITY_RANK, type Severity } from '../analyzers/types.js';
import type { HostSummary, Report } from '../report.js';
import { kindReasonText } from '../snapshot/kind.js';
import { coverageCounts } from '../snapshot/coverage.js';
import { cleanDeep, cleanLine } from '../text/clean.js';
import { padCells, wrap } from './width.js';

export interface TextOptions {
  lang: Lang;
  color: boolean;
  width: number;
}

const SGR: Record<Severity | 'dim' | 'bold', string> = {
  critical: '\x1b[1;31m',
  warning: '\x1b[33m',
  info: '\x1b[36m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
};

// Render the report as text.
export function renderText(report: Report, o: TextOptions): string {
  return [...textChunks(report, o)].join('');
}

// The text report in pieces, each a run of whole lines, made as it is written: the header, then one target at a
// time (its findings localized only then), so a report of 100,000 hosts is never one string.
export function* textChunks(report: Report, o: TextOptions): Generator<string> {
  // names, evidence and fixes come from input: no control character reaches the terminal
  const r = cleanDeep({ ...report, findings: [] });
  const paint = (k: keyof typeof SGR, s: string): string => (o.color ? `${SGR[k]}${s}\x1b[0m` : s);
  const width = Math.max(40, Math.min(o.width, 120));
  const out: string[] = [];
  const c = r.counts;
  const cl = r.source.cluster;
  const where = cl?.context ? ` [${[cl.context, cl.server, cl.version].filter(Boolean).join(' · ')}]` : '';
  out.push(paint('bold', `kube-netdiag: ${r.source.path}${where}`));
  out.push(
    `${r.hosts.length} ${ui(o.lang, 'hosts')} · ${paint('critical', `${c.critical} ${ui(o.lang, 'critical')}`)} · ${paint('warning', `${c.warning} ${ui(o.lang, 'warning')}`)} · ${paint('info', `${c.info} ${ui(o.lang, 'info')}`)}`,
  );
  const missed = r.coverage.filter((x) => x.status === 'not-collected');
  out.push(paint(missed.length ? 'warning' : 'dim', coverageLine(coverageCounts(r.coverage), o.lang)));
  if (r.cni)
    out.push(
      paint(
        'dim',
        msg(o.lang, CNI_LINE, { cni: r.cni.mode ? `${r.cni.name} (${r.cni.mode})` : r.cni.name, host: r.cni.host }),
      ),
    );
  if (missed.length > 0) {
    out.push('', paint('warning', ui(o.lang, 'notDiagnosed')));
    for (const m of missed)
      for (const l of wrap(`${m.target} (${m.kind}): ${m.reason ?? ''}`, width - 4)) out.push(`  ${l}`);
  }
  yield lines(out);
  const coverageOf = new Map(r.coverage.map((x) => [x.target, x]));
  const hostOf = new Map(r.hosts.map((h) => [h.id, h]));
  // grouped by target as the analyzers gave them (a finding is cleaned and localized when its target is written)
  const byTarget = new Map<string, RawFinding[]>();
  for (const f of report.findings) {
    const t = cleanLine(f.target);
    const l = byTarget.get(t);
    if (l) l.push(f);
    else byTarget.set(t, [f]);
  }
  const worstOf = new Map<string, number>();
  for (const [t, l] of byTarget)
    worstOf.set(
      t,
      l.reduce((m, f) => Math.max(m, SEVERITY_RANK[f.severity]), 0),
    );
  const worst = (t: string): number => worstOf.get(t) ?? 0;
  // a target that gave nothing is listed above, never here as "no findings"
  const seen = r.hosts.filter((h) => coverageOf.get(h.id)?.status !== 'not-collected').map((h) => h.id);
  const partial = r.coverage.filter((x) => x.status === 'partial').map((x) => x.target);
  const targets = [...new Set([...byTarget.keys(), ...seen, ...partial])].sort(
    (a, b) => worst(b) - worst(a) || a.localeCompare(b),
  );
  for (const t of targets) {
    const host = hostOf.get(t);
    const list = (byTarget.get(t) ?? []).map((f) => localize(cleanDeep(f), o.lang));
    out.push('');
    out.push(
      `${paint('bold', t)}${host ? paint('dim', ` (${kindLine(host, o.lang)})`) : ''}${list.length === 0 ? `  ${paint('dim', ui(o.lang, 'ok'))}` : ''}`,
    );
    for (const f of list) {
      // the severity word in the report's language, padded by terminal cells
      const sev = msg(o.lang, SEV_WORD[f.severity]);
      out.push(`  ${paint(f.severity, padCells(sev, 8))} ${paint('dim', f.id)}  ${f.title}`);
      for (const l of wrap(f.explanation, width - 4)) out.push(`    ${l}`);
      out.push(`    ${paint('dim', `${ui(o.lang, 'evidence')}${colon(o.lang).trimEnd()}`)}`);
      for (const e of f.evidence)
        out.push(
          `      ${paint('dim', e.line > 0 ? `${e.source}:${e.line}` : `${e.source} (${ui(o.lang, 'wholeFile')})`)}  ${e.text.trim()}`,
        );
      out.push(`    ${paint('dim', `${ui(o.lang, 'fix')}${colon(o.lang).trimEnd()}`)}`);
      for (const cmd of f.fix) out.push(`      $ ${cmd}`);
      for (const n of f.notes)
        for (const [i, l] of wrap(n, width - 8).entries()) out.push(`      ${i === 0 ? '→' : ' '} ${l}`);
      if (f.manifest) {
        out.push(`    ${paint('dim', `${ui(o.lang, 'manifest')}${colon(o.lang)}${f.manifest.about}`)}`);
        for (const l of f.manifest.yaml) out.push(`      ${l}`);
      }
    }
    const cov = coverageOf.get(t);
    if (cov?.status === 'partial') {
      out.push(
        `  ${paint('warning', `${ui(o.lang, 'partial')}${comma(o.lang)}${ui(o.lang, 'notCollected')}${colon(o.lang).trimEnd()}`)}`,
      );
      for (const g of cov.missing)
        for (const l of wrap(`${g.artifacts.join(', ')}: ${g.reason}`, width - 6)) out.push(`    ${paint('dim', l)}`);
    }
    yield lines(out);
  }
  for (const f of r.failures)
    out.push('', paint('critical', `${ui(o.lang, 'analyzerFailed')}${colon(o.lang)}${f.analyzer}: ${f.message}`));
  if (r.warnings.length > 0) {
    out.push('', paint('dim', `${ui(o.lang, 'warnings')} (${r.warnings.length}):`));
    for (const w of r.warnings.slice(0, 10))
      out.push(paint('dim', `  ${w.file}:${w.line}: ${w.message}${w.text ? `: ${w.text}` : ''}`));
    if (r.warnings.length > 10) out.push(paint('dim', `  … ${r.warnings.length - 10} ${ui(o.lang, 'more')}`));
  }
  if (out.length > 0) yield lines(out);
}

// The lines gathered so far as one piece (each ending in a newline), and the gathering emptied.
function lines(out: string[]): string {
  const s = out.length > 0 ? `${out.join('\n')}\n` : '';
  out.length = 0;
  return s;
}

// "node", or "node: KUBE-SERVICES in iptables nat" when the kind was inferred (so a wrong guess is visible).
export function kindLine(h: HostSummary, lang: Lang): string {
  return h.kindWhy ? `${h.kind}${msg(lang, COLON)}${cleanLine(kindReasonText(h.kindWhy, lang))}` : h.kind;
}

const COLON = text(': ', '：');
/** The severity word of a finding's line. */
const SEV_WORD: Record<Severity, Text> = {
  critical: text('CRITICAL', '嚴重'),
  warning: text('WARNING', '警告'),
  info: text('INFO', '資訊'),
};

const CNI_LINE = text('CNI: {cni}, as {host} shows', 'CNI：{cni}（依 {host} 判斷）');
