// What kube-proxy (iptables mode) programmed on a node, read back from its iptables-save
// (chain shapes: docs/networking-facts.md §kube-proxy-iptables-chains, §kube-proxy-jumps, §iptables-save-format, §no-endpoints-rules).
import type { Rule, Ruleset } from '../../parsers/iptables-model.js';
import { eachRule, matchOpt } from '../../parsers/iptables-model.js';
import type { Source } from '../../parsers/types.js';
import { natTargets } from '../nat-targets.js';

export interface ServicePortRule {
  /** `ns/name:port` as the comment names it. */
  spn: string;
  kind: 'cluster IP' | 'external IP' | 'loadbalancer IP';
  ip: string;
  port: number;
  protocol: string;
  chain: string;
  src: Source;
}

export interface NodePortRule {
  spn?: string;
  port: number;
  protocol: string;
  chain: string;
  src: Source;
}

export interface NoEndpointRule {
  spn: string;
  /** "has no local endpoints" (DROP) rather than "has no endpoints" (REJECT). */
  local: boolean;
  ip?: string;
  port?: number;
  src: Source;
}

/** One DNAT a service chain leads to: the endpoint ("IP:port") and the rule line that proves it. */
export interface DnatEndpoint {
  endpoint: string;
  src: Source;
}

export interface KubeProxyIptables {
  ports: ServicePortRule[];
  nodePorts: NodePortRule[];
  noEndpoints: NoEndpointRule[];
  /** nat PREROUTING/OUTPUT → KUBE-SERVICES and POSTROUTING → KUBE-POSTROUTING jumps, when present. */
  jumps: { prerouting?: Rule; output?: Rule; postrouting?: Rule };
  markMasq?: Rule;
  masquerade?: Rule;
  canary: boolean;
  /** DNAT endpoints a service chain leads to, in rule order (each chain is read once; answers are kept). */
  endpointsOf(chain: string): DnatEndpoint[];
}

const KIND = /^(.*) (cluster IP|external IP|loadbalancer IP)$/;
const NOEP = /^(.*) has no (local )?endpoints$/;
/** The chains a Service's traffic is passed along before its endpoint's DNAT. */
const SERVICE_CHAIN = /^KUBE-(SVC|SVL|SEP|FW|EXT)-/;

const dport = (r: Rule): number | undefined => {
  for (const m of ['tcp', 'udp', 'sctp']) {
    const v = matchOpt(r, m, 'dport');
    if (v) return Number(v.value);
  }
  return undefined;
};
const host = (v: string | undefined): string | undefined => v?.replace(/\/(32|128)$/, '');

