import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CATALOG, type CatalogEntry, FINDING_IDS } from '../../src/analyzers/catalog.js';
import { renderCatalog } from '../../src/analyzers/catalog-doc.js';
import { ANALYZERS } from '../../src/analyzers/index.js';
import { ROOT } from '../helpers.js';

describe('finding catalog', () => {
  it('ids are kebab-case and every id has exactly one registered analyzer', () => {
    for (const id of FINDING_IDS) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
    expect(ANALYZERS.map((a) => a.id).sort()).toEqual([...FINDING_IDS].sort());
  });
  it('every variant exists in both languages with the same placeholders', () => {
    for (const id of FINDING_IDS) {
      const e: CatalogEntry = CATALOG[id];
      for (const v of Object.values(e.variants))
        for (const k of ['title', 'explanation'] as const) {
          const ph = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
          expect(v[k]['zh-TW'].length).toBeGreaterThan(0);
          expect(ph(v[k]['zh-TW'])).toEqual(ph(v[k].en));
          expect(v[k]['zh-TW']).toMatch(/[\u4e00-\u9fff]/);
        }
    }
  });
  it('FINDINGS.md is up to date (npm run catalog)', () => {
    expect(readFileSync(join(ROOT, 'FINDINGS.md'), 'utf8')).toBe(renderCatalog());
  });
});
