import { describe, expect, it } from 'vitest';
import { detectByContent } from '../../src/bundle/detect.js';
import { parseIpAddr } from '../../src/parsers/ip-addr.js';
import { parseIpAddrJson } from '../../src/parsers/ip-addr-json.js';
import { parseIp } from '../../src/net/ip.js';
import { firstHopProblem, listsAllDevices } from '../../src/snapshot/routing.js';
import { d, snap } from '../helpers.js';

// docs/networking-facts.md §ip-addr (the sample at the top of src/parsers/ip-addr.ts)
const SAMPLE = d(`
  1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
      link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
      inet 127.0.0.1/8 scope host lo
         valid_lft forever preferred_lft forever
  8: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000
      link/ether 2a:c6:e7:5e:9c:71 brd ff:ff:ff:ff:ff:ff
      inet 10.244.0.1/24 brd 10.244.0.255 scope global cni0
         valid_lft forever preferred_lft forever
  9: veth1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP group default qlen 1000
      link/ether b6:c4:0a:00:14:92 brd ff:ff:ff:ff:ff:ff link-netns kpr-pod1
      inet6 fe80::b4c4:aff:fe00:1492/64 scope link 
         valid_lft forever preferred_lft forever
  11: veth3@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1450 qdisc noqueue master cni0 state DOWN group default qlen 1000
      link/ether 2a:c6:e7:5e:9c:71 brd ff:ff:ff:ff:ff:ff link-netns kpr-pod3
  12: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default qlen 1000
      link/ether 72:68:65:cf:06:f7 brd ff:ff:ff:ff:ff:ff
      inet 10.244.0.0/32 scope global flannel.1
  16: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default qlen 1000
  2: eth0@if11: <BROADCAST,MULTICAST> mtu 1450 qdisc noop state DOWN
  5: tunl0@NONE: <NOARP,UP,LOWER_UP> mtu 1480 qdisc noqueue state UNKNOWN group default qlen 1000
`);

describe('parseIpAddr (docs/networking-facts.md §ip-addr)', () => {
  const { value, warnings } = parseIpAddr(SAMPLE, 'ip-addr.txt');
  const by = (n: string) => value.find((i) => i.name === n)!;

  it('reads every header and no warnings', () => {
    expect(value.map((i) => i.name)).toEqual(['lo', 'cni0', 'veth1', 'veth3', 'flannel.1', 'docker0', 'eth0', 'tunl0']);
    expect(warnings).toEqual([]);
  });
  it('admin state, carrier and oper state', () => {
    expect(by('cni0')).toMatchObject({ adminUp: true, carrier: true, operState: 'UP', mtu: 1450 });
    expect(by('veth3')).toMatchObject({ adminUp: true, carrier: false, operState: 'DOWN', master: 'cni0' });
    expect(by('eth0')).toMatchObject({ adminUp: false, operState: 'DOWN' });
    expect(by('lo')).toMatchObject({ kind: 'loopback', operState: 'UNKNOWN' });
  });
  it('veth peers: @ifN and link-netns; @NONE is not a peer', () => {
    expect(by('veth1')).toMatchObject({ peerIndex: 2, linkNetns: 'kpr-pod1', index: 9 });
    expect(by('eth0').peerIndex).toBe(11);
    expect(by('tunl0').peerIndex).toBeUndefined();
    expect(by('tunl0').peerName).toBeUndefined();
  });
  it('addresses with prefix and source line', () => {
    const a = by('cni0').addresses[0]!;
    expect(a).toMatchObject({ family: 4, local: '10.244.0.1', prefix: 24, scope: 'global' });
    expect(a.src).toEqual({
      file: 'ip-addr.txt',
      line: 7,
      text: '    inet 10.244.0.1/24 brd 10.244.0.255 scope global cni0',
    });
    expect(by('flannel.1').addresses[0]!.prefix).toBe(32);
    expect(by('veth1').addresses[0]).toMatchObject({ family: 6, prefix: 64, scope: 'link' });
  });
  it('link-netnsid and -d kinds', () => {
    const r = parseIpAddr(
      '3: veth0@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master br0 state UP mode DEFAULT group default qlen 1000\n    link/ether 2e:aa:bb:cc:dd:ee brd ff:ff:ff:ff:ff:ff link-netnsid 0 promiscuity 1\n    veth addrgenmode eui64 numtxqueues 1\n    bridge_slave state forwarding priority 32\n',
      'f',
    );
    expect(r.value[0]).toMatchObject({ linkNetnsId: 0, kind: 'veth', master: 'br0' });
    expect(r.warnings).toEqual([]);
  });
  it('garbled and truncated input: warnings with line, partial result', () => {
    const r = parseIpAddr(
      `${SAMPLE.slice(0, 400)}\n@@@ garbage\n    inet not-an-ip/99 scope global x\n`,
      'ip-addr.txt',
    );
    expect(r.value.length).toBeGreaterThan(1);
    expect(r.warnings.map((w) => w.line)).toEqual(expect.arrayContaining([r.warnings[0]!.line]));
    expect(r.warnings.some((w) => w.message.includes('not an interface header'))).toBe(true);
    expect(r.warnings.some((w) => w.message.includes('address not understood'))).toBe(true);
  });
});

