// One host's share of a packet's path, in the kernel's hook order (docs/networking-facts.md §hook-order):
// arriving (PREROUTING → routing → INPUT or FORWARD → POSTROUTING) and sent by the host itself (routing → OUTPUT →
// POSTROUTING), with conntrack's once-per-connection NAT and the reply's translation back.
import { type Ip, ipToString, isLoopback } from '../../net/ip.js';
import type { Host, Snapshot } from '../types.js';
import type { Ruleset } from '../../parsers/iptables-model.js';
import { type HookCtx, walkHook } from './chains.js';
import { type NftGraph, nftGraph } from './nft-rules.js';
import { type Flow, conntrack, fork } from './flow.js';
import { type End, pktText } from './packet.js';
import { type Why, why } from './why.js';
import {
  type Decision,
  addrTypeOf,
  decide,
  firstAddress,
  isLocal,
  ownsAddress,
  reversePathOk,
  selectAddress,
  sourceFor,
  sysctl,
} from './route.js';

/** Where a packet leaves a host onto a wire. */
export interface Exit {
  host: Host;
  iface: string;
  nexthop: Ip;
}

export type Out = { flow: Flow; end: End } | { flow: Flow; exit: Exit } | { flow: Flow; local: Host };

export interface Env {
  snap: Snapshot;
}

interface Hook {
  table: 'raw' | 'mangle' | 'nat' | 'filter';
  hook: string;
}

const h = (table: Hook['table'], hook: string): Hook => ({ table, hook });

/** Where each hook's packet filter sits relative to conntrack and NAT (include/uapi/linux/netfilter_ipv4.h). */
const PRE = [h('raw', 'PREROUTING'), h('mangle', 'PREROUTING'), h('nat', 'PREROUTING')];
const INPUT = [h('mangle', 'INPUT'), h('filter', 'INPUT'), h('nat', 'INPUT')];
const FORWARD = [h('mangle', 'FORWARD'), h('filter', 'FORWARD')];
const OUTPUT = [h('raw', 'OUTPUT'), h('mangle', 'OUTPUT'), h('nat', 'OUTPUT'), h('filter', 'OUTPUT')];
const POST = [h('mangle', 'POSTROUTING'), h('nat', 'POSTROUTING')];

export interface Where {
  inIface?: string;
  outIface?: string;
  physIn?: string;
  physOut?: string;
  bridged?: boolean;
  /** The next hop, for MASQUERADE's choice of address. */
  nexthop?: Ip;
}

/** One chain walk at a hook: an iptables table's built-in chain, or an nft base chain. */
interface Walker {
  rs: Ruleset;
  table: string;
  start: string;
  nat: boolean;
}

/** Each hook's iptables tables in the kernel's priority order, with their priorities. */
const HOOK_TABLES: Record<string, [Hook['table'], number][]> = {
  PREROUTING: [
    ['raw', -300],
    ['mangle', -150],
    ['nat', -100],
  ],
  INPUT: [
    ['mangle', -150],
    ['filter', 0],
    ['nat', 100],
  ],
  FORWARD: [
    ['mangle', -150],
    ['filter', 0],
  ],
  OUTPUT: [
    ['raw', -300],
    ['mangle', -150],
    ['nat', -100],
    ['filter', 0],
  ],
  POSTROUTING: [
    ['mangle', -150],
    ['nat', 100],
  ],
};

const IPTABLES_NFT = new Set(['filter', 'nat', 'mangle', 'raw', 'security']);
const graphs = new WeakMap<Host, NftGraph[]>();

// The host's nft tables that see IPv4 packets, as walkable graphs; the iptables-nft tables are left out when
// iptables-save already gave the same rules.
function nftOf(host: Host): NftGraph[] {
  let g = graphs.get(host);
  if (!g) {
    g = (host.nft ?? [])
      .filter((t) => (t.family === 'ip' || t.family === 'inet') && !(host.iptables && IPTABLES_NFT.has(t.name)))
      .map((t) => nftGraph(t));
    graphs.set(host, g);
  }
  return g;
}

