// What happens between hosts: the frame leaves an interface, someone must answer ARP for the next hop, and the
// packet enters that host through its end of the wire — the veth peer, a bridge port (crossing the bridge, with
// br_netfilter's iptables pass when bridge-nf-call-iptables is 1), or another member of a shared subnet.
import type { Interface } from '../../model.js';
import { type Ip, ipToString } from '../../net/ip.js';
import { listsAllDevices } from '../routing.js';
import type { Host, Port, Snapshot } from '../types.js';
import { type Flow, crossWire } from './flow.js';
import { FORWARD, POST, PRE } from './hooks.js';
import { type Exit, type Out, afterPrerouting, forwardingOn, runHooks } from './host.js';
import { pktText } from './packet.js';
import { type Why, why } from './why.js';
import { decide, isLocal, ownsAddress, reversePathOk, selectAddress, sysctl } from './route.js';

/** A packet about to enter a host. */
export interface Arrival {
  flow: Flow;
  host: Host;
  iface: string;
  /** The bridge port it came in on, when it entered through a bridge. */
  phys?: string;
}

const ifaceOf = (h: Host, name: string): Interface | undefined => h.interfaces?.find((i) => i.name === name);
const portsOf = (h: Host, bridge: string): Interface[] => (h.interfaces ?? []).filter((i) => i.master === bridge);

// Would this host answer ARP for ip on this interface (its own address, or proxy ARP with a route elsewhere)?
// The request's sender address passes the same checks as a packet from it: not one of ours, and rp_filter.
export function answersArp(h: Host, on: Interface, ip: Ip, sender?: Ip): boolean {
  if (!on.adminUp) return false;
  if (sender && (ownsAddress(h, sender) || reversePathOk(h, sender, on.name, 0) === false)) return false;
  if (isLocal(h, ip)) return true;
  if (sysctl(h, 'proxy_arp', on.name) === '1') {
    const d = decide(h, { dst: ip, mark: 0 });
    return d.some((x) => x.kind === 'unicast' && x.dev !== on.name);
  }
  return false;
}

// The frame leaves `exit`; where does it arrive? Ends for a down device or a next hop nobody answers for.
export function acrossWire(snap: Snapshot, flow: Flow, exit: Exit): (Arrival | Out)[] {
  const { host, iface, nexthop } = exit;
  const dev = ifaceOf(host, iface);
  const nh = ipToString(nexthop);
  flow.steps.push({ kind: 'exit', host: host.id, iface, nexthop: nh, pkt: pktText(flow.pkt) });
  crossWire(flow);
  const end = (reason: Why): Out => ({
    flow,
    end: { kind: 'neighbour-unreachable', host: host.id, iface, nexthop: nh, reason },
  });
  if (!dev) {
    if (!host.interfaces || !listsAllDevices(host))
      return [
        { flow, end: { kind: 'unknown', host: host.id, reason: why('not-collected', { what: `ip addr (${iface})` }) } },
      ];
    return [
      {
        flow,
        end: { kind: 'dropped', host: host.id, by: 'kernel', rejected: false, reason: why('iface-missing', { iface }) },
      },
    ];
  }
  // a device without carrier (its veth peer is down) takes the packet, but no neighbour ever answers
  if (dev.adminUp && dev.carrier === false) return [end(why('no-carrier', { iface }))];
  // ARP asks from the packet's own source when it is ours, else from an address of the out device
  const sender = isLocal(host, flow.pkt.src) ? flow.pkt.src : selectAddress(host, iface, nexthop, 'link');
  if (!dev.adminUp)
    return [
      {
        flow,
        end: { kind: 'dropped', host: host.id, by: 'kernel', rejected: false, reason: why('iface-down', { iface }) },
      },
    ];
  // out through one of this host's own bridges: the bridge sends it to the port behind which the next hop lives
  const ports = portsOf(host, iface);
  if (ports.length > 0 || dev.kind === 'bridge') {
    for (const port of ports) {
      const peer = snap.peerOf.get(port);
      if (peer && answersArp(peer.host, peer.iface, nexthop, sender))
        return [{ flow, host: peer.host, iface: peer.iface.name }];
    }
    return [
      beyond(snap, flow, host, dev, nexthop, sender) ??
        end(why('nobody-on-bridge', { bridge: iface, host: host.id, addr: nh })),
    ];
  }
  const peer = snap.peerOf.get(dev);
  if (peer) return intoPeer(snap, flow, peer, nexthop, host, iface, sender);
  return [beyond(snap, flow, host, dev, nexthop, sender) ?? end(why('nobody-on-link', { iface, addr: nh }))];
}

