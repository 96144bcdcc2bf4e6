// Typed views of the cluster objects in a bundle (cluster/*.json): only what the analyzers read.
import { CLUSTER_LISTS, type ClusterList, clusterListFiles } from '../../bundle/layout.js';
import { rec } from '../../json.js';
import { type K8sObject, type K8sRef, refOf } from '../../parsers/k8s-list.js';
import { readListFile } from './lists.js';
import type { ParseWarning } from '../../parsers/types.js';
import type { Host, Snapshot } from '../types.js';
import { type ServerBlock, parseCorefile } from '../../parsers/corefile.js';
import { type KubeProxyConfig, parseKubeProxyConfig } from '../../parsers/kube-proxy-config.js';

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
// An array at its exact length: one built by push or filter keeps room for ~16 more, and a large cluster holds
// hundreds of thousands of one-element lists (a pod's IPs, an endpoint's addresses).
const exact = <T>(a: T[]): T[] => a.slice();
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** The one empty list that every pod without container statuses shares (frozen: a change to it fails loudly). */
const NONE: readonly string[] = Object.freeze([]);

export interface K8sNode {
  name: string;
  podCIDRs: string[];
  internalIPs: string[];
  ready: boolean | undefined;
  obj: K8sRef;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol: string;
}

export interface K8sPod {
  namespace: string;
  name: string;
  nodeName?: string;
  podIPs: string[];
  hostNetwork: boolean;
  dnsPolicy: string;
  labels: Record<string, string>;
  ready: boolean;
  phase?: string;
  ports: ContainerPort[];
  restarts: number;
  /** Waiting reasons of containers (CrashLoopBackOff, ...). */
  waiting: readonly string[];
  obj: K8sRef;
}

export interface ServicePort {
  name?: string;
  port: number;
  protocol: string;
  targetPort: number | string;
  nodePort?: number;
}

export interface K8sService {
  namespace: string;
  name: string;
  type: string;
  clusterIPs: string[];
  ports: ServicePort[];
  selector?: Record<string, string>;
  externalTrafficPolicy?: string;
  obj: K8sRef;
}

export interface SliceEndpoint {
  addresses: string[];
  ready: boolean;
  nodeName?: string;
  targetPod?: string;
}

export interface K8sEndpointSlice {
  namespace: string;
  name: string;
  service?: string;
  ports: { name?: string; port: number; protocol: string }[];
  endpoints: SliceEndpoint[];
  obj: K8sRef;
}

export interface Cluster {
  /** Where the endpoints came from (EndpointSlices, or v1 Endpoints where slices were not captured). */
  endpointsFrom?: 'endpointslices' | 'endpoints';
  nodes: K8sNode[];
  pods: K8sPod[];
  services: K8sService[];
  slices: K8sEndpointSlice[];
  policies: K8sObject[];
  configMaps: K8sObject[];
  daemonSets: K8sObject[];
  deployments: K8sObject[];
  events: K8sObject[];
  /** Namespaces (optional cluster/namespaces.json): their labels for namespaceSelector. */
  namespaces?: K8sObject[];
  /** kube-system/kube-proxy's config.conf, read as YAML (absent when the ConfigMap or the key was not captured). */
  kubeProxyConfig?: KubeProxyConfig;
  /** kube-system/coredns's Corefile, read into server blocks (absent when not captured). */
  corefile?: { blocks: ServerBlock[]; configMap: K8sObject };
  /** cluster/*.json files present. */
  files: string[];
}

// A key of a ConfigMap's data, with the name its facts are filed under (the key inside the ConfigMap).
function configKey(
  cms: K8sObject[],
  ns: string,
  name: string,
  key: string,
): { cm: K8sObject; text: string; file: string } | undefined {
  const cm = cms.find((c) => c.namespace === ns && c.name === name);
  const text = rec(cm?.raw.data)[key];
  return cm && typeof text === 'string' ? { cm, text, file: `${cm.src.file} › ${ns}/${name} › ${key}` } : undefined;
}

function node(o: K8sObject): K8sNode {
  const spec = rec(o.raw.spec);
  const status = rec(o.raw.status);
  const cidrs = arr(spec.podCIDRs).filter((x): x is string => typeof x === 'string');
  if (cidrs.length === 0 && str(spec.podCIDR)) cidrs.push(str(spec.podCIDR)!);
  const ready = arr(status.conditions)
    .map(rec)
    .find((c) => c.type === 'Ready');
  return {
    name: o.name,
    podCIDRs: cidrs,
    internalIPs: arr(status.addresses)
      .map(rec)
      .filter((a) => a.type === 'InternalIP')
      .map((a) => String(a.address)),
    ready: ready ? ready.status === 'True' : undefined,
    obj: refOf(o),
  };
}

