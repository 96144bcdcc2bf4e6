// Collects from a live cluster: the objects, the named pods (exec, then an ephemeral debug container, then their
// node), and the named nodes (a collector pod each, or one DaemonSet), with bounded concurrency, a per-node
// deadline, progress events and partial results; everything it creates is removed on every exit path.
import { safeHostId } from '../../bundle/paths.js';
import { rec } from '../../json.js';
import { randomBytes } from 'node:crypto';
import type { CollectError } from '../collect.js';
import { limiter } from '../limit.js';
import { hostFiles } from '../host-files.js';
import { redactJsonText } from '../redact.js';
import { type Connection, request, statusOf } from './connect.js';
import { type CreatedObjects, DEFAULT_NODE_IMAGE, daemonSetManifest, sweepLeftovers } from './debug-pod.js';
import { groupClusterErrors } from '../../bundle/errors.js';
import { collectClusterObjects } from './objects.js';
import { collectNode, ephemeral } from './node-collect.js';
import { type PodCapture, type PodRef, collectPodByExec, nodeHostId, podHostId, refOf } from './pod-exec.js';

type R = Record<string, unknown>;

export interface ClusterCollectOptions {
  /** NS/NAME, or NAME in `namespace`. */
  pods: string[];
  selector?: string;
  namespace: string;
  allNamespaces: boolean;
  nodes: string[];
  allNodes: boolean;
  readOnly: boolean;
  daemonset: boolean;
  /** Image for an ephemeral debug container in pods whose image lacks the tools (opt-in). */
  debugImage?: string;
  nodeImage?: string;
  debugNamespace: string;
  concurrency: number;
  nodeTimeoutMs: number;
  commandTimeoutS: number;
  redact: boolean;
  created: CreatedObjects;
  /** Why the API server could not be reached (probeApi): nothing is attempted, every named target says why. */
  unreachable?: string;
  onEvent?: (e: ClusterEvent) => void;
  /** Receives every bundle file as soon as it is complete (so a big capture streams to disk). */
  sink: (path: string, text: string) => void | Promise<void>;
}

export type ClusterEvent =
  | { type: 'phase'; text: string }
  | {
      type: 'target-done';
      kind: 'node' | 'pod';
      id: string;
      files: number;
      errors: number;
      ms: number;
      done: number;
      total: number;
      note?: string;
    };

export interface ClusterCollectResult {
  version?: string;
  hosts: string[];
  redactedValues: number;
  /** Cluster-level problems (lists that failed, leftovers that could not be removed). */
  problems: string[];
  sweptLeftovers: string[];
  /** Objects this run created that could not be removed (the user must be told, and the exit code says so). */
  leftovers: string[];
}

interface Host {
  id: string;
  meta: R;
  files: Map<string, string>;
  errors: CollectError[];
}

