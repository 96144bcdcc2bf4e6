// Facts are cited from the repository's own docs: every `docs/<name>.md §anchor` in sources, tests and
// documents names an anchor that exists, nothing cites a file outside the repository, and the generated
// parts of the documents are current (npm run docs).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderCatalog } from '../src/analyzers/catalog-doc.js';
import { withArtifactTable } from '../src/bundle/format-doc.js';
import { ROOT } from './helpers.js';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|md)$/.test(f) ? [p] : [];
  });
}

const sources = [
  ...['src', 'test', 'bench', 'scripts', 'docs'].flatMap((d) => files(join(ROOT, d))),
  ...['README.md', 'DEVELOPERS.md'].map((f) => join(ROOT, f)),
];
const anchors = (doc: string): Set<string> =>
  new Set([...readFileSync(join(ROOT, 'docs', doc), 'utf8').matchAll(/\{#([a-z0-9-]+)\}/g)].map((m) => m[1]!));

describe('docs', () => {
  it('every citation of a docs section names an anchor that exists', () => {
    const bad: string[] = [];
    let cited = 0;
    for (const f of sources) {
      for (const m of readFileSync(f, 'utf8').matchAll(/docs\/([\w-]+\.md) (§[a-z0-9-]+(?:, §[a-z0-9-]+)*)/g)) {
        const have = anchors(m[1]!);
        for (const a of m[2]!.split(', ').map((x) => x.replace(/^§/, '').trim())) {
          cited++;
          if (!have.has(a)) bad.push(`${relative(ROOT, f)}: docs/${m[1]} §${a}`);
        }
      }
    }
    expect(bad).toEqual([]);
    expect(cited).toBeGreaterThan(40);
  });
  it('nothing cites a file outside the repository', () => {
    const outside = sources.flatMap((f) =>
      readFileSync(f, 'utf8')
        .split('\n')
        .filter((l) => /networking-facts §\d|shared\/bundle-format|\.\.\/shared\//.test(l))
        .map((l) => `${relative(ROOT, f)}: ${l.trim()}`),
    );
    expect(outside.filter((l) => !l.startsWith('test/docs.test.ts'))).toEqual([]);
  });
  it('FINDINGS.md and the artifact table of docs/bundle-format.md are current (npm run docs)', () => {
    expect(readFileSync(join(ROOT, 'FINDINGS.md'), 'utf8')).toBe(renderCatalog());
    const doc = readFileSync(join(ROOT, 'docs', 'bundle-format.md'), 'utf8');
    expect(doc).toBe(withArtifactTable(doc));
  });
});