function pod(o: K8sObject): K8sPod {
  const spec = rec(o.raw.spec);
  const status = rec(o.raw.status);
  const ips = arr(status.podIPs)
    .map((x) => str(rec(x).ip))
    .filter((x): x is string => !!x);
  if (ips.length === 0 && str(status.podIP)) ips.push(str(status.podIP)!);
  const cs = arr(status.containerStatuses).map(rec);
  const ports: ContainerPort[] = [];
  for (const c of arr(spec.containers).map(rec))
    for (const p of arr(c.ports).map(rec)) {
      if (typeof p.containerPort !== 'number') continue;
      ports.push({
        name: str(p.name) || undefined,
        containerPort: p.containerPort,
        protocol: str(p.protocol) ?? 'TCP',
      });
    }
  return {
    namespace: o.namespace ?? 'default',
    name: o.name,
    nodeName: str(spec.nodeName) || undefined,
    podIPs: exact(ips),
    hostNetwork: spec.hostNetwork === true,
    dnsPolicy: str(spec.dnsPolicy) ?? 'ClusterFirst',
    labels: o.labels,
    ready: arr(status.conditions)
      .map(rec)
      .some((c) => c.type === 'Ready' && c.status === 'True'),
    phase: str(status.phase) || undefined,
    ports: exact(ports),
    restarts: cs.reduce((n, c) => n + (typeof c.restartCount === 'number' ? c.restartCount : 0), 0),
    waiting:
      cs.length === 0
        ? NONE
        : exact(cs.map((c) => str(rec(rec(c.state).waiting).reason)).filter((x): x is string => !!x)),
    obj: refOf(o),
  };
}

function service(o: K8sObject): K8sService {
  const spec = rec(o.raw.spec);
  const ips = arr(spec.clusterIPs).filter((x): x is string => typeof x === 'string');
  if (ips.length === 0 && str(spec.clusterIP)) ips.push(str(spec.clusterIP)!);
  const sel = rec(spec.selector);
  return {
    namespace: o.namespace ?? 'default',
    name: o.name,
    type: str(spec.type) ?? 'ClusterIP',
    clusterIPs: exact(ips.filter((x) => x !== 'None')),
    ports: arr(spec.ports)
      .map(rec)
      .filter((p) => typeof p.port === 'number')
      .map(
        (p): ServicePort => ({
          name: str(p.name) || undefined,
          port: p.port as number,
          protocol: str(p.protocol) ?? 'TCP',
          targetPort:
            typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? p.targetPort : (p.port as number),
          nodePort: typeof p.nodePort === 'number' ? p.nodePort : undefined,
        }),
      ),
    selector:
      Object.keys(sel).length > 0 ? Object.fromEntries(Object.entries(sel).map(([k, v]) => [k, String(v)])) : undefined,
    externalTrafficPolicy: str(spec.externalTrafficPolicy) || undefined,
    obj: refOf(o),
  };
}

// The ports of an EndpointSlice or of a v1 Endpoints subset (the same shape in both).
function slicePorts(v: unknown): K8sEndpointSlice['ports'] {
  return arr(v)
    .map(rec)
    .filter((p) => typeof p.port === 'number')
    .map((p) => ({ name: str(p.name) || undefined, port: p.port as number, protocol: str(p.protocol) ?? 'TCP' }));
}

function slice(o: K8sObject): K8sEndpointSlice {
  return {
    namespace: o.namespace ?? 'default',
    name: o.name,
    service: o.labels['kubernetes.io/service-name'] || undefined,
    ports: slicePorts(o.raw.ports),
    endpoints: arr(o.raw.endpoints)
      .map(rec)
      .map(
        (e): SliceEndpoint => ({
          addresses: exact(arr(e.addresses).filter((x): x is string => typeof x === 'string')),
          ready: rec(e.conditions).ready !== false,
          nodeName: str(e.nodeName) || undefined,
          targetPod: podRef(e.targetRef, o.namespace),
        }),
      ),
    obj: refOf(o),
  };
}

// "ns/name" of an endpoint's targetRef when it names a Pod (the slice's namespace when the ref has none).
function podRef(v: unknown, ns: string | undefined): string | undefined {
  const ref = rec(v);
  return ref.kind === 'Pod' && str(ref.name) ? `${str(ref.namespace) ?? ns}/${str(ref.name)}` : undefined;
}

// One v1 Endpoints object as the slices it stands for: one per subset, its ready and not-ready addresses.
function endpointsAsSlices(o: K8sObject): K8sEndpointSlice[] {
  // no subsets: the Service has no endpoints at all (its slice would be empty)
  if (arr(o.raw.subsets).length === 0)
    return [
      { namespace: o.namespace ?? 'default', name: o.name, service: o.name, ports: [], endpoints: [], obj: refOf(o) },
    ];
  return arr(o.raw.subsets)
    .map(rec)
    .map((sub, k) => {
      const addr = (a: unknown, ready: boolean): SliceEndpoint | undefined => {
        const r = rec(a);
        const ip = str(r.ip);
        if (!ip) return undefined;
        return {
          addresses: [ip],
          ready,
          nodeName: str(r.nodeName) || undefined,
          targetPod: podRef(r.targetRef, o.namespace),
        };
      };
      return {
        namespace: o.namespace ?? 'default',
        name: `${o.name}-${k}`,
        service: o.name,
        ports: slicePorts(sub.ports),
        endpoints: [
          ...arr(sub.addresses).map((a) => addr(a, true)),
          ...arr(sub.notReadyAddresses).map((a) => addr(a, false)),
        ].filter((e): e is SliceEndpoint => e !== undefined),
        obj: refOf(o),
      };
    });
}

