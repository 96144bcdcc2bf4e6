// Reads `ifconfig -a` (net-tools 2.x and the older 1.60/busybox layout) into interfaces.
//
// Sample (net-tools 2.10, docs/networking-facts.md §ifconfig):
//   cni0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1450
//           inet 10.244.0.1  netmask 255.255.255.0  broadcast 10.244.0.255
//           inet6 fe80::ac6b:efff:fe89:6922  prefixlen 64  scopeid 0x20<link>
//           ether 2a:c6:e7:5e:9c:71  txqueuelen 1000  (Ethernet)
//
//   veth3: flags=4099<UP,BROADCAST,MULTICAST>  mtu 1450
// Older layout (busybox, net-tools 1.60):
//   eth0      Link encap:Ethernet  HWaddr 02:42:AC:11:00:02
//             inet addr:172.17.0.2  Bcast:172.17.255.255  Mask:255.255.0.0
//             UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1
import { netmaskToPrefix, parseCidr } from '../net/ip.js';
import type { Interface } from '../model.js';
import { Warnings, eachLine, guard, src } from './lines.js';
import type { ParseResult } from './types.js';

const NEW_HEADER = /^(\S+?):\s+flags=\d+<([^>]*)>(?:\s+mtu\s+(\d+))?/;
const OLD_HEADER = /^(\S+)\s+Link encap:(\S+(?: Loopback)?)(?:\s+HWaddr\s+(\S+))?/;

// Parse `ifconfig -a` output in either layout.
export function parseIfconfig(text: string, file: string): ParseResult<Interface[]> {
  return guard(
    file,
    () => [],
    () => {
      const w = new Warnings(file);
      const out: Interface[] = [];
      let cur: Interface | undefined;
      const setFlags = (iface: Interface, flags: string[]): void => {
        iface.flags = flags;
        iface.adminUp = flags.includes('UP');
        iface.carrier = flags.includes('RUNNING');
        if (flags.includes('LOOPBACK')) iface.kind = 'loopback';
      };
      eachLine(text, w, (line, i) => {
        if (line.trim() === '') return;
        let m = NEW_HEADER.exec(line);
        if (m) {
          cur = { name: m[1]!, flags: [], adminUp: false, addresses: [], src: src(file, i, line) };
          setFlags(cur, m[2]!.split(',').filter(Boolean));
          if (m[3]) cur.mtu = Number(m[3]);
          out.push(cur);
          return;
        }
        m = OLD_HEADER.exec(line);
        if (m) {
          cur = { name: m[1]!, flags: [], adminUp: false, addresses: [], src: src(file, i, line) };
          if (m[2]!.startsWith('Local Loopback')) cur.kind = 'loopback';
          if (m[3]) cur.mac = m[3].toLowerCase();
          out.push(cur);
          return;
        }
        if (!/^\s/.test(line)) return w.add(i + 1, 'not an interface header', line);
        if (!cur) return w.add(i + 1, 'detail line before any interface header', line);
        const s = line.trim();
        const s0 = src(file, i, line);
        let a = /^inet (?:addr:)?(\d+\.\d+\.\d+\.\d+)\s+(?:.*?(?:netmask |Mask:)(\d+\.\d+\.\d+\.\d+))?/.exec(s);
        if (a) {
          const prefix = a[2] ? netmaskToPrefix(a[2]) : 32;
          const cidr = parseCidr(`${a[1]}/${prefix < 0 ? 32 : prefix}`);
          if (prefix < 0) w.add(i + 1, `netmask ${a[2]} is not contiguous`, line);
          if (cidr) cur.addresses.push({ family: 4, local: a[1]!, prefix: cidr.prefix, cidr, src: s0 });
          return;
        }
        a =
          /^inet6 (?:addr:\s*)?([0-9a-fA-F:.]+)(?:\/(\d+))?(?:\s+prefixlen\s+(\d+))?(?:.*(?:scopeid \S+<(\w+)>|Scope:(\w+)))?/.exec(
            s,
          );
        if (a) {
          const plen = a[2] ?? a[3] ?? '128';
          const cidr = parseCidr(`${a[1]}/${plen}`);
          if (cidr) {
            const addr: Interface['addresses'][number] = {
              family: 6,
              local: a[1]!,
              prefix: Number(plen),
              cidr,
              src: s0,
            };
            const scope = (a[4] ?? a[5])?.toLowerCase();
            if (scope) addr.scope = scope;
            cur.addresses.push(addr);
          } else w.add(i + 1, 'inet6 address not understood', line);
          return;
        }
        a = /^ether\s+(\S+)/.exec(s);
        if (a) {
          cur.mac = a[1];
          return;
        }
        const old = /^((?:[A-Z]+\s+)*[A-Z]+)\s+MTU:(\d+)/.exec(s);
        if (old) {
          setFlags(cur, old[1]!.split(/\s+/));
          cur.mtu = Number(old[2]);
          return;
        }
        if (/^(RX|TX|collisions|loop|unspec|Interrupt|device|Memory|inet6 addr)/.test(s)) return;
        w.add(i + 1, 'detail line not understood', line);
      });
      return { value: out, warnings: w.done() };
    },
  );
}
