// Writes FINDINGS.md from the catalog (src/analyzers/catalog.ts), the single source of finding ids.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderCatalog } from '../src/analyzers/catalog-doc.js';

writeFileSync(join(process.cwd(), 'FINDINGS.md'), renderCatalog());
process.stdout.write('wrote FINDINGS.md\n');
