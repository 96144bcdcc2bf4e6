// Seeded random cases for the differential test: a few network namespaces joined by veths and bridges, random
// addresses, routes and sysctls, random iptables-restore input over raw/mangle/nat/filter, and packets to send.
// The same seed always gives the same case (docs/dataplane-difftest.md).

/** mulberry32: small, fast, and the same sequence on every machine for a seed. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  // A float in [0, 1).
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
}

export interface NsSpec {
  id: string;
  forward: boolean;
  rpFilter: 0 | 1 | 2;
  /** iptables-restore input (all four tables, every built-in chain declared). */
  rules: string;
  /** `ip route add` argument lists. */
  routes: string[][];
}

export interface LinkEnd {
  ns: string;
  iface: string;
  addr?: string;
  up: boolean;
}

/** A veth pair, or a bridge in `bridge.ns` whose ports lead by veth to each member. */
export type Link =
  | { kind: 'veth'; subnet: number; a: LinkEnd; b: LinkEnd }
  | {
      kind: 'bridge';
      subnet: number;
      ns: string;
      bridge: string;
      addr?: string;
      up: boolean;
      members: (LinkEnd & { port: string })[];
    };

export interface Packet {
  from: string;
  dst: string;
  proto: 'icmp' | 'udp' | 'tcp';
  dport?: number;
}

export interface Case {
  seed: number;
  namespaces: NsSpec[];
  links: Link[];
  packets: Packet[];
  /** Every address in the case, for the observation chain. */
  addresses: string[];
}

const PORTS = [22, 53, 80, 443, 8080];
const subnetOf = (n: number): string => `10.${100 + n}.0`;

// One case for a seed: 2 to 6 namespaces, a connected set of links, routes, rules and `packets` packets.
export function generate(seed: number, packets = 8): Case {
  const r = new Rng(seed);
  const n = r.int(2, 6);
  const ids = Array.from({ length: n }, (_, k) => `n${k}`);
  const ifaces = new Map<string, number>(ids.map((id) => [id, 0]));
  const nextIf = (ns: string, prefix = 'e'): string => {
    const k = ifaces.get(ns)!;
    ifaces.set(ns, k + 1);
    return `${prefix}${k}`;
  };
  const links: Link[] = [];
  const addrs: { ns: string; iface: string; addr: string; subnet: number }[] = [];
  let subnet = 0;
  const end = (ns: string, host: number, sn: number, prefix = 'e'): LinkEnd => {
    const iface = nextIf(ns, prefix);
    const addr = `${subnetOf(sn)}.${host}`;
    addrs.push({ ns, iface, addr, subnet: sn });
    return { ns, iface, addr, up: !r.chance(0.06) };
  };
  // a spanning tree keeps every namespace reachable in principle, extra links add cycles
  const joins: [string, string][] = [];
  for (let k = 1; k < n; k++) joins.push([ids[r.int(0, k - 1)]!, ids[k]!]);
  for (let k = r.int(0, 2); k > 0 && n > 2; k--) {
    const a = r.pick(ids);
    const b = r.pick(ids.filter((x) => x !== a));
    joins.push([a, b]);
  }
  for (const [a, b] of joins) {
    const sn = subnet++;
    if (r.chance(0.3)) {
      // a bridge in `a` with `b` (and maybe one more namespace) behind it
      const members = [b];
      const third = ids.filter((x) => x !== a && x !== b);
      if (third.length > 0 && r.chance(0.5)) members.push(r.pick(third));
      const bridge = nextIf(a, 'br');
      const brAddr = r.chance(0.7) ? `${subnetOf(sn)}.254` : undefined;
      if (brAddr) addrs.push({ ns: a, iface: bridge, addr: brAddr, subnet: sn });
      links.push({
        kind: 'bridge',
        subnet: sn,
        ns: a,
        bridge,
        ...(brAddr ? { addr: brAddr } : {}),
        up: !r.chance(0.05),
        members: members.map((m, k) => ({ ...end(m, k + 1, sn), port: nextIf(a, 'p') })),
      });
    } else links.push({ kind: 'veth', subnet: sn, a: end(a, 1, sn), b: end(b, 2, sn) });
  }
  const namespaces: NsSpec[] = ids.map((id) => ({
    id,
    forward: r.chance(0.75),
    rpFilter: r.pick([0, 0, 0, 1, 2] as const),
    rules: '',
    routes: [],
  }));
  // routes: towards subnets not connected, via a neighbour on a connected subnet (possibly wrong, possibly a loop)
  for (const ns of namespaces) {
    const mine = addrs.filter((a) => a.ns === ns.id);
    const mySubnets = new Set(mine.map((a) => a.subnet));
    const neighbours = addrs.filter((a) => a.ns !== ns.id && mySubnets.has(a.subnet));
    for (let sn = 0; sn < subnet; sn++) {
      if (mySubnets.has(sn) || !r.chance(0.6)) continue;
      if (r.chance(0.08)) {
        ns.routes.push([r.pick(['blackhole', 'unreachable', 'prohibit']), `${subnetOf(sn)}.0/24`]);
        continue;
      }
      if (neighbours.length === 0) continue;
      const gw = r.pick(neighbours);
      ns.routes.push([`${subnetOf(sn)}.0/24`, 'via', gw.addr]);
    }
    if (neighbours.length > 0 && r.chance(0.5)) ns.routes.push(['default', 'via', r.pick(neighbours).addr]);
  }
  const all = addrs.map((a) => a.addr);
  for (const ns of namespaces)
    ns.rules = rules(
      r,
      addrs.filter((a) => a.ns === ns.id),
      all,
      ifaceNames(links, ns.id),
    );
  const targets = [...all, '198.51.100.7', `${subnetOf(r.int(0, subnet - 1))}.77`];
  const pk: Packet[] = [];
  for (let k = 0; k < packets; k++) {
    const proto = r.pick(['icmp', 'udp', 'tcp'] as const);
    pk.push({
      from: r.pick(ids),
      dst: r.pick(targets),
      proto,
      ...(proto === 'icmp' ? {} : { dport: r.pick(PORTS) }),
    });
  }
  return { seed, namespaces, links, packets: pk, addresses: all };
}

