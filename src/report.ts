// The offline pipeline in one place: bundle → snapshot → analyzers → report (what every view renders).
import { type AnalyzerFailure, runAnalyzers } from './analyzers/index.js';
import type { RawFinding, Severity } from './analyzers/types.js';
import { redact } from './collectors/redact.js';
import { type RawBundle, rawToData } from './bundle/layout.js';
import { readBundle } from './bundle/read.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ParseWarning } from './parsers/types.js';
import { type BuildOptions, buildSnapshot } from './snapshot/build.js';
import type { Coverage } from './snapshot/coverage.js';
import { detectCni } from './snapshot/cni.js';
import type { KindReason } from './snapshot/kind.js';
import type { HostKind, Snapshot } from './snapshot/types.js';

export interface HostSummary {
  id: string;
  kind: HostKind;
  /** Why it was taken to be that kind, when the capture did not say (language-free; views word it). */
  kindWhy?: KindReason;
  collected: string[];
  notCollected: { artifact: string; reason: string }[];
}

export interface Report {
  source: { path: string; origin: string; cluster?: { context?: string; server?: string; version?: string } };
  /** Language-free (id, variant, params): views localize them, so switching language re-runs nothing. */
  findings: RawFinding[];
  hosts: HostSummary[];
  /** The CNI the nodes run, when they show one (src/snapshot/cni.ts). */
  cni?: { name: string; mode?: string; host: string };
  warnings: ParseWarning[];
  failures: AnalyzerFailure[];
  counts: Record<Severity, number>;
  /** Every target with collected / partial / not-collected: what the findings do and do not speak for. */
  coverage: Coverage[];
}

// The finding with its evidence lines, parameters and fixes masked by the redaction rules.
function maskFinding(f: RawFinding): RawFinding {
  const m = (t: string): string => redact(t).text;
  const params: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(f.params)) params[k] = typeof v === 'string' ? m(v) : v;
  const notes = f.notes?.map((n) => ({ en: m(n.en), 'zh-TW': m(n['zh-TW']) }));
  return {
    ...f,
    params,
    evidence: f.evidence.map((e) => ({ ...e, text: m(e.text) })),
    fix: f.fix.map((e) =>
      typeof e === 'string'
        ? m(e)
        : { cmd: m(e.cmd), comment: { en: m(e.comment.en), 'zh-TW': m(e.comment['zh-TW']) } },
    ),
    ...(notes ? { notes } : {}),
  };
}

// A coverage entry with its reasons masked by the redaction rules.
function maskCoverage(c: Coverage): Coverage {
  const m = (t: string): string => redact(t).text;
  return {
    ...c,
    ...(c.reason !== undefined ? { reason: m(c.reason) } : {}),
    missing: c.missing.map((g) => ({ ...g, reason: m(g.reason) })),
  };
}

/** What the analyzers said about a snapshot, before any language is chosen (so switching language re-runs nothing). */
export interface Analysis {
  findings: RawFinding[];
  failures: AnalyzerFailure[];
}

// Analyze an in-memory snapshot.
export function reportFromSnapshot(snap: Snapshot): Report {
  return reportFromAnalysis(snap, runAnalyzers(snap));
}

// The report for a snapshot whose analysis is already done (in this thread or a worker).
export function reportFromAnalysis(snap: Snapshot, analysis: Analysis): Report {
  const { findings, failures } = analysis;
  // a bundle not marked redacted (hand-made, --no-redact, another tool's) still shows no secret in a report:
  // evidence, fixes, reasons and the quoted lines of parse warnings are masked by the redaction rules
  const clear = snap.manifest?.redacted === true;
  const m = (t: string): string => (clear ? t : redact(t).text);
  const counts: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  const cniOf = detectCni(snap);
  for (const f of findings) counts[f.severity]++;
  const report: Report = {
    source: { path: snap.source.path, origin: snap.source.origin },
    findings: clear ? findings : findings.map(maskFinding),
    ...(cniOf ? { cni: { name: cniOf.name, ...(cniOf.mode ? { mode: cniOf.mode } : {}), host: cniOf.host } } : {}),
    hosts: snap.hosts.map((h) => ({
      id: h.id,
      kind: h.kind,
      ...(h.kindWhy ? { kindWhy: h.kindWhy } : {}),
      collected: h.files,
      notCollected: h.notCollected
        .filter((n) => n.reason !== 'no file in the bundle' || h.files.length > 0)
        .map((n) => ({ artifact: n.artifact, reason: m(n.reason) })),
    })),
    warnings: [
      ...snap.warnings,
      ...snap.hosts.flatMap((h) => [...(h.iptables?.lateWarnings ?? []), ...(h.ip6tables?.lateWarnings ?? [])]),
    ].map((w) => (clear || w.text === undefined ? w : { ...w, text: m(w.text) })),
    failures,
    counts,
    coverage: clear ? snap.coverage : snap.coverage.map(maskCoverage),
  };
  if (snap.manifest?.cluster) report.source.cluster = snap.manifest.cluster;
  return report;
}

// Read, parse and analyze a bundle path (directory, archive or single file).
export async function analyzePath(
  path: string,
  o: BuildOptions = {},
): Promise<{ report: Report; snapshot: Snapshot; raw: RawBundle }> {
  return analyzeRaw(await readBundle(path), o);
}

// The report of a bundle already in memory (a paste read from stdin).
export function analyzeRaw(
  raw: RawBundle,
  o: BuildOptions = {},
): { report: Report; snapshot: Snapshot; raw: RawBundle } {
  const snapshot = buildSnapshot(raw, o);
  return { report: reportFromSnapshot(snapshot), snapshot, raw };
}

// Run the analyzers in a worker thread, so a terminal UI keeps answering keys (q quits) however long they take.
// From the TypeScript sources (tests in-process) there is no compiled worker: then they run here, after a yield.
export async function analyzeOffThread(raw: RawBundle, o: BuildOptions = {}): Promise<Analysis> {
  const worker = new URL('./analysis-worker.js', import.meta.url);
  if (!existsSync(fileURLToPath(worker))) {
    await new Promise((r) => setImmediate(r));
    return runAnalyzers(buildSnapshot(raw, o));
  }
  // the whole bundle goes across, origins and notes included: evidence cites the capture's own paths there too
  const w = new Worker(worker, { workerData: { raw: rawToData(raw), as: [...(o.as ?? [])] } });
  // a user who quits while it runs is not kept waiting: the worker never holds the process open
  w.unref();
  return new Promise<Analysis>((resolve, reject) => {
    w.once('message', (m: Analysis) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
    w.once('exit', (code) => reject(new Error(`the analysis worker stopped (exit ${code})`)));
  });
}
