// Writes the generated documents: FINDINGS.md from the analyzer registry and the artifact table of
// docs/bundle-format.md from the artifact rows (tests fail when either is stale).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCatalog } from '../src/analyzers/catalog-doc.js';
import { withArtifactTable } from '../src/bundle/format-doc.js';

const root = process.cwd();
writeFileSync(join(root, 'FINDINGS.md'), renderCatalog());
const doc = join(root, 'docs', 'bundle-format.md');
writeFileSync(doc, withArtifactTable(readFileSync(doc, 'utf8')));
process.stdout.write('wrote FINDINGS.md and docs/bundle-format.md\n');
