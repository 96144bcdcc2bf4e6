// Short-lived privileged collector pods (one per node, or one DaemonSet) and their removal on every exit path;
// every object carries app.kubernetes.io/managed-by=kube-netdiag and an expiry, so a later run removes leftovers.
import { sleep } from '../limit.js';
import { rec } from '../../json.js';
import { createHash } from 'node:crypto';
import { type Connection, request, statusOf } from './connect.js';

export const MANAGED_BY = 'app.kubernetes.io/managed-by';
export const RUN_LABEL = 'kube-netdiag/run';
export const EXPIRES = 'kube-netdiag/expires-at';
export { DEFAULT_NODE_IMAGE } from './node-image.js';

type R = Record<string, unknown>;

export interface DebugSettings {
  namespace: string;
  image: string;
  /** Seconds before Kubernetes itself stops the pod (activeDeadlineSeconds), should we vanish. */
  deadlineS: number;
  runId: string;
}

const short = (s: string): string => createHash('sha256').update(s).digest('hex').slice(0, 6);

/**
 * The DaemonSet's container command: sleep until the run's expiry, and once it has passed exit at once. A
 * DaemonSet cannot carry activeDeadlineSeconds and restarts its pods forever, so without this an orphaned
 * DaemonSet (the process killed with SIGKILL) would keep privileged containers running; with it they sit in
 * CrashLoopBackOff, not running, until the next run's sweep deletes the DaemonSet.
 */
export const EXPIRING_SLEEP = 'now=$(date +%s); [ "$now" -lt "$1" ] || exit 1; exec sleep $(($1 - now))';

// The collector pod's spec, without a node (the DaemonSet template) or pinned to one.
function podSpec(o: DebugSettings, node?: string, now = Date.now()): R {
  return {
    ...(node
      ? { nodeName: node, restartPolicy: 'Never', activeDeadlineSeconds: o.deadlineS }
      : { restartPolicy: 'Always' }),
    hostNetwork: true,
    hostPID: true,
    dnsPolicy: 'ClusterFirstWithHostNet',
    terminationGracePeriodSeconds: 0,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    tolerations: [{ operator: 'Exists' }],
    containers: [
      {
        name: 'netdiag',
        image: o.image,
        imagePullPolicy: 'IfNotPresent',
        command: node
          ? ['sleep', String(o.deadlineS)]
          : ['sh', '-c', EXPIRING_SLEEP, 'kube-netdiag', String(Math.ceil(now / 1000) + o.deadlineS)],
        securityContext: { privileged: true },
        volumeMounts: [{ name: 'host-root', mountPath: '/host', readOnly: true }],
        resources: { requests: { cpu: '10m', memory: '32Mi' }, limits: { memory: '256Mi' } },
      },
    ],
    volumes: [{ name: 'host-root', hostPath: { path: '/' } }],
  };
}

const labels = (o: DebugSettings): Record<string, string> => ({
  [MANAGED_BY]: 'kube-netdiag',
  'app.kubernetes.io/name': 'kube-netdiag-collector',
  [RUN_LABEL]: o.runId,
});
const expiry = (o: DebugSettings, now: number): string => new Date(now + o.deadlineS * 1000).toISOString();

// A privileged, hostNetwork + hostPID pod pinned to `node` that tolerates every taint and stops by itself.
export function nodePodManifest(node: string, o: DebugSettings, now = Date.now()): R {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `netdiag-${o.runId}-${short(node)}`,
      namespace: o.namespace,
      labels: labels(o),
      annotations: { [EXPIRES]: expiry(o, now), 'kube-netdiag/node': node },
    },
    spec: podSpec(o, node),
  };
}

// One collector pod on every node, for `--daemonset` (Kubernetes schedules them; we exec into each).
export function daemonSetManifest(o: DebugSettings, now = Date.now()): R {
  const sel = { [RUN_LABEL]: o.runId };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: `netdiag-${o.runId}`,
      namespace: o.namespace,
      labels: labels(o),
      annotations: { [EXPIRES]: expiry(o, now) },
    },
    spec: {
      selector: { matchLabels: sel },
      template: { metadata: { labels: labels(o) }, spec: podSpec(o, undefined, now) },
    },
  };
}

export type Failure = { ok: false; reason: string; message: string };

// Why a collector pod cannot run yet or ever: image pull errors, config errors, a failed pod.
export function podProblem(pod: R): string | undefined {
  const st = rec(pod.status);
  if (st.phase === 'Failed' || st.phase === 'Succeeded')
    return `the pod ended (${String(st.phase)}${st.reason ? `: ${String(st.reason)}` : ''}${st.message ? ` — ${String(st.message)}` : ''})`;
  for (const cs of Array.isArray(st.containerStatuses) ? (st.containerStatuses as R[]) : []) {
    const w = rec(rec(cs.state).waiting);
    if (
      /ErrImagePull|ImagePullBackOff|InvalidImageName|CreateContainerConfigError|CreateContainerError|CrashLoopBackOff/.test(
        String(w.reason ?? ''),
      )
    )
      return `${String(w.reason)}: ${String(w.message ?? '')}`.trim();
  }
  return undefined;
}