// The walks at one iptables table's place in a hook: that table, and the nft base chains of the same hook whose
// priority puts them after it (and, for the hook's first table, those before it).
function walkersAt(host: Host, hk: Hook): Walker[] {
  const order = HOOK_TABLES[hk.hook] ?? [];
  const at = order.findIndex(([t]) => t === hk.table);
  const lo = at <= 0 ? Number.NEGATIVE_INFINITY : order[at]![1];
  const hi = at + 1 < order.length ? order[at + 1]![1] : Number.POSITIVE_INFINITY;
  const nft = nftOf(host)
    .flatMap((g) => g.bases.map((b) => ({ g, b })))
    .filter(({ b }) => b.base.hook.toUpperCase() === hk.hook && b.base.priority >= lo && b.base.priority < hi)
    .sort((x, y) => x.b.base.priority - y.b.base.priority);
  const out: Walker[] = [];
  const ownPrio = order[at]?.[1] ?? 0;
  const mine: Walker | undefined = host.iptables
    ? { rs: host.iptables, table: hk.table, start: hk.hook, nat: hk.table === 'nat' }
    : undefined;
  for (const { g, b } of nft.filter(({ b }) => b.base.priority < ownPrio))
    out.push({ rs: g.rs, table: g.name, start: b.chain, nat: b.base.type === 'nat' });
  if (mine) out.push(mine);
  for (const { g, b } of nft.filter(({ b }) => b.base.priority >= ownPrio))
    out.push({ rs: g.rs, table: g.name, start: b.chain, nat: b.base.type === 'nat' });
  return out;
}

// Run a list of hooks for each flow: flows that go on are returned, the ones that end are added to `ends`.
export function runHooks(host: Host, flows: Flow[], hooks: Hook[], where: Where, ends: Out[]): Flow[] {
  let live = flows;
  for (const hk of hooks) {
    const walkers = walkersAt(host, hk);
    if (!host.iptables && (host.nft?.length ?? 0) === 0)
      for (const f of live)
        if (!f.assumptions.some((a) => a.code === 'assume-no-rules' && a.params?.host === host.id))
          f.assumptions.push(why('assume-no-rules', { host: host.id }));
    for (const wk of walkers) {
      const next: Flow[] = [];
      for (const flow of live)
        next.push(...(wk.nat ? natHook(host, flow, hk, wk, where, ends) : hookOnce(host, flow, hk, wk, where, ends)));
      live = next;
    }
    // conntrack looks at the packet right after raw (priority -200): from here on it carries this host's entry
    if (hk.table === 'raw') for (const f of live) conntrack(f, host.id);
    // the nat hooks of a connection's first packet are asked once; after them the binding is fixed
    if (walkers.some((w) => w.nat))
      for (const f of live) {
        if (f.direction !== 'original') continue;
        const e = conntrack(f, host.id);
        if (hk.hook === 'PREROUTING' || hk.hook === 'OUTPUT') e.dstDone = true;
        else e.srcDone = true;
      }
  }
  return live;
}

// The nat table is asked only for a connection's first packet, once per direction of translation; later packets
// and replies are rewritten from what conntrack remembers.
function natHook(host: Host, flow: Flow, hk: Hook, wk: Walker, where: Where, ends: Out[]): Flow[] {
  const e = conntrack(flow, host.id);
  const dstHook = hk.hook === 'PREROUTING' || hk.hook === 'OUTPUT';
  if (e.untracked) return [flow];
  if (flow.direction !== 'original') {
    // a reply: undo SNAT where the original's destination would have been rewritten, undo DNAT at the source hook
    const p = flow.pkt;
    if (dstHook && e.snat && p.dst.value === e.snat.to.value) {
      p.dst = e.snat.from;
      if (e.snat.fromPort !== undefined && p.dport !== undefined) p.dport = e.snat.fromPort;
      flow.steps.push({ kind: 'note', host: host.id, why: why('undo-snat', { pkt: pktText(p) }) });
    }
    if (!dstHook && e.dnat && p.src.value === e.dnat.to.value) {
      p.src = e.dnat.from;
      if (e.dnat.fromPort !== undefined && p.sport !== undefined) p.sport = e.dnat.fromPort;
      flow.steps.push({ kind: 'note', host: host.id, why: why('undo-dnat', { pkt: pktText(p) }) });
    }
    return [flow];
  }
  // asked once per connection, and only until one nat chain at this hook has translated it
  if (dstHook ? e.dstDone || e.dnat : e.srcDone || e.snat) return [flow];
  return hookOnce(host, flow, hk, wk, where, ends);
}

