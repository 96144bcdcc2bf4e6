// Gives /sys/class/net interfaces their IPv4 addresses from /proc/net/fib_trie, using the link routes of
// /proc/net/route to find each address's device and prefix (the kernel keeps no such mapping in /proc).
import type { Interface, Route } from '../model.js';
import { type Ip, mask, parseCidr, parseIp } from '../net/ip.js';
import type { FibLocal } from '../parsers/fib-trie.js';
import type { ParseWarning } from '../parsers/types.js';

// Attach each local address to the interface whose connected route covers it; returns warnings for the rest.
export function attachFibAddresses(ifaces: Interface[], locals: FibLocal[], routes: Route[]): ParseWarning[] {
  const warnings: ParseWarning[] = [];
  const byName = new Map(ifaces.map((i) => [i.name, i]));
  const lo = ifaces.find((i) => i.kind === 'loopback');
  const nonLo = ifaces.filter((i) => i.kind !== 'loopback');
  // 127.0.0.0/8 appears as a /8 LOCAL leaf; keep only the hosts that were assigned (the /32 leaves)
  const loNet = locals.find((l) => l.prefix < 32 && l.ip.startsWith('127.'));
  // connected (gateway-less) IPv4 routes by prefix length, then network: the first in table order of each, so that
  // the most specific one holding an address is found without scanning every route for every address
  const links = new Map<number, Map<bigint, Route>>();
  for (const r of routes) {
    if (r.gateway || !r.dev || r.dst.prefix <= 0 || r.dst.family !== 4) continue;
    let m = links.get(r.dst.prefix);
    if (!m) links.set(r.dst.prefix, (m = new Map()));
    if (!m.has(r.dst.network)) m.set(r.dst.network, r);
  }
  const lengths = [...links.keys()].sort((a, b) => b - a);
  const linkOf = (ip: Ip): Route | undefined => {
    for (const p of lengths) {
      const r = links.get(p)!.get(ip.value & mask(4, p));
      if (r) return r;
    }
    return undefined;
  };
  for (const l of locals) {
    if (l.prefix !== 32) continue;
    const ip = parseIp(l.ip);
    if (!ip) continue;
    let iface: Interface | undefined;
    let prefix = 32;
    if (l.ip.startsWith('127.') && lo) {
      iface = lo;
      prefix = loNet?.prefix ?? 8;
    } else {
      // the most specific connected (gateway-less) route that holds the address names its device
      const link = ip.family === 4 ? linkOf(ip) : undefined;
      if (link) {
        iface = byName.get(link.dev!);
        prefix = link.dst.prefix;
      } else if (nonLo.length === 1) iface = nonLo[0]; // a lone /32 (Calico pods): the only interface holds it
    }
    const cidr = parseCidr(`${l.ip}/${prefix}`);
    if (!iface || !cidr) {
      warnings.push({
        file: l.src.file,
        line: l.src.line,
        message: `local address ${l.ip} has no connected route naming its interface`,
        text: l.src.text,
      });
      continue;
    }
    iface.addresses.push({ family: 4, local: l.ip, prefix, cidr, src: l.src });
  }
  return warnings;
}