describe('parseIpAddrJson (docs/networking-facts.md §ip-json)', () => {
  const json = JSON.stringify([
    {
      ifindex: 11,
      link_index: 2,
      ifname: 'veth3',
      flags: ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP'],
      mtu: 1450,
      qdisc: 'noqueue',
      master: 'cni0',
      operstate: 'DOWN',
      group: 'default',
      txqlen: 1000,
      link_type: 'ether',
      address: '2a:c6:e7:5e:9c:71',
      broadcast: 'ff:ff:ff:ff:ff:ff',
      link_netnsid: 0,
      addr_info: [],
    },
    {
      ifindex: 8,
      ifname: 'cni0',
      flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
      mtu: 1450,
      operstate: 'UP',
      link_type: 'ether',
      linkinfo: { info_kind: 'bridge' },
      addr_info: [
        {
          family: 'inet',
          local: '10.244.0.1',
          prefixlen: 24,
          broadcast: '10.244.0.255',
          scope: 'global',
          label: 'cni0',
          valid_life_time: 4294967295,
          preferred_life_time: 4294967295,
        },
      ],
    },
  ]);
  it('maps the same facts as the text parser', () => {
    const { value, warnings } = parseIpAddrJson(json, 'ip-addr.json');
    expect(warnings).toEqual([]);
    expect(value[0]).toMatchObject({
      name: 'veth3',
      adminUp: true,
      carrier: false,
      peerIndex: 2,
      linkNetnsId: 0,
      master: 'cni0',
    });
    expect(value[1]).toMatchObject({ name: 'cni0', kind: 'bridge', carrier: true });
    expect(value[1]!.addresses[0]).toMatchObject({ local: '10.244.0.1', prefix: 24 });
  });
  it('pretty-printed JSON cites the element line', () => {
    const { value } = parseIpAddrJson(JSON.stringify(JSON.parse(json), null, 2), 'f');
    expect(value[0]!.src.line).toBe(2);
    expect(value[1]!.src.line).toBeGreaterThan(10);
  });
  it('broken JSON and wrong shapes are warnings, not throws', () => {
    expect(parseIpAddrJson('[{"ifname": "x", ', 'f').warnings[0]!.message).toMatch(/not valid JSON/);
    expect(parseIpAddrJson('{"a":1}', 'f').warnings[0]!.message).toMatch(/array/);
    const r = parseIpAddrJson('[1, {"nope": true}, {"ifname":"ok","addr_info":[{"family":"inet"}]}]', 'f');
    expect(r.value.map((i) => i.name)).toEqual(['ok']);
    expect(r.warnings).toHaveLength(3);
  });
});

describe('tunnel settings (ip -d, iproute2 6.1.0 as our vxlan lab prints them)', () => {
  // fixtures/k8s-vxlan/healthy/hosts/worker-1/ip-addr.txt
  const text = d(`
    4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default qlen 1000
        link/ether 02:4e:00:00:20:01 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535 
        vxlan id 1 local 192.168.56.10 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum 
        inet 10.244.0.0/32 scope global flannel.1
  `);
  it('text: VNI, underlay address and UDP port', () => {
    const { value, warnings } = parseIpAddr(text, 'f');
    expect(warnings).toEqual([]);
    expect(value[0]).toMatchObject({ kind: 'vxlan', tunnel: { id: 1, local: '192.168.56.10', dstport: 8472 } });
  });
  it('JSON: the same from linkinfo.info_data', () => {
    const json = JSON.stringify([
      {
        ifindex: 4,
        ifname: 'flannel.1',
        flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
        linkinfo: { info_kind: 'vxlan', info_data: { id: 1, local: '192.168.56.10', port: 8472, learning: false } },
        addr_info: [],
      },
    ]);
    expect(parseIpAddrJson(json, 'f').value[0]!.tunnel).toEqual({ id: 1, local: '192.168.56.10', dstport: 8472 });
  });
});

