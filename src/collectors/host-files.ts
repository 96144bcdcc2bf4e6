// The one host writer: what a collected target becomes inside a bundle (its artifacts, host.json, errors.json),
// masked by the redaction rules, for the local collector and the cluster collector alike.
import type { CollectError } from './collect.js';
import { redactArtifact, redactJsonText } from './redact.js';

/** What a collector got from one target. */
export interface HostCapture {
  files: Map<string, string>;
  meta: Record<string, unknown>;
  errors: CollectError[];
}

// The bundle entries of one target under hosts/<id>/, and how many values redaction masked. Why: one place
// decides the layout and the masking, so a live capture and a cluster capture cannot drift apart.
export function hostFiles(
  id: string,
  c: HostCapture,
  redact: boolean,
): { entries: [string, string][]; masked: number } {
  const entries: [string, string][] = [];
  let masked = 0;
  const add = (name: string, text: string, mask: (t: string) => { text: string; count: number }): void => {
    const r = redact ? mask(text) : { text, count: 0 };
    masked += r.count;
    entries.push([`hosts/${id}/${name}`, r.text]);
  };
  for (const [name, text] of c.files) add(name, text, (t) => redactArtifact(name, t));
  // host.json holds only what the collector itself wrote (kind, names, pid)
  entries.push([`hosts/${id}/host.json`, `${JSON.stringify(c.meta, null, 2)}\n`]);
  // a failed command's first stderr line can echo anything it was given: masked value by value, still JSON
  if (c.errors.length > 0) {
    const sorted = [...c.errors].sort((a, b) => a.artifact.localeCompare(b.artifact));
    add('errors.json', `${JSON.stringify(sorted, null, 2)}\n`, redactJsonText);
  }
  return { entries, masked };
}
