// Reads `ip route` / `ip route show table all` text into routes with type, gateway, device and flags.
//
// Sample (docs/networking-facts.md §ip-route; the trailing spaces are real):
//   default via 192.168.56.1 dev eth0 proto dhcp src 192.168.56.10 metric 100
//   10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1
//   10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink
//   blackhole 10.244.3.0/26 proto bird
//   10.244.3.5 dev cali1a2b3c4d5e6 scope link
//   172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown
import { parseCidr } from '../net/ip.js';
import type { NextHop, Route, RouteType } from '../model.js';
import { Warnings, eachLine, guard, src } from './lines.js';
import type { ParseResult } from './types.js';

export const ROUTE_TYPES = new Set<RouteType>([
  'unicast',
  'local',
  'broadcast',
  'multicast',
  'throw',
  'unreachable',
  'prohibit',
  'blackhole',
  'nat',
  'anycast',
]);
/** Keywords followed by one value. */
const VALUED = new Set([
  'via',
  'dev',
  'proto',
  'scope',
  'src',
  'metric',
  'table',
  'mtu',
  'advmss',
  'pref',
  'expires',
  'weight',
  'realm',
  'realms',
  'uid',
  'error',
  'hoplimit',
  'initcwnd',
  'initrwnd',
  'rtt',
  'rttvar',
  'quickack',
  'features',
  'congctl',
  'tos',
  'dsfield',
  'nhid',
  'encap',
  'window',
  'ssthresh',
  'cwnd',
  'fastopen_no_cookie',
  'ttl-propagate',
  'lock',
]);
const FLAGS = new Set([
  'onlink',
  'linkdown',
  'dead',
  'pervasive',
  'offload',
  'trap',
  'notify',
  'rt_offload',
  'rt_trap',
  'rt_offload_failed',
  'unresolved',
]);

// Parse `ip route` text (also `ip route show table all` and `ip -6 route`).
export function parseIpRoute(text: string, file: string): ParseResult<Route[]> {
  return guard(
    file,
    () => [],
    () => {
      const w = new Warnings(file);
      const out: Route[] = [];
      let last: Route | undefined;
      eachLine(text, w, (line, i) => {
        const t = line.trim().split(/\s+/).filter(Boolean);
        if (t.length === 0) return;
        if (/^\s/.test(line) && t[0] === 'nexthop' && last) {
          const hop: NextHop = { flags: [] };
          readKeys(t, 1, hop, w, i, line);
          if (last.nexthops.length === 1 && !last.nexthops[0]!.gateway && !last.nexthops[0]!.dev) last.nexthops = [];
          last.nexthops.push(hop);
          last.gateway ??= hop.gateway;
          last.dev ??= hop.dev;
          return;
        }
        if (/^\s/.test(line)) {
          if (t[0] !== 'cache') w.add(i + 1, 'continuation line not understood', line);
          return;
        }
        let k = 0;
        let type: RouteType = 'unicast';
        if (ROUTE_TYPES.has(t[0] as RouteType)) {
          type = t[0] as RouteType;
          k++;
        }
        const dstText = t[k];
        const dst = dstText ? parseCidr(dstText) : null;
        if (!dstText || !dst) {
          w.add(i + 1, 'route destination not understood', line);
          return;
        }
        const r: Route = { type, dstText, dst, flags: [], nexthops: [], src: src(file, i, line) };
        if (dstText === 'default' && t.some((x) => x.includes(':')))
          r.dst = { family: 6, network: 0n, prefix: 0, addr: 0n };
        const hop: NextHop = { flags: [] };
        const extra = readKeys(t, k + 1, hop, w, i, line);
        r.gateway = hop.gateway;
        r.dev = hop.dev;
        r.flags = hop.flags;
        Object.assign(r, extra);
        if (r.gateway && r.dst.family === 4 && dstText === 'default' && r.gateway.includes(':'))
          r.dst = { family: 6, network: 0n, prefix: 0, addr: 0n };
        r.nexthops = [{ gateway: r.gateway, dev: r.dev, flags: r.flags }];
        out.push(r);
        last = r;
      });
      return { value: out, warnings: w.done() };
    },
  );
}

function readKeys(t: string[], from: number, hop: NextHop, w: Warnings, i: number, line: string): Partial<Route> {
  const extra: Partial<Route> = {};
  for (let k = from; k < t.length; k++) {
    const key = t[k]!;
    if (FLAGS.has(key)) {
      hop.flags.push(key);
      continue;
    }
    if (!VALUED.has(key)) {
      w.add(i + 1, `unknown route keyword "${key}"`, line);
      // newer iproute2 keywords usually carry one value: skip it unless it is itself a keyword
      const next = t[k + 1];
      if (next !== undefined && !VALUED.has(next) && !FLAGS.has(next)) k++;
      continue;
    }
    let val = t[k + 1];
    k++;
    if (val === undefined) {
      w.add(i + 1, `"${key}" without a value (truncated line?)`, line);
      break;
    }
    if (key === 'via' && (val === 'inet' || val === 'inet6')) val = t[++k] ?? '';
    switch (key) {
      case 'via':
        hop.gateway = val;
        break;
      case 'dev':
        hop.dev = val;
        break;
      case 'weight':
        hop.weight = Number(val);
        break;
      case 'proto':
        extra.protocol = val;
        break;
      case 'scope':
        extra.scope = val;
        break;
      case 'src':
        extra.prefsrc = val;
        break;
      case 'metric':
        extra.metric = Number(val);
        break;
      case 'table':
        extra.table = val;
        break;
      default:
        break;
    }
  }
  return extra;
}
