// `capture` and `diagnose`: collect from live targets (this machine, namespaces, PIDs, containers).
import type { RawBundle } from '../bundle/layout.js';
import { openStaging, planOutput } from '../bundle/output.js';
import { putBundleFile } from '../bundle/write.js';
import { onInterrupt } from '../cleanup.js';
import { type ProgressEvent, collect } from '../collectors/collect.js';
import { discoverNamespaces } from '../collectors/discover.js';
import { type ClusterEvent, collectCluster } from '../collectors/k8s/cluster.js';
import { type Connection, connect, probeApi } from '../collectors/k8s/connect.js';
import { CreatedObjects } from '../collectors/k8s/debug-pod.js';
import { probeHost } from '../collectors/probes.js';
import type { Target } from '../collectors/target.js';
import { UsageError } from '../errors.js';
import { sh } from '../text/shell.js';
import { coverageCounts, listingCoverage } from '../snapshot/coverage.js';
import { coverageLine } from '../i18n/lang.js';
import { detectLang } from '../i18n/lang.js';
import { reportFromSnapshot } from '../report.js';
import { buildSnapshot } from '../snapshot/build.js';
import { renderPieces, writePieces } from './analyze.js';
import { EXIT, exitCodeFor } from './exit.js';
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
  /** A target that gave nothing does not make the exit code 3. */
  allowPartial?: boolean;
  /** Also collect the cluster objects through the API (implied by --kubeconfig / --context). */
  cluster?: boolean;
  kubeconfig?: string;
  context?: string;
  pod?: string[];
  selector?: string;
  namespace?: string;
  allNamespaces?: boolean;
  node?: string[];
  allNodes?: boolean;
  readOnly?: boolean;
  daemonset?: boolean;
  debugImage?: string;
  nodeImage?: string;
  debugNamespace: string;
  nodeTimeout: string;
  /** Progress lines go here instead of stderr (the TUI shows them in a pane). */
  onProgress?: (text: string, ok: boolean) => void;
}

export const clusterMode = (o: TargetOptions): boolean =>
  !!(o.cluster || o.kubeconfig || o.context || o.pod?.length || o.selector || o.node?.length || o.allNodes);

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

// A numeric flag within bounds; Node's timers overflow above 2^31 ms (24.8 days), so every limit stays far below.
function numberOpt(name: string, v: string, min: number, max: number, integer = false): number {
  const n = Number(v);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new UsageError(
      `${name} must be ${integer ? 'a whole number' : 'a number'} from ${min} to ${max} (got "${v}").`,
    );
  }
  return n;
}

/** Bounds of the numeric flags (seconds, or a count). */
export const LIMITS = { timeout: 3600, nodeTimeout: 86_400, concurrency: 256 } as const;

export interface Prepared {
  conn?: Connection;
  targets: Target[];
  timeoutMs: number;
  concurrency: number;
  nodeTimeoutMs: number;
}

// Validate every flag and load the kube connection before anything is created or written.
export async function prepare(o: TargetOptions, io: Io): Promise<Prepared> {
  const timeoutMs = numberOpt('--timeout', o.timeout, 0.1, LIMITS.timeout) * 1000;
  const concurrency = numberOpt('--concurrency', o.concurrency, 1, LIMITS.concurrency, true);
  const nodeTimeoutMs = numberOpt('--node-timeout', o.nodeTimeout, 1, LIMITS.nodeTimeout) * 1000;
  // flags that only mean something for pods through the API: say what to add instead of quietly ignoring them
  if (o.allNamespaces && !o.selector)
    throw new UsageError(
      '-A/--all-namespaces selects pods across every namespace for --selector: add -l <labels> (e.g. -l app=web -A), or drop -A.',
    );
  if (o.namespace !== undefined && !o.selector && !o.pod?.length)
    throw new UsageError(
      `-n/--namespace ${o.namespace} names the namespace of --pod NAME or --selector: add --pod <name> or -l <labels>, or drop -n.`,
    );
  const conn = clusterMode(o)
    ? connect({ ...(o.kubeconfig ? { kubeconfig: o.kubeconfig } : {}), ...(o.context ? { context: o.context } : {}) })
    : undefined;
  const targets = await targetsFrom(o, io);
  return { ...(conn ? { conn } : {}), targets, timeoutMs, concurrency, nodeTimeoutMs };
}

// Progress lines on stderr (only on a terminal unless asked), so stdout stays the report. A capture points at the
// errors.json it writes; diagnose writes none, so it says why in the line itself.
function progress(io: Io, o: TargetOptions, onDisk: boolean): ((e: ProgressEvent) => void) | undefined {
  if (o.quiet && !o.onProgress) return undefined;
  return (e) => {
    if (e.type !== 'target-done') return;
    const where = onDisk ? ` (hosts/${e.hostId}/errors.json)` : '';
    const line =
      e.collected === 0
        ? `${e.hostId}: not collected: ${e.reason ?? 'no command gave output'}`
        : `collected ${e.hostId}: ${e.collected} files${e.errors ? `, ${e.errors} not collected${where}` : ''}`;
    if (o.onProgress) o.onProgress(line, e.errors === 0);
    else io.stderr.write(`${line}\n`);
  };
}

