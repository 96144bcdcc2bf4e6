// Lists the cluster objects kube-netdiag reads, page by page, into cluster/*.json shaped like
// `kubectl get KIND -A -o json`; a kind that is forbidden, missing or failing is recorded and the rest goes on.
import { rec } from '../../json.js';
import { redact } from '../redact.js';
import { type Connection, getJson, statusOf } from './connect.js';

export interface ClusterError {
  kind: string;
  path: string;
  status?: number;
  reason: string;
  message: string;
}

interface KindSpec {
  file: string;
  path: string;
  kind: string;
  apiVersion: string;
  /** Keep only these names (kube-system ConfigMaps: nothing else is read). */
  names?: string[];
}

export const KINDS: KindSpec[] = [
  { file: 'nodes', path: '/api/v1/nodes', kind: 'Node', apiVersion: 'v1' },
  { file: 'pods', path: '/api/v1/pods', kind: 'Pod', apiVersion: 'v1' },
  { file: 'services', path: '/api/v1/services', kind: 'Service', apiVersion: 'v1' },
  { file: 'endpointslices', path: '/apis/discovery.k8s.io/v1/endpointslices', kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1' },
  { file: 'networkpolicies', path: '/apis/networking.k8s.io/v1/networkpolicies', kind: 'NetworkPolicy', apiVersion: 'networking.k8s.io/v1' },
  { file: 'namespaces', path: '/api/v1/namespaces', kind: 'Namespace', apiVersion: 'v1' },
  { file: 'configmaps', path: '/api/v1/namespaces/kube-system/configmaps', kind: 'ConfigMap', apiVersion: 'v1', names: ['kube-proxy', 'coredns'] },
  { file: 'daemonsets', path: '/apis/apps/v1/namespaces/kube-system/daemonsets', kind: 'DaemonSet', apiVersion: 'apps/v1' },
  { file: 'deployments', path: '/apis/apps/v1/namespaces/kube-system/deployments', kind: 'Deployment', apiVersion: 'apps/v1' },
  { file: 'events', path: '/api/v1/events?fieldSelector=type%3DWarning', kind: 'Event', apiVersion: 'v1' },
];

type R = Record<string, unknown>;

// Masks what a capture must not carry by default: env values, last-applied annotations, managed fields,
// and secrets inside the ConfigMap data that is kept (a kube-proxy kubeconfig may hold a token).
export function redactObject(o: R): number {
  let n = 0;
  if (o.kind === 'ConfigMap') {
    const data = rec(o.data);
    for (const [k, v] of Object.entries(data)) {
      if (typeof v !== 'string') continue;
      const r = redact(v);
      data[k] = r.text;
      n += r.count;
    }
  }
  const meta = rec(o.metadata);
  delete meta.managedFields;
  const ann = rec(meta.annotations);
  if (ann['kubectl.kubernetes.io/last-applied-configuration'] !== undefined) {
    ann['kubectl.kubernetes.io/last-applied-configuration'] = '[REDACTED]';
    n++;
  }
  for (const key of ['containers', 'initContainers', 'ephemeralContainers']) {
    for (const c of Array.isArray(rec(o.spec)[key]) ? (rec(o.spec)[key] as unknown[]) : []) {
      for (const e of Array.isArray(rec(c).env) ? (rec(c).env as R[]) : []) {
        if (e.value !== undefined) {
          e.value = '[REDACTED]';
          n++;
        }
      }
    }
  }
  return n;
}

// List one kind across all pages (restarting once if the continue token expires mid-way).
async function listKind(conn: Connection, k: KindSpec, pageSize: number, timeoutMs: number): Promise<{ items: R[] } | { error: ClusterError }> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const items: R[] = [];
    let cont = '';
    let expired = false;
    for (let page = 0; page < 10_000; page++) {
      const sep = k.path.includes('?') ? '&' : '?';
      const path = `${k.path}${sep}limit=${pageSize}${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`;
      let res;
      try {
        res = await getJson(conn, path, timeoutMs);
      } catch (e) {
        return { error: { kind: k.file, path: k.path, reason: 'Unreachable', message: (e as Error).message } };
      }
      if (res.status === 410 && attempt === 0) {
        expired = true;
        break;
      }
      if (res.status !== 200) return { error: { kind: k.file, path: k.path, status: res.status, ...statusOf(res) } };
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
  return { error: { kind: k.file, path: k.path, status: 410, reason: 'Expired', message: 'the list changed faster than it could be paged' } };
}

// Collect every kind; files are `kubectl get -o json` Lists, errors are listed separately.
export async function collectClusterObjects(conn: Connection, o: { pageSize?: number; timeoutMs?: number; redact?: boolean; concurrency?: number } = {}): Promise<{ files: Map<string, string>; errors: ClusterError[]; redacted: number; version?: string }> {
  const files = new Map<string, string>();
  const errors: ClusterError[] = [];
  let redacted = 0;
  const results = await Promise.all(KINDS.map(async (k) => [k, await listKind(conn, k, o.pageSize ?? 500, o.timeoutMs ?? 15_000)] as const));
  for (const [k, r] of results) {
    if ('error' in r) {
      errors.push(r.error);
      continue;
    }
    if (o.redact !== false) for (const it of r.items) redacted += redactObject(it);
    files.set(`cluster/${k.file}.json`, `${JSON.stringify({ apiVersion: 'v1', items: r.items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4)}\n`);
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
