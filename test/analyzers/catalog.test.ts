import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ANALYZERS, FINDING_IDS, localize } from '../../src/analyzers/index.js';
import { ROOT } from '../helpers.js';

describe('finding catalog', () => {
  it('ids are kebab-case and unique in the registry', () => {
    for (const id of FINDING_IDS) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
    expect(new Set(FINDING_IDS).size).toBe(ANALYZERS.length);
  });
  it('every variant exists in both languages with the same placeholders', () => {
    for (const a of ANALYZERS) {
      for (const v of Object.values(a.variants))
        for (const k of ['title', 'explanation'] as const) {
          const ph = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
          expect(v[k]['zh-TW'].length).toBeGreaterThan(0);
          expect(ph(v[k]['zh-TW'])).toEqual(ph(v[k].en));
          expect(v[k]['zh-TW']).toMatch(/[\u4e00-\u9fff]/);
        }
    }
  });
  it('every file that defines an analyzer has its row in the registry', () => {
    const dir = join(ROOT, 'src', 'analyzers');
    const defined = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && readFileSync(join(dir, f), 'utf8').includes('= defineAnalyzer({'))
      .map((f) => f.replace(/\.ts$/, ''));
    expect(defined.sort()).toEqual([...FINDING_IDS].sort());
  });
  it('a finding whose variant has no texts is an error, not a silent fallback', () => {
    const f = {
      id: 'bridge-down' as const,
      severity: 'critical' as const,
      target: 'a',
      variant: 'nope',
      params: {},
      evidence: [],
      fix: [],
    };
    expect(() => localize(f, 'en')).toThrow('finding bridge-down has no variant "nope"');
  });
});
