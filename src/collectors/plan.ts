// What to collect from a host: one entry per fact, with alternatives in preference order (JSON, text, net-tools).
import { ARTIFACT_TABLE, type ArtifactName, type ArtifactRow, artifactRow } from '../bundle/artifacts.js';

export interface Step {
  artifact: ArtifactName;
  /** One or more argv run in the target; several outputs are concatenated (iptables -L of two tables). */
  argvs: string[][];
  /** Keep stderr in the file (sysctl reports missing keys there). */
  keepStderr?: boolean;
}

export interface PlanItem {
  fact: string;
  steps: Step[];
}

// The plan for one host, from the artifact table: one item per fact, its commands in preference order;
// `prefer: 'text'` puts the plain form before the JSON one (readable fixtures).
export function plan(prefer: 'json' | 'text' = 'json'): PlanItem[] {
  const items = new Map<string, Step[]>();
  for (const r of ARTIFACT_TABLE as readonly ArtifactRow<ArtifactName>[]) {
    const key = r.fact ?? r.name;
    const steps = (r.local ?? []).map((x) => ({ artifact: r.name, ...x }));
    if (steps.length > 0) items.set(key, [...(items.get(key) ?? []), ...steps]);
  }
  return [...items].map(([fact, steps]) => {
    if (prefer === 'text' && artifactRow(steps[0]!.artifact)?.json && steps.length > 1)
      return { fact, steps: [steps[1]!, steps[0]!, ...steps.slice(2)] };
    return { fact, steps };
  });
}

// Is this (stdout + stderr of a failed `sysctl K...`) sysctl's own answer — values, or "cannot stat" for keys
// this kernel lacks — rather than an error of the way in (nsenter, ip netns exec)? Only then is it the artifact.
export function isSysctlAnswer(text: string): boolean {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.length > 0 && lines.every((l) => /^[\w.\-/]+ = /.test(l) || /^sysctl: /.test(l));
}

/** Files read from the target's /etc as it sees them. */
export const ETC_FILES: readonly ArtifactName[] = (ARTIFACT_TABLE as readonly ArtifactRow<ArtifactName>[])
  .filter((r) => r.etc)
  .map((r) => r.name);
