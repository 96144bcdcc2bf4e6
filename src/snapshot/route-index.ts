// Per-host indexes over a captured routing table, its addresses, interfaces and neighbours, built the first time a
// question is asked. Route lookup, "which address covers this", "is there a connected route to the gateway" and
// interface lookup were scans of the whole table per question, so a host with a 100,000-line `ip route` took
// minutes. Each index gives exactly the answer of the scan it replaces (test/snapshot/route-index.test.ts).
import type { Address, Interface, Neighbor, Route } from '../model.js';
import { type Ip, mask } from '../net/ip.js';
import type { Host } from './types.js';

/** Entries by prefix length, then by network: the longest prefixes first. */
class PrefixMap<T> {
  private readonly by = new Map<number, Map<bigint, T>>();
  private lengths: number[] = [];
  // The entry under a prefix and network, made by `make` when absent.
  at(prefix: number, network: bigint, make: () => T): T {
    let m = this.by.get(prefix);
    if (!m) {
      m = new Map();
      this.by.set(prefix, m);
      this.lengths = [...this.by.keys()].sort((a, b) => b - a);
    }
    let v = m.get(network);
    if (v === undefined) {
      v = make();
      m.set(network, v);
    }
    return v;
  }
  // Every entry whose prefix holds the address, longest prefix first.
  *covering(f: 4 | 6, ip: bigint): Generator<T> {
    for (const p of this.lengths) {
      const v = this.by.get(p)!.get(ip & mask(f, p));
      if (v !== undefined) yield v;
    }
  }
}

/** The best route of one destination: the first with the lowest metric, as `beats` decides among equal prefixes. */
interface Best {
  route: Route | undefined;
}

interface Index {
  /** The tables it was built from: a host given new tables gets a new index. */
  routes: Route[] | undefined;
  interfaces: Interface[] | undefined;
  neighbors: Neighbor[] | undefined;
  main: Route[];
  best: Record<4 | 6, PrefixMap<Best>>;
  /** Gateway-less unicast routes (prefix > 0) in table order: what makes a gateway reachable "via a route". */
  connected: Record<4 | 6, PrefixMap<Route[]>>;
  /** The first address (in interface, then address order) of each network, with its position in that order. */
  addresses: Record<4 | 6, PrefixMap<{ iface: Interface; addr: Address; order: number }>>;
  byName: Map<string, Interface>;
  /** A bridge's ports (interfaces naming it as master), in interface order. */
  portsOf: Map<string, Interface[]>;
  /** Devices some route names (as dev or as a multipath hop's dev), in any table. */
  routed: Set<string>;
  neighborsOf: Map<string, Neighbor[]>;
  listsAll: boolean | undefined;
}

const indexes = new WeakMap<Host, Index>();

// The index of a host's tables, built on first use (and again if the host's tables were replaced).
export function indexOf(h: Host): Index {
  const known = indexes.get(h);
  if (known && known.routes === h.routes && known.interfaces === h.interfaces && known.neighbors === h.neighbors)
    return known;
  const main = mainOf(h);
  const x: Index = {
    routes: h.routes,
    interfaces: h.interfaces,
    neighbors: h.neighbors,
    main,
    best: { 4: new PrefixMap(), 6: new PrefixMap() },
    connected: { 4: new PrefixMap(), 6: new PrefixMap() },
    addresses: { 4: new PrefixMap(), 6: new PrefixMap() },
    byName: new Map(),
    portsOf: new Map(),
    routed: new Set(),
    neighborsOf: new Map(),
    listsAll: undefined,
  };
  for (const r of main) {
    const f = r.dst.family;
    if (r.type !== 'local' && r.type !== 'broadcast' && r.type !== 'multicast') {
      const b = x.best[f].at(r.dst.prefix, r.dst.network, () => ({ route: undefined }));
      if (!b.route || (r.metric ?? 0) < (b.route.metric ?? 0)) b.route = r;
    }
    if (!r.gateway && r.type === 'unicast' && r.dst.prefix > 0)
      x.connected[f].at(r.dst.prefix, r.dst.network, () => []).push(r);
  }
  for (const r of h.routes ?? []) {
    if (r.dev !== undefined) x.routed.add(r.dev);
    for (const n of r.nexthops) if (n.dev !== undefined) x.routed.add(n.dev);
  }
  let order = 0;
  for (const iface of h.interfaces ?? []) {
    if (!x.byName.has(iface.name)) x.byName.set(iface.name, iface);
    if (iface.master !== undefined) {
      const l = x.portsOf.get(iface.master);
      if (l) l.push(iface);
      else x.portsOf.set(iface.master, [iface]);
    }
    for (const addr of iface.addresses) {
      const o = order++;
      if (addr.cidr.family !== addr.family) continue;
      x.addresses[addr.family].at(addr.cidr.prefix, addr.cidr.network, () => ({ iface, addr, order: o }));
    }
  }
  for (const n of h.neighbors ?? []) {
    const l = x.neighborsOf.get(n.dst);
    if (l) l.push(n);
    else x.neighborsOf.set(n.dst, [n]);
  }
  indexes.set(h, x);
  return x;
}

// Routes of the main table; when `ip route` was not captured, the connected routes the kernel derives from addresses.
function mainOf(h: Host): Route[] {
  if (h.routes) return h.routes.filter((r) => r.table === undefined || r.table === 'main');
  const out: Route[] = [];
  for (const i of h.interfaces ?? [])
    for (const a of i.addresses) {
      if (a.scope === 'host' || a.scope === 'link') continue;
      if (a.prefix === (a.family === 4 ? 32 : 128)) continue;
      out.push({
        type: 'unicast',
        dstText: `${a.local}/${a.prefix}`,
        dst: a.cidr,
        dev: i.name,
        scope: 'link',
        flags: [],
        nexthops: [{ dev: i.name, flags: [] }],
        src: a.src,
      });
    }
  return out;
}

// Longest-prefix match over the index (lowest metric, then table order, among equal prefixes).
export function bestRoute(x: Index, ip: Ip): Route | undefined {
  for (const b of x.best[ip.family].covering(ip.family, ip.value)) return b.route;
  return undefined;
}

// The first address in interface order whose prefix covers ip.
export function firstCovering(x: Index, ip: Ip): { iface: Interface; addr: Address } | undefined {
  let first: { iface: Interface; addr: Address; order: number } | undefined;
  for (const a of x.addresses[ip.family].covering(ip.family, ip.value)) if (!first || a.order < first.order) first = a;
  return first && { iface: first.iface, addr: first.addr };
}

// Gateway-less unicast routes (prefix > 0) whose destination covers ip, in no particular order.
export function* connectedCovering(x: Index, ip: Ip): Generator<Route> {
  for (const l of x.connected[ip.family].covering(ip.family, ip.value)) yield* l;
}
