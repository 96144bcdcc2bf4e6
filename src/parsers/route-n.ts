// Reads `route -n` (net-tools) into routes, for hosts where only net-tools is installed.
//
// Sample (net-tools 2.10):
//   Kernel IP routing table
//   Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
//   0.0.0.0         192.168.15.5    0.0.0.0         UG    0      0        0 veth-blue
//   192.168.15.0    0.0.0.0         255.255.255.0   U     0      0        0 veth-blue
import { netmaskToPrefix, parseCidr } from '../net/ip.js';
import type { Route } from '../model.js';
import { Warnings, eachLine, guard, src } from './lines.js';
import type { ParseResult } from './types.js';

// Parse `route -n` output.
export function parseRouteN(text: string, file: string): ParseResult<Route[]> {
  return guard(file, () => [], () => {
    const w = new Warnings(file);
    const out: Route[] = [];
    eachLine(text, w, (line, i) => {
      const t = line.trim().split(/\s+/).filter(Boolean);
      if (t.length === 0 || line.startsWith('Kernel IP routing table') || t[0] === 'Destination') return;
      if (t.length < 8) return w.add(i + 1, 'route line has too few columns', line);
      const [dest, gw, mask, flags, metric] = t as [string, string, string, string, string];
      const iface = t[t.length - 1]!;
      const prefix = netmaskToPrefix(mask);
      const dst = prefix >= 0 ? parseCidr(`${dest}/${prefix}`) : null;
      if (!dst) return w.add(i + 1, 'destination or genmask not understood', line);
      const isDefault = dst.prefix === 0;
      const r: Route = {
        type: flags.includes('!') ? 'unreachable' : 'unicast',
        dstText: isDefault ? 'default' : prefix === 32 ? dest : `${dest}/${prefix}`,
        dst,
        flags: flags.includes('U') ? [] : ['down'],
        nexthops: [],
        src: src(file, i, line),
      };
      if (gw !== '0.0.0.0' && gw !== '*') r.gateway = gw;
      else r.scope = 'link';
      if (iface !== '-') r.dev = iface;
      r.metric = Number(metric);
      r.nexthops = [{ gateway: r.gateway, dev: r.dev, flags: [] }];
      out.push(r);
    });
    return { value: out, warnings: w.done() };
  });
}