// Read every cluster/*.json (or .yaml, or its per-namespace parts) present; undefined when the bundle has no cluster
// folder. `origins` names where a file really came from (a support bundle's path): its objects cite that.
export function readCluster(
  files: Map<string, string>,
  warnings: ParseWarning[],
  origins?: Map<string, string>,
): Cluster | undefined {
  const got: Partial<Record<ClusterList, K8sObject[]>> = {};
  const present: string[] = [];
  const readList = (path: string, list: string): K8sObject[] | undefined => {
    const r = readListFile(path, files.get(path)!, origins?.get(path) ?? path, list, warnings);
    if (r) present.push(path);
    return r;
  };
  // the typed lists are read into their views part by part, so that one list's API bodies are gone before the next
  // is parsed (a large cluster's pods alone parse into tens of megabytes)
  const typed = {
    nodes: [] as K8sNode[],
    pods: [] as K8sPod[],
    services: [] as K8sService[],
    slices: [] as K8sEndpointSlice[],
  };
  const into = (list: ClusterList, o: K8sObject): void => {
    if (list === 'pods') typed.pods.push(pod(o));
    else if (list === 'services') typed.services.push(service(o));
    else if (list === 'endpointslices') typed.slices.push(slice(o));
    else if (list === 'nodes') typed.nodes.push(node(o));
    else (got[list] ??= []).push(o);
  };
  const seen = new Set<ClusterList>();
  for (const f of CLUSTER_LISTS)
    for (const p of clusterListFiles(files, f)) {
      const objs = readList(p, f);
      if (!objs) continue;
      seen.add(f);
      got[f] ??= [];
      for (const o of objs) into(f, o);
    }
  // v1 Endpoints (`kubectl get endpoints -A -o json`), read only where the capture has no EndpointSlices: clusters
  // captured by older tools, or support bundles that list them instead
  let fromEndpoints: K8sEndpointSlice[] | undefined;
  const ep = clusterListFiles(files, 'endpoints');
  if (ep.length > 0 && !seen.has('endpointslices'))
    fromEndpoints = ep.flatMap((p) => readList(p, 'endpoints') ?? []).flatMap(endpointsAsSlices);
  if (present.length === 0) return undefined;
  const cms = got.configmaps ?? [];
  const kp = configKey(cms, 'kube-system', 'kube-proxy', 'config.conf');
  const kpr = kp && parseKubeProxyConfig(kp.text, kp.file);
  const cf = configKey(cms, 'kube-system', 'coredns', 'Corefile');
  const cfr = cf && parseCorefile(cf.text, cf.file);
  warnings.push(...(kpr?.warnings ?? []), ...(cfr?.warnings ?? []));
  return {
    ...(kpr ? { kubeProxyConfig: kpr.value } : {}),
    ...(cf && cfr ? { corefile: { blocks: cfr.value, configMap: cf.cm } } : {}),
    nodes: typed.nodes,
    pods: typed.pods,
    services: typed.services,
    slices: fromEndpoints ?? typed.slices,
    ...(seen.has('endpointslices')
      ? { endpointsFrom: 'endpointslices' as const }
      : fromEndpoints
        ? { endpointsFrom: 'endpoints' as const }
        : {}),
    policies: got.networkpolicies ?? [],
    configMaps: got.configmaps ?? [],
    daemonSets: got.daemonsets ?? [],
    deployments: got.deployments ?? [],
    events: got.events ?? [],
    ...(got.namespaces ? { namespaces: got.namespaces } : {}),
    files: present,
  };
}

export { readyEndpoints, slicesOf } from './ready.js';

// Pods a label selector (matchLabels form) picks in a namespace.
export function selectPods(c: Cluster, namespace: string, selector: Record<string, string>): K8sPod[] {
  return c.pods.filter(
    (p) => p.namespace === namespace && Object.entries(selector).every(([k, v]) => p.labels[k] === v),
  );
}

// The cluster's pod for a captured host (host.json's name, else the `NS.NAME` folder id the pod collector writes).
export function podOfHost(snap: Snapshot, h: Host): K8sPod | undefined {
  const [ns, name] = h.meta.name ? [h.meta.namespace ?? 'default', h.meta.name] : h.id.split('.', 2);
  return snap.cluster?.pods.find((p) => p.namespace === ns && p.name === name);
}