// Collect everything the options name; files go to the sink as each target completes.
export async function collectCluster(conn: Connection, o: ClusterCollectOptions): Promise<ClusterCollectResult> {
  const runId = randomBytes(3).toString('hex');
  const problems: string[] = [];
  let masked = 0;
  const put = async (path: string, text: string): Promise<void> => {
    // cluster/*.json lists were redacted object by object; errors.json messages (API answers) are masked value by
    // value, so the file stays JSON; host folders go through hostFiles()
    if (o.redact && path.endsWith('/errors.json')) {
      const r = redactJsonText(text);
      masked += r.count;
      await o.sink(path, r.text);
    } else await o.sink(path, text);
  };
  const hosts: string[] = [];
  const writeHost = async (h: Host): Promise<void> => {
    const out = hostFiles(h.id, h, o.redact);
    masked += out.masked;
    for (const [path, text] of out.entries) await o.sink(path, text);
    hosts.push(h.id);
  };

  // 0. an API server that cannot be reached is one cause for the cluster and for every pod and node named
  if (o.unreachable) {
    await put(
      'cluster/errors.json',
      `${JSON.stringify([{ kind: '*', path: '/version', reason: 'Unreachable', message: o.unreachable }], null, 2)}\n`,
    );
    const whole = (command: string): CollectError[] => [
      { artifact: '*', command, reason: 'unreachable', message: o.unreachable! },
    ];
    for (const spec of o.pods) {
      const [ns, name] = spec.includes('/') ? (spec.split('/', 2) as [string, string]) : [o.namespace, spec];
      await writeHost({
        id: safeHostId(`${ns}.${name}`),
        meta: { kind: 'pod', name, namespace: ns },
        files: new Map(),
        errors: whole(`get pod ${ns}/${name}`),
      });
    }
    for (const n of new Set(o.nodes))
      await writeHost({
        id: nodeHostId(n),
        meta: { kind: 'node', name: n },
        files: new Map(),
        errors: whole('collector pod'),
      });
    // the caller's cluster line already said why; the coverage says it again where it belongs
    return { hosts, redactedValues: 0, problems: [], sweptLeftovers: [], leftovers: [] };
  }

  // 1. leftovers of crashed runs, and the cluster objects
  o.onEvent?.({ type: 'phase', text: 'listing cluster objects' });
  const [swept, objs] = await Promise.all([
    o.readOnly ? Promise.resolve({ removed: [], errors: [] }) : sweepLeftovers(conn),
    collectClusterObjects(conn, { timeoutMs: 15_000, redact: o.redact }),
  ]);
  for (const e of swept.errors) problems.push(`leftover sweep: ${e}`);
  for (const [k, v] of objs.files) await put(k, v);
  masked += objs.redacted;
  for (const g of groupClusterErrors(objs.errors)) problems.push(`not collected: ${g.kinds.join(', ')}: ${g.cause}`);
  const podsJson = objs.files.get('cluster/pods.json');
  const allPods: R[] | undefined = podsJson ? ((JSON.parse(podsJson) as R).items as R[]) : undefined;

  // 2. which pods and nodes
  const named: PodRef[] = [];
  const notFound: Host[] = [];
  for (const spec of o.pods) {
    const [ns, name] = spec.includes('/') ? (spec.split('/', 2) as [string, string]) : [o.namespace, spec];
    let pod = allPods?.find((p) => rec(p.metadata).namespace === ns && rec(p.metadata).name === name);
    if (!pod) {
      const r = await request(
        conn,
        'GET',
        `/api/v1/namespaces/${encodeURIComponent(ns)}/pods/${encodeURIComponent(name)}`,
      ).catch((e: Error) => ({ status: 0, body: e.message }));
      if (r.status === 200) pod = rec(r.body);
      else {
        notFound.push({
          id: safeHostId(`${ns}.${name}`),
          meta: { kind: 'pod', name, namespace: ns },
          files: new Map(),
          errors: [
            {
              artifact: '*',
              command: `get pod ${ns}/${name}`,
              reason: r.status === 404 ? 'not-found' : 'failed',
              message: r.status ? statusOf(r).message : String(r.body),
            },
          ],
        });
        continue;
      }
    }
    named.push(refOf(pod));
  }
  if (o.selector) {
    const base = o.allNamespaces ? '/api/v1/pods' : `/api/v1/namespaces/${encodeURIComponent(o.namespace)}/pods`;
    const r = await request(conn, 'GET', `${base}?labelSelector=${encodeURIComponent(o.selector)}`).catch(
      (e: Error) => ({ status: 0, body: e.message }),
    );
    // hostNetwork pods have no network namespace of their own: their node's capture covers them
    if (r.status === 200) {
      for (const p of (rec(r.body).items as R[] | undefined) ?? []) if (!rec(p.spec).hostNetwork) named.push(refOf(p));
    } else problems.push(`--selector ${o.selector}: ${r.status ? statusOf(r).message : String(r.body)}`);
    if (r.status === 200 && !named.length)
      problems.push(`--selector ${o.selector} matched no pod${o.allNamespaces ? '' : ` in namespace ${o.namespace}`}`);
  }
  let nodes = [...o.nodes];
  if (o.allNodes) {
    const nj = objs.files.get('cluster/nodes.json');
    if (nj) nodes = ((JSON.parse(nj) as R).items as R[]).map((n) => String(rec(n.metadata).name));
    else problems.push('--all-nodes: the node list could not be read (see cluster/errors.json)');
  }
  nodes = [...new Set(nodes)];
  for (const h of notFound) await writeHost(h);

  // 3. named pods by exec; the ones without tools try an ephemeral container, then their node
  const execSlots = limiter(o.concurrency);
  const viaNode = new Map<string, PodRef[]>();
  let done = 0;
  const total = named.length + nodes.length;
  const podMeta = (p: PodRef): R => ({
    kind: 'pod',
    name: p.name,
    namespace: p.namespace,
    ...(p.node ? { node: p.node } : {}),
  });
  await Promise.all(
    named.map(async (p) => {
      const t0 = Date.now();
      let cap: PodCapture = await collectPodByExec(conn, p, {
        commandTimeoutS: o.commandTimeoutS,
        schedule: execSlots,
      });
      let note = '';
      if (cap.needsFallback && o.debugImage && !o.readOnly) {
        const eph = await ephemeral(conn, p, o.debugImage, runId, o, execSlots);
        if ('capture' in eph) {
          cap = {
            ...eph.capture,
            errors: [...cap.errors.filter((e) => !eph.capture.files.has(e.artifact)), ...eph.capture.errors],
          };
          note = ' (ephemeral debug container)';
        } else
          cap.errors.push({
            artifact: '*',
            command: `ephemeral container ${o.debugImage}`,
            reason: 'failed',
            message: eph.error,
          });
      }
      if (cap.needsFallback && !o.readOnly && p.node) {
        viaNode.set(p.node, [...(viaNode.get(p.node) ?? []), p]);
        return; // finished with the node
      }
      if (cap.needsFallback)
        cap.errors.push({
          artifact: '*',
          command: 'fallbacks',
          reason: 'failed',
          message: `${cap.why}; ${o.readOnly ? '--read-only forbids a debug container or node pod' : 'no node to enter it from'}${o.debugImage ? '' : ' (try --debug-image)'}`,
        });
      await writeHost({ id: podHostId(p), meta: podMeta(p), files: cap.files, errors: cap.errors });
      o.onEvent?.({
        type: 'target-done',
        kind: 'pod',
        id: podHostId(p),
        files: cap.files.size,
        errors: cap.errors.length,
        ms: Date.now() - t0,
        done: ++done,
        total,
        ...(note ? { note } : {}),
      });
    }),
  );

  // 4. nodes: the named ones, and the ones holding pods that need entering from outside
  const nodeSet = [...new Set([...nodes, ...viaNode.keys()])];
  if (nodeSet.length > 0) {
    const settings = {
      namespace: o.debugNamespace,
      image: o.nodeImage ?? DEFAULT_NODE_IMAGE,
      deadlineS: Math.ceil(o.nodeTimeoutMs / 1000) + 60,
      runId,
    };
    if (o.readOnly) {
      for (const n of nodeSet) {
        await writeHost({
          id: nodeHostId(n),
          meta: { kind: 'node', name: n },
          files: new Map(),
          errors: [
            {
              artifact: '*',
              command: 'collector pod',
              reason: 'read-only',
              message: '--read-only: no collector pod is created, so the node itself is not collected',
            },
          ],
        });
        o.onEvent?.({
          type: 'target-done',
          kind: 'node',
          id: nodeHostId(n),
          files: 0,
          errors: 1,
          ms: 0,
          done: ++done,
          total,
        });
      }
    } else {
      let dsReady: Promise<{ ok: true } | { ok: false; message: string }> | undefined;
      if (o.daemonset) {
        o.onEvent?.({ type: 'phase', text: `creating DaemonSet netdiag-${runId} in ${o.debugNamespace}` });
        const m = daemonSetManifest(settings);
        dsReady = o.created
          .create(`/apis/apps/v1/namespaces/${o.debugNamespace}/daemonsets`, m, 15_000)
          .then((r) => (r.ok ? { ok: true as const } : { ok: false as const, message: r.message }));
      }
      const nodeSlots = limiter(o.concurrency);
      // the running pods of each node, indexed once (not filtered again per node)
      const namedIds = new Set(named.map(podHostId));
      const podsByNode = new Map<string, PodRef[]>();
      for (const p of allPods ?? []) {
        if (rec(p.spec).hostNetwork || rec(p.status).phase !== 'Running') continue;
        const ref = refOf(p);
        if (!ref.node || namedIds.has(podHostId(ref))) continue;
        podsByNode.set(ref.node, [...(podsByNode.get(ref.node) ?? []), ref]);
      }
      await Promise.all(
        nodeSet.map((node) =>
          nodeSlots(async () => {
            const t0 = Date.now();
            const deadline = t0 + o.nodeTimeoutMs;
            const wanted = nodes.includes(node);
            const implicit = wanted ? (podsByNode.get(node) ?? []) : [];
            const entries = [...(viaNode.get(node) ?? []), ...implicit];
            const res = await collectNode(conn, node, entries, { ...o, settings, deadline, dsReady });
            if (wanted)
              await writeHost({
                id: nodeHostId(node),
                meta: { kind: 'node', name: node },
                files: res.node.files,
                errors: res.node.errors,
              });
            for (const p of entries) {
              const got = res.pods.get(podHostId(p)) ?? {
                files: new Map<string, string>(),
                errors: [
                  {
                    artifact: '*',
                    command: `enter ${podHostId(p)} from ${node}`,
                    reason: 'failed',
                    message: res.failure ?? 'the pod was not found on the node',
                  },
                ],
              };
              await writeHost({ id: podHostId(p), meta: podMeta(p), files: got.files, errors: got.errors });
              // a named pod counts as its own target; the node's pods are part of the node
              if (viaNode.get(node)?.includes(p))
                o.onEvent?.({
                  type: 'target-done',
                  kind: 'pod',
                  id: podHostId(p),
                  files: got.files.size,
                  errors: got.errors.length,
                  ms: Date.now() - t0,
                  done: ++done,
                  total,
                  note: ` (entered from ${node})`,
                });
            }
            const errs = res.node.errors.length;
            o.onEvent?.({
              type: 'target-done',
              kind: 'node',
              id: nodeHostId(node),
              files: res.node.files.size,
              errors: errs,
              ms: Date.now() - t0,
              done: ++done,
              total,
              ...(entries.length
                ? { note: ` (+${entries.length} pod${entries.length === 1 ? '' : 's'} entered from the node)` }
                : {}),
            });
          }),
        ),
      );
    }
  }
  const left = await o.created.removeAll();
  for (const w of left)
    problems.push(`could not delete ${w}: remove it by hand (label app.kubernetes.io/managed-by=kube-netdiag)`);
  return {
    ...(objs.version ? { version: objs.version } : {}),
    hosts,
    redactedValues: masked,
    problems,
    sweptLeftovers: swept.removed,
    leftovers: left,
  };
}
