// Renders the catalog as Markdown (FINDINGS.md) from the analyzer registry, so documented ids never drift.
import { ANALYZERS } from './index.js';
import { SEVERITY_RANK } from './types.js';

// The severities an analyzer's variants carry, most severe first.
function severities(a: (typeof ANALYZERS)[number]): string {
  const all = [...new Set(Object.values(a.variants).map((v) => v.severity))];
  return all.sort((x, y) => SEVERITY_RANK[y] - SEVERITY_RANK[x]).join(', ');
}

// The whole FINDINGS.md text.
export function renderCatalog(): string {
  const out: string[] = [
    '# Finding catalog',
    '',
    'Generated from the analyzers in `src/analyzers/` by `npm run docs`; do not edit by hand.',
    'Ids are stable: scripts may rely on them. Placeholders in braces are filled from the bundle.',
    '',
  ];
  out.push('| id | severity | what it means | 說明 |', '|---|---|---|---|');
  for (const a of ANALYZERS) out.push(`| \`${a.id}\` | ${severities(a)} | ${a.summary.en} | ${a.summary['zh-TW']} |`);
  for (const a of ANALYZERS) {
    out.push('', `## \`${a.id}\``, '');
    for (const [name, v] of Object.entries(a.variants)) {
      out.push(
        `### ${name} (${v.severity})`,
        '',
        `- **${v.title.en}** — ${v.explanation.en}`,
        `- **${v.title['zh-TW']}** — ${v.explanation['zh-TW']}`,
        '',
      );
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
