// Lists the cluster objects kube-netdiag reads, page by page, into cluster/*.json shaped like
// `kubectl get KIND -A -o json`; a kind that is forbidden, missing or failing is recorded and the rest goes on.
import { rec } from '../../json.js';
import { redactJsonText } from '../redact.js';
import type { ClusterError } from '../../bundle/errors.js';
import { CLUSTER_LISTS, type ClusterList } from '../../bundle/layout.js';
import { NetdiagError } from '../../errors.js';
import { type Connection, describeApiError, getJson, notJson, statusOf } from './connect.js';

export type { ClusterError };

interface KindSpec {
  file: ClusterList;
  path: string;
  kind: string;
  apiVersion: string;
  /** Keep only these names (kube-system ConfigMaps: nothing else is read). */
  names?: string[];
}

// One row per list of the bundle contract: the compiler refuses a list without its API path.
const SPECS: Record<ClusterList, Omit<KindSpec, 'file'>> = {
  nodes: { path: '/api/v1/nodes', kind: 'Node', apiVersion: 'v1' },
  pods: { path: '/api/v1/pods', kind: 'Pod', apiVersion: 'v1' },
  services: { path: '/api/v1/services', kind: 'Service', apiVersion: 'v1' },
  endpointslices: {
    path: '/apis/discovery.k8s.io/v1/endpointslices',
    kind: 'EndpointSlice',
    apiVersion: 'discovery.k8s.io/v1',
  },
  networkpolicies: {
    path: '/apis/networking.k8s.io/v1/networkpolicies',
    kind: 'NetworkPolicy',
    apiVersion: 'networking.k8s.io/v1',
  },
  namespaces: { path: '/api/v1/namespaces', kind: 'Namespace', apiVersion: 'v1' },
  configmaps: {
    path: '/api/v1/namespaces/kube-system/configmaps',
    kind: 'ConfigMap',
    apiVersion: 'v1',
    names: ['kube-proxy', 'coredns'],
  },
  daemonsets: { path: '/apis/apps/v1/namespaces/kube-system/daemonsets', kind: 'DaemonSet', apiVersion: 'apps/v1' },
  deployments: { path: '/apis/apps/v1/namespaces/kube-system/deployments', kind: 'Deployment', apiVersion: 'apps/v1' },
  events: { path: '/api/v1/events?fieldSelector=type%3DWarning', kind: 'Event', apiVersion: 'v1' },
};

export const KINDS: KindSpec[] = CLUSTER_LISTS.map((file) => ({ file, ...SPECS[file] }));

type R = Record<string, unknown>;

const pickKeys = (o: unknown, keys: readonly string[]): R | undefined => {
  if (!o || typeof o !== 'object' || Array.isArray(o)) return undefined;
  const out: R = {};
  for (const k of keys) if ((o as R)[k] !== undefined) out[k] = (o as R)[k];
  return out;
};
const each = (v: unknown, f: (x: R) => R | undefined): R[] | undefined =>
  Array.isArray(v) ? v.map((x) => f(rec(x))).filter((x): x is R => !!x) : undefined;
const set = (o: R, k: string, v: unknown): void => {
  if (v !== undefined) o[k] = v;
};

/** What a capture keeps of an object's metadata: no annotations, no managed fields. */
const META = [
  'name',
  'namespace',
  'uid',
  'labels',
  'creationTimestamp',
  'deletionTimestamp',
  'resourceVersion',
] as const;
/** Of a container: its name, image and ports; never env, args, command, probes or mounts. */
const CONTAINER = ['name', 'image', 'ports'] as const;
/** Of a pod spec: scheduling and networking; never volumes, secrets or service account tokens. */
const POD_SPEC = [
  'nodeName',
  'hostNetwork',
  'dnsPolicy',
  'dnsConfig',
  'restartPolicy',
  'tolerations',
  'nodeSelector',
  'priorityClassName',
] as const;
/** Of a container's state: the reason and exit code; never the message (it may echo anything the program printed). */
const STATE = (s: unknown): R | undefined => {
  const x = rec(s);
  const out: R = {};
  if (x.running) out.running = pickKeys(x.running, ['startedAt']);
  if (x.waiting) out.waiting = pickKeys(x.waiting, ['reason']);
  if (x.terminated) out.terminated = pickKeys(x.terminated, ['reason', 'exitCode', 'startedAt', 'finishedAt']);
  return out;
};
/** ConfigMap keys an analyzer reads: kube-proxy's configuration and CoreDNS's Corefile (never kubeconfig.conf). */
const CONFIG_KEYS = ['config.conf', 'Corefile'];

