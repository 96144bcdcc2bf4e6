// Renders the catalog as Markdown (FINDINGS.md), so the documented ids can never drift from the code.
import { CATALOG, type CatalogEntry, FINDING_IDS } from './catalog.js';

// The whole FINDINGS.md text.
export function renderCatalog(): string {
  const out: string[] = [
    '# Finding catalog',
    '',
    'Generated from `src/analyzers/catalog.ts` by `npm run catalog`; do not edit by hand.',
    'Ids are stable: scripts may rely on them. Placeholders in braces are filled from the bundle.',
    '',
  ];
  out.push('| id | severity | what it means | 說明 |', '|---|---|---|---|');
  for (const id of FINDING_IDS) {
    const e: CatalogEntry = CATALOG[id];
    out.push(`| \`${id}\` | ${e.severity} | ${e.summary.en} | ${e.summary['zh-TW']} |`);
  }
  for (const id of FINDING_IDS) {
    const e: CatalogEntry = CATALOG[id];
    out.push('', `## \`${id}\``, '', `Default severity: **${e.severity}**.`, '');
    for (const [name, v] of Object.entries(e.variants)) {
      out.push(
        `### ${name}`,
        '',
        `- **${v.title.en}** — ${v.explanation.en}`,
        `- **${v.title['zh-TW']}** — ${v.explanation['zh-TW']}`,
        '',
      );
    }
  }
  return `${out.join('\n').trimEnd()}\n`;
}
