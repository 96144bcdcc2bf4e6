// The one small interface every analyzer implements, and the finding shapes they return.
import type { Snapshot } from '../snapshot/types.js';
import type { FindingId } from './catalog.js';

export type Severity = 'critical' | 'warning' | 'info';
export const SEVERITY_RANK: Record<Severity, number> = { critical: 3, warning: 2, info: 1 };

export interface Evidence {
  /** Bundle-relative file, e.g. `hosts/blue/ip-route.txt`. */
  source: string;
  /** 1-based line; 0 when the evidence is the file as a whole (e.g. "no nat table"). */
  line: number;
  text: string;
}

/** What an analyzer produces: language-free; texts come from the catalog with these params. */
export interface RawFinding {
  id: FindingId;
  severity: Severity;
  target: string;
  /** Which of the catalog's texts for this id applies. */
  variant: string;
  params: Record<string, string | number>;
  evidence: Evidence[];
  fix: string[];
}

/** A finding as views and JSON consumers see it. */
export interface Finding {
  id: FindingId;
  severity: Severity;
  target: string;
  title: string;
  explanation: string;
  evidence: Evidence[];
  fix: string[];
}

/** Analyzers are pure: snapshot in, findings out; they never run commands. */
export interface Analyzer {
  id: FindingId;
  run(snap: Snapshot): RawFinding[];
}
