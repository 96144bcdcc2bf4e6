// A Service's EndpointSlices and its ready endpoints, indexed once per cluster: several analyzers ask for every
// Service on every node, and large clusters have tens of thousands.
import type { Cluster, K8sEndpointSlice, K8sService, ServicePort } from './cluster.js';

const sliceIndex = new WeakMap<Cluster, Map<string, K8sEndpointSlice[]>>();

// The EndpointSlices of a Service (indexed once per cluster: large clusters have tens of thousands).
export function slicesOf(c: Cluster, s: K8sService): K8sEndpointSlice[] {
  let idx = sliceIndex.get(c);
  if (!idx) {
    idx = new Map();
    for (const x of c.slices)
      if (x.service) {
        const k = `${x.namespace}/${x.service}`;
        const l = idx.get(k);
        if (l) l.push(x);
        else idx.set(k, [x]);
      }
    sliceIndex.set(c, idx);
  }
  return idx.get(`${s.namespace}/${s.name}`) ?? [];
}

const readyIndex = new WeakMap<Cluster, WeakMap<ServicePort, readonly string[]>>();

// Ready endpoint addresses of a Service port, from its EndpointSlices ("IP:port"), sorted; worked out once per port
// (several analyzers ask for every Service on every node).
export function readyEndpoints(c: Cluster, s: K8sService, p: ServicePort): readonly string[] {
  let idx = readyIndex.get(c);
  if (!idx) {
    idx = new WeakMap();
    readyIndex.set(c, idx);
  }
  let v = idx.get(p);
  if (!v) {
    v = readyOf(c, s, p);
    idx.set(p, v);
  }
  return v;
}

function readyOf(c: Cluster, s: K8sService, p: ServicePort): string[] {
  const out: string[] = [];
  for (const sl of slicesOf(c, s)) {
    const sp = sl.ports.find((x) => (x.name ?? '') === (p.name ?? '') && x.protocol === p.protocol);
    if (!sp) continue;
    for (const e of sl.endpoints) if (e.ready) for (const a of e.addresses) out.push(`${a}:${sp.port}`);
  }
  return [...new Set(out)].sort();
}
