// What happens between hosts: the frame leaves an interface, someone must answer ARP for the next hop, and the
// packet enters that host through its end of the wire — the veth peer, a bridge port (crossing the bridge, with
// br_netfilter's iptables pass when bridge-nf-call-iptables is 1), or another member of a shared subnet.
import type { Interface } from '../../model.js';
import { type Ip, ipToString } from '../../net/ip.js';
import type { Host, Port, Snapshot } from '../types.js';
import { type Flow, crossWire } from './flow.js';
import { type Exit, type Out, runHooks } from './host.js';
import { pktText } from './packet.js';
import { decide, isLocal, sysctl } from './route.js';

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
export function answersArp(h: Host, on: Interface, ip: Ip): boolean {
  if (!on.adminUp) return false;
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
  const end = (why: string): Out => ({
    flow,
    end: { kind: 'neighbour-unreachable', host: host.id, iface, nexthop: nh, why },
  });
  if (!dev) {
    if (!host.interfaces) return [{ flow, end: { kind: 'unknown', host: host.id, why: 'interfaces not collected' } }];
    return [{ flow, end: { kind: 'dropped', host: host.id, why: 'iface-missing', rejected: false, text: iface } }];
  }
  // a device without carrier (its veth peer is down) takes the packet, but no neighbour ever answers
  if (dev.adminUp && dev.carrier === false) return [end(`${iface} has no carrier`)];
  if (!dev.adminUp)
    return [
      {
        flow,
        end: { kind: 'dropped', host: host.id, why: 'iface-down', rejected: false, text: `${iface} is down` },
      },
    ];
  // out through one of this host's own bridges: the bridge sends it to the port behind which the next hop lives
  const ports = portsOf(host, iface);
  if (ports.length > 0 || dev.kind === 'bridge') {
    for (const port of ports) {
      const peer = snap.peerOf.get(port);
      if (peer && answersArp(peer.host, peer.iface, nexthop)) return [{ flow, host: peer.host, iface: peer.iface.name }];
    }
    return [beyond(snap, flow, host, dev, nexthop) ?? end(`nobody behind bridge ${iface} answers ARP for ${nh}`)];
  }
  const peer = snap.peerOf.get(dev);
  if (peer) return intoPeer(snap, flow, peer, nexthop, host, iface);
  return [beyond(snap, flow, host, dev, nexthop) ?? end(`nobody on the link of ${iface} answers ARP for ${nh}`)];
}

// The segment of a device without a known peer: a member that owns the next hop, or the packet leaves the capture.
function beyond(snap: Snapshot, flow: Flow, host: Host, dev: Interface, nexthop: Ip): Arrival | Out | undefined {
  const seg = snap.segmentOf.get(dev);
  const others = (seg?.ports ?? []).filter((p) => p.iface !== dev && p.host !== host);
  const owner = others.find((p) => answersArp(p.host, p.iface, nexthop));
  if (owner) return { flow, host: owner.host, iface: owner.iface.name };
  if (seg?.closed) return undefined;
  return {
    flow,
    end: { kind: 'leaves', host: host.id, iface: dev.name, nexthop: ipToString(nexthop), pkt: pktText(flow.pkt) },
  };
}

// Into the far end of a veth: straight into its host, or across the bridge it is a port of.
function intoPeer(snap: Snapshot, flow: Flow, peer: Port, nexthop: Ip, from: Host, fromIface: string): (Arrival | Out)[] {
  const nh = ipToString(nexthop);
  const unreachable = (why: string): Out => ({
    flow,
    end: { kind: 'neighbour-unreachable', host: from.id, iface: fromIface, nexthop: nh, why },
  });
  if (!peer.iface.adminUp)
    return [unreachable(`the far end ${peer.iface.name} on ${peer.host.id} is down`)];
  const master = peer.iface.master;
  if (!master) {
    if (answersArp(peer.host, peer.iface, nexthop)) return [{ flow, host: peer.host, iface: peer.iface.name }];
    return [unreachable(`${peer.host.id} does not answer ARP for ${nh} on ${peer.iface.name}`)];
  }
  const h = peer.host;
  const br = ifaceOf(h, master);
  if (!br || !br.adminUp) return [unreachable(`bridge ${master} on ${h.id} is down`)];
  if (answersArp(h, br, nexthop)) return [{ flow, host: h, iface: master, phys: peer.iface.name }];
  for (const q of portsOf(h, master)) {
    if (q === peer.iface) continue;
    const far = snap.peerOf.get(q);
    if (!far || !answersArp(far.host, far.iface, nexthop)) continue;
    if (!q.adminUp) return [unreachable(`bridge port ${q.name} on ${h.id} is down`)];
    return bridged(h, flow, master, peer.iface.name, q.name).map((x) => {
      if ('end' in x || !('flow' in x)) return x;
      crossWire(x.flow);
      return { flow: x.flow, host: far.host, iface: far.iface.name };
    });
  }
  return [unreachable(`nobody on bridge ${master} of ${h.id} answers ARP for ${nh}`)];
}

// A frame bridged from one port to another: with br_netfilter and bridge-nf-call-iptables=1 it passes the host's
// PREROUTING, FORWARD and POSTROUTING chains with -i/-o the bridge and physdev the ports.
function bridged(h: Host, flow: Flow, bridge: string, inPort: string, outPort: string): ({ flow: Flow } | Out)[] {
  const nf = h.sysctl?.values.get('net.bridge.bridge-nf-call-iptables')?.value === '1';
  flow.steps.push({ kind: 'bridge', host: h.id, bridge, inPort, outPort, netfilter: nf });
  if (!nf) return [{ flow }];
  const ends: Out[] = [];
  const where = { inIface: bridge, outIface: bridge, physIn: inPort, physOut: outPort, bridged: true };
  const pre = runHooks(
    h,
    [flow],
    [
      { table: 'raw', hook: 'PREROUTING' },
      { table: 'mangle', hook: 'PREROUTING' },
      { table: 'nat', hook: 'PREROUTING' },
    ],
    { inIface: bridge, physIn: inPort, bridged: true },
    ends,
  );
  const fwd = runHooks(
    h,
    pre,
    [
      { table: 'mangle', hook: 'FORWARD' },
      { table: 'filter', hook: 'FORWARD' },
      { table: 'mangle', hook: 'POSTROUTING' },
      { table: 'nat', hook: 'POSTROUTING' },
    ],
    where,
    ends,
  );
  return [...ends, ...fwd.map((f) => ({ flow: f }))];
}
