// Gives /sys/class/net interfaces their IPv4 addresses from /proc/net/fib_trie, using the link routes of
// /proc/net/route to find each address's device and prefix (the kernel keeps no such mapping in /proc).
import type { Interface, Route } from '../model.js';
import { cidrContains, parseCidr, parseIp } from '../net/ip.js';
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
      const link = routes
        .filter((r) => !r.gateway && r.dev && r.dst.prefix > 0 && r.dst.family === 4 && cidrContains(r.dst, ip))
        .sort((a, b) => b.dst.prefix - a.dst.prefix)[0];
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
