// One cluster object read into the typed view the analyzers use (a pod, a Service, an EndpointSlice, a node).
// Pods, Services and EndpointSlices are read with plain loops: a large cluster has tens of thousands, and chains of
// map/filter callbacks cost an allocation per step and make the compiled readers several times larger.
import { rec } from '../../json.js';
import { type K8sObject, refOf } from '../../parsers/k8s-list.js';
import type {
  ContainerPort,
  K8sEndpointSlice,
  K8sNode,
  K8sPod,
  K8sService,
  ServicePort,
  SliceEndpoint,
} from './cluster.js';

const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
// An array at its exact length: one built by push or filter keeps room for ~16 more, and a large cluster holds
// hundreds of thousands of one-element lists (a pod's IPs, an endpoint's addresses).
const exact = <T>(a: T[]): T[] => a.slice();
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
/** The one empty list that every pod without container statuses shares (frozen: a change to it fails loudly). */
const NONE: readonly string[] = Object.freeze([]);

export function node(o: K8sObject): K8sNode {
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

// The strings of an array of objects' `key` field (a pod's podIPs, [{ip}]).
function fieldStrings(v: unknown, key: string): string[] {
  const out: string[] = [];
  const a = arr(v);
  for (let i = 0; i < a.length; i++) {
    const x = str(rec(a[i])[key]);
    if (x) out.push(x);
  }
  return out;
}

// The string elements of an array.
function strings(v: unknown): string[] {
  const out: string[] = [];
  const a = arr(v);
  for (let i = 0; i < a.length; i++) if (typeof a[i] === 'string') out.push(a[i] as string);
  return out;
}

export function pod(o: K8sObject): K8sPod {
  const spec = rec(o.raw.spec);
  const status = rec(o.raw.status);
  const ips = fieldStrings(status.podIPs, 'ip');
  if (ips.length === 0 && str(status.podIP)) ips.push(str(status.podIP)!);
  const ports: ContainerPort[] = [];
  const containers = arr(spec.containers);
  for (let c = 0; c < containers.length; c++) {
    const cps = arr(rec(containers[c]).ports);
    for (let k = 0; k < cps.length; k++) {
      const p = rec(cps[k]);
      if (typeof p.containerPort !== 'number') continue;
      ports.push({
        name: str(p.name) || undefined,
        containerPort: p.containerPort,
        protocol: str(p.protocol) ?? 'TCP',
      });
    }
  }
  let ready = false;
  const conditions = arr(status.conditions);
  for (let k = 0; k < conditions.length; k++) {
    const c = rec(conditions[k]);
    if (c.type === 'Ready' && c.status === 'True') ready = true;
  }
  let restarts = 0;
  let waiting: readonly string[] = NONE;
  const cs = arr(status.containerStatuses);
  for (let k = 0; k < cs.length; k++) {
    const c = rec(cs[k]);
    if (typeof c.restartCount === 'number') restarts += c.restartCount;
    const reason = str(rec(rec(c.state).waiting).reason);
    if (reason) waiting = [...waiting, reason];
  }
  return {
    namespace: o.namespace ?? 'default',
    name: o.name,
    nodeName: str(spec.nodeName) || undefined,
    podIPs: exact(ips),
    hostNetwork: spec.hostNetwork === true,
    dnsPolicy: str(spec.dnsPolicy) ?? 'ClusterFirst',
    labels: o.labels,
    ready,
    phase: str(status.phase) || undefined,
    ports: exact(ports),
    restarts,
    waiting,
    obj: refOf(o),
  };
}

export function service(o: K8sObject): K8sService {
  const spec = rec(o.raw.spec);
  const ips: string[] = [];
  const all = strings(spec.clusterIPs);
  if (all.length === 0 && str(spec.clusterIP)) all.push(str(spec.clusterIP)!);
  for (let k = 0; k < all.length; k++) if (all[k] !== 'None') ips.push(all[k]!);
  const ports: ServicePort[] = [];
  const ps = arr(spec.ports);
  for (let k = 0; k < ps.length; k++) {
    const p = rec(ps[k]);
    if (typeof p.port !== 'number') continue;
    ports.push({
      name: str(p.name) || undefined,
      port: p.port,
      protocol: str(p.protocol) ?? 'TCP',
      targetPort: typeof p.targetPort === 'number' || typeof p.targetPort === 'string' ? p.targetPort : p.port,
      nodePort: typeof p.nodePort === 'number' ? p.nodePort : undefined,
    });
  }
  const sel = rec(spec.selector);
  return {
    namespace: o.namespace ?? 'default',
    name: o.name,
    type: str(spec.type) ?? 'ClusterIP',
    clusterIPs: exact(ips),
    ports: exact(ports),
    selector:
      Object.keys(sel).length > 0 ? Object.fromEntries(Object.entries(sel).map(([k, v]) => [k, String(v)])) : undefined,
    externalTrafficPolicy: str(spec.externalTrafficPolicy) || undefined,
    obj: refOf(o),
  };
}

// The ports of an EndpointSlice or of a v1 Endpoints subset (the same shape in both).
function slicePorts(v: unknown): K8sEndpointSlice['ports'] {
  const out: K8sEndpointSlice['ports'] = [];
  const ps = arr(v);
  for (let k = 0; k < ps.length; k++) {
    const p = rec(ps[k]);
    if (typeof p.port === 'number')
      out.push({ name: str(p.name) || undefined, port: p.port, protocol: str(p.protocol) ?? 'TCP' });
  }
  return exact(out);
}

export function slice(o: K8sObject): K8sEndpointSlice {
  const endpoints: SliceEndpoint[] = [];
  const es = arr(o.raw.endpoints);
  for (let k = 0; k < es.length; k++) {
    const e = rec(es[k]);
    endpoints.push({
      addresses: exact(strings(e.addresses)),
      ready: rec(e.conditions).ready !== false,
      nodeName: str(e.nodeName) || undefined,
      targetPod: podRef(e.targetRef, o.namespace),
    });
  }
  return {
    namespace: o.namespace ?? 'default',
    name: o.name,
    service: o.labels['kubernetes.io/service-name'] || undefined,
    ports: slicePorts(o.raw.ports),
    endpoints: exact(endpoints),
    obj: refOf(o),
  };
}

// "ns/name" of an endpoint's targetRef when it names a Pod (the slice's namespace when the ref has none).
function podRef(v: unknown, ns: string | undefined): string | undefined {
  const ref = rec(v);
  return ref.kind === 'Pod' && str(ref.name) ? `${str(ref.namespace) ?? ns}/${str(ref.name)}` : undefined;
}

// One v1 Endpoints object as the slices it stands for: one per subset, its ready and not-ready addresses.
export function endpointsAsSlices(o: K8sObject): K8sEndpointSlice[] {
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
