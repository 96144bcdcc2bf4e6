// Reads the attributes of /sys/class/net/* as `head -n 1` prints them into interfaces, for images without `ip`.
//
// Sample (`sh -c 'head -n 1 /sys/class/net/*/address /sys/class/net/*/operstate ...'`, abridged):
//   ==> /sys/class/net/lo/address <==
//   00:00:00:00:00:00
//
//   ==> /sys/class/net/v0/operstate <==
//   up
//
//   ==> /sys/class/net/v0/flags <==
//   0x1003
//
//   ==> /sys/class/net/v0/iflink <==
//   2
// Attributes read: address, operstate, mtu, ifindex, iflink, flags, carrier (unreadable while the link is down).
import type { Interface } from '../model.js';
import { Warnings, eachLine, guard, src } from './lines.js';
import type { ParseResult } from './types.js';

// dev->flags bits (<linux/if.h>) with the names `ip link` prints.
const FLAG_NAMES: [number, string][] = [
  [0x1, 'UP'],
  [0x2, 'BROADCAST'],
  [0x8, 'LOOPBACK'],
  [0x10, 'POINTOPOINT'],
  [0x80, 'NOARP'],
  [0x100, 'PROMISC'],
  [0x1000, 'MULTICAST'],
];

const HEADER = /^==> \/sys\/class\/net\/([^/]+)\/(\w+) <==$/;

// Parse `head -n 1 /sys/class/net/*/ATTR ...` output.
export function parseSysClassNet(text: string, file: string): ParseResult<Interface[]> {
  return guard(
    file,
    () => [],
    () => {
      const w = new Warnings(file);
      const byName = new Map<string, Interface>();
      let cur: { iface: Interface; attr: string } | undefined;
      eachLine(text, w, (line, i) => {
        const m = HEADER.exec(line.trim());
        if (m) {
          let iface = byName.get(m[1]!);
          if (!iface) {
            iface = { name: m[1]!, flags: [], adminUp: false, addresses: [], src: src(file, i, line) };
            byName.set(m[1]!, iface);
          }
          cur = { iface, attr: m[2]! };
          return;
        }
        const v = line.trim();
        if (v === '') return;
        if (v.startsWith('head: ')) return; // "head: error reading '/sys/class/net/x/carrier': Invalid argument"
        if (!cur) return w.add(i + 1, 'value before any ==> /sys/class/net/IFACE/ATTR <== header', line);
        const it = cur.iface;
        switch (cur.attr) {
          case 'address':
            it.mac = v.toLowerCase();
            break;
          case 'operstate':
            it.operState = v.toUpperCase();
            break;
          case 'mtu':
            it.mtu = Number(v);
            break;
          case 'ifindex':
            it.index = Number(v);
            break;
          case 'iflink':
            if (Number(v) > 0) it.peerIndex = Number(v);
            break;
          case 'carrier':
            it.carrier = v === '1';
            break;
          case 'flags': {
            const n = Number.parseInt(v, 16);
            if (!Number.isFinite(n)) return w.add(i + 1, 'flags is not hex', line);
            it.flags = FLAG_NAMES.filter(([bit]) => n & bit).map(([, name]) => name);
            it.adminUp = (n & 0x1) !== 0;
            if (n & 0x8) it.kind = 'loopback';
            it.src = src(file, i, line); // the flags line is the evidence for up/down
            break;
          }
          default:
            break;
        }
        cur = undefined; // one value line per attribute
      });
      const out = [...byName.values()];
      for (const it of out) {
        // iflink == ifindex means "no lower/peer link" (loopback, bridges, the uplink itself)
        if (it.peerIndex !== undefined && it.peerIndex === it.index) delete it.peerIndex;
        // a down link has no readable carrier; operstate still tells
        if (it.carrier === undefined && it.operState)
          it.carrier = it.operState === 'UP' ? true : it.operState === 'UNKNOWN' ? undefined : false;
        if (it.carrier && !it.flags.includes('LOWER_UP')) it.flags.push('LOWER_UP');
      }
      return { value: out, warnings: w.done() };
    },
  );
}
