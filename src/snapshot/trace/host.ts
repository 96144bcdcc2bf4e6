// One host's share of a packet's path, in the kernel's hook order (docs/networking-facts.md §hook-order):
// arriving (PREROUTING → routing → INPUT or FORWARD → POSTROUTING) and sent by the host itself (routing → OUTPUT →
// POSTROUTING), with conntrack's once-per-connection NAT and the reply's translation back.
import { ipToString, isLoopback } from '../../net/ip.js';
import type { Host } from '../types.js';
import { type Flow, fork } from './flow.js';
import { FORWARD, INPUT, OUTPUT, type Out, POST, PRE, type Where, runHooks } from './hooks.js';
import { schedule, virtualServer } from './ipvs.js';
import { type End, pktText } from './packet.js';
import { type Decision, decide, isLocal, ownsAddress, reversePathOk, sourceFor, sysctl } from './route.js';
import { type Why, why } from './why.js';

export { type Exit, type Out, type Where, runHooks } from './hooks.js';

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
        // IPVS takes a packet for a virtual server between filter INPUT and nat INPUT
        for (const y of runHooks(host, [g], INPUT.slice(0, 2), where, ends)) {
          const vs = virtualServer(host, y);
          if (!vs) {
            deliver(host, y, iface, where, ends);
            continue;
          }
          for (const z of schedule(host, y, vs, ends)) {
            for (const r of route(host, z, { dst: z.pkt.dst, src: z.pkt.src, mark: z.pkt.mark }, ends, false)) {
              if (r.d.kind === 'local') deliver(host, r.flow, iface, where, ends);
              else onward(host, r.flow, r.d, ends);
            }
          }
        }
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

// nat INPUT, then the packet is delivered to this host.
function deliver(host: Host, f: Flow, iface: string, where: Where, ends: Out[]): void {
  for (const x of runHooks(host, [f], INPUT.slice(2), where, ends))
    ends.push({
      flow: x,
      end: { kind: 'delivered', host: host.id, iface, dst: ipToString(x.pkt.dst), pkt: pktText(x.pkt) },
    });
}

// A packet IPVS sends on to a real server: through LOCAL_OUT (nat OUTPUT is not asked again: the connection's
// destination was decided) and POSTROUTING.
function onward(host: Host, f: Flow, d: Decision & { kind: 'unicast' }, ends: Out[]): void {
  const where: Where = { outIface: d.dev, nexthop: d.gateway ?? f.pkt.dst };
  post(
    host,
    runHooks(
      host,
      [f],
      OUTPUT.filter((h) => h.table !== 'nat'),
      where,
      ends,
    ),
    d,
    ends,
  );
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
    // the node's own packet for a virtual server: IPVS takes it right after nat OUTPUT, and it is routed again
    live =
      hk.table !== 'nat'
        ? next
        : next.flatMap((cur) => {
            const vs = virtualServer(host, cur.flow);
            if (!vs) return [cur];
            return schedule(host, cur.flow, vs, ends).flatMap((g) => {
              g.steps.push({ kind: 'note', host: host.id, why: why('rerouted', { table: 'ipvs' }) });
              return route(host, g, { dst: g.pkt.dst, src: g.pkt.src, mark: g.pkt.mark }, ends, false);
            });
          });
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
