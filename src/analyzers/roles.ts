// What part a host plays in the bundle's network: whose gateway it is, which subnets it fronts, where it exits.
import type { Interface, Route } from '../model.js';
import type { Source } from '../parsers/types.js';
import { CALICO_VETH } from '../snapshot/cni-devices.js';
import { type Cidr, type Ip, cidrContains, cidrToString, isPrivate, parseIp } from '../net/ip.js';
import type { Ruleset } from '../parsers/iptables-model.js';
import { defaultRoute, lookup, mainRoutes, owners, routableAddresses } from '../snapshot/routing.js';
import { traceArrival } from '../snapshot/trace/index.js';
import type { Path } from '../snapshot/trace/packet.js';
import type { Host, Port, Snapshot } from '../snapshot/types.js';

/** A documentation address (RFC 5737 TEST-NET-3) standing for "somewhere on the Internet"; never contacted. */
export const OUTSIDE: Ip = parseIp('203.0.113.10')!;

// Hosts whose routes name one of this host's addresses as gateway, with the route that does.
export function dependents(snap: Snapshot, h: Host): { host: Host; route: Route }[] {
  const idx = gatewayIndex(snap);
  // per other host, its first route (in table order) through one of h's addresses; hosts in bundle order
  const best = new Map<Host, { route: Route; order: number }>();
  for (const i of h.interfaces ?? [])
    for (const a of i.addresses) {
      if (a.family !== 4) continue;
      for (const e of idx.byGateway.get(a.cidr.addr) ?? []) {
        if (e.host === h) continue;
        const had = best.get(e.host);
        if (!had || e.order < had.order) best.set(e.host, { route: e.route, order: e.order });
      }
    }
  return [...best]
    .sort((x, y) => idx.position.get(x[0])! - idx.position.get(y[0])!)
    .map(([host, v]) => ({ host, route: v.route }));
}

/** Every host's main-table routes by the gateway they name, built once per snapshot. */
interface GatewayIndex {
  byGateway: Map<bigint, { host: Host; route: Route; order: number }[]>;
  position: Map<Host, number>;
}
const gatewayIndexes = new WeakMap<Snapshot, GatewayIndex>();

function gatewayIndex(snap: Snapshot): GatewayIndex {
  let idx = gatewayIndexes.get(snap);
  if (idx) return idx;
  idx = { byGateway: new Map(), position: new Map() };
  for (const [p, host] of snap.hosts.entries()) {
    idx.position.set(host, p);
    for (const [order, route] of mainRoutes(host).entries()) {
      const gw = route.gateway ? parseIp(route.gateway) : null;
      if (gw?.family !== 4) continue;
      const list = idx.byGateway.get(gw.value) ?? [];
      list.push({ host, route, order });
      idx.byGateway.set(gw.value, list);
    }
  }
  gatewayIndexes.set(snap, idx);
  return idx;
}

/** Traces already made, per snapshot: two analyzers asking the same question share one answer. */
const egressTraces = new WeakMap<Snapshot, Map<string, Path[]>>();

// A new connection from the subnet behind `inner` to the Internet, as it arrives on the inner side, traced through
// this host until it leaves it (past forwarding that is off, noted): what masquerade-missing and forward-blocked
// both stand on.
export function subnetEgress(snap: Snapshot, h: Host, inner: InnerSubnet): Path[] {
  let m = egressTraces.get(snap);
  if (!m) egressTraces.set(snap, (m = new Map()));
  const key = `${h.id} ${inner.iface.name} ${inner.text}`;
  let paths = m.get(key);
  if (!paths) {
    paths = traceArrival(snap, {
      at: h,
      iface: inner.iface.name,
      src: egressSource(inner),
      dst: OUTSIDE,
      proto: 'tcp',
      dport: 443,
      stopAtExit: true,
      forwardAnyway: true,
    });
    m.set(key, paths);
  }
  return paths;
}

