// Remembers labs brought up by `lab up` (which exits right away) so `lab down` can remove them later.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LabState {
  prefix: string;
  scenario: string;
  faults: string[];
  namespaces: string[];
  files: string[];
  createdAt: string;
  /** What a scenario knows about its hosts, and its cluster objects (so `lab check` can analyze like `lab up`). */
  hostMeta?: Record<string, Record<string, unknown>>;
  bundleFiles?: Record<string, string>;
  /** The exercise this lab is, and how many of its hints were shown. */
  exercise?: string;
  hintsShown?: number;
}

/** Under /run: gone after a reboot, like the namespaces it describes. */
export const STATE_DIR = process.env.KUBE_NETDIAG_LAB_STATE ?? '/run/kube-netdiag/labs';

// Save a lab's state.
export function saveLab(s: LabState): void {
  mkdirSync(STATE_DIR, { recursive: true });
  writeFileSync(join(STATE_DIR, `${s.prefix}.json`), `${JSON.stringify(s, null, 2)}\n`);
}

// Every saved lab (unreadable files are skipped).
export function savedLabs(): LabState[] {
  let names: string[] = [];
  try {
    names = readdirSync(STATE_DIR).filter((n) => n.endsWith('.json'));
  } catch {
    return [];
  }
  const out: LabState[] = [];
  for (const n of names) {
    try {
      out.push(JSON.parse(readFileSync(join(STATE_DIR, n), 'utf8')) as LabState);
    } catch {
      /* a half-written file from a crash: ignore it */
    }
  }
  return out.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

// Forget a lab.
export function forgetLab(prefix: string): void {
  rmSync(join(STATE_DIR, `${prefix}.json`), { force: true });
}
