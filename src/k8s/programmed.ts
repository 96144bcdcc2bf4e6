// What a node's kube-proxy programmed, whatever the mode: Service ports with their endpoints, and node ports.
import type { Source } from '../parsers/types.js';
import type { Host } from '../snapshot/types.js';
import type { KubeProxyIptables } from './kube-proxy.js';

export interface ProgrammedPort {
  /** Endpoints ("IP:port") this node sends the port to, and the lines that say so (computed on demand). */
  endpoints(): { endpoint: string; src: Source }[];
  src: Source;
}

export interface ProgrammedNode {
  mode: 'iptables' | 'ipvs';
  /** "clusterIP:port/PROTO" → what the node does with it. */
  services: Map<string, ProgrammedPort>;
  /** "port/PROTO" of every node port. */
  nodePorts: Set<string>;
  /** A line to cite when something is missing (KUBE-SERVICES / the ipvsadm listing). */
  anchor?: Source;
}

// From kube-proxy's iptables chains.
export function fromIptables(h: Host, kp: KubeProxyIptables): ProgrammedNode {
  const services = new Map<string, ProgrammedPort>();
  for (const p of kp.ports) {
    if (p.kind !== 'cluster IP') continue;
    services.set(`${p.ip}:${p.port}/${p.protocol}`, { src: p.rule.src, endpoints: () => kp.endpointsOf(p.chain).map((e) => ({ endpoint: e.endpoint, src: e.rule.src })) });
  }
  const view: ProgrammedNode = { mode: 'iptables', services, nodePorts: new Set(kp.nodePorts.map((n) => `${n.port}/${n.protocol}`)) };
  const anchor = h.iptables?.tables.get('nat')?.chains.get('KUBE-SERVICES')?.src;
  if (anchor) view.anchor = anchor;
  return view;
}

// From IPVS virtual servers: ClusterIPs are virtual servers on a Service IP; node ports sit on the node's IPs.
export function fromIpvs(h: Host, clusterIPs: Set<string>): ProgrammedNode {
  const services = new Map<string, ProgrammedPort>();
  const nodePorts = new Set<string>();
  for (const vs of h.ipvs ?? []) {
    if (clusterIPs.has(vs.address)) services.set(`${vs.address}:${vs.port}/${vs.protocol}`, { src: vs.src, endpoints: () => vs.reals.map((r) => ({ endpoint: `${r.address}:${r.port}`, src: r.src })) });
    else if (vs.port >= 30000 && vs.port <= 32767) nodePorts.add(`${vs.port}/${vs.protocol}`);
  }
  const view: ProgrammedNode = { mode: 'ipvs', services, nodePorts };
  const first = h.ipvs?.[0];
  if (first) view.anchor = first.src;
  return view;
}
