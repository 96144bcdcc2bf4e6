// Writes an in-memory bundle to a folder or packs a folder into a .tar.gz, the forms `analyze` reads.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RawBundle } from './layout.js';
import { openStaging, planOutput } from './output.js';
import { bundleFilePath } from './paths.js';

// Write one bundle file under root (the path is checked: it must be a bundle path that stays inside root).
export function putBundleFile(root: string, rel: string, text: string): void {
  const full = bundleFilePath(root, rel);
  mkdirSync(dirname(full), { recursive: true });
  writeFileSync(full, text);
}

// Write a bundle to a folder through the same rules as `capture -o`: a new folder, or one of our own bundles.
export async function writeBundleDir(b: RawBundle, dir: string): Promise<void> {
  const staging = openStaging(await planOutput(dir));
  try {
    for (const [rel, text] of b.files) putBundleFile(staging.root, rel, text);
    await staging.commit();
  } catch (e) {
    staging.abort();
    throw e;
  }
}