/** Where collected files go: a directory as they arrive (big captures stream to disk), or memory. */
interface Sink {
  /** Files land in a bundle folder (capture), not only in memory (diagnose, the TUI). */
  onDisk: boolean;
  put(path: string, text: string): void;
  bundle(): RawBundle;
}

export function memorySink(): Sink {
  const files = new Map<string, string>();
  return { onDisk: false, put: (p, t) => void files.set(p, t), bundle: () => ({ path: 'live', origin: 'dir', files }) };
}

// Files go to disk as they arrive, each path checked to be a bundle path inside `dir`.
function dirSink(dir: string): Sink {
  const seen = new Map<string, string>();
  return {
    onDisk: true,
    put: (p, t) => {
      putBundleFile(dir, p, t);
      // names only, the text is on disk; the small capture records are kept to report coverage
      seen.set(p, /(^|\/)(errors|host|bundle)\.json$/.test(p) ? t : '');
    },
    bundle: () => ({ path: dir, origin: 'dir', files: seen }),
  };
}

function clusterProgress(io: Io, o: TargetOptions): ((e: ClusterEvent) => void) | undefined {
  if (o.quiet && !o.onProgress) return undefined;
  return (e) => {
    const line =
      e.type === 'phase'
        ? `${e.text}…`
        : `[${e.done}/${e.total}] ${e.kind} ${e.id}: ${e.files} files${e.errors ? `, ${e.errors} not collected` : ''}${e.note ?? ''} (${(e.ms / 1000).toFixed(1)} s)`;
    if (o.onProgress) o.onProgress(line, e.type === 'phase' || e.errors === 0);
    else io.stderr.write(`${line}\n`);
  };
}

// Collect every named target into the sink (the live path shared by capture, diagnose and the TUI).
export interface Gathered {
  bundle: RawBundle;
  /** Collector objects that could not be removed from the cluster. */
  leftovers: string[];
}

export async function gather(
  o: TargetOptions,
  io: Io,
  createdBy: string,
  sink: Sink,
  ready?: Prepared,
): Promise<Gathered> {
  const { conn, targets, timeoutMs, concurrency, nodeTimeoutMs } = ready ?? (await prepare(o, io));
  let label = '';
  const manifest: Record<string, unknown> = {
    format: 1,
    createdAt: new Date().toISOString(),
    createdBy,
    redacted: o.redact,
  };
  let redactedValues = 0;
  const leftovers: string[] = [];
  if (targets.length > 0) {
    const local = await collect(targets, {
      timeoutMs,
      concurrency,
      prefer: o.text ? 'text' : 'json',
      redact: o.redact,
      createdBy,
      onEvent: progress(io, o, sink.onDisk),
      ...(o.probe
        ? { after: (t, files, schedule) => probeHost(t, files, { timeoutMs, name: o.probeName, schedule }) }
        : {}),
    });
    for (const [k, v] of local.files) if (k !== 'bundle.json') sink.put(k, v);
    redactedValues += Number(
      (JSON.parse(local.files.get('bundle.json')!) as Record<string, unknown>).redactedValues ?? 0,
    );
    label = local.path;
  }
  if (conn) {
    // one GET /version first: an API server that is not there is one cause, said once (never "0 hosts", exit 0)
    const probe = await probeApi(conn);
    const version = probe.ok ? probe.version : undefined;
    manifest.cluster = { context: conn.context, server: conn.server, ...(version ? { version } : {}) };
    const line = `cluster: ${conn.context} · ${conn.server} · ${probe.ok ? (version ?? 'version unknown') : `not reachable: ${probe.cause}`}`;
    if (o.onProgress) o.onProgress(line, probe.ok);
    else if (!o.quiet) io.stderr.write(`${line}${o.readOnly ? ' · read-only' : ''}\n`);
    const created = new CreatedObjects(conn);
    // Ctrl-C while collector pods exist: delete them before exiting
    const off = onInterrupt(async () => {
      const left = await created.removeAll(5000);
      for (const w of left) io.stderr.write(`kube-netdiag: could not delete ${w}; remove it by hand\n`);
      if (left.length === 0 && created.deleted.length > 0)
        io.stderr.write(`kube-netdiag: removed ${created.deleted.length} collector object(s)\n`);
    });
    try {
      const r = await collectCluster(conn, {
        pods: o.pod ?? [],
        ...(o.selector ? { selector: o.selector } : {}),
        namespace: o.namespace ?? conn.kc.getContextObject(conn.context)?.namespace ?? 'default',
        allNamespaces: !!o.allNamespaces,
        nodes: o.node ?? [],
        allNodes: !!o.allNodes,
        readOnly: !!o.readOnly,
        daemonset: !!o.daemonset,
        ...(o.debugImage ? { debugImage: o.debugImage } : {}),
        ...(o.nodeImage ? { nodeImage: o.nodeImage } : {}),
        debugNamespace: o.debugNamespace,
        concurrency,
        nodeTimeoutMs,
        commandTimeoutS: Math.max(1, Math.round(timeoutMs / 1000)),
        redact: o.redact,
        created,
        ...(probe.ok ? {} : { unreachable: probe.cause }),
        ...(clusterProgress(io, o) ? { onEvent: clusterProgress(io, o)! } : {}),
        sink: (p, t) => sink.put(p, t),
      });
      redactedValues += r.redactedValues;
      leftovers.push(...r.leftovers);
      if (o.onProgress) for (const p of r.problems) o.onProgress(p, false);
      else if (!o.quiet) {
        for (const p of r.problems) io.stderr.write(`${p}\n`);
        if (r.sweptLeftovers.length)
          io.stderr.write(
            `removed ${r.sweptLeftovers.length} collector object(s) left by an earlier run: ${r.sweptLeftovers.join(', ')}\n`,
          );
      }
    } finally {
      off();
    }
    label = `${conn.context} (${conn.server})`;
  }
  if (redactedValues) manifest.redactedValues = redactedValues;
  sink.put('bundle.json', `${JSON.stringify(manifest, null, 2)}\n`);
  const b = sink.bundle();
  b.path = label || b.path;
  return { bundle: b, leftovers };
}

