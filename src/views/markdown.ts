// Markdown report for tickets and post-mortems: a summary table, then each finding with evidence and fix.
import type { Lang } from '../analyzers/catalog.js';
import { ui } from '../i18n/lang.js';
import type { Report } from '../report.js';

const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

// Render the report as Markdown.
export function renderMarkdown(r: Report, lang: Lang): string {
  const out: string[] = [];
  out.push(`# kube-netdiag: ${r.source.path}`, '');
  out.push(`${r.hosts.length} ${ui(lang, 'hosts')}: **${r.counts.critical}** ${ui(lang, 'critical')}, **${r.counts.warning}** ${ui(lang, 'warning')}, **${r.counts.info}** ${ui(lang, 'info')}`, '');
  if (r.findings.length > 0) {
    out.push(`| severity | id | target | title |`, `|---|---|---|---|`);
    for (const f of r.findings) out.push(`| ${f.severity} | \`${f.id}\` | ${cell(f.target)} | ${cell(f.title)} |`);
    out.push('');
  }
  for (const f of r.findings) {
    out.push(`## ${f.severity.toUpperCase()} \`${f.id}\` on ${f.target}: ${f.title}`, '', f.explanation, '');
    out.push(`**${ui(lang, 'evidence')}**`, '', '```');
    for (const e of f.evidence) out.push(`${e.line > 0 ? `${e.source}:${e.line}` : e.source}  ${e.text.trim()}`);
    out.push('```', '', `**${ui(lang, 'fix')}**`, '', '```sh', ...f.fix, '```', '');
  }
  const nc = r.hosts.filter((h) => h.notCollected.length > 0 && h.collected.length > 0);
  if (nc.length > 0) {
    out.push(`## ${ui(lang, 'notCollected')}`, '');
    for (const h of nc) out.push(`- **${h.id}**: ${h.notCollected.map((n) => n.artifact).join(', ')}`);
    out.push('');
  }
  if (r.warnings.length > 0) {
    out.push(`## ${ui(lang, 'warnings')}`, '');
    for (const w of r.warnings.slice(0, 50)) out.push(`- \`${w.file}:${w.line}\` ${w.message}`);
    out.push('');
  }
  return out.join('\n');
}
