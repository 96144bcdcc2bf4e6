// What a node's kube-proxy programmed, whatever the mode: Service ports with their endpoints, and node ports.
import type { Source } from '../../parsers/types.js';
import type { Host } from '../types.js';
import type { NftRuleset } from '../../parsers/nft.js';
import type { KubeProxyIptables, ServicePortRule } from './kube-proxy.js';

export interface ProgrammedPort {
  /** Endpoints ("IP:port") this node sends the port to, and the lines that say so (computed on demand). */
  endpoints(): { endpoint: string; src: Source }[];
  src: Source;
}

export interface ProgrammedNode {
  mode: 'iptables' | 'ipvs' | 'nftables';
  /** "clusterIP:port/PROTO" → what the node does with it. */
  services: Map<string, ProgrammedPort>;
  /** "port/PROTO" of every node port. */
  nodePorts: Set<string>;
  /** A line to cite when something is missing (KUBE-SERVICES / the ipvsadm listing). */
  anchor?: Source;
}

/** A Service port kube-proxy programmed as a chain: its endpoints are walked when asked for (one object a port). */
class ChainPort implements ProgrammedPort {
  readonly src: Source;
  constructor(
    private readonly kp: KubeProxyIptables,
    private readonly rule: ServicePortRule,
  ) {
    this.src = rule.src;
  }
  endpoints(): { endpoint: string; src: Source }[] {
    return this.kp.endpointsOf(this.rule.chain);
  }
}

// From kube-proxy's iptables chains.
export function fromIptables(h: Host, kp: KubeProxyIptables): ProgrammedNode {
  const services = new Map<string, ProgrammedPort>();
  for (const p of kp.ports)
    if (p.kind === 'cluster IP') services.set(`${p.ip}:${p.port}/${p.protocol}`, new ChainPort(kp, p));
  const view: ProgrammedNode = {
    mode: 'iptables',
    services,
    nodePorts: new Set(kp.nodePorts.map((n) => `${n.port}/${n.protocol}`)),
  };
  const anchor = h.iptables?.tables.get('nat')?.chains.get('KUBE-SERVICES')?.src;
  if (anchor) view.anchor = anchor;
  return view;
}

// From IPVS virtual servers: ClusterIPs are virtual servers on a Service IP; node ports sit on the node's IPs.
export function fromIpvs(h: Host, clusterIPs: Set<string>): ProgrammedNode {
  const services = new Map<string, ProgrammedPort>();
  const nodePorts = new Set<string>();
  for (const vs of h.ipvs ?? []) {
    if (clusterIPs.has(vs.address))
      services.set(`${vs.address}:${vs.port}/${vs.protocol}`, {
        src: vs.src,
        endpoints: () => vs.reals.map((r) => ({ endpoint: `${r.address}:${r.port}`, src: r.src })),
      });
    else if (vs.port >= 30000 && vs.port <= 32767) nodePorts.add(`${vs.port}/${vs.protocol}`);
  }
  const view: ProgrammedNode = { mode: 'ipvs', services, nodePorts };
  const first = h.ipvs?.[0];
  if (first) view.anchor = first.src;
  return view;
}

// From kube-proxy's nftables table (`table ip kube-proxy`): service-ips and service-nodeports verdict maps,
// service chains that pick an endpoint chain, endpoint chains that DNAT (docs/networking-facts.md §kube-proxy-nftables).
export function fromNft(rs: NftRuleset): ProgrammedNode | undefined {
  const t = rs.find((x) => x.family === 'ip' && x.name === 'kube-proxy');
  const ips = t?.maps.get('service-ips');
  if (!t || !ips) return undefined;
  const endpointsOf = (chain: string): { endpoint: string; src: Source }[] => {
    const out: { endpoint: string; src: Source }[] = [];
    const seen = new Set<string>();
    const walk = (name: string, depth: number): void => {
      if (depth > 4 || seen.has(name)) return;
      seen.add(name);
      for (const r of t.chains.get(name) ?? []) {
        if (r.dnat) out.push({ endpoint: r.dnat, src: r.src });
        for (const g of r.gotos) if (/^(service|local|external|endpoint|firewall)-/.test(g)) walk(g, depth + 1);
      }
    };
    walk(chain, 0);
    return out;
  };
  const services = new Map<string, ProgrammedPort>();
  for (const e of ips) {
    const [ip, proto, port] = e.key;
    if (!ip || !proto || !port || !e.target) continue;
    const target = e.target;
    services.set(`${ip}:${port}/${proto.toUpperCase()}`, { src: e.src, endpoints: () => endpointsOf(target) });
  }
  const nodePorts = new Set(
    (t.maps.get('service-nodeports') ?? [])
      .filter((e) => e.key.length >= 2)
      .map((e) => `${e.key[1]}/${e.key[0]!.toUpperCase()}`),
  );
  const view: ProgrammedNode = { mode: 'nftables', services, nodePorts };
  if (ips[0]) view.anchor = ips[0].src;
  return view;
}
