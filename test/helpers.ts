// Small helpers shared by tests: build snapshots from inline files and read fixtures.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runAnalyzers } from '../src/analyzers/index.js';
import type { RawFinding } from '../src/analyzers/types.js';
import { buildSnapshot } from '../src/snapshot/build.js';
import type { Snapshot } from '../src/snapshot/types.js';

export const ROOT = join(import.meta.dirname, '..');

// A snapshot from bundle-relative paths → text.
export function snap(files: Record<string, string>): Snapshot {
  return buildSnapshot({ path: 'inline', origin: 'dir', files: new Map(Object.entries(files)) });
}

// Findings of an inline bundle.
export function findings(files: Record<string, string>): RawFinding[] {
  return runAnalyzers(snap(files)).findings;
}

// Text of a fixture file.
export function fixture(rel: string): string {
  return readFileSync(join(ROOT, 'fixtures', rel), 'utf8');
}

// Dedent a template literal (strip the common leading indentation).
export function d(s: string): string {
  const lines = s.replace(/^\n/, '').split('\n');
  const ind = Math.min(...lines.filter((l) => l.trim()).map((l) => l.match(/^ */)![0].length));
  return lines.map((l) => l.slice(ind)).join('\n');
}
