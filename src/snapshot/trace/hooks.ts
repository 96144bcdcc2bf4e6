// The netfilter hooks of one host, walked in the kernel's order: at each hook the iptables tables by priority, with
// the nft base chains of that hook placed among them by theirs (docs/networking-facts.md §hook-order); conntrack
// right after raw, and the nat chains asked once per connection.
import type { Ip } from '../../net/ip.js';
import type { Ruleset } from '../../parsers/iptables-model.js';
import type { Host } from '../types.js';
import { type HookCtx, walkHook } from './chains.js';
import { type Flow, conntrack } from './flow.js';
import { type NftGraph, nftGraph } from './nft-rules.js';
import { type End, pktText } from './packet.js';
import { addrTypeOf, firstAddress, selectAddress } from './route.js';
import { why } from './why.js';

/** Where a packet leaves a host onto a wire. */
export interface Exit {
  host: Host;
  iface: string;
  nexthop: Ip;
}

export type Out = { flow: Flow; end: End } | { flow: Flow; exit: Exit } | { flow: Flow; local: Host };

export interface Hook {
  table: 'raw' | 'mangle' | 'nat' | 'filter';
  hook: string;
}

const h = (table: Hook['table'], hook: string): Hook => ({ table, hook });

/** Where each hook's packet filter sits relative to conntrack and NAT (include/uapi/linux/netfilter_ipv4.h). */
export const PRE = [h('raw', 'PREROUTING'), h('mangle', 'PREROUTING'), h('nat', 'PREROUTING')];
export const INPUT = [h('mangle', 'INPUT'), h('filter', 'INPUT'), h('nat', 'INPUT')];
export const FORWARD = [h('mangle', 'FORWARD'), h('filter', 'FORWARD')];
export const OUTPUT = [h('raw', 'OUTPUT'), h('mangle', 'OUTPUT'), h('nat', 'OUTPUT'), h('filter', 'OUTPUT')];
export const POST = [h('mangle', 'POSTROUTING'), h('nat', 'POSTROUTING')];

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
