import { describe, expect, it } from 'vitest';
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