// Read kube-proxy's state; undefined when the node has no KUBE-SERVICES chain at all. The rules are read once
// and not kept: a 10,000-Service node has over 100,000, and the view holds only what it takes from them.
export function readKubeProxy(rs: Ruleset): KubeProxyIptables | undefined {
  const nat = rs.tables.get('nat');
  const filter = rs.tables.get('filter');
  const services = nat?.chains.get('KUBE-SERVICES');
  if (!nat || !services) return undefined;
  const ports: ServicePortRule[] = [];
  eachRule(services, (r) => {
    const m = r.comment ? KIND.exec(r.comment) : null;
    const ip = host(r.destination?.value);
    const port = dport(r);
    if (!m || !ip || port === undefined || !r.target) return;
    ports.push({
      spn: m[1]!,
      kind: m[2] as ServicePortRule['kind'],
      ip,
      port,
      protocol: (r.protocol?.value ?? 'tcp').toUpperCase(),
      chain: r.target,
      src: r.src,
    });
  });
  const nodePorts: NodePortRule[] = [];
  const np = nat.chains.get('KUBE-NODEPORTS');
  if (np)
    eachRule(np, (r) => {
      const port = dport(r);
      if (port === undefined || !r.target) return;
      const n: NodePortRule = {
        port,
        protocol: (r.protocol?.value ?? 'tcp').toUpperCase(),
        chain: r.target,
        src: r.src,
      };
      if (r.comment) n.spn = r.comment;
      nodePorts.push(n);
    });
  const noEndpoints: NoEndpointRule[] = [];
  for (const c of ['KUBE-SERVICES', 'KUBE-EXTERNAL-SERVICES']) {
    const ch = filter?.chains.get(c);
    if (ch)
      eachRule(ch, (r) => {
        const m = r.comment ? NOEP.exec(r.comment) : null;
        if (!m) return;
        const ne: NoEndpointRule = { spn: m[1]!, local: !!m[2], src: r.src };
        const ip = host(r.destination?.value);
        if (ip) ne.ip = ip;
        const port = dport(r);
        if (port !== undefined) ne.port = port;
        noEndpoints.push(ne);
      });
  }
  const jump = (chain: string, to: string): Rule | undefined =>
    nat.chains.get(chain)?.rules.find((r) => r.target === to);
  const jumps: KubeProxyIptables['jumps'] = {};
  const pre = jump('PREROUTING', 'KUBE-SERVICES');
  const out = jump('OUTPUT', 'KUBE-SERVICES');
  const post = jump('POSTROUTING', 'KUBE-POSTROUTING');
  if (pre) jumps.prerouting = pre;
  if (out) jumps.output = out;
  if (post) jumps.postrouting = post;
  const endpoints = new Map<string, DnatEndpoint[]>();
  const kp: KubeProxyIptables = {
    ports,
    nodePorts,
    noEndpoints,
    jumps,
    canary:
      nat.chains.has('KUBE-PROXY-CANARY') ||
      !!filter?.chains.has('KUBE-PROXY-CANARY') ||
      !!rs.tables.get('mangle')?.chains.has('KUBE-PROXY-CANARY'),
    endpointsOf(chain: string) {
      const known = endpoints.get(chain);
      if (known) return known;
      const seen = new Set<string>();
      const found: DnatEndpoint[] = [];
      const walk = (name: string, depth: number): void => {
        if (depth > 4 || seen.has(name)) return;
        seen.add(name);
        // the rule graph from service chains to DNATs, each chain decoded once (nat-targets.ts)
        for (const t of natTargets(rs, name))
          if (t.target !== 'DNAT') {
            if (SERVICE_CHAIN.test(t.target)) walk(t.target, depth + 1);
          } else if (t.toDestination && t.src) found.push({ endpoint: t.toDestination, src: t.src });
      };
      walk(chain, 0);
      endpoints.set(chain, found);
      return found;
    },
  };
  const mark = nat.chains.get('KUBE-MARK-MASQ')?.rules.find((r) => r.target === 'MARK');
  if (mark) kp.markMasq = mark;
  const masq = nat.chains.get('KUBE-POSTROUTING')?.rules.find((r) => r.target === 'MASQUERADE' || r.target === 'SNAT');
  if (masq) kp.masquerade = masq;
  return kp;
}

// The proxy mode a node runs: kube-proxy's answer or ConfigMap `mode:` (empty = iptables), else what its
// iptables state shows (nftables and IPVS state is recognised where it is read, in programmedNodes).
export function proxyMode(
  configMode: string | undefined,
  rs: Ruleset | undefined,
): 'iptables' | 'ipvs' | 'nftables' | 'unknown' {
  if (configMode === 'ipvs' || configMode === 'nftables' || configMode === 'iptables') return configMode;
  if (configMode === '') return 'iptables';
  if (
    rs?.tables.get('nat')?.chains.has('KUBE-SERVICES') &&
    [...(rs.tables.get('nat')?.chains.keys() ?? [])].some((c) => c.startsWith('KUBE-SVC-'))
  )
    return 'iptables';
  return rs?.tables.get('nat')?.chains.has('KUBE-SERVICES') ? 'iptables' : 'unknown';
}
