// Captures every namespace of a lab into the bundle layout, with the lab's unique prefix taken out
// so regenerated fixtures differ only where the kernel's output really changed.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RawBundle } from '../bundle/layout.js';
import { captureNetns } from '../collectors/netns.js';
import type { Lab } from './engine.js';

// Capture into memory; host ids are the lab's short names.
export async function captureLab(lab: Lab, createdBy: string): Promise<RawBundle> {
  const files = new Map<string, string>();
  const strip = (s: string): string => s.split(`${lab.prefix}-`).join('');
  for (const id of lab.hosts) {
    const cap = await captureNetns(lab.ns(id));
    for (const [artifact, text] of cap.files) files.set(`hosts/${id}/${artifact}`, strip(text));
    files.set(`hosts/${id}/host.json`, `${JSON.stringify({ kind: 'netns', name: id, netns: id }, null, 2)}\n`);
    if (cap.errors.length > 0) files.set(`hosts/${id}/errors.json`, `${JSON.stringify(cap.errors.map((e) => ({ ...e, message: strip(e.message) })), null, 2)}\n`);
  }
  files.set('bundle.json', `${JSON.stringify({ format: 1, createdBy, redacted: true }, null, 2)}\n`);
  return { path: `lab:${lab.prefix}`, origin: 'dir', files };
}

// Write an in-memory bundle to a directory, replacing what was there.
export function writeBundleDir(b: RawBundle, dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  for (const [rel, text] of b.files) {
    const full = join(dir, rel);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, text);
  }
}
