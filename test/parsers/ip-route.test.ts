import { describe, expect, it } from 'vitest';
import { parseIpRoute } from '../../src/parsers/ip-route.js';
import { parseIpRouteJson } from '../../src/parsers/ip-route-json.js';
import { d } from '../helpers.js';

// docs/networking-facts.md §ip-route, trailing spaces kept
const SAMPLE = [
  'default via 192.168.56.1 dev eth0 proto dhcp src 192.168.56.10 metric 100 ',
  '10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1 ',
  '10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink ',
  '10.244.2.0/24 via 192.168.56.12 dev eth0 ',
  'blackhole 10.244.3.0/26 proto bird ',
  '10.244.3.5 dev cali1a2b3c4d5e6 scope link ',
  '192.168.56.0/24 dev eth0 proto kernel scope link src 192.168.56.10 ',
  '172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 linkdown ',
].join('\n');

describe('parseIpRoute (docs/networking-facts.md §ip-route)', () => {
  const { value, warnings } = parseIpRoute(SAMPLE, 'ip-route.txt');
  it('reads all routes without warnings', () => {
    expect(warnings).toEqual([]);
    expect(value).toHaveLength(8);
  });
  it('default, via, dev, proto, src, metric', () => {
    expect(value[0]).toMatchObject({
      type: 'unicast',
      dstText: 'default',
      gateway: '192.168.56.1',
      dev: 'eth0',
      protocol: 'dhcp',
      prefsrc: '192.168.56.10',
      metric: 100,
    });
    expect(value[0]!.dst.prefix).toBe(0);
  });
  it('onlink, linkdown, blackhole and host routes', () => {
    expect(value[2]!.flags).toEqual(['onlink']);
    expect(value[7]!.flags).toEqual(['linkdown']);
    expect(value[4]).toMatchObject({ type: 'blackhole', dstText: '10.244.3.0/26', protocol: 'bird' });
    expect(value[5]).toMatchObject({ dstText: '10.244.3.5', scope: 'link' });
    expect(value[5]!.dst.prefix).toBe(32);
  });
  it('multipath nexthops and unreachable', () => {
    const r = parseIpRoute(
      d(`
      default proto static metric 100 
      	nexthop via 10.0.0.1 dev eth0 weight 1 
      	nexthop via 10.0.1.1 dev eth1 weight 2 
      unreachable 10.9.0.0/16 
    `),
      'f',
    );
    expect(r.warnings).toEqual([]);
    expect(r.value[0]!.nexthops).toEqual([
      { gateway: '10.0.0.1', dev: 'eth0', weight: 1, flags: [] },
      { gateway: '10.0.1.1', dev: 'eth1', weight: 2, flags: [] },
    ]);
    expect(r.value[0]!.gateway).toBe('10.0.0.1');
    expect(r.value[1]!.type).toBe('unreachable');
  });
  it('unknown keywords, truncated lines and garbage become warnings', () => {
    const r = parseIpRoute('10.0.0.0/8 via\nfoo bar\n10.1.0.0/16 dev eth0 frobnicate 3\n', 'f');
    expect(r.value.map((x) => x.dstText)).toEqual(['10.0.0.0/8', '10.1.0.0/16']);
    expect(r.warnings.map((w) => w.line)).toEqual([1, 2, 3]);
  });
});

describe('parseIpRouteJson (docs/networking-facts.md §ip-json)', () => {
  it('reads type, dst, gateway, flags', () => {
    const j =
      '[{"dst":"default","gateway":"192.168.56.1","dev":"eth0","protocol":"dhcp","prefsrc":"192.168.56.10","metric":100,"flags":[]},{"dst":"10.244.1.0/24","gateway":"10.244.1.0","dev":"flannel.1","flags":["onlink"]},{"type":"blackhole","dst":"10.244.3.0/26","protocol":"bird","flags":[]}]';
    const { value, warnings } = parseIpRouteJson(j, 'f');
    expect(warnings).toEqual([]);
    expect(value[0]).toMatchObject({ dstText: 'default', gateway: '192.168.56.1', metric: 100 });
    expect(value[1]!.flags).toEqual(['onlink']);
    expect(value[2]!.type).toBe('blackhole');
  });
});