// The address a subnet's traced packet comes from (a pod the node routes, or the second of the subnet).
export function egressSource(inner: InnerSubnet): Ip {
  return inner.from ?? { family: 4, value: inner.subnet.network + 2n };
}

export interface InnerSubnet {
  /** Where the subnet's packets arrive: its bridge or veth, or a Calico pod's cali* veth. */
  iface: Interface;
  /** The line that shows the subnet: the address on that device, or Calico's blackhole route for the block. */
  src: Source;
  subnet: Cidr;
  text: string;
  /** A real sender in the subnet (a Calico pod's /32), when one is known. */
  from?: Ip;
}

// Calico's way (docs/networking-facts.md §cni): no bridge and no address; the node's block is a blackhole route and
// each pod a /32 route to its cali* veth. A veth an `ip -4 addr` listing left out is still the route's device.
function calicoBlocks(h: Host): InnerSubnet[] {
  const out: InnerSubnet[] = [];
  for (const r of h.routes ?? []) {
    if (r.type !== 'blackhole' || r.dst.family !== 4 || r.dst.prefix === 0) continue;
    if (!isPrivate({ family: 4, value: r.dst.network })) continue;
    const pod = (h.routes ?? []).find(
      (p) =>
        p.type === 'unicast' &&
        p.dev &&
        !p.gateway &&
        p.dst.prefix === 32 &&
        CALICO_VETH.test(p.dev) &&
        cidrContains(r.dst, { family: 4, value: p.dst.network }),
    );
    if (!pod?.dev) continue;
    const iface = h.interfaces?.find((i) => i.name === pod.dev) ?? {
      name: pod.dev,
      flags: [],
      adminUp: true,
      addresses: [],
      src: pod.src,
    };
    out.push({
      iface,
      src: r.src,
      subnet: r.dst,
      text: cidrToString(r.dst),
      from: { family: 4, value: pod.dst.network },
    });
  }
  return out;
}

// Private subnets this host fronts for other namespaces: addressed bridges and veths whose peer is captured, and
// Calico's pod blocks.
export function innerSubnets(snap: Snapshot, h: Host): InnerSubnet[] {
  const out: InnerSubnet[] = calicoBlocks(h);
  for (const i of h.interfaces ?? []) {
    const isBridge = i.kind === 'bridge' || (h.interfaces ?? []).some((x) => x.master === i.name);
    const peer = snap.peerOf.get(i);
    if (!isBridge && !(peer && peer.host !== h)) continue;
    for (const a of routableAddresses(i)) {
      if (a.prefix >= 31) continue;
      const ip = parseIp(a.local)!;
      if (!isPrivate(ip)) continue;
      out.push({ iface: i, src: a.src, subnet: a.cidr, text: cidrToString(a.cidr) });
    }
  }
  return out;
}

// The interface and route this host would use for Internet-bound traffic; undefined when it has none.
export function egress(h: Host): { route: Route; dev: string } | undefined {
  const r = lookup(h, OUTSIDE);
  if (r?.type !== 'unicast' || !r.dev) return undefined;
  return { route: r, dev: r.dev };
}

// True when the next hop of this host's way out (its egress gateway, when captured) routes the subnet back
// through this host, so no NAT is needed. Other hosts that route the subnet (a peer node's pod-CIDR route) are
// not the way back from the Internet.
export function upstreamRoutesBack(snap: Snapshot, h: Host, subnet: Cidr): boolean {
  const gw = egress(h)?.route.gateway;
  const gwIp = gw ? parseIp(gw) : null;
  if (!gwIp) return false;
  const sample: Ip = { family: 4, value: subnet.network + 1n };
  for (const up of owners(snap, gwIp)) {
    if (up.host === h) continue;
    const r = lookup(up.host, sample);
    if (!r?.gateway || r.dst.prefix === 0) continue;
    const back = parseIp(r.gateway);
    if (back && owners(snap, back).some((p) => p.host === h)) return true;
  }
  return false;
}