function hookOnce(host: Host, flow: Flow, hk: Hook, wk: Walker, where: Where, ends: Out[]): Flow[] {
  const ctx: HookCtx = {
    hostId: host.id,
    rs: wk.rs,
    table: wk.table,
    hook: hk.hook,
    start: wk.start,
    ...(where.inIface === undefined ? {} : { inIface: where.inIface }),
    ...(where.outIface === undefined ? {} : { outIface: where.outIface }),
    ...(where.physIn === undefined ? {} : { physIn: where.physIn }),
    ...(where.physOut === undefined ? {} : { physOut: where.physOut }),
    bridged: where.bridged ?? false,
    addrType: (ip) => addrTypeOf(host, ip),
    // MASQUERADE asks for a global address on the out device for the next hop (nf_nat_masquerade_ipv4)
    masqSource: () =>
      where.outIface ? selectAddress(host, where.outIface, where.nexthop ?? flow.pkt.dst, 'global') : undefined,
    redirectTo: () => (hk.hook === 'OUTPUT' ? { family: 4, value: 0x7f000001n } : firstAddress(host, where.inIface)),
  };
  const out: Flow[] = [];
  for (const r of walkHook(ctx, flow)) {
    if (r.verdict === 'accept') out.push(r.flow);
    else if (r.verdict === 'unknown')
      ends.push({
        flow: r.flow,
        end: {
          kind: 'unknown',
          host: host.id,
          reason: r.reason ?? why('target-not-modelled', { what: '?' }),
          ...(r.src ? { src: r.src } : {}),
        },
      });
    else
      ends.push({
        flow: r.flow,
        end: {
          kind: 'dropped',
          host: host.id,
          by: r.flow.steps.at(-1)?.kind === 'policy' ? 'policy' : 'rule',
          rejected: r.verdict === 'reject',
          ...(r.src ? { src: r.src } : {}),
          ...(r.rejectWith ? { rejectWith: r.rejectWith } : {}),
          ...(r.reason ? { reason: r.reason } : {}),
        },
      });
  }
  return out;
}

function routeStep(host: Host, flow: Flow, d: Decision): void {
  const dst = ipToString(flow.pkt.dst);
  if (d.kind === 'unicast')
    flow.steps.push({
      kind: 'route',
      host: host.id,
      type: 'unicast',
      dst,
      dev: d.dev,
      ...(d.gateway ? { gateway: ipToString(d.gateway) } : {}),
      table: d.table,
      src: d.route.src,
    });
  else if (d.kind === 'reject')
    flow.steps.push({ kind: 'route', host: host.id, type: d.type, dst, table: d.table, src: d.route.src });
  else if (d.kind === 'local')
    flow.steps.push({
      kind: 'route',
      host: host.id,
      type: 'local',
      dst,
      dev: 'lo',
      table: d.table,
      ...(d.src ? { src: d.src } : {}),
    });
  else if (d.kind === 'none') flow.steps.push({ kind: 'route', host: host.id, type: 'none', dst });
}

