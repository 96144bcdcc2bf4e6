import { describe, expect, it } from 'vitest';
import { parseArpN } from '../../src/parsers/arp-n.js';
import { parseIfconfig } from '../../src/parsers/ifconfig.js';
import { parseNetnsIds } from '../../src/parsers/netns-ids.js';
import { parseRouteN } from '../../src/parsers/route-n.js';
import { parseIp } from '../../src/net/ip.js';
import { trace } from '../../src/snapshot/trace/index.js';
import { d, snap } from '../helpers.js';

describe('parseIfconfig (docs/networking-facts.md §ifconfig)', () => {
  it('net-tools 2.10 layout: RUNNING absent means no carrier', () => {
    const { value, warnings } = parseIfconfig(
      d(`
      cni0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1450
              inet 10.244.0.1  netmask 255.255.255.0  broadcast 10.244.0.255
              inet6 fe80::ac6b:efff:fe89:6922  prefixlen 64  scopeid 0x20<link>
              ether 2a:c6:e7:5e:9c:71  txqueuelen 1000  (Ethernet)
              RX packets 21  bytes 1340 (1.3 KiB)
              RX errors 0  dropped 0  overruns 0  frame 0
              TX packets 18  bytes 1360 (1.3 KiB)
              TX errors 0  dropped 0 overruns 0  carrier 0  collisions 0

      veth3: flags=4099<UP,BROADCAST,MULTICAST>  mtu 1450
    `),
      'ifconfig.txt',
    );
    expect(warnings).toEqual([]);
    expect(value[0]).toMatchObject({ name: 'cni0', adminUp: true, carrier: true, mtu: 1450, mac: '2a:c6:e7:5e:9c:71' });
    expect(value[0]!.addresses[0]).toMatchObject({ local: '10.244.0.1', prefix: 24 });
    expect(value[0]!.addresses[1]).toMatchObject({ family: 6, prefix: 64, scope: 'link' });
    expect(value[1]).toMatchObject({ name: 'veth3', adminUp: true, carrier: false });
  });
  it('busybox / net-tools 1.60 layout', () => {
    const { value, warnings } = parseIfconfig(
      d(`
      eth0      Link encap:Ethernet  HWaddr 02:42:AC:11:00:02
                inet addr:172.17.0.2  Bcast:172.17.255.255  Mask:255.255.0.0
                UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1
                RX packets:9 errors:0 dropped:0 overruns:0 frame:0

      lo        Link encap:Local Loopback
                inet addr:127.0.0.1  Mask:255.0.0.0
                LOOPBACK  MTU:65536  Metric:1
    `),
      'f',
    );
    expect(warnings).toEqual([]);
    expect(value[0]).toMatchObject({ name: 'eth0', adminUp: true, carrier: true, mac: '02:42:ac:11:00:02' });
    expect(value[0]!.addresses[0]!.prefix).toBe(16);
    expect(value[1]).toMatchObject({ name: 'lo', kind: 'loopback', adminUp: false });
  });
});

describe('parseRouteN', () => {
  it('reads the table with default, connected and reject routes', () => {
    const { value, warnings } = parseRouteN(
      d(`
      Kernel IP routing table
      Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
      0.0.0.0         192.168.15.5    0.0.0.0         UG    0      0        0 veth-blue
      192.168.15.0    0.0.0.0         255.255.255.0   U     0      0        0 veth-blue
      10.9.0.0        -               255.255.0.0     !     0      -        0 -
    `),
      'route-n.txt',
    );
    expect(warnings).toEqual([]);
    expect(value[0]).toMatchObject({ dstText: 'default', gateway: '192.168.15.5', dev: 'veth-blue' });
    expect(value[1]).toMatchObject({ dstText: '192.168.15.0/24', scope: 'link' });
    expect(value[1]!.gateway).toBeUndefined();
    expect(value[2]!.type).toBe('unreachable');
  });
  it('bad genmask is a warning', () => {
    expect(parseRouteN('10.0.0.0 0.0.0.0 255.0.255.0 U 0 0 0 eth0\n', 'f').warnings[0]!.message).toMatch(/genmask/);
  });
});

