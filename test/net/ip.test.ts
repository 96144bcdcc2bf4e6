// CIDR math as table tests: parsing, masks, containment and classification for IPv4 and IPv6.
import { describe, expect, it } from 'vitest';
import {
  cidrContains,
  cidrToString,
  ipToString,
  isLinkLocal,
  isLoopback,
  isPrivate,
  netmaskToPrefix,
  parseCidr,
  parseIp,
} from '../../src/net/ip.js';

describe('parseIp', () => {
  it.each([
    ['10.0.0.1', 4, '10.0.0.1'],
    ['255.255.255.255', 4, '255.255.255.255'],
    ['0.0.0.0', 4, '0.0.0.0'],
    ['fe80::1', 6, 'fe80::1'],
    ['fe80::1%eth0', 6, 'fe80::1'],
    ['2001:db8:0:0:0:0:0:1', 6, '2001:db8::1'],
    ['::ffff:10.0.0.1', 6, '::ffff:a00:1'],
  ])('%s → IPv%i %s', (text, family, back) => {
    const ip = parseIp(text)!;
    expect(ip.family).toBe(family);
    expect(ipToString(ip)).toBe(back);
  });
  it.each(['256.0.0.1', '10.0.0', '10.0.0.1.2', 'eth0', '', '1.2.3.4/24', 'fe80:::1', ' 10.0.0.1'])(
    '%j is not an address',
    (text) => expect(parseIp(text)).toBeNull(),
  );
});

describe('parseCidr', () => {
  it.each([
    ['192.168.15.1/24', '192.168.15.0/24', 4],
    ['192.168.15.1', '192.168.15.1/32', 4],
    ['10.244.0.0/255.255.0.0', '10.244.0.0/16', 4],
    ['default', '0.0.0.0/0', 4],
    ['0.0.0.0/0', '0.0.0.0/0', 4],
    ['fd00::5/64', 'fd00::/64', 6],
    ['10.1.2.3/0', '0.0.0.0/0', 4],
  ])('%s → %s', (text, network, family) => {
    const c = parseCidr(text)!;
    expect(cidrToString(c)).toBe(network);
    expect(c.family).toBe(family);
  });
  it.each(['10.0.0.0/33', '10.0.0.0/255.0.255.0', 'fd00::/129', 'fd00::/ffff::', 'x/24', '10.0.0.0/-1'])(
    '%j is refused',
    (text) => expect(parseCidr(text)).toBeNull(),
  );
  it('without hostPrefix a bare address is refused', () => {
    expect(parseCidr('10.0.0.1', false)).toBeNull();
    expect(parseCidr('10.0.0.1/8', false)).not.toBeNull();
  });
  it('keeps the address as written beside the network', () => {
    const c = parseCidr('192.168.15.1/24')!;
    expect(ipToString({ family: 4, value: c.addr })).toBe('192.168.15.1');
  });
});

describe('containment and masks', () => {
  it.each([
    ['10.244.0.0/16', '10.244.255.1', true],
    ['10.244.0.0/16', '10.245.0.1', false],
    ['192.168.15.5/32', '192.168.15.5', true],
    ['192.168.15.5/32', '192.168.15.6', false],
    ['0.0.0.0/0', '8.8.8.8', true],
    ['0.0.0.0/0', '::1', false],
    ['fd00::/64', 'fd00::abcd', true],
    ['fd00::/64', 'fd00:0:0:1::1', false],
  ])('%s contains %s: %s', (cidr, ip, want) => {
    expect(cidrContains(parseCidr(cidr)!, parseIp(ip)!)).toBe(want);
  });
  it.each([
    ['255.255.255.0', 24],
    ['255.255.255.255', 32],
    ['0.0.0.0', 0],
    ['255.255.128.0', 17],
    ['255.0.255.0', -1],
    ['fe80::', -1],
    ['nonsense', -1],
  ])('netmask %s → /%i', (mask, prefix) => expect(netmaskToPrefix(mask)).toBe(prefix));
});

describe('classification', () => {
  it.each([
    ['10.1.2.3', true, false, false],
    ['172.31.255.1', true, false, false],
    ['172.32.0.1', false, false, false],
    ['100.64.0.1', true, false, false],
    ['192.168.1.3', true, false, false],
    ['8.8.8.8', false, false, false],
    ['127.0.0.53', false, true, false],
    ['::1', false, true, false],
    ['169.254.1.1', false, false, true],
    ['fe80::1', false, false, true],
    ['fd12::1', true, false, false],
  ])('%s: private %s, loopback %s, link-local %s', (ip, priv, loop, ll) => {
    const a = parseIp(ip)!;
    expect([isPrivate(a), isLoopback(a), isLinkLocal(a)]).toEqual([priv, loop, ll]);
  });
});

describe('parseIp reads dotted IPv4 by hand as the pattern it replaced did', () => {
  it('agrees with /^\\d{1,3}(\\.\\d{1,3}){3}$/ and the 255 limit on 20,000 seeded strings', () => {
    const reference = (t: string): bigint | null | undefined => {
      if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(t)) return undefined;
      const p = t.split('.').map(Number);
      return p.every((x) => x <= 255) ? BigInt(p[0]! * 2 ** 24 + p[1]! * 2 ** 16 + p[2]! * 2 ** 8 + p[3]!) : null;
    };
    // groups of digits (now and then a foreign character), mostly four, mostly joined by dots
    const chars = ['0', '1', '2', '5', '9', '0', '1', '2', '5', '9', '-', 'a', ' ', '١', ':'];
    let seed = 11;
    const r = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    let shaped = 0;
    for (let k = 0; k < 20_000; k++) {
      const groups: string[] = [];
      for (let g = r() < 0.8 ? 4 : Math.floor(r() * 6); g > 0; g--) {
        let x = '';
        for (let n = Math.floor(r() * 5); n > 0; n--) x += chars[Math.floor(r() * (r() < 0.9 ? 10 : chars.length))];
        groups.push(x);
      }
      const t = groups.join(r() < 0.95 ? '.' : ',');
      const want = reference(t);
      if (want === undefined) {
        expect(parseIp(t)?.family ?? null, t).not.toBe(4);
        continue;
      }
      shaped++;
      expect(parseIp(t)?.value ?? null, t).toBe(want);
    }
    expect(shaped).toBeGreaterThan(200);
  });
});