function podSpec(spec: unknown): R {
  const s = pickKeys(spec, POD_SPEC) ?? {};
  for (const k of ['containers', 'initContainers'])
    set(
      s,
      k,
      each(rec(spec)[k], (c) => pickKeys(c, CONTAINER)),
    );
  return s;
}

function metadata(m: unknown): R {
  const out = pickKeys(m, META) ?? {};
  set(
    out,
    'ownerReferences',
    each(rec(m).ownerReferences, (r) => pickKeys(r, ['kind', 'name', 'uid', 'controller'])),
  );
  return out;
}

const conditions = (v: unknown): R[] | undefined =>
  each(v, (c) => pickKeys(c, ['type', 'status', 'reason', 'lastTransitionTime']));

// Keep only the fields kube-netdiag reads (an allow-list per kind); everything else — env, args, command,
// annotations, event and status messages, unread ConfigMap keys — never enters a bundle. Returns the object to
// store and how many kept values the text rules masked.
export function projectObject(o: R): { object: R; masked: number } {
  const out: R = { apiVersion: o.apiVersion, kind: o.kind, metadata: metadata(o.metadata) };
  const spec = rec(o.spec);
  const status = rec(o.status);
  switch (o.kind) {
    case 'Pod':
      out.spec = podSpec(spec);
      out.status = {
        ...pickKeys(status, ['phase', 'podIP', 'podIPs', 'hostIP', 'hostIPs', 'qosClass', 'startTime']),
        ...(status.conditions ? { conditions: conditions(status.conditions) } : {}),
        ...(status.containerStatuses
          ? {
              containerStatuses: each(status.containerStatuses, (c) => ({
                ...pickKeys(c, ['name', 'ready', 'started', 'restartCount', 'containerID', 'image']),
                state: STATE(c.state),
                lastState: STATE(c.lastState),
              })),
            }
          : {}),
      };
      break;
    case 'Node':
      out.spec = pickKeys(spec, ['podCIDR', 'podCIDRs', 'taints', 'unschedulable', 'providerID']);
      out.status = {
        ...pickKeys(status, ['addresses', 'nodeInfo', 'daemonEndpoints']),
        ...(status.conditions ? { conditions: conditions(status.conditions) } : {}),
      };
      break;
    case 'DaemonSet':
    case 'Deployment':
      out.spec = {
        ...pickKeys(spec, ['selector', 'replicas', 'updateStrategy', 'strategy']),
        template: { metadata: metadata(rec(spec.template).metadata), spec: podSpec(rec(spec.template).spec) },
      };
      out.status = pickKeys(status, [
        'replicas',
        'readyReplicas',
        'availableReplicas',
        'updatedReplicas',
        'unavailableReplicas',
        'desiredNumberScheduled',
        'currentNumberScheduled',
        'numberReady',
        'numberAvailable',
        'numberUnavailable',
        'numberMisscheduled',
        'observedGeneration',
      ]);
      break;
    case 'ConfigMap':
      out.data = pickKeys(o.data, CONFIG_KEYS) ?? {};
      break;
    case 'Event':
      Object.assign(
        out,
        pickKeys(o, [
          'involvedObject',
          'reason',
          'type',
          'count',
          'firstTimestamp',
          'lastTimestamp',
          'eventTime',
          'source',
          'reportingComponent',
        ]),
      );
      break;
    case 'Service':
      out.spec = pickKeys(spec, [
        'type',
        'clusterIP',
        'clusterIPs',
        'ports',
        'selector',
        'externalTrafficPolicy',
        'internalTrafficPolicy',
        'ipFamilies',
        'sessionAffinity',
        'externalName',
        'loadBalancerIP',
      ]);
      out.status = pickKeys(status, ['loadBalancer']);
      break;
    case 'EndpointSlice':
      Object.assign(out, pickKeys(o, ['addressType', 'endpoints', 'ports']));
      break;
    case 'NetworkPolicy':
      out.spec = o.spec;
      break;
    case 'Namespace':
      out.status = pickKeys(status, ['phase']);
      break;
    default:
      break;
  }
  // whatever is kept is still masked by the text rules, string by string (labels, comments in rules)
  const r = redactJsonText(JSON.stringify(out));
  return { object: JSON.parse(r.text) as R, masked: r.count };
}

