// Route lookup and next-hop checks as table tests, on hosts built from real-shaped `ip addr` / `ip route` text
// (docs/networking-facts.md §ip-addr, §ip-route).
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../src/net/ip.js';
import { connectedOn, defaultRoute, firstHopProblem, lookup, mainRoutes, owners } from '../../src/snapshot/routing.js';
import { d, snap } from '../helpers.js';

const ADDR = d(`
  1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
      link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
      inet 127.0.0.1/8 scope host lo
  2: eth0@if9: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
      link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netnsid 0
      inet 10.0.0.5/24 brd 10.0.0.255 scope global eth0
  3: eth1@if10: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default qlen 1000
      link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0
      inet 172.16.0.5/24 brd 172.16.0.255 scope global eth1
`);
const ROUTES = [
  'default via 10.0.0.1 dev eth0 metric 100 ',
  'default via 10.0.0.254 dev eth0 metric 50 ',
  '10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5 ',
  '10.0.0.128/25 via 10.0.0.2 dev eth0 ',
  '10.9.0.0/16 via 192.168.77.1 dev eth0 ',
  '172.16.0.0/24 dev eth1 proto kernel scope link src 172.16.0.5 linkdown ',
  'blackhole 10.66.0.0/16 ',
  '10.88.0.0/16 via 10.0.0.1 dev eth7 ',
  '',
].join('\n');
const host = (routes = ROUTES, extra: Record<string, string> = {}) =>
  snap({ 'hosts/a/ip-addr.txt': ADDR, 'hosts/a/ip-route.txt': routes, ...extra });
const ip = (s: string) => parseIp(s)!;

describe('lookup: longest prefix, then lowest metric', () => {
  it.each([
    ['10.0.0.7', '10.0.0.0/24'],
    ['10.0.0.200', '10.0.0.128/25'],
    ['8.8.8.8', 'default via 10.0.0.254'],
    ['172.16.0.9', '172.16.0.0/24'],
    ['10.66.1.1', 'blackhole 10.66.0.0/16'],
  ])('%s → %s', (dst, route) => {
    expect(lookup(host().hosts[0]!, ip(dst))!.src.text.trim()).toContain(route);
  });
  it('no default route: a destination nobody routes has no route', () => {
    const h = host('10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5 \n').hosts[0]!;
    expect(lookup(h, ip('8.8.8.8'))).toBeUndefined();
    expect(defaultRoute(h)).toBeUndefined();
  });
  it('without `ip route`, the connected routes come from the addresses (not lo, not /32)', () => {
    const h = snap({ 'hosts/a/ip-addr.txt': ADDR }).hosts[0]!;
    expect(mainRoutes(h).map((r) => r.dstText)).toEqual(['10.0.0.5/24', '172.16.0.5/24']);
    expect(lookup(h, ip('10.0.0.9'))?.dev).toBe('eth0');
  });
});

describe('first-hop problems', () => {
  it.each([
    ['10.0.0.7', undefined],
    ['10.66.1.1', 'reject-route'],
    ['172.16.0.9', 'dev-down'],
    ['10.9.1.1', 'gateway-off-link'],
    ['10.88.1.1', 'dev-missing'],
  ])('%s → %s', (dst, kind) => {
    const s = host();
    expect(firstHopProblem(s, s.hosts[0]!, ip(dst))?.kind).toBe(kind);
  });
  it('no route at all', () => {
    const s = host('10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5 \n');
    expect(firstHopProblem(s, s.hosts[0]!, ip('8.8.8.8'))).toEqual({ kind: 'no-route' });
  });
  it('a gateway whose neighbour entry FAILED is unanswered', () => {
    const s = host(ROUTES, { 'hosts/a/ip-neigh.txt': '10.0.0.254 dev eth0 FAILED \n' });
    expect(firstHopProblem(s, s.hosts[0]!, ip('8.8.8.8'))).toMatchObject({
      kind: 'gateway-unanswered',
      how: 'neigh-failed',
    });
  });
  it('an onlink gateway off every subnet is accepted as written', () => {
    const s = host('10.9.0.0/16 via 192.168.77.1 dev eth0 onlink \n');
    expect(firstHopProblem(s, s.hosts[0]!, ip('10.9.1.1'))).toBeUndefined();
  });
});

describe('ownership', () => {
  it('connectedOn names the interface whose subnet holds the address; owners finds who has it', () => {
    const s = host();
    expect(connectedOn(s.hosts[0]!, ip('10.0.0.77'))?.iface.name).toBe('eth0');
    expect(connectedOn(s.hosts[0]!, ip('10.1.0.1'))).toBeUndefined();
    expect(owners(s, ip('10.0.0.5')).map((p) => `${p.host.id}/${p.iface.name}`)).toEqual(['a/eth0']);
    expect(owners(s, ip('10.0.0.6'))).toEqual([]);
  });
});