export const isRunning = (pod: R): boolean =>
  rec(pod.status).phase === 'Running' &&
  (Array.isArray(rec(pod.status).containerStatuses) ? (rec(pod.status).containerStatuses as R[]) : []).some(
    (c) => rec(rec(c).state).running,
  );

/**
 * Every object this run created, so that one call removes them all: on success, on error, on a deadline,
 * and from the signal handler. A create may still be in flight when the cleanup starts (a slow admission
 * webhook): the cleanup waits for it, then deletes by name and by the run's label, and lists once more, so what
 * it reports as removed really is gone.
 */
export class CreatedObjects {
  private readonly live = new Map<string, { path: string; what: string }>();
  private readonly inflight = new Map<string, Promise<unknown>>();
  /** Namespace and run id of every create, for the label sweep. */
  private readonly runs = new Map<string, { namespace: string; runId: string }>();
  /** Creates whose answer never came (the object may exist or appear later). */
  private readonly unanswered = new Set<string>();
  readonly deleted: string[] = [];

  constructor(private readonly conn: Connection) {}

  get size(): number {
    return this.live.size;
  }

  // POST an object; the path to delete it is remembered before the answer arrives (a signal may come first).
  async create(collection: string, manifest: R, timeoutMs: number): Promise<{ ok: true; body: R } | Failure> {
    const meta = rec(manifest.metadata);
    const name = String(meta.name);
    const path = `${collection}/${name}`;
    const runId = rec(meta.labels)[RUN_LABEL];
    if (typeof runId === 'string')
      this.runs.set(`${String(meta.namespace)}/${runId}`, { namespace: String(meta.namespace), runId });
    this.live.set(path, { path, what: `${String(manifest.kind)} ${String(meta.namespace)}/${name}` });
    const call = request(this.conn, 'POST', collection, { body: manifest, timeoutMs });
    this.inflight.set(
      path,
      call.catch(() => undefined),
    );
    try {
      const r = await call;
      if (r.status === 201 || r.status === 200 || r.status === 202) return { ok: true, body: rec(r.body) };
      if (r.status !== 409) this.live.delete(path); // refused: nothing to remove
      const s = statusOf(r);
      return {
        ok: false,
        reason: r.status === 403 ? 'forbidden' : s.reason,
        message: `${r.status} ${s.reason}: ${s.message}`,
      };
    } catch (e) {
      // no answer: the server may still create it, so it stays on the list to delete
      this.unanswered.add(path);
      return { ok: false, reason: 'unreachable', message: (e as Error).message };
    } finally {
      this.inflight.delete(path);
    }
  }

  // Delete one object now (grace 0, dependents in the background); true when it is gone. A 404 while its create
  // is still in flight is not "gone": the create may land after the delete.
  async remove(path: string, timeoutMs = 10_000): Promise<boolean> {
    try {
      const r = await request(this.conn, 'DELETE', `${path}?gracePeriodSeconds=0&propagationPolicy=Background`, {
        timeoutMs,
      });
      if (r.status === 200 || r.status === 202 || (r.status === 404 && !this.inflight.has(path))) {
        this.live.delete(path);
        this.deleted.push(path);
        return true;
      }
    } catch {
      /* kept in the list: removeAll tries again and reports */
    }
    return false;
  }