// List one kind across all pages (restarting once if the continue token expires mid-way).
async function listKind(
  conn: Connection,
  k: KindSpec,
  pageSize: number,
  timeoutMs: number,
): Promise<{ items: R[] } | { error: ClusterError }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const items: R[] = [];
    let cont = '';
    let expired = false;
    for (let page = 0; page < 10_000; page++) {
      const sep = k.path.includes('?') ? '&' : '?';
      const path = `${k.path}${sep}limit=${pageSize}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
      let res: Awaited<ReturnType<typeof getJson>>;
      try {
        res = await getJson(conn, path, timeoutMs);
      } catch (e) {
        if (e instanceof NetdiagError) throw e;
        return {
          error: { kind: k.file, path: k.path, reason: 'Unreachable', message: describeApiError(conn.server, e) },
        };
      }
      if (res.status === 410 && attempt === 0) {
        expired = true;
        break;
      }
      if (res.status !== 200) return { error: { kind: k.file, path: k.path, status: res.status, ...statusOf(res) } };
      // a 200 that is not a list (a proxy's login page, a cut-off body) is not an empty cluster
      const bad =
        notJson(res.body) ??
        (Array.isArray(rec(res.body).items)
          ? undefined
          : `JSON without an items list (kind ${JSON.stringify(String(rec(res.body).kind ?? 'none')).slice(0, 60)})`);
      if (bad)
        return {
          error: {
            kind: k.file,
            path: k.path,
            status: 200,
            reason: 'NotAList',
            message: `the answer to ${k.path} was ${bad}`,
          },
        };
      const body = rec(res.body);
      for (const it of Array.isArray(body.items) ? (body.items as R[]) : []) {
        // list items come without kind/apiVersion; kubectl -o json adds them
        if (k.names && !k.names.includes(String(rec(it.metadata).name))) continue;
        items.push({ apiVersion: k.apiVersion, kind: k.kind, ...it });
      }
      cont = String(rec(body.metadata).continue ?? '');
      if (!cont) return { items };
    }
    if (!expired) return { items };
  }
  return {
    error: {
      kind: k.file,
      path: k.path,
      status: 410,
      reason: 'Expired',
      message: 'the list changed faster than it could be paged',
    },
  };
}

// Collect every kind; files are `kubectl get -o json` Lists, errors are listed separately.
export async function collectClusterObjects(
  conn: Connection,
  o: { pageSize?: number; timeoutMs?: number; redact?: boolean; concurrency?: number } = {},
): Promise<{ files: Map<string, string>; errors: ClusterError[]; redacted: number; version?: string }> {
  const files = new Map<string, string>();
  const errors: ClusterError[] = [];
  let redacted = 0;
  const results = await Promise.all(
    KINDS.map(async (k) => [k, await listKind(conn, k, o.pageSize ?? 500, o.timeoutMs ?? 15_000)] as const),
  );
  for (const [k, r] of results) {
    if ('error' in r) {
      errors.push(r.error);
      continue;
    }
    let items = r.items;
    if (o.redact !== false) {
      items = r.items.map((it) => {
        const p = projectObject(it);
        redacted += p.masked;
        return p.object;
      });
    }
    files.set(
      `cluster/${k.file}.json`,
      `${JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4)}\n`,
    );
  }
  let version: string | undefined;
  try {
    const v = await getJson(conn, '/version', o.timeoutMs ?? 15_000);
    if (v.status === 200) version = String(rec(v.body).gitVersion ?? '') || undefined;
  } catch {
    /* the version only decorates the report */
  }
  if (errors.length > 0) files.set('cluster/errors.json', `${JSON.stringify(errors, null, 2)}\n`);
  return { files, errors, redacted, ...(version ? { version } : {}) };
}
