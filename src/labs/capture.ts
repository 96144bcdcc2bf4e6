// Captures every namespace of a lab with the live collector, then takes the lab's unique prefix out of
// names and text so regenerated fixtures differ only where the kernel's output really changed.
import type { RawBundle } from '../bundle/layout.js';
import { type CollectOptions, collect } from '../collectors/collect.js';
import type { Lab } from './engine.js';

// Capture into memory; host ids become the lab's short names (red, blue, host, ...).
export async function captureLab(lab: Lab, createdBy: string, o: CollectOptions = {}): Promise<RawBundle> {
  const raw = await collect(
    lab.hosts.map((id) => ({ kind: 'netns' as const, name: lab.ns(id) })),
    { prefer: 'text', ...o, createdBy },
  );
  const strip = (s: string): string => s.split(`${lab.prefix}-`).join('');
  const files = new Map<string, string>();
  for (const [id, meta] of lab.hostMeta)
    raw.files.set(`hosts/${lab.ns(id)}/host.json`, `${JSON.stringify(meta, null, 2)}\n`);
  for (const [path, text] of lab.bundleFiles) raw.files.set(path, text);
  for (const [path, text] of raw.files) {
    if (path === 'bundle.json') {
      // fixtures carry no capture time, so regenerating them does not churn this file
      const m = JSON.parse(text) as Record<string, unknown>;
      delete m.createdAt;
      files.set(path, `${JSON.stringify(m, null, 2)}\n`);
    } else files.set(strip(path), strip(text));
  }
  return { path: `lab:${lab.prefix}`, origin: 'dir', files };
}
