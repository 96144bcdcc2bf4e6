// `capture` and `diagnose`: collect from live targets (this machine, namespaces, PIDs, containers).
import { writeBundle } from '../bundle/write.js';
import { type ProgressEvent, collect } from '../collectors/collect.js';
import { discoverNamespaces } from '../collectors/discover.js';
import { connect } from '../collectors/k8s/connect.js';
import { collectClusterObjects } from '../collectors/k8s/objects.js';
import { probeHost } from '../collectors/probes.js';
import type { Target } from '../collectors/target.js';
import { UsageError } from '../errors.js';
import { detectLang } from '../i18n/lang.js';
import { reportFromSnapshot } from '../report.js';
import { buildSnapshot } from '../snapshot/build.js';
import { exitCodeFor, render } from './analyze.js';
import type { Io } from './io.js';

export interface TargetOptions {
  local?: boolean;
  netns?: string[];
  allNetns?: boolean;
  pid?: string[];
  docker?: string[];
  timeout: string;
  concurrency: string;
  probe?: boolean;
  probeName?: string;
  redact: boolean;
  text?: boolean;
  quiet?: boolean;
  /** Also collect the cluster objects through the API (implied by --kubeconfig / --context). */
  cluster?: boolean;
  kubeconfig?: string;
  context?: string;
}

const clusterMode = (o: TargetOptions): boolean => !!(o.cluster || o.kubeconfig || o.context);

// Targets named by the flags; no flag at all means this machine.
export async function targetsFrom(o: TargetOptions, io: Io): Promise<Target[]> {
  const t: Target[] = [];
  const any = o.local || o.netns?.length || o.allNetns || o.pid?.length || o.docker?.length;
  // with a cluster named and no host target, the cluster objects alone are collected
  if (o.local || (!any && !clusterMode(o)) || o.allNetns) t.push({ kind: 'local' });
  for (const n of o.netns ?? []) t.push({ kind: 'netns', name: n });
  for (const p of o.pid ?? []) {
    if (!/^\d+$/.test(p)) throw new UsageError(`--pid takes a process id (got "${p}").`);
    t.push({ kind: 'pid', pid: Number(p) });
  }
  for (const d of o.docker ?? []) t.push({ kind: 'docker', container: d });
  if (o.allNetns) {
    const found = await discoverNamespaces();
    for (const w of found.warnings) io.stderr.write(`kube-netdiag: ${w}\n`);
    for (const x of found.targets) if (!t.some((y) => JSON.stringify(y) === JSON.stringify(x))) t.push(x);
  }
  return t;
}

function numberOpt(name: string, v: string, min: number): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`${name} must be a number >= ${min} (got "${v}").`);
  return n;
}

// Progress lines on stderr (only on a terminal unless asked), so stdout stays the report.
function progress(io: Io, quiet: boolean | undefined): ((e: ProgressEvent) => void) | undefined {
  if (quiet) return undefined;
  return (e) => {
    if (e.type === 'target-done') io.stderr.write(`collected ${e.hostId}: ${e.collected} files${e.errors ? `, ${e.errors} not collected (see errors.json)` : ''}\n`);
  };
}

async function gather(o: TargetOptions, io: Io, createdBy: string) {
  const conn = clusterMode(o) ? connect({ ...(o.kubeconfig ? { kubeconfig: o.kubeconfig } : {}), ...(o.context ? { context: o.context } : {}) }) : undefined;
  const targets = await targetsFrom(o, io);
  const timeoutMs = numberOpt('--timeout', o.timeout, 0.1) * 1000;
  const bundle = await collect(targets, {
    timeoutMs,
    concurrency: numberOpt('--concurrency', o.concurrency, 1),
    prefer: o.text ? 'text' : 'json',
    redact: o.redact,
    createdBy,
    onEvent: progress(io, o.quiet),
    ...(o.probe ? { after: (t, files, schedule) => probeHost(t, files, { timeoutMs, name: o.probeName, schedule }) } : {}),
  });
  if (conn) {
    const objs = await collectClusterObjects(conn, { timeoutMs, redact: o.redact });
    for (const [k, v] of objs.files) bundle.files.set(k, v);
    for (const e of objs.errors) if (!o.quiet) io.stderr.write(`not collected: ${e.kind}: ${e.status ?? ''} ${e.reason}: ${e.message}\n`);
    const manifest = JSON.parse(bundle.files.get('bundle.json')!) as Record<string, unknown>;
    manifest.cluster = { context: conn.context, server: conn.server, ...(objs.version ? { version: objs.version } : {}) };
    if (objs.redacted) manifest.redactedValues = Number(manifest.redactedValues ?? 0) + objs.redacted;
    bundle.files.set('bundle.json', `${JSON.stringify(manifest, null, 2)}\n`);
    bundle.path = `${conn.context} (${conn.server})`;
  }
  return bundle;
}

// `capture`: write the bundle to a directory or .tar.gz.
export async function runCapture(out: string, o: TargetOptions, io: Io, createdBy: string): Promise<number> {
  const bundle = await gather(o, io, createdBy);
  await writeBundle(bundle, out);
  const hosts = new Set([...bundle.files.keys()].filter((k) => k.startsWith('hosts/')).map((k) => k.split('/')[1]));
  io.stderr.write(`wrote ${out} (${hosts.size} host${hosts.size === 1 ? '' : 's'}${o.redact ? ', redacted' : ', NOT redacted'})\n`);
  return 0;
}

// `diagnose`: collect in memory and analyze, with analyze's outputs and exit codes.
export async function runDiagnose(o: TargetOptions & { output: string; failOn: string; lang?: string }, io: Io, createdBy: string): Promise<number> {
  const bundle = await gather(o, io, createdBy);
  const lang = detectLang(o.lang, io.env);
  const report = reportFromSnapshot(buildSnapshot(bundle), lang);
  io.stdout.write(render(report, o.output, lang, io));
  return exitCodeFor(report, o.failOn);
}