// The segment of a device without a known peer: a member that owns the next hop, or the packet leaves the capture.
function beyond(
  snap: Snapshot,
  flow: Flow,
  host: Host,
  dev: Interface,
  nexthop: Ip,
  sender: Ip | undefined,
): Arrival | Out | undefined {
  const seg = snap.segmentOf.get(dev);
  const others = (seg?.ports ?? []).filter((p) => p.iface !== dev && p.host !== host);
  const owner = others.find((p) => answersArp(p.host, p.iface, nexthop, sender));
  if (owner) return { flow, host: owner.host, iface: owner.iface.name };
  if (seg?.closed) return undefined;
  // out of an overlay or a link we cannot follow, towards an address a captured host owns: not "left", unknown
  const holder = snap.hosts.find((x) => x !== host && isLocal(x, flow.pkt.dst));
  if (holder)
    return {
      flow,
      end: {
        kind: 'unknown',
        host: host.id,
        reason: why('not-followed', { iface: dev.name, addr: ipToString(flow.pkt.dst), holder: holder.id }),
      },
    };
  // a next hop a captured host has, behind a link the capture does not join up: not "left" either
  const near = snap.hosts.find((x) => x !== host && ownsAddress(x, nexthop));
  if (near)
    return {
      flow,
      end: {
        kind: 'unknown',
        host: host.id,
        reason: why('link-unknown', { iface: dev.name, addr: ipToString(nexthop), holder: near.id }),
      },
    };
  return {
    flow,
    end: { kind: 'leaves', host: host.id, iface: dev.name, nexthop: ipToString(nexthop), pkt: pktText(flow.pkt) },
  };
}

// Into the far end of a veth: straight into its host, or across the bridge it is a port of.
function intoPeer(
  snap: Snapshot,
  flow: Flow,
  peer: Port,
  nexthop: Ip,
  from: Host,
  fromIface: string,
  sender: Ip | undefined,
): (Arrival | Out)[] {
  const nh = ipToString(nexthop);
  const unreachable = (reason: Why): Out => ({
    flow,
    end: { kind: 'neighbour-unreachable', host: from.id, iface: fromIface, nexthop: nh, reason },
  });
  if (!peer.iface.adminUp) return [unreachable(why('peer-down', { iface: peer.iface.name, host: peer.host.id }))];
  const master = peer.iface.master;
  if (!master) {
    if (answersArp(peer.host, peer.iface, nexthop, sender)) return [{ flow, host: peer.host, iface: peer.iface.name }];
    return [unreachable(why('no-arp-answer', { host: peer.host.id, addr: nh, iface: peer.iface.name }))];
  }
  const h = peer.host;
  const br = ifaceOf(h, master);
  if (!br?.adminUp) return [unreachable(why('bridge-down', { bridge: master, host: h.id }))];
  if (answersArp(h, br, nexthop, sender)) return intoBridgeHost(snap, h, flow, master, peer.iface.name);
  for (const q of portsOf(h, master)) {
    if (q === peer.iface) continue;
    const far = snap.peerOf.get(q);
    if (!far || !answersArp(far.host, far.iface, nexthop, sender)) continue;
    if (!q.adminUp) return [unreachable(why('port-down', { port: q.name, host: h.id }))];
    return bridged(snap, h, flow, master, peer.iface.name, q);
  }
  return [unreachable(why('nobody-on-bridge', { bridge: master, host: h.id, addr: nh }))];
}

// DNAT on a frame that entered through a bridge port (br_netfilter): the host routes it, unless the new route
// leads back into the same bridge, where the frame is bridged again towards the new address ("bridged DNAT") —
// never back out the port it came in on. Returns the port to bridge it to; otherwise the flow went on or ended.
function afterBridgeDnat(
  snap: Snapshot,
  h: Host,
  f: Flow,
  bridge: string,
  inPort: string,
  ends: (Arrival | Out)[],
): Interface | undefined {
  const d = decide(h, { dst: f.pkt.dst, src: f.pkt.src, mark: f.pkt.mark, iif: bridge });
  const uni = d.length === 1 && d[0]!.kind === 'unicast' && d[0]!.dev === bridge ? d[0] : undefined;
  // with forwarding off the input route is an error route (ip_error), not the bridge: the host drops the frame
  const off = forwardingOn(h, bridge) === false && !f.forwardAnyway;
  if (uni?.kind !== 'unicast' || off) {
    afterPrerouting(h, f, bridge, { inIface: bridge, physIn: inPort }, ends as Out[]);
    return undefined;
  }
  const nh = uni.gateway ?? f.pkt.dst;
  const port = portsOf(h, bridge).find((q) => {
    const far = snap.peerOf.get(q);
    return q.adminUp && far && answersArp(far.host, far.iface, nh);
  });
  const addr = ipToString(nh);
  if (!port)
    ends.push({
      flow: f,
      end: {
        kind: 'neighbour-unreachable',
        host: h.id,
        iface: bridge,
        nexthop: addr,
        reason: why('nobody-on-bridge', { bridge, host: h.id, addr }),
      },
    });
  else if (port.name === inPort)
    ends.push({
      flow: f,
      end: { kind: 'dropped', host: h.id, by: 'kernel', rejected: false, reason: why('hairpin', { port: inPort }) },
    });
  else return port;
  return undefined;
}