// `capture`: write the bundle to a directory or .tar.gz. Flags, the connection and OUT are checked first; files
// go to a hidden sibling that replaces OUT only when the capture is complete.
export async function runCapture(
  out: string,
  o: TargetOptions & { force?: boolean },
  io: Io,
  createdBy: string,
): Promise<number> {
  const ready = await prepare(o, io);
  const plan = await planOutput(out, { ...(o.force ? { force: true } : {}), ...(io.cwd ? { cwd: io.cwd } : {}) });
  const staging = openStaging(plan);
  let bundle: RawBundle;
  let leftovers: string[];
  try {
    ({ bundle, leftovers } = await gather(o, io, createdBy, dirSink(staging.root), ready));
    await staging.commit();
  } catch (e) {
    staging.abort();
    throw e;
  }
  const hosts = new Set([...bundle.files.keys()].filter((k) => k.startsWith('hosts/')).map((k) => k.split('/')[1]));
  const replaced =
    plan.replaces === 'forced'
      ? ', replaced (--force)'
      : plan.replaces === 'bundle'
        ? ', replaced the previous bundle'
        : '';
  io.stderr.write(
    `wrote ${out} (${hosts.size} host${hosts.size === 1 ? '' : 's'}${o.redact ? ', redacted' : ', NOT redacted'}${replaced})\n`,
  );
  // a target with no command output at all, or a privileged object left in the cluster, is not a clean capture
  const coverage = listingCoverage(bundle.files, !!ready.conn);
  const missed = coverage.filter((c) => c.status === 'not-collected');
  io.stderr.write(`${coverageLine(coverageCounts(coverage))}\n`);
  for (const c of missed.slice(0, 20)) io.stderr.write(`  not collected: ${c.target}: ${c.reason ?? ''}\n`);
  if (missed.length > 20) io.stderr.write(`  … and ${missed.length - 20} more (hosts/<id>/errors.json)\n`);
  if (leftovers.length > 0) {
    io.stderr.write(
      `kube-netdiag: ${leftovers.length} collector object(s) created by this run are still in the cluster; exit 3. Delete them:\n`,
    );
    for (const w of leftovers) {
      const m = /^(Pod|DaemonSet) ([^/\s]+)\/(\S+)/.exec(w);
      io.stderr.write(m ? `  ${sh`kubectl delete ${m[1]!.toLowerCase()} -n ${m[2]!} ${m[3]!}`}\n` : `  ${w}\n`);
    }
  }
  // objects left in the cluster are always exit 3: --allow-partial is about coverage, not about cleaning up
  if (leftovers.length > 0) return EXIT.incomplete;
  if (missed.length > 0 && !o.allowPartial) {
    io.stderr.write('kube-netdiag: incomplete capture; exit 3 (--allow-partial accepts it)\n');
    return EXIT.incomplete;
  }
  return EXIT.ok;
}

// `diagnose`: collect in memory and analyze, with analyze's outputs and exit codes.
export async function runDiagnose(
  o: TargetOptions & { output: string; failOn: string; lang?: string },
  io: Io,
  createdBy: string,
): Promise<number> {
  const { bundle } = await gather(o, io, createdBy, memorySink());
  const lang = detectLang(o.lang, io.env);
  const report = reportFromSnapshot(buildSnapshot(bundle));
  await writePieces(io.stdout, renderPieces(report, o.output, lang, io));
  return exitCodeFor(report, o);
}
