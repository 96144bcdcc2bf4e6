// Reads `arp -n` (net-tools) into neighbour entries; "(incomplete)" means nobody answered ARP.
//
// Sample (net-tools 2.10):
//   Address                  HWtype  HWaddress           Flags Mask            Iface
//   192.168.15.2             ether   5e:2b:71:0a:9c:01   C                     v-net-0
//   192.168.15.9                     (incomplete)                              v-net-0
// and `arp -a`, which also names the hosts it can:
//   _gateway (10.0.2.2) at 52:54:00:12:35:02 [ether] on enp0s3
//   ? (192.168.15.9) at <incomplete> on v-net-0
import { parseIp } from '../net/ip.js';
import type { Neighbor } from '../model.js';
import { Warnings, eachLine, guard, src } from './lines.js';
import type { ParseResult } from './types.js';

// Parse `arp -n` output.
export function parseArpN(text: string, file: string): ParseResult<Neighbor[]> {
  return guard(
    file,
    () => [],
    () => {
      const w = new Warnings(file);
      const out: Neighbor[] = [];
      eachLine(text, w, (line, i) => {
        const t = line.trim().split(/\s+/).filter(Boolean);
        if (t.length === 0 || t[0] === 'Address') return;
        // `arp` / `arp -a`: NAME (ADDRESS) at MAC [ether] on DEV, or ? (ADDRESS) at <incomplete> on DEV
        const a = /^(\S+) \(([\d.]+)\) at (\S+)(?: \[\w+\])?(?: PERM)?(?: on (\S+))?/.exec(line.trim());
        if (a) {
          const n: Neighbor = { dst: a[2]!, state: [], src: src(file, i, line) };
          if (a[1] !== '?') n.name = a[1]!;
          if (a[4]) n.dev = a[4];
          if (a[3] === '<incomplete>') n.state.push('INCOMPLETE');
          else {
            n.lladdr = a[3]!;
            n.state.push(/ PERM\b/.test(line) ? 'PERMANENT' : 'REACHABLE');
          }
          out.push(n);
          return;
        }
        if (!parseIp(t[0]!)) return w.add(i + 1, 'address not understood', line);
        const n: Neighbor = { dst: t[0]!, state: [], src: src(file, i, line) };
        n.dev = t[t.length - 1];
        if (t.includes('(incomplete)')) n.state.push('INCOMPLETE');
        else {
          const mac = t.find((x) => /^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(x));
          if (mac) n.lladdr = mac;
          const flags = t.find((x) => /^[CMP]+$/.test(x)) ?? '';
          n.state.push(flags.includes('M') || flags.includes('P') ? 'PERMANENT' : 'REACHABLE');
        }
        out.push(n);
      });
      return { value: out, warnings: w.done() };
    },
  );
}
