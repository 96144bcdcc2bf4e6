// Every parser opens with a real sample of what it reads (insights-core style): each sample parses with no
// warning and gives something, and every parser in the artifact table has its sample.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ARTIFACT_TABLE, type ArtifactRow } from '../../src/bundle/artifacts.js';
import type { ParseResult } from '../../src/parsers/types.js';
import { ROOT } from '../helpers.js';

type AnyParser = (text: string, file: string) => ParseResult<unknown>;
const DIR = join(ROOT, 'src', 'parsers');
/** Modules of shared helpers, not parsers of one input (their parse* functions take no file name). */
const HELPERS = new Set(['json-lines.ts', 'lines.ts', 'types.ts', 'iptables-model.ts']);

// The lines of the opening comment after "Sample…:", without the comment marker.
function sampleOf(source: string): string | undefined {
  const lines = source.split('\n');
  const at = lines.findIndex((l) => /^\/\/ Sample\b.*:$/.test(l));
  if (at < 0) return undefined;
  const out: string[] = [];
  for (const l of lines.slice(at + 1)) {
    if (!l.startsWith('//   ')) break;
    out.push(l.slice(5));
  }
  return `${out.join('\n')}\n`;
}

const modules = await Promise.all(
  readdirSync(DIR)
    .filter((f) => f.endsWith('.ts'))
    .map(async (f) => {
      const mod = (await import(join(DIR, f))) as Record<string, unknown>;
      const parsers = Object.entries(mod).filter(
        (e): e is [string, AnyParser] => /^parse[A-Z]/.test(e[0]) && typeof e[1] === 'function',
      );
      return { file: f, sample: sampleOf(readFileSync(join(DIR, f), 'utf8')), parsers: HELPERS.has(f) ? [] : parsers };
    }),
);

const empty = (v: unknown): boolean =>
  v === undefined || (Array.isArray(v) && v.length === 0) || (v instanceof Map && v.size === 0);

describe('parser samples', () => {
  for (const m of modules.filter((x) => x.parsers.length > 0)) {
    it(`${m.file}: its opening sample parses with no warning`, () => {
      expect(m.sample, `${m.file} has no "// Sample …:" block`).toBeDefined();
      const tries = m.parsers.map(([name, p]) => ({ name, r: p(m.sample!, `sample/${m.file}`) }));
      const clean = tries.filter((t) => t.r.warnings.length === 0 && !empty(t.r.value));
      expect(
        clean.map((t) => t.name),
        JSON.stringify(tries.map((t) => [t.name, t.r.warnings])),
      ).not.toEqual([]);
    });
  }
  it('every parser module is used: by a row of the artifact table, or for a file read inside another', () => {
    const used = new Set((ARTIFACT_TABLE as readonly ArtifactRow[]).flatMap((r) => (r.parse ? [r.parse] : [])));
    // cluster lists, ConfigMap keys, and fib_trie.txt (read together with sys-class-net.txt by the snapshot)
    const nested = new Set(['k8s-list.ts', 'corefile.ts', 'kube-proxy-config.ts', 'fib-trie.ts']);
    const unused = modules.filter(
      (m) => m.parsers.length > 0 && !nested.has(m.file) && !m.parsers.some(([, p]) => used.has(p)),
    );
    expect(unused.map((m) => m.file)).toEqual([]);
  });
  it('every parser of the artifact table lives in a module with a sample', () => {
    const withSample = new Set(modules.filter((m) => m.sample).flatMap((m) => m.parsers.map(([, p]) => p)));
    const rows = (ARTIFACT_TABLE as readonly ArtifactRow[]).filter((r) => r.parse);
    expect(rows.filter((r) => !withSample.has(r.parse as AnyParser)).map((r) => r.name)).toEqual([]);
  });
});
