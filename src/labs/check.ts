// `lab check`: is the lab fixed? Both by real traffic between its own namespaces and by collecting and analyzing
// it; it counts as fixed only when every check passes and no warning or critical finding remains.
import type { RawFinding } from '../analyzers/types.js';
import { reportFromSnapshot } from '../report.js';
import { buildSnapshot } from '../snapshot/build.js';
import { captureLab } from './capture.js';
import { failingChecks } from './checks.js';
import type { Lab } from './engine.js';
import type { Scenario } from './scenario.js';

export interface LabVerdict {
  fixed: boolean;
  failing: string[];
  findings: RawFinding[];
}

// Check a lab now.
// An exercise's own finding must be gone too, even when it is only informational (/etc/hosts shadowing a name).
export async function checkLab(lab: Lab, sc: Scenario, answer?: string): Promise<LabVerdict> {
  const failing = await failingChecks(lab, sc.checks);
  const bundle = await captureLab(lab, 'kube-netdiag lab check', { prefer: 'json' });
  const report = reportFromSnapshot(buildSnapshot(bundle));
  const findings = report.findings.filter((f) => f.severity !== 'info' || (answer && `${f.id}@${f.target}` === answer));
  return { fixed: failing.length === 0 && findings.length === 0, failing, findings };
}
