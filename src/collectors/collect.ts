// Collects bundle artifacts from live targets concurrently, recording what it could not get instead of failing.
import type { RawBundle } from '../bundle/layout.js';
import { oneCause } from '../bundle/errors.js';
import { limiter } from './limit.js';
import { ETC_FILES, isSysctlAnswer, plan } from './plan.js';
import { type HostCapture, hostFiles } from './host-files.js';
import { run } from './runner.js';
import { type Resolved, type Target, readEtc, resolveTarget, wrap } from './target.js';

export interface CollectError {
  artifact: string;
  command: string;
  reason: string;
  message: string;
}

export type ProgressEvent =
  | { type: 'target-start'; hostId: string; steps: number }
  | { type: 'artifact'; hostId: string; artifact: string; ok: boolean; ms: number; reason?: string }
  | { type: 'target-done'; hostId: string; collected: number; errors: number; reason?: string };

export interface CollectOptions {
  /** Per-command timeout. */
  timeoutMs?: number;
  /** Commands running at once across all targets. */
  concurrency?: number;
  prefer?: 'json' | 'text';
  redact?: boolean;
  onEvent?: (e: ProgressEvent) => void;
  createdBy?: string;
  /** Extra per-host work after collection (probes), given the files collected so far. */
  after?: (t: Resolved, files: Map<string, string>, schedule: <T>(fn: () => Promise<T>) => Promise<T>) => Promise<void>;
}

/** One target's capture, with the folder id it asked for. */
export interface TargetCapture extends HostCapture {
  hostId: string;
}

// host.json of a target: what it is, whether or not it could be reached.
function hostMeta(t: Target | Resolved, hostId: string): Record<string, unknown> {
  switch (t.kind) {
    case 'local':
      return { kind: 'host', name: hostId };
    case 'netns':
      return { kind: 'netns', name: t.name, netns: t.name };
    case 'pid':
      return { kind: 'container', name: ('container' in t && t.container) || hostId, pid: t.pid };
    case 'docker':
      return { kind: 'container', name: hostId };
  }
}

// Collect one resolved target; every failure becomes an errors.json entry.
async function collectHost(
  t: Resolved,
  o: CollectOptions,
  schedule: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<TargetCapture> {
  const files = new Map<string, string>();
  const errors: CollectError[] = [];
  const timeoutMs = o.timeoutMs ?? 10_000;
  const items = plan(o.prefer);
  o.onEvent?.({ type: 'target-start', hostId: t.hostId, steps: items.length + ETC_FILES.length });
  const tasks = items.map(async (item) => {
    const tried: CollectError[] = [];
    for (const step of item.steps) {
      const t0 = Date.now();
      const outs: string[] = [];
      let failed: CollectError | undefined;
      for (const argv of step.argvs) {
        const r = await schedule(() => run(wrap(t, argv), { timeoutMs }));
        // sysctl exits non-zero when one key is missing but still prints the others; any other failure is not the artifact
        if (r.ok || (step.keepStderr && r.reason !== 'timeout' && isSysctlAnswer(r.stdout + r.stderr)))
          outs.push(step.keepStderr ? r.stdout + r.stderr : r.stdout);
        else {
          failed = {
            artifact: step.artifact,
            command: argv.join(' '),
            reason: r.reason ?? 'failed',
            message: r.message ?? 'failed',
          };
          break;
        }
      }
      if (!failed) {
        files.set(step.artifact, outs.join(step.argvs.length > 1 ? '\n' : ''));
        o.onEvent?.({ type: 'artifact', hostId: t.hostId, artifact: step.artifact, ok: true, ms: Date.now() - t0 });
        return;
      }
      tried.push(failed);
      o.onEvent?.({
        type: 'artifact',
        hostId: t.hostId,
        artifact: step.artifact,
        ok: false,
        ms: Date.now() - t0,
        reason: failed.reason,
      });
      // a timeout or a vanished namespace will not get better with another tool
      if (failed.reason === 'timeout') break;
    }
    if (tried.length > 0) {
      // name what was wanted (the first choice), every command tried, and the most telling reason
      const telling = tried.find((e) => e.reason !== 'missing-binary') ?? tried[0]!;
      errors.push({
        artifact: tried[0]!.artifact,
        command: tried.map((e) => e.command).join(' | '),
        reason: telling.reason,
        message: telling.message,
      });
    }
  });
  const etc = ETC_FILES.map(async (f) => {
    const t0 = Date.now();
    const r = await schedule(() => readEtc(t, f, timeoutMs));
    if (r.ok) files.set(f, r.text);
    else
      errors.push({
        artifact: f,
        command: t.kind === 'pid' ? `read /proc/${t.pid}/root/etc/${f}` : `cat /etc/${f}`,
        reason: r.reason,
        message: r.message,
      });
    o.onEvent?.({
      type: 'artifact',
      hostId: t.hostId,
      artifact: f,
      ok: r.ok,
      ms: Date.now() - t0,
      ...(r.ok ? {} : { reason: r.reason }),
    });
  });
  await Promise.all([...tasks, ...etc]);
  const meta = hostMeta(t, t.hostId);
  if (o.after) await o.after(t, files, schedule);
  o.onEvent?.({
    type: 'target-done',
    hostId: t.hostId,
    collected: files.size,
    errors: errors.length,
    ...(files.size === 0 ? { reason: oneCause(errors.map((e) => e.message)) } : {}),
  });
  errors.sort((a, b) => a.artifact.localeCompare(b.artifact));
  return { hostId: t.hostId, files, errors, meta };
}

// Collect every target into one in-memory bundle (the same shape `analyze` reads from disk).
export async function collect(targets: Target[], o: CollectOptions = {}): Promise<RawBundle> {
  const schedule = limiter(o.concurrency ?? 8);
  const seen = new Set<string>();
  const captures = await Promise.all(
    targets.map(async (target): Promise<TargetCapture> => {
      const r = await resolveTarget(target, o.timeoutMs);
      if ('error' in r) {
        const meta = hostMeta(target, r.hostId);
        o.onEvent?.({ type: 'target-done', hostId: r.hostId, collected: 0, errors: 1, reason: r.error });
        return {
          hostId: r.hostId,
          files: new Map(),
          errors: [{ artifact: '*', command: r.command, reason: 'not-found', message: r.error }],
          meta,
        };
      }
      return collectHost(r, o, schedule);
    }),
  );
  const files = new Map<string, string>();
  let masked = 0;
  for (const c of captures) {
    let id = c.hostId;
    for (let n = 2; seen.has(id); n++) id = `${c.hostId}-${n}`;
    seen.add(id);
    const out = hostFiles(id, c, o.redact !== false);
    masked += out.masked;
    for (const [path, text] of out.entries) files.set(path, text);
  }
  const manifest = {
    format: 1,
    createdAt: new Date().toISOString(),
    createdBy: o.createdBy ?? 'kube-netdiag',
    redacted: o.redact !== false,
    ...(masked > 0 ? { redactedValues: masked } : {}),
  };
  files.set('bundle.json', `${JSON.stringify(manifest, null, 2)}\n`);
  const ids = captures.map((c) => c.hostId);
  return {
    path: `live: ${ids.slice(0, 4).join(', ')}${ids.length > 4 ? ` (+${ids.length - 4})` : ''}`,
    origin: 'dir',
    files,
  };
}
