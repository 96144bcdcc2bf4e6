// Writes an in-memory bundle to a directory or a .tar.gz, the two forms `analyze` reads.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { create as tarCreate } from 'tar';
import type { RawBundle } from './layout.js';

// Write a bundle to a directory, replacing what was there.
export function writeBundleDir(b: RawBundle, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [rel, text] of b.files) {
    const full = join(dir, rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text);
  }
}

// Write a bundle as OUT.tar.gz holding one top folder named after the archive.
export async function writeBundleTar(b: RawBundle, file: string): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'knd-bundle-'));
  try {
    const top = basename(file).replace(/\.(tar\.gz|tgz)$/i, '') || 'bundle';
    writeBundleDir(b, join(tmp, top));
    await tarFolder(tmp, top, file);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

// Pack PARENT/TOP into FILE (.tar.gz) with TOP as the single top folder.
export async function tarFolder(parent: string, top: string, file: string): Promise<void> {
  mkdirSync(dirname(file), { recursive: true });
  await tarCreate({ gzip: true, file, cwd: parent, portable: true }, [top]);
}

// Directory or archive, by the name's ending.
export async function writeBundle(b: RawBundle, out: string): Promise<void> {
  if (/\.(tar\.gz|tgz)$/i.test(out)) await writeBundleTar(b, out);
  else writeBundleDir(b, out);
}