function ifaceNames(links: Link[], ns: string): string[] {
  const out: string[] = [];
  for (const l of links) {
    if (l.kind === 'veth') {
      if (l.a.ns === ns) out.push(l.a.iface);
      if (l.b.ns === ns) out.push(l.b.iface);
    } else {
      if (l.ns === ns) out.push(l.bridge);
      for (const m of l.members) if (m.ns === ns) out.push(m.iface);
    }
  }
  return out;
}

const HOOKS: Record<string, string[]> = {
  raw: ['PREROUTING', 'OUTPUT'],
  mangle: ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'],
  nat: ['PREROUTING', 'INPUT', 'OUTPUT', 'POSTROUTING'],
  filter: ['INPUT', 'FORWARD', 'OUTPUT'],
};

/** Destinations of packets the kernel sends on its own; the first raw rules drop them (never compared). */
export const NOISE = '224.0.0.0/4';

/** The first rules of mangle OUTPUT and INPUT: replies die where they are made, and arrivals show their source. */
export const OBSERVE_CHAIN = 'OBSERVE';

// iptables-restore input for one namespace.
function rules(r: Rng, own: { addr: string; subnet: number }[], all: string[], names: string[]): string {
  const out: string[] = [];
  for (const table of ['raw', 'mangle', 'nat', 'filter']) {
    out.push(`*${table}`);
    const hooks = HOOKS[table]!;
    const body: string[] = [];
    const decl: string[] = [];
    for (const hook of hooks) {
      const policy = table === 'filter' && r.chance(0.15) ? 'DROP' : 'ACCEPT';
      decl.push(`:${hook} ${policy} [0:0]`);
    }
    if (table === 'raw') {
      // the kernel's own multicast (IGMP reports when a device comes up) dies here before any other rule counts it
      body.push(`-A PREROUTING -d ${NOISE} -j DROP`, `-A OUTPUT -d ${NOISE} -j DROP`);
    }
    if (table === 'mangle') {
      decl.push(`:${OBSERVE_CHAIN} - [0:0]`);
      body.push(`-A OUTPUT -m conntrack --ctstate RELATED,ESTABLISHED -j DROP`);
      body.push(`-A INPUT -j ${OBSERVE_CHAIN}`);
      for (const a of all) body.push(`-A ${OBSERVE_CHAIN} -s ${a}/32 -j RETURN`);
    }
    for (const hook of hooks) {
      // user chains of this hook, each jumping only to later ones (no loops)
      const users = Array.from({ length: r.int(0, 2) }, (_, k) => `U${hook.slice(0, 3)}${k}`);
      for (const u of users) decl.push(`:${u} - [0:0]`);
      const chains = [hook, ...users];
      chains.forEach((chain, ci) => {
        const count = r.int(0, chain === hook ? 4 : 3);
        for (let k = 0; k < count; k++) {
          const later = users.slice(Math.max(0, ci));
          let t = target(
            r,
            table,
            hook,
            later.filter((u) => u !== chain),
            own,
          );
          let m = matches(r, table, hook, own, all, names);
          // a port in a NAT target needs `-p tcp` or `-p udp` in the rule (iptables refuses the rule otherwise)
          if (/--to-ports|--to-destination \S+:\d+/.test(t)) {
            if (/-p icmp|! -p/.test(m))
              t = t.replace(/ --to-ports \d+/, '').replace(/(--to-destination [\d.]+):\d+/, '$1');
            else if (!/-p (tcp|udp)/.test(m)) m = `-p ${r.pick(['tcp', 'udp'])} ${m}`;
          }
          // a TCP reset needs `-p tcp`
          if (t.includes('tcp-reset') && !/(^|[^!] )-p tcp/.test(m)) {
            if (/-p /.test(m)) t = t.replace('tcp-reset', 'icmp-port-unreachable');
            else m = `-p tcp ${m}`;
          }
          body.push(`-A ${chain} ${m}${t}`);
        }
      });
    }
    out.push(...decl, ...body, 'COMMIT');
  }
  return `${out.join('\n')}\n`;
}

