// The offline pipeline in one place: bundle → snapshot → analyzers → report (what every view renders).
import { type AnalyzerFailure, localize, runAnalyzers } from './analyzers/index.js';
import type { Lang } from './analyzers/catalog.js';
import type { Finding, RawFinding, Severity } from './analyzers/types.js';
import { redact } from './collectors/redact.js';
import type { RawBundle } from './bundle/layout.js';
import { readBundle } from './bundle/read.js';
import type { ParseWarning } from './parsers/types.js';
import { buildSnapshot } from './snapshot/build.js';
import type { HostKind, Snapshot } from './snapshot/types.js';

export interface HostSummary {
  id: string;
  kind: HostKind;
  collected: string[];
  notCollected: { artifact: string; reason: string }[];
}

export interface Report {
  source: { path: string; origin: string; cluster?: { context?: string; server?: string; version?: string } };
  findings: Finding[];
  hosts: HostSummary[];
  warnings: ParseWarning[];
  failures: AnalyzerFailure[];
  counts: Record<Severity, number>;
}

// The finding with its evidence lines, parameters and fixes masked by the redaction rules.
function maskFinding(f: RawFinding): RawFinding {
  const m = (t: string): string => redact(t).text;
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(f.params)) params[k] = typeof v === 'string' ? m(v) : v;
  return { ...f, params, evidence: f.evidence.map((e) => ({ ...e, text: m(e.text) })), fix: f.fix.map(m) };
}

// Analyze an in-memory snapshot and localise the findings.
export function reportFromSnapshot(snap: Snapshot, lang: Lang): Report {
  const { findings, failures } = runAnalyzers(snap);
  const counts: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  const report: Report = {
    source: { path: snap.source.path, origin: snap.source.origin },
    // a bundle not marked redacted (hand-made, --no-redact, another tool's) still shows no secret in a report
    findings: findings.map((f) => localize(snap.manifest?.redacted === true ? f : maskFinding(f), lang)),
    hosts: snap.hosts.map((h) => ({
      id: h.id,
      kind: h.kind,
      collected: h.files,
      notCollected: h.notCollected.filter((n) => n.reason !== 'no file in the bundle' || h.files.length > 0).map((n) => ({ artifact: n.artifact, reason: n.reason })),
    })),
    warnings: [...snap.warnings, ...snap.hosts.flatMap((h) => [...(h.iptables?.lateWarnings ?? []), ...(h.ip6tables?.lateWarnings ?? [])])],
    failures,
    counts,
  };
  if (snap.manifest?.cluster) report.source.cluster = snap.manifest.cluster;
  return report;
}

// Read, parse and analyze a bundle path (directory, archive or single file).
export async function analyzePath(path: string, lang: Lang): Promise<{ report: Report; snapshot: Snapshot; raw: RawBundle }> {
  const raw = await readBundle(path);
  const snapshot = buildSnapshot(raw);
  return { report: reportFromSnapshot(snapshot, lang), snapshot, raw };
}
