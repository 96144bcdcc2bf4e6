// The stable machine format: {"findings":[...],"coverage":[...],"hosts":[...],"warnings":[...]} plus source and counts.
import { localize } from '../analyzers/index.js';
import type { RawFinding } from '../analyzers/types.js';
import type { Lang } from '../i18n/lang.js';
import type { Report } from '../report.js';

// Render the report as JSON (two-space indent, trailing newline); titles and explanations in one language.
export function renderJson(r: Report, lang: Lang): string {
  return [...jsonChunks(r, lang)].join('');
}

// One finding as the JSON report shows it.
function shown(raw: RawFinding, lang: Lang): unknown {
  const f = localize(raw, lang);
  return {
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
  };
}

// A value as JSON.stringify(…, null, 2) prints it `depth` levels down (JSON strings hold no raw newline, so every
// newline of the text is indentation).
const at = (v: unknown, depth: number): string => JSON.stringify(v, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);

// The JSON report in pieces, exactly as JSON.stringify(report, null, 2) prints it, one array element at a time:
// a report with 30,000 findings is written without ever being one string or one localized copy.
export function* jsonChunks(r: Report, lang: Lang): Generator<string> {
  const fields: [string, unknown][] = [
    ['source', r.source],
    ['counts', r.counts],
  ];
  yield '{\n';
  for (const [k, v] of fields) yield `  ${JSON.stringify(k)}: ${at(v, 1)},\n`;
  const arrays: [string, readonly unknown[], (x: unknown) => unknown][] = [
    ['coverage', r.coverage, (x) => x],
    ['findings', r.findings, (x) => shown(x as RawFinding, lang)],
    ['hosts', r.hosts, (x) => x],
    ['warnings', r.warnings, (x) => x],
    ['analyzerFailures', r.failures, (x) => x],
  ];
  for (const [i, [k, items, show]] of arrays.entries()) {
    const end = i === arrays.length - 1 ? '\n' : ',\n';
    if (items.length === 0) {
      yield `  ${JSON.stringify(k)}: []${end}`;
      continue;
    }
    yield `  ${JSON.stringify(k)}: [\n`;
    for (const [j, x] of items.entries()) yield `    ${at(show(x), 2)}${j === items.length - 1 ? '\n' : ',\n'}`;
    yield `  ]${end}`;
  }
  yield '}\n';
}
