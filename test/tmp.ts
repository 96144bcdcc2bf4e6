// Temporary folders for tests: every one made here is removed after its test file (test/setup.ts), pass or fail.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const made: string[] = [];

// A fresh folder under the system temp dir, named knd-<prefix>…, removed after the file's tests.
export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), `knd-${prefix.replace(/^knd-/, '')}`));
  made.push(d);
  return d;
}

// Remove every folder tempDir made so far (called by the setup file after each test file).
export function removeTempDirs(): void {
  for (const d of made.splice(0)) rmSync(d, { recursive: true, force: true });
}
