// Reads `ip -j route` into the same routes as the text parser.
//
// Sample (iproute2 6.1.0, docs/networking-facts.md §ip-json):
//   [{"dst":"default","gateway":"192.168.56.1","dev":"eth0","protocol":"dhcp","prefsrc":"192.168.56.10","metric":100,"flags":[]},
//    {"dst":"10.244.1.0/24","gateway":"10.244.1.0","dev":"flannel.1","flags":["onlink"]},
//    {"type":"blackhole","dst":"10.244.3.0/26","protocol":"bird","flags":[]}]
import { parseCidr } from '../net/ip.js';
import type { NextHop, Route, RouteType } from '../model.js';
import { lineText, readJsonArray } from './json-lines.js';
import { ROUTE_TYPES } from './ip-route.js';
import type { ParseResult } from './types.js';

type J = Record<string, unknown>;
const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;
const flagsOf = (v: unknown): string[] => (Array.isArray(v) ? v.filter((f): f is string => typeof f === 'string') : []);

// Parse `ip -j route` JSON output.
export function parseIpRouteJson(text: string, file: string): ParseResult<Route[]> {
  return readJsonArray(text, file, (o, line, warn) => {
    const dstText = str(o.dst);
    const dst = dstText ? parseCidr(dstText) : null;
    if (!dstText || !dst) return warn(`route destination ${JSON.stringify(o.dst)} not understood`);
    let text0 = lineText(text, line);
    if (text0.length > 250) text0 = JSON.stringify(o);
    const type = (str(o.type) ?? 'unicast') as RouteType;
    if (!ROUTE_TYPES.has(type)) warn(`unknown route type "${type}"`);
    const r: Route = {
      type: ROUTE_TYPES.has(type) ? type : 'unicast',
      dstText,
      dst,
      flags: flagsOf(o.flags),
      nexthops: [],
      src: { file, line, text: text0 },
    };
    if (str(o.gateway)) r.gateway = str(o.gateway);
    if (str(o.dev)) r.dev = str(o.dev);
    if (str(o.protocol)) r.protocol = str(o.protocol);
    if (str(o.scope)) r.scope = str(o.scope);
    if (str(o.prefsrc)) r.prefsrc = str(o.prefsrc);
    if (typeof o.metric === 'number') r.metric = o.metric;
    if (str(o.table)) r.table = str(o.table);
    if (dstText === 'default' && r.gateway?.includes(':')) r.dst = { family: 6, network: 0n, prefix: 0, addr: 0n };
    if (Array.isArray(o.nexthops)) {
      for (const h of o.nexthops as J[]) {
        const hop: NextHop = { flags: flagsOf(h.flags) };
        if (str(h.gateway)) hop.gateway = str(h.gateway);
        if (str(h.dev)) hop.dev = str(h.dev);
        if (typeof h.weight === 'number') hop.weight = h.weight;
        r.nexthops.push(hop);
      }
      r.gateway ??= r.nexthops[0]?.gateway;
      r.dev ??= r.nexthops[0]?.dev;
    } else r.nexthops = [{ gateway: r.gateway, dev: r.dev, flags: r.flags }];
    return r;
  });
}