function cidrAround(r: Rng, addr: string): string {
  const prefix = r.pick([32, 32, 24, 24, 16, 8]);
  const parts = addr.split('.').map(Number);
  const v = ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const n = (v & mask) >>> 0;
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}/${prefix}`;
}

function matches(r: Rng, table: string, hook: string, own: { addr: string }[], all: string[], names: string[]): string {
  const m: string[] = [];
  const not = (): string => (r.chance(0.2) ? '! ' : '');
  if (r.chance(0.35)) m.push(`${not()}-s ${cidrAround(r, r.pick(all))}`);
  if (r.chance(0.35))
    m.push(`${not()}-d ${cidrAround(r, r.pick(own.length > 0 && r.chance(0.5) ? own.map((o) => o.addr) : all))}`);
  const inOk = hook === 'PREROUTING' || hook === 'INPUT' || hook === 'FORWARD';
  const outOk = hook === 'OUTPUT' || hook === 'POSTROUTING' || hook === 'FORWARD';
  if (names.length > 0 && inOk && r.chance(0.25)) m.push(`${not()}-i ${r.chance(0.2) ? 'e+' : r.pick(names)}`);
  if (names.length > 0 && outOk && r.chance(0.25)) m.push(`${not()}-o ${r.chance(0.2) ? 'e+' : r.pick(names)}`);
  const proto = r.chance(0.4) ? r.pick(['icmp', 'udp', 'tcp']) : undefined;
  if (proto) {
    m.push(`${r.chance(0.1) ? '! ' : ''}-p ${proto}`);
    if (proto !== 'icmp' && !m.at(-1)!.startsWith('!') && r.chance(0.6)) {
      if (r.chance(0.3)) m.push(`-m multiport ${not()}--dports ${r.pick(PORTS)},${r.pick(PORTS)}`);
      else m.push(`-m ${proto} ${not()}--dport ${r.chance(0.2) ? '50:100' : r.pick(PORTS)}`);
    }
    if (proto === 'icmp' && !m.at(-1)!.startsWith('!') && r.chance(0.5))
      m.push(`-m icmp ${not()}--icmp-type ${r.pick(['8', '0', '3', 'echo-request', '3/3'])}`);
  }
  if (r.chance(0.15)) m.push(`-m mark ${not()}--mark ${r.pick(['0x1', '0x2/0x2', '0x0/0xf', '0x4000/0x4000'])}`);
  if (table === 'mangle' && r.chance(0.08)) m.push(`-m connmark ${not()}--mark ${r.pick(['0x1', '0x10/0x10'])}`);
  if (table !== 'raw' && r.chance(0.15))
    m.push(
      `-m conntrack ${not()}--ctstate ${r.pick(['NEW', 'ESTABLISHED,RELATED', 'INVALID', 'RELATED', 'UNTRACKED'])}`,
    );
  if (r.chance(0.1))
    m.push(`-m addrtype ${not()}--${r.pick(['dst', 'src'])}-type ${r.pick(['LOCAL', 'UNICAST', 'LOCAL,BROADCAST'])}`);
  if (r.chance(0.06)) m.push(`-m statistic --mode random --probability ${r.pick(['0.5', '0.25'])}`);
  if (r.chance(0.1)) m.push(`-m comment --comment "case rule"`);
  return m.length > 0 ? `${m.join(' ')} ` : '';
}

function target(r: Rng, table: string, hook: string, later: string[], own: { addr: string }[]): string {
  const opts: (() => string)[] = [() => 'ACCEPT', () => 'RETURN'];
  if (later.length > 0)
    opts.push(
      () => r.pick(later),
      () => `GOTO ${r.pick(later)}`,
    );
  if (table === 'filter')
    opts.push(
      () => 'DROP',
      () => 'DROP',
      () =>
        `REJECT --reject-with ${r.pick(['icmp-port-unreachable', 'icmp-host-unreachable', 'tcp-reset', 'icmp-admin-prohibited'])}`,
    );
  if (table === 'raw')
    opts.push(
      () => 'DROP',
      () => r.pick(['NOTRACK', 'CT --notrack']),
      () => `MARK --set-xmark ${r.pick(['0x1/0xffffffff', '0x2/0x2'])}`,
    );
  if (table === 'mangle')
    opts.push(
      () => `MARK --set-xmark ${r.pick(['0x1/0xffffffff', '0x2/0x2', '0x4000/0x4000', '0x0/0x1'])}`,
      () => `MARK --set-mark 0x${r.int(1, 3)}`,
      () => r.pick(['CONNMARK --set-xmark 0x1/0xffffffff', 'CONNMARK --save-mark', 'CONNMARK --restore-mark']),
      () => 'DROP',
    );
  if (table === 'nat') {
    if (hook === 'PREROUTING' || hook === 'OUTPUT')
      opts.push(
        () =>
          `DNAT --to-destination ${r.pick([...own.map((o) => o.addr), '10.100.0.1', '10.101.0.2', '10.102.0.1'])}${r.chance(0.3) ? `:${r.pick(PORTS)}` : ''}`,
        () => (r.chance(0.5) ? 'REDIRECT' : `REDIRECT --to-ports ${r.pick(PORTS)}`),
      );
    if (hook === 'POSTROUTING')
      opts.push(
        () => 'MASQUERADE',
        () => 'MASQUERADE',
      );
    if ((hook === 'POSTROUTING' || hook === 'INPUT') && own.length > 0)
      opts.push(() => `SNAT --to-source ${r.pick(own).addr}`);
  }
  const t = r.pick(opts)();
  if (t.startsWith('GOTO ')) return `-g ${t.slice(5)}`;
  return `-j ${t}`;
}
