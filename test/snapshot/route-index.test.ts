// The per-host indexes (src/snapshot/route-index.ts) against the scans they replaced, on seeded random tables:
// same route for every lookup, same covering address, same connected routes, same interface by name.
import { describe, expect, it } from 'vitest';
import type { Address, Interface, Route, RouteType } from '../../src/model.js';
import { type Ip, cidrContains, parseCidr, parseIp } from '../../src/net/ip.js';
import { connectedOn, connectedRoutes, ifaceByName, lookup, mainRoutes } from '../../src/snapshot/routing.js';
import type { Host } from '../../src/snapshot/types.js';

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

// The scans as they were.
const refLookup = (routes: Route[], ip: Ip): Route | undefined => {
  let best: Route | undefined;
  for (const r of routes) {
    if (r.type === 'local' || r.type === 'broadcast' || r.type === 'multicast') continue;
    if (r.dst.family !== ip.family || !cidrContains(r.dst, ip)) continue;
    if (
      !best ||
      r.dst.prefix > best.dst.prefix ||
      (r.dst.prefix === best.dst.prefix && (r.metric ?? 0) < (best.metric ?? 0))
    )
      best = r;
  }
  return best;
};
const refConnectedOn = (h: Host, ip: Ip): { iface: Interface; addr: Address } | undefined => {
  for (const i of h.interfaces ?? [])
    for (const a of i.addresses) if (a.family === ip.family && cidrContains(a.cidr, ip)) return { iface: i, addr: a };
  return undefined;
};
const refConnected = (routes: Route[], ip: Ip): Route[] =>
  routes.filter((x) => !x.gateway && x.type === 'unicast' && x.dst.prefix > 0 && cidrContains(x.dst, ip));

// A small address space (10.0.0.0/22 and fd00::/118) so that random prefixes overlap often.
function table(seed: number): { host: Host; probes: Ip[] } {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const v4 = (): string => `10.0.${Math.floor(r() * 4)}.${Math.floor(r() * 256)}`;
  const v6 = (): string => `fd00::${Math.floor(r() * 1024).toString(16)}`;
  const interfaces: Interface[] = [];
  for (let k = 0; k < 1 + Math.floor(r() * 6); k++) {
    const addresses: Address[] = [];
    for (let n = Math.floor(r() * 4); n > 0; n--) {
      const six = r() < 0.3;
      const local = six ? v6() : v4();
      const prefix = six ? 110 + Math.floor(r() * 19) : 20 + Math.floor(r() * 13);
      addresses.push({
        family: six ? 6 : 4,
        local,
        prefix,
        cidr: parseCidr(`${local}/${prefix}`)!,
        src: { file: 'a', line: 1, text: '' },
      });
    }
    interfaces.push({ name: `eth${k % 4}`, adminUp: true, flags: [], addresses } as unknown as Interface);
  }
  const types: RouteType[] = ['unicast', 'unicast', 'unicast', 'local', 'blackhole', 'broadcast', 'unreachable'];
  const routes: Route[] = [];
  for (let k = 0; k < Math.floor(r() * 60); k++) {
    const six = r() < 0.3;
    const prefix = r() < 0.1 ? 0 : six ? 108 + Math.floor(r() * 21) : 18 + Math.floor(r() * 15);
    const dstText = prefix === 0 ? 'default' : `${six ? v6() : v4()}/${prefix}`;
    const dst = prefix === 0 ? (six ? parseCidr('::/0')! : parseCidr('default')!) : parseCidr(dstText)!;
    const route = {
      type: pick(types),
      dstText,
      dst,
      ...(r() < 0.4 ? { gateway: six ? v6() : v4() } : {}),
      ...(r() < 0.8 ? { dev: `eth${Math.floor(r() * 5)}` } : {}),
      ...(r() < 0.5 ? { metric: Math.floor(r() * 3) * 100 } : {}),
      ...(r() < 0.15 ? { table: pick(['main', 'local', '100']) } : {}),
      flags: [],
      nexthops: [],
      src: { file: 'r', line: k + 1, text: '' },
    } as Route;
    routes.push(route);
  }
  const host = {
    id: `h${seed}`,
    kind: 'netns',
    meta: {},
    dir: '',
    files: [],
    notCollected: [],
    interfaces,
    routes,
  } as Host;
  const probes = Array.from({ length: 40 }, () => parseIp(r() < 0.3 ? v6() : v4())!);
  return { host, probes };
}

describe('route-index: the indexes answer as the scans did (500 seeded tables, 40 probes each)', () => {
  it('lookup, connectedOn, connected routes and interface by name', () => {
    let hits = 0;
    for (let seed = 1; seed <= 500; seed++) {
      const { host, probes } = table(seed);
      const main = host.routes!.filter((x) => x.table === undefined || x.table === 'main');
      expect(mainRoutes(host)).toEqual(main);
      for (const ip of probes) {
        const want = refLookup(main, ip);
        expect(lookup(host, ip), `seed ${seed} ${ip.value}`).toBe(want);
        if (want) hits++;
        const on = refConnectedOn(host, ip);
        const got = connectedOn(host, ip);
        expect(got?.iface, `seed ${seed}`).toBe(on?.iface);
        expect(got?.addr, `seed ${seed}`).toBe(on?.addr);
        expect(new Set(connectedRoutes(host, ip))).toEqual(new Set(refConnected(main, ip)));
      }
      for (const n of ['eth0', 'eth1', 'eth3', 'eth9'])
        expect(ifaceByName(host, n)).toBe(host.interfaces!.find((i) => i.name === n));
    }
    expect(hits).toBeGreaterThan(2000);
  });
  it('a host whose tables are replaced is indexed again', () => {
    const { host, probes } = table(7);
    const before = probes.map((ip) => lookup(host, ip));
    host.routes = [];
    expect(probes.map((ip) => lookup(host, ip))).toEqual(probes.map(() => undefined));
    expect(before.some((x) => x !== undefined)).toBe(true);
  });
});
