// Renders the host-artifact table of docs/bundle-format.md from the artifact rows, so the documented contract
// and what the code reads cannot drift apart (`npm run docs` writes it; a test compares).
import { ARTIFACT_TABLE, type ArtifactRow, commandLine } from './artifacts.js';
import { CLUSTER_LISTS } from './layout.js';

export const BEGIN = '<!-- generated: artifacts (npm run docs) -->';
export const END = '<!-- end of generated artifacts -->';

// One Markdown table: file, what it holds, how kube-netdiag obtains it, the fact it gives.
export function renderArtifactTable(): string {
  const code = (c: string): string => `\`${c.replace(/\|/g, '\\|')}\``;
  const rows = (ARTIFACT_TABLE as readonly ArtifactRow[]).map((r) => {
    const alt = (r.local ?? []).slice(1).map((x) => x.argvs.map((a) => a.join(' ')).join('; '));
    const local = [commandLine(r), ...alt].filter((c): c is string => !!c).map(code);
    const pod = r.pod ? [`in pods ${code(r.pod.argvs.map((a) => a.join(' ')).join('; '))}`] : [];
    const cmd = [...local, ...pod].join(' or ') || '—';
    return `| \`${r.name}\` | ${r.about.replace(/\|/g, '\\|')} | ${cmd} | ${r.fact ?? '—'} |`;
  });
  const lists = CLUSTER_LISTS.map((l) => `\`${l}.json\``).join(', ');
  return [
    BEGIN,
    '',
    '| file in `hosts/<id>/` | what it holds | how `capture` gets it | fact |',
    '|---|---|---|---|',
    ...rows,
    '',
    `Cluster lists in \`cluster/\`: ${lists}, each as \`kubectl get KIND -A -o json\` prints it (or the same`,
    'list as `.yaml`), or split into parts `cluster/<list>/<part>.json` (one per namespace, as support bundles keep',
    'them) that are read together; `endpoints.json` (v1 Endpoints) where there are no EndpointSlices; and',
    '`errors.json` for the lists that could not be read.',
    '',
    END,
  ].join('\n');
}

// The document with its generated part replaced.
export function withArtifactTable(doc: string): string {
  const a = doc.indexOf(BEGIN);
  const b = doc.indexOf(END);
  if (a < 0 || b < a) throw new Error('docs/bundle-format.md has no generated-artifacts markers');
  return doc.slice(0, a) + renderArtifactTable() + doc.slice(b + END.length);
}
