// The two ways in from outside a pod: a collector pod on its node (own, or the run's DaemonSet pod) that runs the
// node script once for the node and the pods entered from it, and an ephemeral container added to the pod.
import { randomBytes } from 'node:crypto';
import { rec } from '../../json.js';
import type { CollectError } from '../collect.js';
import { sleep } from '../limit.js';
import { isSysctlAnswer } from '../plan.js';
import type { ClusterCollectOptions } from './cluster.js';
import { type Connection, request, statusOf } from './connect.js';
import { isRunning, nodePodManifest, podProblem, RUN_LABEL, waitRunning } from './debug-pod.js';
import { execInPod } from './exec.js';
import { NODE_ARTIFACTS, NODE_SECTIONS, POD_ARTIFACTS, nodeScript, readScriptOutput } from './node-script.js';
import { type PodCapture, type PodRef, collectPodByExec, podHostId } from './pod-exec.js';

type R = Record<string, unknown>;

export type NodeOpts = ClusterCollectOptions & {
  settings: Parameters<typeof nodePodManifest>[1];
  deadline: number;
  dsReady: Promise<{ ok: true } | { ok: false; message: string }> | undefined;
};

// One node: get a collector pod there (own or the DaemonSet's), run the script once, remove the own pod.
export async function collectNode(
  conn: Connection,
  node: string,
  entries: PodRef[],
  o: NodeOpts,
): Promise<{
  node: { files: Map<string, string>; errors: CollectError[] };
  pods: Map<string, { files: Map<string, string>; errors: CollectError[] }>;
  failure?: string;
}> {
  const fail = (reason: string, message: string) => ({
    node: { files: new Map<string, string>(), errors: [{ artifact: '*', command: 'collector pod', reason, message }] },
    pods: new Map(),
    failure: message,
  });
  let podName: string;
  let ownPath: string | undefined;
  if (o.dsReady) {
    const ds = await o.dsReady;
    if (!ds.ok) return fail('failed', `the collector DaemonSet could not be created: ${ds.message}`);
    const found = await waitDaemonPod(conn, o, node);
    if (!found.ok) return fail(found.reason, found.message);
    podName = found.name;
  } else {
    const m = nodePodManifest(node, o.settings);
    podName = String(rec(m.metadata).name);
    const collection = `/api/v1/namespaces/${o.debugNamespace}/pods`;
    ownPath = `${collection}/${podName}`;
    const c = await o.created.create(collection, m, Math.max(1000, Math.min(15_000, o.deadline - Date.now())));
    if (!c.ok) {
      const hint =
        c.reason === 'forbidden'
          ? ' (Remedy: use --read-only, or a namespace whose PodSecurity level is privileged via --debug-namespace, or ask for create on pods)'
          : '';
      return fail(c.reason, `${c.message}${hint}`);
    }
  }
  try {
    const w = await waitRunning(conn, o.debugNamespace, podName, o.deadline);
    if (!w.ok) return fail(w.reason, w.message);
    const boundary = randomBytes(8).toString('hex');
    const args = entries.flatMap((p) => [podHostId(p), p.containerId ?? '-', p.ip ?? '-']);
    const left = o.deadline - Date.now();
    const r = await execInPod(conn, {
      namespace: o.debugNamespace,
      pod: podName,
      container: 'netdiag',
      command: ['sh', '-c', nodeScript(), 'kube-netdiag', String(o.commandTimeoutS), boundary, ...args],
      timeoutMs: Math.max(1000, left),
    });
    const out = readScriptOutput(r.stdout, boundary);
    const nodeFiles = new Map<string, string>();
    const nodeErrors: CollectError[] = [];
    const pods = new Map<string, { files: Map<string, string>; errors: CollectError[] }>();
    // section names are the node's words: only the artifacts we asked for, for the pods we named, are kept
    const asked = new Set(entries.map(podHostId));
    const ignored: string[] = [];
    for (const s of out.sections) {
      const m = /^pod:([^/]+)\/(.+)$/.exec(s.artifact);
      const known = m ? asked.has(m[1]!) && m[2]! in POD_ARTIFACTS : NODE_SECTIONS.has(s.artifact);
      if (!known) {
        ignored.push(s.artifact);
        continue;
      }
      const target = m
        ? (pods.get(m[1]!) ?? pods.set(m[1]!, { files: new Map(), errors: [] }).get(m[1]!)!)
        : { files: nodeFiles, errors: nodeErrors };
      const artifact = m ? m[2]! : s.artifact;
      const spec = NODE_ARTIFACTS[artifact];
      if (s.rc === 0 || (spec?.keepStderr && isSysctlAnswer(s.text))) target.files.set(artifact, s.text);
      else {
        const reason =
          s.rc === 127
            ? 'missing-binary'
            : s.rc === 124
              ? 'timeout'
              : spec?.file && /No such file/.test(s.stderr)
                ? 'absent'
                : 'failed';
        target.errors.push({
          artifact,
          command: spec ? [spec.command, ...spec.args].join(' ') : artifact,
          reason,
          message: s.stderr.split('\n')[0] || `exit code ${s.rc}`,
        });
      }
    }
    if (ignored.length)
      nodeErrors.push({
        artifact: '*',
        command: 'collector script',
        reason: 'failed',
        message: `ignored ${ignored.length} section(s) with names that were not asked for: ${ignored
          .slice(0, 3)
          .map((n) => JSON.stringify(n.slice(0, 60)))
          .join(', ')}`,
      });
    for (const id of out.missing)
      if (asked.has(id))
        pods.set(id, {
          files: new Map(),
          errors: [
            {
              artifact: '*',
              command: `find ${id} on ${node}`,
              reason: 'failed',
              message: 'no process of the pod and no namespace holding its IP was found on the node',
            },
          ],
        });
    if (!out.finished)
      nodeErrors.push({
        artifact: '*',
        command: 'collector script',
        reason: r.reason === 'timeout' ? 'timeout' : 'failed',
        message:
          r.reason === 'timeout'
            ? `the node deadline passed; ${nodeFiles.size} files were collected before it`
            : `the script stopped early: ${r.message ?? 'no end marker'}`,
      });
    return { node: { files: nodeFiles, errors: nodeErrors }, pods };
  } finally {
    if (ownPath) await o.created.remove(ownPath);
  }
}

