// Typed views of the cluster objects in a bundle (cluster/*.json): only what the analyzers read.
import { CLUSTER_LISTS, type ClusterList, clusterListFiles } from '../../bundle/layout.js';
import { rec } from '../../json.js';
import type { K8sObject, K8sRef } from '../../parsers/k8s-list.js';
import { readListFile } from './lists.js';
import { endpointsAsSlices, node, pod, service, slice } from './typed.js';
import type { ParseWarning } from '../../parsers/types.js';
import type { Host, Snapshot } from '../types.js';
import { type ServerBlock, parseCorefile } from '../../parsers/corefile.js';
import { type KubeProxyConfig, parseKubeProxyConfig } from '../../parsers/kube-proxy-config.js';

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

// Append the items to the list (a list can come in parts: one file per namespace).
function append<T>(out: T[], items: readonly T[]): void {
  for (let k = 0; k < items.length; k++) out.push(items[k]!);
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
  const seen = new Set<ClusterList>();
  for (const f of CLUSTER_LISTS)
    for (const p of clusterListFiles(files, f)) {
      const objs = readList(p, f);
      if (!objs) continue;
      seen.add(f);
      got[f] ??= [];
      // map's callback is one function per list: a shared loop calling each in turn would be compiled again for each
      if (f === 'pods') append(typed.pods, objs.map(pod));
      else if (f === 'services') append(typed.services, objs.map(service));
      else if (f === 'endpointslices') append(typed.slices, objs.map(slice));
      else if (f === 'nodes') append(typed.nodes, objs.map(node));
      else append(got[f], objs);
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