describe('the one-line forms (issue 15): iproute2 6.1.0 in a namespace with a veth va–vb, vb down', () => {
  it('ip -br addr: state, peers, addresses; DOWN is admin down (carrier unknown), LOWERLAYERDOWN up without carrier', () => {
    const { value, warnings } = parseIpAddr(
      'lo               UNKNOWN        127.0.0.1/8 ::1/128 \nvb@va            DOWN           \nva@vb            LOWERLAYERDOWN 10.9.0.1/24 \n',
      'f',
    );
    expect(warnings).toEqual([]);
    expect(
      value.map((i) => [i.name, i.peerName, i.adminUp, i.carrier, i.addresses.map((a) => `${a.local}/${a.prefix}`)]),
    ).toEqual([
      ['lo', undefined, true, undefined, ['127.0.0.1/8', '::1/128']],
      ['vb', 'va', false, undefined, []],
      ['va', 'vb', true, false, ['10.9.0.1/24']],
    ]);
  });
  it('ip -br link: the flags say it all', () => {
    const { value } = parseIpAddr(
      'lo               UNKNOWN        00:00:00:00:00:00 <LOOPBACK,UP,LOWER_UP> \nvb@va            DOWN           fa:83:85:0e:bd:ec <BROADCAST,MULTICAST> \nva@vb            LOWERLAYERDOWN 36:ec:c1:5d:74:2b <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> \n',
      'f',
    );
    expect(value.map((i) => [i.name, i.adminUp, i.carrier, i.mac])).toEqual([
      ['lo', true, true, '00:00:00:00:00:00'],
      ['vb', false, undefined, 'fa:83:85:0e:bd:ec'],
      ['va', true, false, '36:ec:c1:5d:74:2b'],
    ]);
  });
  it('ip -o link is ip link on one line; ip -o addr has no state, which a warning says', () => {
    const link = parseIpAddr(
      '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN mode DEFAULT group default qlen 1000\\    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n3: va@vb: <NO-CARRIER,BROADCAST,MULTICAST,UP,M-DOWN> mtu 1500 qdisc noqueue state LOWERLAYERDOWN mode DEFAULT group default qlen 1000\\    link/ether 36:ec:c1:5d:74:2b brd ff:ff:ff:ff:ff:ff\n',
      'f',
    );
    expect(link.warnings).toEqual([]);
    expect(link.value.map((i) => [i.name, i.adminUp, i.carrier, i.mac])).toEqual([
      ['lo', true, true, '00:00:00:00:00:00'],
      ['va', true, false, '36:ec:c1:5d:74:2b'],
    ]);
    const addr = parseIpAddr(
      '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever\n1: lo    inet6 ::1/128 scope host \\       valid_lft forever preferred_lft forever\n3: va    inet 10.9.0.1/24 scope global va\\       valid_lft forever preferred_lft forever\n',
      'f',
    );
    expect(addr.value.map((i) => [i.name, i.addresses.length])).toEqual([
      ['lo', 2],
      ['va', 1],
    ]);
    expect(addr.warnings.map((x) => x.message)).toEqual([
      'ip -o addr shows no device state: 2 device(s) are taken as up (capture ip addr for their state)',
    ]);
  });
  it('each form is recognised by its content as a single file', () => {
    expect(detectByContent('lo               UNKNOWN        127.0.0.1/8 ::1/128 \n')).toBe('ip-addr.txt');
    expect(detectByContent('1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever\n')).toBe('ip-addr.txt');
  });
  it('ip -4 addr lists only devices with an IPv4 address: a route through one it leaves out is no missing device', () => {
    // captured in a lab namespace (Debian 12, iproute2 6.1): cali0a1b2c3d4e has no IPv4 address, so `ip -4 addr`
    // does not list it, while `ip -4 route` routes a pod through it
    const addr = d(`
      1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
          inet 127.0.0.1/8 scope host lo
             valid_lft forever preferred_lft forever
      3: eth0@cali0a1b2c3d4e: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
          inet 192.168.56.10/24 scope global eth0
             valid_lft forever preferred_lft forever
    `);
    const route =
      '10.244.0.5 dev cali0a1b2c3d4e scope link \n192.168.56.0/24 dev eth0 proto kernel scope link src 192.168.56.10 \n';
    expect(parseIpAddr(addr, 'f').value.map((i) => [i.name, i.addressesOnly])).toEqual([
      ['lo', true],
      ['eth0', true],
    ]);
    // the full listing is not marked
    expect(parseIpAddr(SAMPLE, 'f').value.some((i) => i.addressesOnly)).toBe(false);
    const h = snap({ 'hosts/n/ip-addr.txt': addr, 'hosts/n/ip-route.txt': route }).hosts[0]!;
    expect(listsAllDevices(h)).toBe(false);
    const s = snap({ 'hosts/n/ip-addr.txt': addr, 'hosts/n/ip-route.txt': route });
    expect(firstHopProblem(s, s.hosts[0]!, parseIp('10.244.0.5')!)).toBeUndefined();
  });
});