// One flow per decision (a multipath route forks, weighted); ends for decisions that stop the packet.
function route(
  host: Host,
  flow: Flow,
  q: Parameters<typeof decide>[1],
  ends: Out[],
  forwarding: boolean,
): { flow: Flow; d: Decision & { kind: 'unicast' | 'local' } }[] {
  const ds = decide(host, q);
  const out: { flow: Flow; d: Decision & { kind: 'unicast' | 'local' } }[] = [];
  ds.forEach((d, k) => {
    const f = k === ds.length - 1 ? flow : fork(flow);
    if (d.kind === 'unicast' && d.weight < 1) f.probability *= d.weight;
    routeStep(host, f, d);
    if (d.kind === 'unicast' || d.kind === 'local') out.push({ flow: f, d });
    else if (d.kind === 'reject')
      ends.push({
        flow: f,
        end: {
          kind: 'dropped',
          host: host.id,
          by: 'kernel',
          rejected: d.type !== 'blackhole' && (forwarding || d.type !== 'unreachable'),
          src: d.route.src,
          reason: why('route-type', { type: d.type }),
        },
      });
    else if (d.kind === 'none') ends.push({ flow: f, end: { kind: 'no-route', host: host.id } });
    else
      ends.push({
        flow: f,
        end: { kind: 'unknown', host: host.id, reason: d.reason, ...(d.src ? { src: d.src } : {}) },
      });
  });
  return out;
}

const drop = (host: Host, reason: Why, rejected = false): End => ({
  kind: 'dropped',
  host: host.id,
  by: 'kernel',
  rejected,
  reason,
});

// A packet arriving on `iface` (from a wire, a bridge, or the host's own loopback).
export function receive(host: Host, flow: Flow, iface: string, phys?: string): Out[] {
  const ends: Out[] = [];
  flow.steps.push({ kind: 'enter', host: host.id, iface, pkt: pktText(flow.pkt), ...(phys ? { phys } : {}) });
  const bridgeNf = phys !== undefined && host.sysctl?.values.get('net.bridge.bridge-nf-call-iptables')?.value === '1';
  const where: Where = { inIface: iface, ...(bridgeNf ? { physIn: phys } : {}) };
  for (const f of runHooks(host, [flow], PRE, where, ends)) afterPrerouting(host, f, iface, where, ends);
  return ends;
}

// The rest of an arriving packet's way through a host once PREROUTING is done: the martian checks, the routing
// decision with forwarding and rp_filter, then INPUT (delivered) or FORWARD and POSTROUTING (out again).
export function afterPrerouting(host: Host, f: Flow, iface: string, where: Where, ends: Out[]): void {
  {
    const p = f.pkt;
    if (iface !== 'lo') {
      if (isLoopback(p.src) || isLoopback(p.dst)) {
        ends.push({ flow: f, end: drop(host, why('martian-loopback')) });
        return;
      }
      if (ownsAddress(host, p.src) && sysctl(host, 'accept_local', iface) !== '1') {
        ends.push({ flow: f, end: drop(host, why('martian-own-source', { addr: ipToString(p.src) })) });
        return;
      }
    }
    const local = isLocal(host, p.dst);
    const fwd = forwardingOn(host, iface);
    if (!local && fwd === false && f.forwardAnyway) f.assumptions.push(why('assume-forwarding-off', { host: host.id }));
    else if (!local && fwd === false) {
      ends.push({ flow: f, end: drop(host, why('not-forwarding', { iface })) });
      return;
    }
    if (!local && fwd === undefined) f.assumptions.push(why('assume-forwarding', { host: host.id }));
    for (const { flow: g, d } of route(host, f, { dst: p.dst, src: p.src, mark: p.mark, iif: iface }, ends, true)) {
      if (iface !== 'lo') {
        const rp = reversePathOk(host, g.pkt.src, iface, g.pkt.mark);
        if (rp === false) {
          ends.push({ flow: g, end: drop(host, why('rp-filter', { addr: ipToString(g.pkt.src), iface })) });
          continue;
        }
      }
      if (d.kind === 'local') {
        for (const x of runHooks(host, [g], INPUT, where, ends))
          ends.push({
            flow: x,
            end: { kind: 'delivered', host: host.id, iface, dst: ipToString(x.pkt.dst), pkt: pktText(x.pkt) },
          });
        continue;
      }
      if (g.pkt.ttl <= 1) {
        ends.push({ flow: g, end: drop(host, why('ttl'), true) });
        continue;
      }
      g.pkt.ttl -= 1;
      const nexthop = d.gateway ?? g.pkt.dst;
      const fw: Where = { ...where, outIface: d.dev, nexthop };
      for (const x of runHooks(host, runHooks(host, [g], FORWARD, fw, ends), POST, fw, ends))
        ends.push({ flow: x, exit: { host, iface: d.dev, nexthop } });
    }
  }
}

