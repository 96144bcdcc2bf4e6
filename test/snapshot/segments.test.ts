import { describe, expect, it } from 'vitest';
import type { Address, Interface } from '../../src/model.js';
import { cidrContains, isLinkLocal, isLoopback, parseCidr, parseIp } from '../../src/net/ip.js';
import { subnetCliques } from '../../src/snapshot/segments.js';
import type { Host } from '../../src/snapshot/types.js';
import { snap } from '../helpers.js';

// `ip -j addr` gives only link_index + link_netnsid; with the root namespace captured too, its NICs share
// ifindexes with the lab's veths and must not be taken for peers.
describe('segments from ip -j captures (netnsid only)', () => {
  const iface = (ifindex: number, ifname: string, extra: Record<string, unknown> = {}, addr?: string) => ({
    ifindex,
    ifname,
    flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    operstate: 'UP',
    addr_info: addr ? [{ family: 'inet', local: addr.split('/')[0], prefixlen: Number(addr.split('/')[1]) }] : [],
    ...extra,
  });
  const s = snap({
    'hosts/host/ip-addr.json': JSON.stringify([
      iface(2, 'v-net-0', { linkinfo: { info_kind: 'bridge' } }, '192.168.15.5/24'),
      iface(3, 'veth-red-br', { link_index: 2, link_netnsid: 1, master: 'v-net-0' }),
    ]),
    'hosts/red/ip-addr.json': JSON.stringify([
      iface(2, 'veth-red', { link_index: 3, link_netnsid: 0 }, '192.168.15.1/24'),
    ]),
    'hosts/local/ip-addr.json': JSON.stringify([
      iface(2, 'eth0', {}, '10.0.2.15/24'),
      iface(3, 'docker0', {}, '172.17.0.1/16'),
    ]),
  });
  it('links the veth to the end that points back, not to a NIC with the same ifindex', () => {
    const red = s.byId.get('red')!.interfaces![0]!;
    expect(s.peerOf.get(red)?.iface.name).toBe('veth-red-br');
    const seg = s.segmentOf.get(red)!;
    expect(seg.ports.map((p) => `${p.host.id}/${p.iface.name}`).sort()).toEqual([
      'host/v-net-0',
      'host/veth-red-br',
      'red/veth-red',
    ]);
    expect(seg.closed).toBe(true);
  });
});

// Interfaces with no peer evidence join by shared subnet; the grouping by prefix (subnetCliques) must join exactly
// what comparing every pair of interfaces did.
describe('subnetCliques joins what the pairwise comparison joined (300 seeded captures)', () => {
  const rng = (seed: number): (() => number) => {
    let s = seed;
    return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  };
  // the comparison it replaced: each one's prefix holds the other's address
  const shares = (a: Interface, b: Interface): boolean =>
    a.addresses.some((x) =>
      b.addresses.some((y) => {
        const ok = (z: Address): boolean => {
          const ip = parseIp(z.local);
          return !!ip && !isLoopback(ip) && !isLinkLocal(ip) && z.prefix !== 32 && z.prefix !== 128;
        };
        return (
          x.family === y.family &&
          ok(x) &&
          ok(y) &&
          cidrContains(x.cidr, { family: y.family, value: y.cidr.addr }) &&
          cidrContains(y.cidr, { family: x.family, value: x.cidr.addr })
        );
      }),
    );
  it('same groups and the same interfaces marked as inferred', () => {
    let joined = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const r = rng(seed);
      const hosts = Array.from({ length: 1 + Math.floor(r() * 5) }, (_, k) => ({ id: `h${k}` }) as Host);
      const hostOf = new Map<Interface, Host>();
      const ifaces: Interface[] = [];
      for (let k = 0; k < Math.floor(r() * 14); k++) {
        const addresses: Address[] = [];
        for (let n = Math.floor(r() * 3); n > 0; n--) {
          const six = r() < 0.2;
          const local = six
            ? `fd00::${Math.floor(r() * 64).toString(16)}`
            : `10.${Math.floor(r() * 2)}.${Math.floor(r() * 4)}.${Math.floor(r() * 8)}`;
          const prefix = six ? 120 + Math.floor(r() * 9) : r() < 0.1 ? 32 : 14 + Math.floor(r() * 18);
          addresses.push({
            family: six ? 6 : 4,
            local,
            prefix,
            cidr: parseCidr(`${local}/${prefix}`)!,
            src: { file: 'f', line: 1, text: '' },
          });
        }
        const i = { name: `i${k}`, addresses } as unknown as Interface;
        ifaces.push(i);
        hostOf.set(i, hosts[Math.floor(r() * hosts.length)]!);
      }
      // reference: union every pair on different hosts that shares a subnet
      const parent = new Map(ifaces.map((i) => [i, i]));
      const find = (x: Interface): Interface => (parent.get(x) === x ? x : find(parent.get(x)!));
      const want = new Set<Interface>();
      for (let a = 0; a < ifaces.length; a++)
        for (let b = a + 1; b < ifaces.length; b++)
          if (hostOf.get(ifaces[a]!) !== hostOf.get(ifaces[b]!) && shares(ifaces[a]!, ifaces[b]!)) {
            parent.set(find(ifaces[a]!), find(ifaces[b]!));
            want.add(ifaces[a]!);
            want.add(ifaces[b]!);
          }
      const wantGroups = ifaces.map((i) =>
        ifaces
          .filter((j) => find(j) === find(i))
          .map((j) => j.name)
          .join(),
      );
      const p2 = new Map(ifaces.map((i) => [i, i]));
      const find2 = (x: Interface): Interface => (p2.get(x) === x ? x : find2(p2.get(x)!));
      const got = new Set<Interface>();
      for (const c of subnetCliques(ifaces, (i) => hostOf.get(i)!))
        for (const i of c) {
          got.add(i);
          if (find2(i) !== find2(c[0]!)) p2.set(find2(i), find2(c[0]!));
        }
      const gotGroups = ifaces.map((i) =>
        ifaces
          .filter((j) => find2(j) === find2(i))
          .map((j) => j.name)
          .join(),
      );
      expect(gotGroups, `seed ${seed}`).toEqual(wantGroups);
      expect(got, `seed ${seed}`).toEqual(want);
      joined += want.size;
    }
    expect(joined).toBeGreaterThan(100);
  });
});