// A frame for the bridge host itself, through one of its ports: with br_netfilter its PREROUTING runs in the
// bridge's context, so a DNAT there may send it on through the bridge instead of up to the host.
function intoBridgeHost(snap: Snapshot, h: Host, flow: Flow, bridge: string, inPort: string): (Arrival | Out)[] {
  if (h.sysctl?.values.get('net.bridge.bridge-nf-call-iptables')?.value !== '1')
    return [{ flow, host: h, iface: bridge, phys: inPort }];
  flow.steps.push({ kind: 'enter', host: h.id, iface: bridge, pkt: pktText(flow.pkt), phys: inPort });
  const ends: (Arrival | Out)[] = [];
  const where = { inIface: bridge, physIn: inPort };
  const dst = flow.pkt.dst.value;
  for (const f of runHooks(h, [flow], PRE, where, ends as Out[])) {
    if (f.pkt.dst.value === dst) {
      afterPrerouting(h, f, bridge, where, ends as Out[]);
      continue;
    }
    const port = afterBridgeDnat(snap, h, f, bridge, inPort, ends);
    if (port) ends.push(...forwardBridged(snap, h, f, bridge, inPort, port));
  }
  return ends;
}

// The bridge's FORWARD and POSTROUTING pass for a frame going out `port`, then into the host at its far end.
function forwardBridged(
  snap: Snapshot,
  h: Host,
  f: Flow,
  bridge: string,
  inPort: string,
  port: Interface,
): (Arrival | Out)[] {
  const ends: (Arrival | Out)[] = [];
  const where = { inIface: bridge, outIface: bridge, physIn: inPort, physOut: port.name, bridged: true };
  const fwd = runHooks(h, [f], [...FORWARD, ...POST], where, ends as Out[]);
  for (const g of fwd) {
    const far = snap.peerOf.get(port);
    if (!far) {
      ends.push({ flow: g, end: { kind: 'unknown', host: h.id, reason: why('not-collected', { what: port.name }) } });
      continue;
    }
    crossWire(g);
    ends.push({ flow: g, host: far.host, iface: far.iface.name });
  }
  return ends;
}

// A frame bridged from one port to another: with br_netfilter and bridge-nf-call-iptables=1 it passes the host's
// PREROUTING, FORWARD and POSTROUTING chains with -i/-o the bridge and physdev the ports.
function bridged(
  snap: Snapshot,
  h: Host,
  flow: Flow,
  bridge: string,
  inPort: string,
  out: Interface,
): (Arrival | Out)[] {
  const nf = h.sysctl?.values.get('net.bridge.bridge-nf-call-iptables')?.value === '1';
  flow.steps.push({ kind: 'bridge', host: h.id, bridge, inPort, outPort: out.name, netfilter: nf });
  const arrive = (f: Flow, port: Interface): Arrival | Out => {
    const far = snap.peerOf.get(port);
    if (!far)
      return { flow: f, end: { kind: 'unknown', host: h.id, reason: why('not-collected', { what: port.name }) } };
    crossWire(f);
    return { flow: f, host: far.host, iface: far.iface.name };
  };
  if (!nf) return [arrive(flow, out)];
  const ends: (Arrival | Out)[] = [];
  const dst = flow.pkt.dst.value;
  const pre: { f: Flow; port: Interface }[] = [];
  for (const f of runHooks(h, [flow], PRE, { inIface: bridge, physIn: inPort, bridged: true }, ends as Out[])) {
    if (f.pkt.dst.value === dst) {
      pre.push({ f, port: out });
      continue;
    }
    const port = afterBridgeDnat(snap, h, f, bridge, inPort, ends);
    if (port) pre.push({ f, port });
  }
  for (const { f, port } of pre) ends.push(...forwardBridged(snap, h, f, bridge, inPort, port));
  return ends;
}