// The DaemonSet's pod on `node`, once it runs.
async function waitDaemonPod(
  conn: Connection,
  o: NodeOpts,
  node: string,
): Promise<{ ok: true; name: string } | { ok: false; reason: string; message: string }> {
  const q = `labelSelector=${encodeURIComponent(`${RUN_LABEL}=${o.settings.runId}`)}&fieldSelector=${encodeURIComponent(`spec.nodeName=${node}`)}`;
  let delay = 200;
  while (Date.now() < o.deadline) {
    const r = await request(conn, 'GET', `/api/v1/namespaces/${o.debugNamespace}/pods?${q}`).catch(() => undefined);
    const pod = r?.status === 200 ? ((rec(r.body).items as R[] | undefined) ?? [])[0] : undefined;
    if (pod && isRunning(pod)) return { ok: true, name: String(rec(pod.metadata).name) };
    const p = pod && podProblem(pod);
    if (p) return { ok: false, reason: 'failed', message: p };
    await sleep(delay);
    delay = Math.min(1000, delay * 2);
  }
  return { ok: false, reason: 'timeout', message: `no running DaemonSet pod on ${node} before the deadline` };
}

// Add an ephemeral container (shares the pod's network, targets its first container's processes) and exec there.
export async function ephemeral(
  conn: Connection,
  p: PodRef,
  image: string,
  runId: string,
  o: ClusterCollectOptions,
  schedule: <T>(fn: () => Promise<T>) => Promise<T>,
): Promise<{ capture: PodCapture } | { error: string }> {
  const name = `netdiag-${runId}`;
  const path = `/api/v1/namespaces/${encodeURIComponent(p.namespace)}/pods/${encodeURIComponent(p.name)}`;
  const body = {
    spec: {
      ephemeralContainers: [
        {
          name,
          image,
          imagePullPolicy: 'IfNotPresent',
          command: ['sleep', String(Math.ceil(o.nodeTimeoutMs / 1000))],
          ...(p.container ? { targetContainerName: p.container } : {}),
          stdin: false,
          tty: false,
        },
      ],
    },
  };
  const r = await request(conn, 'PATCH', `${path}/ephemeralcontainers`, {
    body,
    contentType: 'application/strategic-merge-patch+json',
  }).catch((e: Error) => ({ status: 0, body: e.message }));
  if (r.status !== 200) return { error: r.status ? `${r.status} ${statusOf(r).message}` : String(r.body) };
  const deadline = Date.now() + o.nodeTimeoutMs;
  for (let delay = 200; Date.now() < deadline; delay = Math.min(1000, delay * 2)) {
    const g = await request(conn, 'GET', path).catch(() => undefined);
    const st = ((rec(rec(g?.body).status).ephemeralContainerStatuses as R[] | undefined) ?? []).find(
      (c) => c.name === name,
    );
    if (st && rec(st.state).running) {
      // the target's files through its PID namespace (targetContainerName shares it)
      return {
        capture: await collectPodByExec(conn, p, {
          commandTimeoutS: o.commandTimeoutS,
          schedule,
          container: name,
          ...(p.container ? { etcRoot: '/proc/1/root' } : {}),
        }),
      };
    }
    const w = rec(rec(st?.state).waiting);
    if (w.reason && /Err|BackOff/.test(String(w.reason)))
      return { error: `${String(w.reason)}: ${String(w.message ?? '')}` };
    await sleep(delay);
  }
  return { error: 'the ephemeral container did not start before the deadline' };
}
