// DNS mode: how one host resolves one name (nsswitch order, /etc/hosts, resolv.conf's search list and ndots), then
// the query's own packet to each nameserver in the order glibc asks them, traced like any other packet, with the
// answer back and, for a pod, the NetworkPolicy egress its CNI enforces (docs/networking-facts.md §nsswitch,
// §resolv-conf, §netpol-dns). Pure: reads the snapshot, runs nothing.
import type { Source } from '../../parsers/types.js';
import { type Ip, ipToString, parseIp } from '../../net/ip.js';
import { type Lookup, lookup } from '../dns.js';
import { type K8sPod, podOfHost } from '../k8s/cluster.js';
import { egressVerdict } from '../k8s/netpol.js';
import type { Host, Snapshot } from '../types.js';
import { type Path, listeningFromSockets, trace } from './index.js';
import type { Why } from './why.js';
import { why } from './why.js';

/** glibc asks at most three nameservers (MAXNS), the first one first. */
const MAXNS = 3;
/** With no nameserver line, glibc asks the local host. */
const LOCAL_NAMESERVER = '127.0.0.1';

/** What the pod's NetworkPolicies say of the query after kube-proxy's DNAT (the CNI enforces it, not iptables). */
export interface PolicyCheck {
  allowed: boolean;
  /** The destination as policies see it: the address and port the query was translated to. */
  to: string;
  policies: { name: string; src: Source }[];
  allowedBy?: { name: string; rule: number };
}

/** One nameserver asked, and every way its query can go. */
export interface ServerTrace {
  server: string;
  /** Where it was written (resolv.conf line), or undefined for glibc's default. */
  src?: Source;
  paths: Path[];
  policy?: PolicyCheck;
}

export interface DnsTrace {
  host: string;
  lookup: Lookup;
  /** Why no query would be sent at all (answered from /etc/hosts, nsswitch never reaches DNS, no resolv.conf). */
  local?: 'hosts-file' | 'blocked' | 'no-resolv-conf';
  servers: ServerTrace[];
  /** Whose servers were asked: resolv.conf's, glibc's default (none written), or one given directly. */
  asked?: 'resolv.conf' | 'default' | 'direct';
  /** Things the capture does not say, that the verdict depends on. */
  unknowns: Why[];
}

// Resolve `name` on `from` (asking only `server` when given, like `dig @server`).
export function traceDns(snap: Snapshot, from: Host, name: string, server?: Ip): DnsTrace {
  const plan = lookup(from, name);
  const out: DnsTrace = { host: from.id, lookup: plan, servers: [], unknowns: [] };
  if (plan.order.kind === 'unknown')
    out.unknowns.push(why('not-collected', { what: 'nsswitch.conf (whether files or DNS comes first)' }));
  if (!server) {
    if (plan.hostsAnswer) {
      out.local = 'hosts-file';
      return out;
    }
    if (plan.blocked) {
      out.local = 'blocked';
      return out;
    }
    if (!from.resolv) {
      const absent = from.notCollected.some((n) => n.artifact === 'resolv.conf' && n.absentOnTarget);
      if (!absent) {
        out.unknowns.push(why('not-collected', { what: 'resolv.conf' }));
        return out;
      }
      out.local = 'no-resolv-conf';
    }
  }
  const written = from.resolv?.nameservers ?? [];
  const servers: { ip: Ip; text: string; src?: Source }[] = server
    ? [{ ip: server, text: ipToString(server) }]
    : written.length > 0
      ? written.slice(0, MAXNS).flatMap((n) => {
          const ip = parseIp(n.address);
          return ip && ip.family === 4 ? [{ ip, text: n.address, src: n.src }] : [];
        })
      : [{ ip: parseIp(LOCAL_NAMESERVER)!, text: LOCAL_NAMESERVER }];
  out.asked = server ? 'direct' : written.length > 0 ? 'resolv.conf' : 'default';
  const pod = from.kind === 'pod' ? podOfHost(snap, from) : undefined;
  for (const s of servers) {
    const paths = trace(snap, {
      from,
      dst: s.ip,
      proto: 'udp',
      dport: 53,
      sport: 40053,
      replies: true,
      udpAnswers: true,
      listening: listeningFromSockets,
    });
    const st: ServerTrace = { server: s.text, ...(s.src ? { src: s.src } : {}), paths };
    for (const p of paths) {
      if (p.end.kind !== 'delivered') continue;
      const at = snap.byId.get(p.end.host);
      if (at && listeningFromSockets(at, 'udp', p.pkt.dport ?? 53) === undefined)
        p.assumptions.push(why('assume-dns-listens', { host: at.id, port: String(p.pkt.dport ?? 53) }));
    }
    if (pod && snap.cluster) st.policy = policyFor(snap, pod, paths);
    out.servers.push(st);
  }
  return out;
}

// The egress policy for the query as delivered (policies see the DNATed address: each CoreDNS pod and its port).
// Blocked when any endpoint the query may go to is blocked (that share of lookups fails).
function policyFor(snap: Snapshot, pod: K8sPod, paths: Path[]): PolicyCheck | undefined {
  const c = snap.cluster!;
  const seen = new Set<string>();
  let out: PolicyCheck | undefined;
  for (const p of paths) {
    if (p.end.kind !== 'delivered') continue;
    const ip = p.end.dst;
    const port = p.pkt.dport ?? 53;
    if (seen.has(`${ip}:${port}`)) continue;
    seen.add(`${ip}:${port}`);
    const dst = c.pods.find((x) => x.podIPs.includes(ip) && !x.hostNetwork);
    const v = egressVerdict(c, pod, { ip, port, protocol: 'UDP', ...(dst ? { pod: dst } : {}) });
    if (!v.isolated) return undefined;
    const name = (x: { namespace?: string; name: string }): string => `${x.namespace ?? 'default'}/${x.name}`;
    const check: PolicyCheck = {
      allowed: v.allowed,
      to: `${ip}:${port}`,
      policies: v.policies.map((x) => ({ name: name(x), src: x.src })),
      ...(v.allowedBy ? { allowedBy: { name: name(v.allowedBy.policy), rule: v.allowedBy.rule } } : {}),
    };
    if (!out || (out.allowed && !check.allowed)) out = check;
    else if (out.allowed === check.allowed) out.to = `${out.to}, ${check.to}`;
  }
  return out;
}

export type DnsVerdict = 'resolves' | 'fails' | 'undecided';

// resolves: answered from /etc/hosts, or some nameserver's query gets there and its answer back (and no policy
// drops it); fails: nothing answers; undecided: the capture cannot say.
export function dnsVerdict(d: DnsTrace, pathVerdict: (paths: Path[]) => 'reaches' | 'fails' | 'undecided'): DnsVerdict {
  if (d.local === 'hosts-file') return d.unknowns.length > 0 ? 'undecided' : 'resolves';
  if (d.local === 'blocked') return d.unknowns.length > 0 ? 'undecided' : 'fails';
  if (d.unknowns.length > 0) return 'undecided';
  const per = d.servers.map((s) => (s.policy && !s.policy.allowed ? 'fails' : pathVerdict(s.paths)));
  if (per.includes('reaches')) return 'resolves';
  return per.includes('undecided') ? 'undecided' : 'fails';
}
