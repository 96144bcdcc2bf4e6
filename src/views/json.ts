// The stable machine format: {"findings":[...],"coverage":[...],"hosts":[...],"warnings":[...]} plus source and counts.
import { localize } from '../analyzers/index.js';
import type { Lang } from '../i18n/lang.js';
import type { Report } from '../report.js';

// Render the report as JSON (two-space indent, trailing newline); titles and explanations in one language.
export function renderJson(r: Report, lang: Lang): string {
  const doc = {
    source: r.source,
    counts: r.counts,
    coverage: r.coverage,
    findings: r.findings
      .map((raw) => localize(raw, lang))
      .map((f) => ({
        id: f.id,
        severity: f.severity,
        target: f.target,
        title: f.title,
        explanation: f.explanation,
        evidence: f.evidence.map((e) => ({ source: e.source, line: e.line, text: e.text })),
        fix: f.fix,
        notes: f.notes,
        ...(f.manifest ? { manifest: f.manifest } : {}),
        ...(f.trace ? { trace: f.trace } : {}),
      })),
    hosts: r.hosts,
    warnings: r.warnings,
    analyzerFailures: r.failures,
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
