// The kernel's routing decision for one packet on one host: policy rules in priority order, then the longest
// prefix in each table they name (route types unicast, local, blackhole, unreachable, prohibit, throw), the source
// address a locally sent packet gets, and the reverse-path filter (docs/networking-facts.md §routing-decision).
import type { Interface, IpRule, Route } from '../../model.js';
import { type Ip, cidrContains, isLoopback, parseCidr, parseIp } from '../../net/ip.js';
import type { Source } from '../../parsers/types.js';
import { beats } from '../routing.js';
import type { Host } from '../types.js';
import type { AddrType } from './match.js';
import { type Why, why } from './why.js';

export type Decision =
  | { kind: 'local'; table: string; src?: Source }
  | {
      kind: 'unicast';
      route: Route;
      dev: string;
      gateway?: Ip;
      table: string;
      /** Share of the flows this next hop takes (multipath); 1 for a single next hop. */
      weight: number;
    }
  | { kind: 'reject'; route: Route; type: 'blackhole' | 'unreachable' | 'prohibit'; table: string }
  | { kind: 'none' }
  | { kind: 'unknown'; reason: Why; src?: Source };

export interface Query {
  dst: Ip;
  /** Unset for a locally sent packet before its source is chosen (`from` rules then do not match). */
  src?: Ip;
  mark: number;
  iif?: string;
}

const DEFAULT_RULES: Pick<IpRule, 'priority' | 'selector' | 'action' | 'table'>[] = [
  { priority: 0, selector: 'from all', action: 'lookup', table: 'local' },
  { priority: 32766, selector: 'from all', action: 'lookup', table: 'main' },
  { priority: 32767, selector: 'from all', action: 'lookup', table: 'default' },
];

const TABLE_IDS: Record<string, string> = { '255': 'local', '254': 'main', '253': 'default' };
const tableName = (t: string | undefined): string => (t === undefined ? 'main' : (TABLE_IDS[t] ?? t));

// An interface that is administratively up (the kernel removes the routes of one that is down).
const up = (i: Interface | undefined): boolean => !!i && i.adminUp;

// Any address configured on the host, up or not (a packet arriving with one as its source is a martian).
export function ownsAddress(h: Host, ip: Ip): boolean {
  for (const i of h.interfaces ?? [])
    for (const a of i.addresses) if (a.family === ip.family && a.cidr.addr === ip.value) return true;
  return false;
}

// Addresses the host answers for as its own: every configured address, even on a device that is down (the
// kernel keeps its local route), and 127/8 while lo is up.
export function isLocal(h: Host, ip: Ip): boolean {
  for (const i of h.interfaces ?? []) {
    if (ip.family === 4 && isLoopback(ip) && up(i) && (i.name === 'lo' || i.flags.includes('LOOPBACK'))) return true;
    for (const a of i.addresses) if (a.family === ip.family && a.cidr.addr === ip.value) return true;
  }
  return false;
}

// `-m addrtype` on this host: LOCAL, BROADCAST, MULTICAST or UNICAST (the kernel asks its local table).
export function addrTypeOf(h: Host, ip: Ip): AddrType {
  if (ip.family === 4) {
    if (ip.value >> 28n === 0xen) return 'MULTICAST';
    if (ip.value === 0xffffffffn) return 'BROADCAST';
  }
  if (isLocal(h, ip)) return 'LOCAL';
  for (const i of h.interfaces ?? []) {
    if (!up(i)) continue;
    for (const a of i.addresses) {
      if (a.family !== 4 || a.prefix >= 31) continue;
      const bcast = a.cidr.network | ((1n << BigInt(32 - a.prefix)) - 1n);
      if (ip.value === bcast) return 'BROADCAST';
    }
  }
  return 'UNICAST';
}

