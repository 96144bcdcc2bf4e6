// Route lookup and address ownership over a snapshot, the way the kernel's main table would decide.
import type { Address, Interface, Route } from '../model.js';
import { type Ip, isLinkLocal, isLoopback, parseIp } from '../net/ip.js';
import type { Host, Port, Snapshot } from './types.js';
import { bestRoute, connectedCovering, firstCovering, indexOf } from './route-index.js';

// Interface by name in one host (the first of that name).
export function ifaceByName(h: Host, name: string | undefined): Interface | undefined {
  return name === undefined || !h.interfaces ? undefined : indexOf(h).byName.get(name);
}

// The ports of a bridge: the host's interfaces that name it as their master, in order.
export function portsOf(h: Host, bridge: string): Interface[] {
  return indexOf(h).portsOf.get(bridge) ?? [];
}

// Does any route (in any table) send through this device, as its dev or one of its hops?
export function isRouted(h: Host, dev: string): boolean {
  return indexOf(h).routed.has(dev);
}

// An interface can pass traffic: admin up and not known to lack carrier.
export function isUsable(i: Interface): boolean {
  return i.adminUp && i.carrier !== false;
}

// Routes of the main table; when `ip route` was not captured, the connected routes the kernel derives from addresses.
// Worked out once per host (route-index.ts keeps it).
export function mainRoutes(h: Host): Route[] {
  return indexOf(h).main;
}

// Longest-prefix match in the main table (lowest metric breaks ties); undefined when nothing matches.
export function lookup(h: Host, ip: Ip): Route | undefined {
  return bestRoute(indexOf(h), ip);
}

// Does route r win over the best so far: a longer prefix, or the same prefix with a lower metric?
export function beats(r: Route, best: Route | undefined): boolean {
  return (
    !best ||
    r.dst.prefix > best.dst.prefix ||
    (r.dst.prefix === best.dst.prefix && (r.metric ?? 0) < (best.metric ?? 0))
  );
}

// The default route of a family, if any.
export function defaultRoute(h: Host, family: 4 | 6 = 4): Route | undefined {
  return mainRoutes(h).find((r) => r.dst.prefix === 0 && r.dst.family === family && r.type === 'unicast');
}

// The interface and address of this host whose prefix covers ip (a connected destination).
export function connectedOn(h: Host, ip: Ip): { iface: Interface; addr: Address } | undefined {
  return h.interfaces ? firstCovering(indexOf(h), ip) : undefined;
}

// The gateway-less unicast routes (prefix > 0) of the main table whose destination holds ip: where the host sends
// to ip directly, on a device.
export function connectedRoutes(h: Host, ip: Ip): Route[] {
  return [...connectedCovering(indexOf(h), ip)];
}

// Which captured hosts own an address.
export function owners(snap: Snapshot, ip: Ip): Port[] {
  let idx = ownerIndex.get(snap);
  if (!idx) {
    // every address of every host, indexed once per snapshot: a cluster capture has thousands of hosts
    idx = new Map();
    for (const host of snap.hosts)
      for (const iface of host.interfaces ?? [])
        for (const a of iface.addresses) {
          const k = `${a.family}:${a.cidr.addr}`;
          const list = idx.get(k);
          if (list) list.push({ host, iface });
          else idx.set(k, [{ host, iface }]);
        }
    ownerIndex.set(snap, idx);
  }
  return [...(idx.get(`${ip.family}:${ip.value}`) ?? [])];
}

const ownerIndex = new WeakMap<Snapshot, Map<string, Port[]>>();

// IPv4 addresses that can carry traffic beyond the namespace (not loopback, not link-local).
export function routableAddresses(i: Interface): Address[] {
  return i.addresses.filter((a) => {
    const ip = parseIp(a.local);
    return a.family === 4 && !!ip && !isLoopback(ip) && !isLinkLocal(ip);
  });
}

