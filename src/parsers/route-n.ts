// Reads `route -n` (net-tools) into routes, for hosts where only net-tools is installed.
//
// Sample (net-tools 2.10):
//   Kernel IP routing table
//   Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
//   0.0.0.0         192.168.15.5    0.0.0.0         UG    0      0        0 veth-blue
//   192.168.15.0    0.0.0.0         255.255.255.0   U     0      0        0 veth-blue
// and without -n (names where it can; `_gateway` is systemd-resolved's name for the default gateway):
//   default         _gateway        0.0.0.0         UG    100    0        0 enp0s3
import { type Cidr, netmaskToPrefix, parseCidr, parseIp } from '../net/ip.js';
import type { Route } from '../model.js';
import { Warnings, eachLine, guard, src } from './lines.js';
import type { ParseResult, Source } from './types.js';

/** One entry of the kernel's IPv4 main table, as `route -n` and /proc/net/route both show it. */
export interface TableEntry {
  dest: string;
  dst: Cidr;
  /** Absent for a connected (link-scope) route. */
  gateway?: string;
  up: boolean;
  reject: boolean;
  /** A host route (RTF_HOST) prints without its /32. */
  host: boolean;
  dev?: string;
  metric: number;
  src: Source;
}

// The Route for one table entry (the two readers differ only in how they decode the columns).
export function tableRoute(e: TableEntry): Route {
  const r: Route = {
    type: e.reject ? 'unreachable' : 'unicast',
    dstText: e.dst.prefix === 0 ? 'default' : e.dst.prefix === 32 || e.host ? e.dest : `${e.dest}/${e.dst.prefix}`,
    dst: e.dst,
    flags: e.up ? [] : ['down'],
    nexthops: [],
    src: e.src,
  };
  if (e.gateway) r.gateway = e.gateway;
  else r.scope = 'link';
  if (e.dev) r.dev = e.dev;
  r.metric = e.metric;
  r.nexthops = [{ gateway: r.gateway, dev: r.dev, flags: [] }];
  return r;
}

// Parse `route -n` output.
export function parseRouteN(text: string, file: string): ParseResult<Route[]> {
  return guard(
    file,
    () => [],
    () => {
      const w = new Warnings(file);
      const out: Route[] = [];
      eachLine(text, w, (line, i) => {
        const t = line.trim().split(/\s+/).filter(Boolean);
        if (t.length === 0 || line.startsWith('Kernel IP routing table') || t[0] === 'Destination') return;
        if (t.length < 8) return w.add(i + 1, 'route line has too few columns', line);
        const [dest0, gw, mask, flags, metric] = t as [string, string, string, string, string];
        const iface = t[t.length - 1]!;
        // without -n, route prints names: `default`, `link-local`, and host names it looked up
        const dest = dest0 === 'default' ? '0.0.0.0' : dest0 === 'link-local' ? '169.254.0.0' : dest0;
        const prefix = netmaskToPrefix(mask);
        const dst = prefix >= 0 ? parseCidr(`${dest}/${prefix}`) : null;
        if (!dst)
          return w.add(
            i + 1,
            parseIp(dest)
              ? 'destination or genmask not understood'
              : `destination "${dest}" is a name: capture with route -n`,
            line,
          );
        out.push(
          tableRoute({
            dest,
            dst,
            up: flags.includes('U'),
            reject: flags.includes('!'),
            host: false,
            metric: Number(metric),
            src: src(file, i, line),
            ...(gw !== '0.0.0.0' && gw !== '*' ? { gateway: gw } : {}),
            ...(iface !== '-' ? { dev: iface } : {}),
          }),
        );
      });
      return { value: out, warnings: w.done() };
    },
  );
}