function selectorMatches(sel: string, q: Query): boolean | undefined {
  const t = sel.split(/\s+/).filter(Boolean);
  let not = false;
  for (let k = 0; k < t.length; k++) {
    const w = t[k]!;
    const v = t[k + 1];
    if (w === 'not') {
      not = true;
      continue;
    }
    if (w === 'all') continue;
    k++;
    if (v === undefined) return undefined;
    let ok: boolean;
    if (w === 'from' || w === 'to') {
      if (v === 'all') continue;
      const c = parseCidr(v);
      if (!c) return undefined;
      const ip = w === 'from' ? q.src : q.dst;
      ok = ip !== undefined && cidrContains(c, ip);
    } else if (w === 'fwmark') {
      const [a, m] = v.split('/');
      const val = Number(a);
      const mask = m === undefined ? 0xffffffff : Number(m);
      if (Number.isNaN(val) || Number.isNaN(mask)) return undefined;
      ok = (q.mark & mask) >>> 0 === val >>> 0;
    } else if (w === 'iif') ok = (q.iif ?? 'lo') === v;
    else if (w === 'oif') ok = false;
    else if (w === 'pref' || w === 'priority' || w === 'proto' || w === 'protocol') continue;
    else return undefined;
    if (!ok) return not;
  }
  return !not;
}

function routesOf(h: Host, table: string): Route[] {
  return (h.routes ?? []).filter((r) => tableName(r.table) === table);
}

// Longest prefix, then lowest metric, among routes whose device is up (or that need none).
function longest(h: Host, routes: Route[], dst: Ip): Route | undefined {
  let best: Route | undefined;
  for (const r of routes) {
    if (r.dst.family !== dst.family || !cidrContains(r.dst, dst)) continue;
    if (r.type === 'broadcast' || r.type === 'multicast' || r.type === 'anycast' || r.type === 'nat') continue;
    if (r.dev && h.interfaces && !up(h.interfaces.find((i) => i.name === r.dev))) continue;
    if (beats(r, best)) best = r;
  }
  return best;
}

// Where the kernel sends the packet; several answers only for a multipath route (one per next hop, weighted).
export function decide(h: Host, q: Query): Decision[] {
  const rules = h.rules && h.rules.length > 0 ? [...h.rules].sort((a, b) => a.priority - b.priority) : DEFAULT_RULES;
  for (const rule of rules) {
    const m = selectorMatches(rule.selector, q);
    const src = 'src' in rule ? (rule as IpRule).src : undefined;
    if (m === undefined)
      return [{ kind: 'unknown', reason: why('rule-selector', { selector: rule.selector }), ...(src ? { src } : {}) }];
    if (!m) continue;
    if (rule.action === 'blackhole' || rule.action === 'unreachable' || rule.action === 'prohibit') {
      const route: Route = {
        type: rule.action,
        dstText: 'default',
        dst: parseCidr('default')!,
        flags: [],
        nexthops: [],
        src: src ?? { file: '', line: 0, text: `ip rule ${rule.action}` },
      };
      return [{ kind: 'reject', route, type: rule.action, table: 'rule' }];
    }
    if (rule.action !== 'lookup' && rule.action !== 'table') {
      if (rule.action === 'nop') continue;
      return [{ kind: 'unknown', reason: why('rule-action', { action: rule.action }), ...(src ? { src } : {}) }];
    }
    const table = tableName(rule.table);
    if (table === 'local') {
      if (isLocal(h, q.dst)) return [{ kind: 'local', table }];
      continue;
    }
    if (!h.routes && table === 'main') return [{ kind: 'unknown', reason: why('not-collected', { what: 'ip route' }) }];
    const r = longest(h, routesOf(h, table), q.dst);
    if (!r || r.type === 'throw') continue;
    if (r.type === 'local') return [{ kind: 'local', table, src: r.src }];
    if (r.type === 'blackhole' || r.type === 'unreachable' || r.type === 'prohibit')
      return [{ kind: 'reject', route: r, type: r.type, table }];
    const hops =
      r.nexthops.length > 0 ? r.nexthops : [{ ...(r.gateway ? { gateway: r.gateway } : {}), dev: r.dev, flags: [] }];
    const total = hops.reduce((s, x) => s + (x.weight ?? 1), 0);
    const out: Decision[] = [];
    for (const nh of hops) {
      const dev = nh.dev ?? r.dev;
      const gw = nh.gateway ? parseIp(nh.gateway) : null;
      if (!dev) return [{ kind: 'unknown', reason: why('route-no-device', { route: r.dstText }), src: r.src }];
      // `route` without -n printed a name (`_gateway`) that nothing in the capture resolves: the hop is unknown
      if (nh.gateway && !gw)
        return [{ kind: 'unknown', reason: why('gateway-name', { name: nh.gateway, route: r.dstText }), src: r.src }];
      out.push({
        kind: 'unicast',
        route: r,
        dev,
        ...(gw ? { gateway: gw } : {}),
        table,
        weight: hops.length === 1 ? 1 : (nh.weight ?? 1) / total,
      });
    }
    return out;
  }
  return [{ kind: 'none' }];
}