describe('parseArpN', () => {
  it('complete and incomplete entries', () => {
    const { value } = parseArpN(
      d(`
      Address                  HWtype  HWaddress           Flags Mask            Iface
      192.168.15.2             ether   5e:2b:71:0a:9c:01   C                     v-net-0
      192.168.15.9                     (incomplete)                              v-net-0
    `),
      'f',
    );
    expect(value[0]).toMatchObject({
      dst: '192.168.15.2',
      lladdr: '5e:2b:71:0a:9c:01',
      dev: 'v-net-0',
      state: ['REACHABLE'],
    });
    expect(value[1]).toMatchObject({ dst: '192.168.15.9', state: ['INCOMPLETE'] });
  });
});

describe('ip netns list-id (src/parsers/netns-ids.ts)', () => {
  it('ids with names; an id without a name says nothing; other lines are warnings', () => {
    const r = parseNetnsIds('nsid 0 (iproute2 netns name: knd-tb)\nnsid 1\nnonsense\n', 'f');
    expect([...r.value]).toEqual([[0, 'knd-tb']]);
    expect(r.warnings.map((w) => w.line)).toEqual([3]);
  });
});

describe('route and arp without -n (issue 15)', () => {
  // in the shape net-tools 2.10 prints on a host with systemd-resolved (which names the default gateway `_gateway`)
  const route = d(`
    Kernel IP routing table
    Destination     Gateway         Genmask         Flags Metric Ref    Use Iface
    default         _gateway        0.0.0.0         UG    100    0        0 enp0s3
    10.0.2.0        0.0.0.0         255.255.255.0   U     100    0        0 enp0s3
    link-local      0.0.0.0         255.255.0.0     U     1000   0        0 enp0s3
  `);
  const arp = '_gateway (10.0.2.2) at 52:54:00:12:35:02 [ether] on enp0s3\n? (10.0.2.9) at <incomplete> on enp0s3\n';
  it('the default route is kept, and link-local is 169.254.0.0/16', () => {
    const { value, warnings } = parseRouteN(route, 'f');
    expect(warnings).toEqual([]);
    expect(value.map((r) => `${r.dstText} ${r.gateway ?? '-'}`)).toEqual([
      'default _gateway',
      '10.0.2.0/24 -',
      '169.254.0.0/16 -',
    ]);
  });
  it('arp -a names its entries; an incomplete one has no address', () => {
    expect(parseArpN(arp, 'f').value).toMatchObject([
      { dst: '10.0.2.2', name: '_gateway', lladdr: '52:54:00:12:35:02', dev: 'enp0s3', state: ['REACHABLE'] },
      { dst: '10.0.2.9', dev: 'enp0s3', state: ['INCOMPLETE'] },
    ]);
  });
  it("the gateway's name is resolved by the host's own neighbour names; unresolved, a trace says what is missing", () => {
    const addr = d(`
      1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
          inet 127.0.0.1/8 scope host lo
      2: enp0s3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
          inet 10.0.2.15/24 brd 10.0.2.255 scope global dynamic enp0s3
    `);
    const resolved = snap({ 'hosts/h/ip-addr.txt': addr, 'hosts/h/route-n.txt': route, 'hosts/h/arp-n.txt': arp });
    expect(resolved.byId.get('h')!.routes![0]!.gateway).toBe('10.0.2.2');
    const bare = snap({ 'hosts/h/ip-addr.txt': addr, 'hosts/h/route-n.txt': route });
    const h = bare.byId.get('h')!;
    const paths = trace(bare, { from: h, dst: parseIp('203.0.113.10')!, proto: 'icmp' });
    expect(paths.map((p) => p.end)).toEqual([
      expect.objectContaining({ kind: 'unknown', reason: expect.objectContaining({ code: 'gateway-name' }) }),
    ]);
  });
});
