// Markdown report for tickets and post-mortems: a summary table, then each finding with evidence and fix.
import { localize } from '../analyzers/index.js';
import type { Finding } from '../analyzers/types.js';
import { coverageLine, type Lang, ui, colon, comma } from '../i18n/lang.js';
import { coverageCounts } from '../snapshot/coverage.js';
import { cleanDeep } from '../text/clean.js';
import type { Report } from '../report.js';

const cell = (s: string): string => s.replace(/\n/g, ' ');

// A code fence longer than any backtick run in the block, so captured text can never close it early.
function fence(lines: string[]): string {
  const longest = Math.max(0, ...lines.map((l) => Math.max(0, ...(l.match(/`+/g) ?? []).map((m) => m.length))));
  return '`'.repeat(Math.max(3, longest + 1));
}

// Text outside code: one line, and Markdown's active characters shown literally.
const plain = (s: string): string => s.replace(/[\\`*_[\]<>#|]/g, (c) => `\\${c}`);

// Render the report as Markdown.
export function renderMarkdown(report: Report, lang: Lang): string {
  return [...markdownChunks(report, lang)].join('');
}

// The Markdown report in pieces to be written one after another, each finding cleaned and localized when it is
// written.
export function* markdownChunks(report: Report, lang: Lang): Generator<string> {
  let first = true;
  for (const b of blocks(report, lang)) {
    yield first ? b : `\n${b}`;
    first = false;
  }
}

// Runs of whole lines: the header and summary table, then each finding, then the closing sections.
function* blocks(report: Report, lang: Lang): Generator<string> {
  // every string is one line with no control characters (names come from someone else's machine)
  const r = cleanDeep({ ...report, findings: [] });
  const findings = (): Generator<Finding> => localized(report, lang);
  const out: string[] = [];
  out.push(`# kube-netdiag: ${plain(r.source.path)}`, '');
  out.push(
    `${r.hosts.length} ${ui(lang, 'hosts')}${colon(lang)}**${r.counts.critical}** ${ui(lang, 'critical')}${comma(lang)}**${r.counts.warning}** ${ui(lang, 'warning')}${comma(lang)}**${r.counts.info}** ${ui(lang, 'info')}`,
    '',
  );
  out.push(`${coverageLine(coverageCounts(r.coverage), lang)}`, '');
  const missed = r.coverage.filter((x) => x.status === 'not-collected');
  if (missed.length > 0) {
    out.push(`## ${plain(ui(lang, 'notDiagnosed'))}`, '');
    for (const m of missed) out.push(`- **${plain(m.target)}** (${m.kind}): ${plain(m.reason ?? '')}`);
    out.push('');
  }
  if (report.findings.length > 0) {
    out.push(`| severity | id | target | title |`, `|---|---|---|---|`);
    for (const f of findings()) {
      out.push(`| ${f.severity} | \`${f.id}\` | ${cell(plain(f.target))} | ${cell(plain(f.title))} |`);
      if (out.length >= 128) yield* flush(out);
    }
    out.push('');
  }
  yield* flush(out);
  for (const f of findings()) {
    out.push(
      `## ${f.severity.toUpperCase()} \`${f.id}\` on ${plain(f.target)}: ${plain(f.title)}`,
      '',
      plain(f.explanation),
      '',
    );
    const evidence = f.evidence.map((e) => `${e.line > 0 ? `${e.source}:${e.line}` : e.source}  ${e.text.trim()}`);
    const ef = fence(evidence);
    out.push(`**${ui(lang, 'evidence')}**`, '', ef, ...evidence, ef, '');
    const ff = fence(f.fix);
    if (f.fix.length) out.push(`**${ui(lang, 'fix')}**`, '', `${ff}sh`, ...f.fix, ff, '');
    else out.push(`**${ui(lang, 'fix')}**`, '');
    for (const n of f.notes) out.push(`- ${plain(n)}`);
    if (f.notes.length) out.push('');
    if (f.manifest) {
      const mf = fence(f.manifest.yaml);
      out.push(`**${ui(lang, 'manifest')}**: ${plain(f.manifest.about)}`, '', `${mf}yaml`, ...f.manifest.yaml, mf, '');
    }
    yield* flush(out);
  }
  const partial = r.coverage.filter((x) => x.status === 'partial');
  if (partial.length > 0) {
    out.push(`## ${ui(lang, 'partial')}${colon(lang)}${ui(lang, 'notCollected')}`, '');
    for (const p of partial)
      for (const g of p.missing)
        out.push(`- **${plain(p.target)}**: ${plain(g.artifacts.join(', '))}: ${plain(g.reason)}`);
    out.push('');
  }
  if (r.warnings.length > 0) {
    out.push(`## ${ui(lang, 'warnings')}`, '');
    for (const w of r.warnings.slice(0, 50)) out.push(`- ${plain(`${w.file}:${w.line}`)} ${plain(w.message)}`);
    out.push('');
  }
  yield* flush(out);
}

// Each finding cleaned of control characters and localized, one at a time.
function* localized(report: Report, lang: Lang): Generator<Finding> {
  for (const f of report.findings) yield localize(cleanDeep(f), lang);
}

// The lines gathered so far as one piece, and the gathering emptied (nothing when there are none).
function* flush(out: string[]): Generator<string> {
  if (out.length > 0) yield out.join('\n');
  out.length = 0;
}
