// The concrete packets the Service analyzers stand on: a node's own connection to a ClusterIP port, and a client
// outside the cluster connecting to a NodePort. Each is traced once per snapshot and shared.
import { type Ip, ipToString, parseIp } from '../net/ip.js';
import { decidedButForwarding, trace, traceArrival } from '../snapshot/trace/index.js';
import type { Path, Proto } from '../snapshot/trace/packet.js';
import type { Source } from '../parsers/types.js';
import type { Host, Snapshot } from '../snapshot/types.js';
import { OUTSIDE, egress } from './roles.js';

export interface ServiceProbe {
  /** Where the packet starts and where it goes, for the finding's proof. */
  from: string;
  to: string;
  paths: Path[];
  /** "ip:port" the node's own rules DNAT the packet to, over all paths (empty: nothing translated it). */
  endpoints: string[];
  /** Every path was decided (no unknown match or fact): only then does a probe prove anything. */
  decided: boolean;
}

const probes = new WeakMap<Snapshot, Map<string, ServiceProbe | undefined>>();

function memo(snap: Snapshot, key: string, make: () => ServiceProbe | undefined): ServiceProbe | undefined {
  let m = probes.get(snap);
  if (!m) probes.set(snap, (m = new Map()));
  if (!m.has(key)) m.set(key, make());
  return m.get(key);
}

function probeOf(host: Host, from: string, to: string, paths: Path[]): ServiceProbe {
  const endpoints = new Set<string>();
  for (const p of paths)
    for (const s of p.steps) {
      if ((s.kind === 'rule' || s.kind === 'ipvs') && s.host === host.id && s.dnatTo) endpoints.add(s.dnatTo);
    }
  return { from, to, paths, endpoints: [...endpoints].sort(), decided: paths.every((p) => decidedButForwarding(p)) };
}

const protoOf = (p: string): Proto | undefined => {
  const l = p.toLowerCase();
  return l === 'tcp' || l === 'udp' ? l : undefined;
};

// A new connection from the node itself to ClusterIP:port (its nat OUTPUT is where kube-proxy translates it).
export function clusterIpProbe(
  snap: Snapshot,
  node: Host,
  clusterIp: string,
  port: number,
  protocol: string,
): ServiceProbe | undefined {
  const dst = parseIp(clusterIp);
  const proto = protoOf(protocol);
  if (dst?.family !== 4 || !proto) return undefined;
  return memo(snap, `c ${node.id} ${clusterIp}:${port}/${proto}`, () => {
    const paths = trace(snap, { from: node, dst, proto, dport: port });
    return probeOf(node, node.id, `${clusterIp}:${port}/${proto}`, paths);
  });
}

// A new connection from outside the cluster to the node's address on its way out, at a NodePort.
export function nodePortProbe(
  snap: Snapshot,
  node: Host,
  nodePort: number,
  protocol: string,
): ServiceProbe | undefined {
  const proto = protoOf(protocol);
  const ex = egress(node);
  if (!proto || !ex) return undefined;
  const dev = node.interfaces?.find((i) => i.name === ex.dev);
  const addr = dev?.addresses.find((a) => a.family === 4 && a.scope !== 'link' && a.scope !== 'host');
  if (!addr) return undefined;
  const dst: Ip = { family: 4, value: addr.cidr.addr };
  return memo(snap, `n ${node.id} ${nodePort}/${proto}`, () => {
    const paths = traceArrival(snap, { at: node, iface: ex.dev, src: OUTSIDE, dst, proto, dport: nodePort });
    return probeOf(
      node,
      `${ipToString(OUTSIDE)} → ${node.id} ${ex.dev}`,
      `${ipToString(dst)}:${nodePort}/${proto}`,
      paths,
    );
  });
}

// The lines a probe's paths met on `host` in nat (and nft tables): the jumps and the policy that let it pass
// untranslated, or the DNAT that translated it — what a finding cites as the trace's deciding lines.
export function natLines(probe: ServiceProbe, host: string, limit = 6): Source[] {
  const out: Source[] = [];
  const seen = new Set<string>();
  for (const p of probe.paths)
    for (const s of p.steps) {
      if ((s.kind !== 'rule' && s.kind !== 'policy') || s.host !== host || !s.src) continue;
      if (['raw', 'mangle', 'filter'].includes(s.table)) continue;
      const k = `${s.src.file}:${s.src.line}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(s.src);
    }
  return out.slice(0, limit);
}

/** Missing ports the analyzers trace before reporting (the rest are counted from kube-proxy's rules). */
export const TRACED = 3;

// Of ports kube-proxy's rules seem not to translate, the ones a trace contradicts (it is translated after all), and
// the first probe that confirms one (decided, and nothing translated it).
export function confirmUntranslated<T>(
  missing: T[],
  probe: (m: T) => ServiceProbe | undefined,
): { contradicted: Set<T>; proof?: ServiceProbe } {
  const contradicted = new Set<T>();
  let proof: ServiceProbe | undefined;
  for (const m of missing.slice(0, TRACED)) {
    const p = probe(m);
    if (!p?.decided) continue;
    if (p.endpoints.length > 0) contradicted.add(m);
    else proof ??= p;
  }
  return { contradicted, ...(proof ? { proof } : {}) };
}
