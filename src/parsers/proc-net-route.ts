// Reads /proc/net/route (IPv4 main table, hex little-endian) into routes, for pod images without `ip` or `route`.
//
// Sample (`cat /proc/net/route` in a pod netns, kernel 6.1; columns are tab-separated, lines padded):
//   Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT
//   v0	00000000	0101F40A	0003	0	0	0	00000000	0	0	0
//   v0	0001F40A	00000000	0001	0	0	0	00FFFFFF	0	0	0
//   v1	0009A8C0	00000000	0001	0	0	0	FCFFFFFF	0	0	0
import { netmaskToPrefix, parseCidr } from '../net/ip.js';
import type { Route } from '../model.js';
import { Warnings, eachLine, guard, src } from './lines.js';
import { tableRoute } from './route-n.js';
import type { ParseResult } from './types.js';

// RTF_* bits from <linux/route.h>
const RTF_UP = 0x1;
const RTF_GATEWAY = 0x2;
const RTF_HOST = 0x4;
const RTF_REJECT = 0x200;

// The kernel prints each IPv4 address as the hex of its 32-bit value in host (little-endian) order.
export function hexToIpv4(hex: string): string | null {
  if (!/^[0-9A-Fa-f]{8}$/.test(hex)) return null;
  const n = Number.parseInt(hex, 16);
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff].join('.');
}

// Parse /proc/net/route.
export function parseProcNetRoute(text: string, file: string): ParseResult<Route[]> {
  return guard(
    file,
    () => [],
    () => {
      const w = new Warnings(file);
      const out: Route[] = [];
      eachLine(text, w, (line, i) => {
        const t = line.trim().split(/\s+/).filter(Boolean);
        if (t.length === 0 || t[0] === 'Iface') return;
        if (t.length < 8) return w.add(i + 1, 'route line has too few columns (truncated?)', line);
        const [iface, dHex, gHex, fHex, , , metric, mHex] = t as [
          string,
          string,
          string,
          string,
          string,
          string,
          string,
          string,
        ];
        const dest = hexToIpv4(dHex);
        const gw = hexToIpv4(gHex);
        const mask = hexToIpv4(mHex);
        const flags = Number.parseInt(fHex, 16);
        if (!dest || !gw || !mask || !Number.isFinite(flags))
          return w.add(i + 1, 'destination, gateway, flags or mask is not hex', line);
        const prefix = netmaskToPrefix(mask);
        const dst = prefix >= 0 ? parseCidr(`${dest}/${prefix}`) : null;
        if (!dst) return w.add(i + 1, `mask ${mask} is not contiguous`, line);
        out.push(
          tableRoute({
            dest,
            dst,
            up: !!(flags & RTF_UP),
            reject: !!(flags & RTF_REJECT),
            host: !!(flags & RTF_HOST),
            metric: Number(metric),
            src: src(file, i, line),
            ...(flags & RTF_GATEWAY && gw !== '0.0.0.0' ? { gateway: gw } : {}),
            ...(iface !== '*' ? { dev: iface } : {}),
          }),
        );
      });
      return { value: out, warnings: w.done() };
    },
  );
}