// The source address a locally sent packet takes on this route: the route's src, else what selectAddress picks.
export function sourceFor(h: Host, d: Decision & { kind: 'unicast' }, dst: Ip): Ip | undefined {
  if (d.route.prefsrc) {
    const p = parseIp(d.route.prefsrc);
    if (p) return p;
  }
  return selectAddress(h, d.dev, d.gateway ?? dst, d.gateway ? 'link' : 'host');
}

const SCOPES: Record<string, number> = { global: 0, universe: 0, site: 200, link: 253, host: 254 };

// inet_select_addr: the out device's first address of a fitting scope, preferring one whose subnet holds the next
// hop; when the device has none, the first global address of any device (lo first, as the kernel lists them).
export function selectAddress(h: Host, dev: string, nexthop: Ip, scope: 'global' | 'link' | 'host'): Ip | undefined {
  const max = SCOPES[scope]!;
  const fits = (a: { family: number; scope?: string }): boolean =>
    a.family === nexthop.family && (SCOPES[a.scope ?? 'global'] ?? 0) <= max;
  const own = (h.interfaces?.find((i) => i.name === dev)?.addresses ?? []).filter(fits);
  const pick = own.find((a) => cidrContains(a.cidr, nexthop)) ?? own[0];
  if (pick) return parseIp(pick.local) ?? undefined;
  for (const i of h.interfaces ?? []) {
    const a = i.addresses.find((x) => x.family === nexthop.family && (SCOPES[x.scope ?? 'global'] ?? 0) === 0);
    if (a) return parseIp(a.local) ?? undefined;
  }
  return undefined;
}

// The first address of an interface (what REDIRECT and an ICMP error from it use).
export function firstAddress(h: Host, iface: string | undefined, family: 4 | 6 = 4): Ip | undefined {
  const i = h.interfaces?.find((x) => x.name === iface);
  const a = i?.addresses.find((x) => x.family === family);
  return a ? (parseIp(a.local) ?? undefined) : undefined;
}

// A sysctl of an interface, else its `all` value, else the global key (undefined when none was captured).
export function sysctl(h: Host, key: string, iface?: string): string | undefined {
  const v = h.sysctl?.values;
  if (!v) return undefined;
  return (
    (iface ? v.get(`net.ipv4.conf.${iface}.${key}`)?.value : undefined) ?? v.get(`net.ipv4.conf.all.${key}`)?.value
  );
}

// rp_filter's verdict on a packet that arrived on `iif` (0 off, 1 strict, 2 loose; the larger of all and iif).
export function reversePathOk(h: Host, src: Ip, iif: string, mark: number): boolean | undefined {
  const all = Number(h.sysctl?.values.get('net.ipv4.conf.all.rp_filter')?.value ?? Number.NaN);
  const dev = Number(h.sysctl?.values.get(`net.ipv4.conf.${iif}.rp_filter`)?.value ?? Number.NaN);
  if (Number.isNaN(all) && Number.isNaN(dev)) return undefined;
  const mode = Math.max(Number.isNaN(all) ? 0 : all, Number.isNaN(dev) ? 0 : dev);
  if (mode === 0) return true;
  // the reverse lookup carries the packet's mark only with src_valid_mark
  const back = decide(h, { dst: src, mark: sysctl(h, 'src_valid_mark', iif) === '1' ? mark : 0 });
  if (back.some((d) => d.kind === 'unknown')) return undefined;
  const uni = back.filter((d): d is Decision & { kind: 'unicast' } => d.kind === 'unicast');
  if (uni.length === 0) return false;
  if (uni.some((d) => d.dev === iif)) return true;
  if (mode === 1) return false;
  // loose mode takes any way back — but a device without an IPv4 address falls to the kernel's last resort,
  // which refuses whenever rp_filter is on (__fib_validate_source)
  const device = h.interfaces?.find((i) => i.name === iif);
  return !(device && !device.addresses.some((a) => a.family === 4));
}
