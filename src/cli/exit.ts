// Exit codes a CI job can rely on: one table that every command, `--help` and the README use.
import { SEVERITY_RANK, type Severity } from '../analyzers/types.js';
import type { Report } from '../report.js';

/** 0 clean, 1 findings at or above --fail-on, 2 usage or input error, 3 incomplete (a target gave nothing). */
export const EXIT = { ok: 0, findings: 1, usage: 2, incomplete: 3 } as const;

/** The exit-code table as `--help` prints it. */
export const EXIT_HELP = `Exit codes:
  0  everything requested was collected, and no finding is at or above --fail-on
  1  a finding is at or above --fail-on (default: warning)
  2  usage or input error: a bad flag, a path or kubeconfig that does not exist, credentials that fail
  3  incomplete: a requested target or the cluster could not be collected at all; the findings on the rest
     are still printed. 3 wins over 1: a verdict on part of what you asked for is not a verdict.
     --allow-partial turns 3 into 0 or 1.`;

export interface ExitPolicy {
  failOn: string;
  /** Judge only what was collected: a target that gave nothing does not make the exit code 3. */
  allowPartial?: boolean;
}

// Why a report is incomplete: the targets that gave nothing (empty when complete).
export function incompleteTargets(r: Report): string[] {
  return r.coverage.filter((c) => c.status === 'not-collected').map((c) => c.target);
}

// The exit code for a report under --fail-on and --allow-partial.
export function exitCodeFor(r: Report, p: ExitPolicy): number {
  if (!p.allowPartial && incompleteTargets(r).length > 0) return EXIT.incomplete;
  if (p.failOn === 'none') return EXIT.ok;
  const min = SEVERITY_RANK[p.failOn as Severity];
  return r.findings.some((f) => SEVERITY_RANK[f.severity] >= min) ? EXIT.findings : EXIT.ok;
}