export type HopProblem =
  | { kind: 'no-route' }
  | { kind: 'reject-route'; route: Route }
  | { kind: 'dev-missing'; route: Route }
  | { kind: 'dev-down'; route: Route; iface: Interface }
  | { kind: 'gateway-off-link'; route: Route }
  | { kind: 'gateway-unanswered'; route: Route; how: 'neigh-failed' | 'nobody-owns' };

// Why this host cannot put a packet for ip on the wire (first hop only); undefined when it can.
export function firstHopProblem(snap: Snapshot, h: Host, ip: Ip): HopProblem | undefined {
  const r = lookup(h, ip);
  if (!r) return { kind: 'no-route' };
  if (r.type === 'blackhole' || r.type === 'unreachable' || r.type === 'prohibit')
    return { kind: 'reject-route', route: r };
  return routeProblem(snap, h, r);
}

// Does the captured device list show every device? `ip addr`, `ip link`, ifconfig and /sys/class/net always list
// lo; a list without it is of chosen devices only (`ip addr show docker0`), and `ip -4 addr` / `ip -o addr` show
// only the devices that have an address.
export function listsAllDevices(h: Host): boolean {
  const x = indexOf(h);
  x.listsAll ??= !!h.interfaces?.some((i) => isLoopbackIface(i)) && !h.interfaces.some((i) => i.addressesOnly);
  return x.listsAll;
}

// Why a route's next hop is not usable; undefined when it looks usable.
export function routeProblem(snap: Snapshot, h: Host, r: Route): HopProblem | undefined {
  if (r.type !== 'unicast') return undefined;
  const dev = r.dev ? ifaceByName(h, r.dev) : undefined;
  // a listing without lo is one device's (`ip addr show docker0`): what it does not show is not missing
  if (r.dev && h.interfaces && !dev) return listsAllDevices(h) ? { kind: 'dev-missing', route: r } : undefined;
  if (dev && !isUsable(dev)) return { kind: 'dev-down', route: r, iface: dev };
  if (r.flags.includes('linkdown') && dev) return { kind: 'dev-down', route: r, iface: dev };
  if (!r.gateway) return undefined;
  const gw = parseIp(r.gateway);
  if (!gw) return undefined;
  if (!r.flags.includes('onlink') && h.interfaces && listsAllDevices(h)) {
    const on = connectedOn(h, gw);
    const viaRoute = connectedRoutes(h, gw).some((x) => x !== r && (!r.dev || x.dev === r.dev));
    if ((!on || (r.dev && on.iface.name !== r.dev)) && !viaRoute) return { kind: 'gateway-off-link', route: r };
    if (on && !isUsable(on.iface)) return { kind: 'dev-down', route: r, iface: on.iface };
  }
  const neigh = indexOf(h)
    .neighborsOf.get(r.gateway)
    ?.find((n) => !r.dev || !n.dev || n.dev === r.dev);
  if (neigh?.state.some((s) => s === 'FAILED' || s === 'INCOMPLETE'))
    return { kind: 'gateway-unanswered', route: r, how: 'neigh-failed' };
  // on a segment where we know every member, somebody must own the gateway address
  // (link-local gateways such as Calico's 169.254.1.1 are answered by proxy ARP, not owned)
  if (isLinkLocal(gw)) return undefined;
  const out = dev ?? (r.dev ? undefined : connectedOn(h, gw)?.iface);
  const seg = out ? snap.segmentOf.get(out) : undefined;
  if (
    seg?.closed &&
    seg.ports.length > 1 &&
    !seg.ports.some((p) => p.iface.addresses.some((a) => a.family === gw.family && a.cidr.addr === gw.value))
  )
    return { kind: 'gateway-unanswered', route: r, how: 'nobody-owns' };
  return undefined;
}

// A device that can carry packets off the host: anything but loopback.
export function isLoopbackIface(i: Interface): boolean {
  return i.name === 'lo' || i.kind === 'loopback' || i.flags.includes('LOOPBACK');
}

// Does the namespace have any interface besides loopback (a `--network none` container has only lo)?
export function hasNetworkInterface(h: Host): boolean {
  return (h.interfaces ?? []).some((i) => !isLoopbackIface(i));
}
