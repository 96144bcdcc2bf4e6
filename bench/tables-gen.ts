// One host with long tables for the lines-per-file figures: LINES lines of `ip route` (gateway routes, connected
// routes of many interfaces, a few blackholes) and about LINES lines of `ip addr` (an interface per three lines).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Write the host folder under DIR/hosts/router.
export function writeTablesBundle(dir: string, lines: number): void {
  const d = join(dir, 'hosts', 'router');
  mkdirSync(d, { recursive: true });
  writeFileSync(join(d, 'host.json'), JSON.stringify({ kind: 'host', name: 'router' }));
  const ifaces = Math.floor(lines / 3);
  const addr = [
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000',
    '    inet 127.0.0.1/8 scope host lo',
    '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000',
    '    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff',
    '    inet 192.168.0.2/16 scope global eth0',
  ];
  // interface k owns 172.(16 + k / 65536).(k / 256 % 256).(k % 256)/32 … as a /30 per interface in 10.0.0.0/8
  const net = (k: number): string => `10.${(k >> 14) & 255}.${(k >> 6) & 255}.${(k & 63) << 2}`;
  const host = (k: number, h: number): string => `10.${(k >> 14) & 255}.${(k >> 6) & 255}.${((k & 63) << 2) + h}`;
  for (let k = 0; k < ifaces; k++)
    addr.push(
      `${k + 3}: dummy${k}: <BROADCAST,NOARP,UP,LOWER_UP> mtu 1500 qdisc noqueue state UNKNOWN group default qlen 1000`,
      `    link/ether 02:10:${(k >> 16) & 255}:${(k >> 8) & 255}:${k & 255}:01 brd ff:ff:ff:ff:ff:ff`,
      `    inet ${host(k, 1)}/30 scope global dummy${k}`,
    );
  writeFileSync(join(d, 'ip-addr.txt'), `${addr.join('\n')}\n`);
  const route = [
    'default via 192.168.0.1 dev eth0 proto static',
    '192.168.0.0/16 dev eth0 proto kernel scope link src 192.168.0.2',
  ];
  for (let i = 0; route.length < lines; i++) {
    const k = i % ifaces;
    if (i < ifaces) route.push(`${net(k)}/30 dev dummy${k} proto kernel scope link src ${host(k, 1)}`);
    else if (i % 50 === 0) route.push(`blackhole 172.${16 + ((i >> 16) & 15)}.${(i >> 8) & 255}.${i & 255}`);
    else
      route.push(
        `172.${16 + ((i >> 16) & 15)}.${(i >> 8) & 255}.${i & 255} via ${host(k, 2)} dev dummy${k} proto bird`,
      );
  }
  writeFileSync(join(d, 'ip-route.txt'), `${route.join('\n')}\n`);
}