// A gateway for a host that has none: an address on its segments that peers already use, or that NATs its subnet.
export function gatewayCandidate(snap: Snapshot, h: Host): { address: string; host: Host } | undefined {
  for (const iface of h.interfaces ?? []) {
    const seg = snap.segmentOf.get(iface);
    if (!seg) continue;
    const myAddrs = routableAddresses(iface);
    if (myAddrs.length === 0) continue;
    // 1. the gateway neighbours in my subnet already use
    for (const p of seg.ports) {
      if (p.host === h) continue;
      const d = defaultRoute(p.host);
      const gw = d?.gateway ? parseIp(d.gateway) : null;
      if (!gw || !myAddrs.some((a) => cidrContains(a.cidr, gw))) continue;
      const owner = seg.ports.find((q) => q.iface.addresses.some((a) => a.cidr.addr === gw.value));
      if (owner && owner.host !== h) return { address: d!.gateway!, host: owner.host };
    }
    // 2. a host on the segment that masquerades my subnet
    for (const p of seg.ports) {
      if (p.host === h || !p.host.iptables) continue;
      for (const a of routableAddresses(p.iface)) {
        if (!myAddrs.some((m) => cidrContains(m.cidr, { family: 4, value: a.cidr.addr }))) continue;
        if (natRulesFor(p.host.iptables, myAddrs[0]!.cidr).length > 0) return { address: a.local, host: p.host };
      }
    }
  }
  return undefined;
}

// nat rules (MASQUERADE/SNAT) whose source covers the subnet.
export function natRulesFor(rs: Ruleset, subnet: Cidr): import('../parsers/iptables-model.js').Rule[] {
  const out: import('../parsers/iptables-model.js').Rule[] = [];
  const nat = rs.tables.get('nat');
  if (!nat) return out;
  for (const c of nat.chains.values())
    for (const r of c.rules) {
      if (r.target !== 'MASQUERADE' && r.target !== 'SNAT') continue;
      if (!r.source || r.source.neg) continue;
      const s = parseIp(r.source.value.split('/')[0]!);
      if (s && cidrContains(subnet, s)) out.push(r);
    }
  return out;
}

// The sysctl value of net.ipv4.ip_forward, when captured.
export function ipForward(h: Host): { value: string; src: import('../parsers/types.js').Source } | undefined {
  return h.sysctl?.values.get('net.ipv4.ip_forward');
}

// Human list of names, shortened past a few.
export function list(items: readonly string[], max = 4): string {
  const u = [...new Set(items)];
  return u.length <= max ? u.join(', ') : `${u.slice(0, max).join(', ')} (+${u.length - max})`;
}

// Addresses that other captured hosts hold in this host's subnets: the candidates for a gateway when none is
// evident, those that forward packets (ip_forward = 1) first.
export function subnetPeers(snap: Snapshot, h: Host): string[] {
  const mine = (h.interfaces ?? []).flatMap((i) => routableAddresses(i)).filter((a) => a.family === 4);
  const out: { text: string; forwards: boolean }[] = [];
  for (const other of snap.hosts) {
    if (other === h) continue;
    const forwards = other.sysctl?.values.get('net.ipv4.ip_forward')?.value === '1';
    for (const i of other.interfaces ?? [])
      for (const a of routableAddresses(i)) {
        if (a.family !== 4 || !mine.some((m) => cidrContains(m.cidr, { family: 4, value: a.cidr.addr }))) continue;
        out.push({ text: `${a.local} (${other.id}${forwards ? ', forwards' : ''})`, forwards });
      }
  }
  return out
    .sort((a, b) => Number(b.forwards) - Number(a.forwards))
    .map((x) => x.text)
    .slice(0, 6);
}

// The captured far ends of a bridge's ports: the namespaces behind the bridge (pods, containers), each once.
export function behindBridge(snap: Snapshot, h: Host, bridge: string): Port[] {
  return (h.interfaces ?? []).flatMap((i) => {
    const peer = i.master === bridge ? snap.peerOf.get(i) : undefined;
    return peer && peer.host !== h ? [peer] : [];
  });
}