  // Delete everything this run made; returns what could not be removed (to tell the user plainly).
  async removeAll(timeoutMs = 10_000): Promise<string[]> {
    // 1. creates still in flight finish (or time out) first, so no object appears after its delete
    if (this.inflight.size > 0)
      await Promise.race([Promise.allSettled([...this.inflight.values()]), sleep(Math.max(timeoutMs, 16_000))]);
    // 2. by name
    const left = [...this.live.values()];
    await Promise.all(left.map((o) => this.remove(o.path, timeoutMs)));
    // 3. by the run's label, then a last look: only what is not being deleted counts as left
    const remaining: string[] = [];
    for (const { namespace, runId } of this.runs.values()) {
      const sel = encodeURIComponent(`${RUN_LABEL}=${runId}`);
      const lists: [string, (n: string) => string][] = [
        [
          `/apis/apps/v1/daemonsets?labelSelector=${sel}`,
          (n) => `/apis/apps/v1/namespaces/${namespace}/daemonsets/${n}`,
        ],
        [
          `/api/v1/namespaces/${namespace}/pods?labelSelector=${sel}`,
          (n) => `/api/v1/namespaces/${namespace}/pods/${n}`,
        ],
      ];
      for (const pass of [0, 1]) {
        for (const [list, item] of lists) {
          let r: Awaited<ReturnType<typeof request>>;
          try {
            r = await request(this.conn, 'GET', list, { timeoutMs });
          } catch (e) {
            if (pass === 1)
              remaining.push(`objects labelled ${RUN_LABEL}=${runId} (the last check failed: ${(e as Error).message})`);
            continue;
          }
          const items = r.status === 200 && Array.isArray(rec(r.body).items) ? (rec(r.body).items as R[]) : [];
          for (const it of items) {
            const m = rec(it.metadata);
            if (String(m.namespace ?? namespace) !== namespace || m.deletionTimestamp) continue;
            // a DaemonSet's pods go with it (garbage collection), once the DaemonSet itself is gone
            const owned =
              Array.isArray(m.ownerReferences) &&
              m.ownerReferences.length > 0 &&
              this.deleted.some((d) => d.includes('/daemonsets/'));
            if (owned) continue;
            const path = item(String(m.name));
            if (pass === 0) await this.remove(path, timeoutMs);
            else remaining.push(`${list.includes('daemonsets') ? 'DaemonSet' : 'Pod'} ${namespace}/${String(m.name)}`);
          }
        }
      }
    }
    for (const path of this.unanswered) {
      if (this.live.has(path))
        remaining.push(`${this.live.get(path)!.what} (its create request got no answer; it may still appear)`);
    }
    for (const o of this.live.values()) if (!this.unanswered.has(o.path)) remaining.push(o.what);
    return [...new Set(remaining)];
  }
}

// Poll a pod until it runs, fails, or the deadline passes.
export async function waitRunning(
  conn: Connection,
  namespace: string,
  name: string,
  deadline: number,
): Promise<{ ok: true; pod: R } | Failure> {
  let delay = 200;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    try {
      const r = await request(conn, 'GET', `/api/v1/namespaces/${namespace}/pods/${name}`, {
        timeoutMs: Math.max(1000, Math.min(10_000, deadline - Date.now())),
      });
      if (r.status === 200) {
        const pod = rec(r.body);
        if (isRunning(pod)) return { ok: true, pod };
        const p = podProblem(pod);
        if (p) return { ok: false, reason: 'failed', message: p };
        last = `phase ${String(rec(pod.status).phase ?? 'unknown')}`;
      } else if (r.status !== 404) {
        const s = statusOf(r);
        return { ok: false, reason: s.reason, message: `${r.status} ${s.reason}: ${s.message}` };
      }
    } catch (e) {
      last = (e as Error).message;
    }
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())));
    delay = Math.min(1000, delay * 2);
  }
  return { ok: false, reason: 'timeout', message: `the collector pod was not running before the deadline (${last})` };
}

// Remove collector pods and DaemonSets of earlier runs that are past their expiry or have ended.
export async function sweepLeftovers(
  conn: Connection,
  now = Date.now(),
): Promise<{ removed: string[]; errors: string[] }> {
  const removed: string[] = [];
  const errors: string[] = [];
  const sel = encodeURIComponent(`${MANAGED_BY}=kube-netdiag`);
  for (const [list, itemPath] of [
    ['/api/v1/pods', (ns: string, n: string) => `/api/v1/namespaces/${ns}/pods/${n}`],
    ['/apis/apps/v1/daemonsets', (ns: string, n: string) => `/apis/apps/v1/namespaces/${ns}/daemonsets/${n}`],
  ] as const) {
    let r: Awaited<ReturnType<typeof request>>;
    try {
      r = await request(conn, 'GET', `${list}?labelSelector=${sel}`, { timeoutMs: 10_000 });
    } catch (e) {
      errors.push(`${list}: ${(e as Error).message}`);
      continue;
    }
    if (r.status !== 200) {
      errors.push(`${list}: ${r.status} ${statusOf(r).message}`);
      continue;
    }
    for (const it of Array.isArray(rec(r.body).items) ? (rec(r.body).items as R[]) : []) {
      const m = rec(it.metadata);
      const exp = Date.parse(String(rec(m.annotations)[EXPIRES] ?? ''));
      const ended = ['Failed', 'Succeeded'].includes(String(rec(it.status).phase));
      // an owned pod belongs to a DaemonSet: deleting the DaemonSet takes it along
      if (Array.isArray(m.ownerReferences) && m.ownerReferences.length > 0) continue;
      if (!ended && !(exp < now)) continue; // another run may still be using it
      const path = itemPath(String(m.namespace), String(m.name));
      try {
        const d = await request(conn, 'DELETE', `${path}?gracePeriodSeconds=0&propagationPolicy=Background`, {
          timeoutMs: 10_000,
        });
        if (d.status === 200 || d.status === 202 || d.status === 404)
          removed.push(`${String(m.namespace)}/${String(m.name)}`);
        else errors.push(`${path}: ${d.status} ${statusOf(d).message}`);
      } catch (e) {
        errors.push(`${path}: ${(e as Error).message}`);
      }
    }
  }
  return { removed, errors };
}