// Is the host forwarding packets that arrive on iface? undefined when the capture does not say.
export function forwardingOn(host: Host, iface: string): boolean | undefined {
  const v = host.sysctl?.values;
  const x =
    v?.get(`net.ipv4.conf.${iface}.forwarding`)?.value ??
    v?.get('net.ipv4.conf.all.forwarding')?.value ??
    v?.get('net.ipv4.ip_forward')?.value;
  return x === undefined ? undefined : x.trim() === '1';
}

// A packet the host sends itself; its source is chosen by the route unless the flow already has one (a reply).
export function originate(host: Host, flow: Flow, srcFixed: boolean): Out[] {
  const ends: Out[] = [];
  const at = flow.steps.length;
  flow.steps.push({ kind: 'originate', host: host.id, pkt: pktText(flow.pkt) });
  const q = { dst: flow.pkt.dst, mark: flow.pkt.mark, ...(srcFixed ? { src: flow.pkt.src } : {}) };
  for (const { flow: f, d } of route(host, flow, q, ends, false)) {
    if (!srcFixed) {
      const s = d.kind === 'local' ? f.pkt.dst : sourceFor(host, d, f.pkt.dst);
      if (!s) {
        ends.push({
          flow: f,
          end: drop(host, why('no-source', { iface: d.kind === 'unicast' ? d.dev : 'lo' })),
        });
        continue;
      }
      f.pkt.src = s;
      // the packet as it leaves the program: with the source the route chose
      f.steps[at] = { kind: 'originate', host: host.id, pkt: pktText(f.pkt) };
    }
    sendOut(host, f, d, ends);
  }
  return ends;
}

// OUTPUT and POSTROUTING for a locally sent packet. A mark or destination changed in mangle OUTPUT, or a
// destination changed by nat OUTPUT, routes the packet again at once (ip_route_me_harder): with no route it is
// dropped there. The later OUTPUT tables still see the first route's device; POSTROUTING sees the new one.
function sendOut(host: Host, flow: Flow, d: Decision & { kind: 'unicast' | 'local' }, ends: Out[]): void {
  const where: Where = {
    outIface: d.kind === 'local' ? 'lo' : d.dev,
    nexthop: d.kind === 'unicast' ? (d.gateway ?? flow.pkt.dst) : flow.pkt.dst,
  };
  let live = [{ flow, d }];
  for (const hk of OUTPUT) {
    const next: typeof live = [];
    for (const cur of live) {
      const before = { dst: cur.flow.pkt.dst.value, mark: cur.flow.pkt.mark };
      for (const g of runHooks(host, [cur.flow], [hk], where, ends)) {
        const moved = g.pkt.dst.value !== before.dst;
        if (!((hk.table === 'mangle' && (moved || g.pkt.mark !== before.mark)) || (hk.table === 'nat' && moved))) {
          next.push({ flow: g, d: cur.d });
          continue;
        }
        g.steps.push({ kind: 'note', host: host.id, why: why('rerouted', { table: hk.table }) });
        next.push(...route(host, g, { dst: g.pkt.dst, src: g.pkt.src, mark: g.pkt.mark }, ends, false));
      }
    }
    live = next;
  }
  for (const x of live) post(host, [x.flow], x.d, ends);
}

function post(host: Host, flows: Flow[], d: Decision & { kind: 'unicast' | 'local' }, ends: Out[]): void {
  const dev = d.kind === 'local' ? 'lo' : d.dev;
  for (const f of flows) {
    const nexthop = d.kind === 'unicast' ? (d.gateway ?? f.pkt.dst) : f.pkt.dst;
    for (const x of runHooks(host, [f], POST, { outIface: dev, nexthop }, ends)) {
      if (d.kind === 'local') ends.push({ flow: x, local: host });
      else ends.push({ flow: x, exit: { host, iface: dev, nexthop } });
    }
  }
}
