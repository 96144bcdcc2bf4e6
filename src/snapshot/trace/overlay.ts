// A packet routed into a VXLAN device (flannel.1, vxlan.calico) travels inside a UDP packet between two nodes:
// the device's neighbour entry gives the far VTEP's MAC, the far VTEP's own settings give the underlay address, and
// the outer packet is a packet like any other — routed and filtered on both nodes (docs/networking-facts.md
// §overlay). Only when the outer packet is delivered does the inner one come out of the far node's device.
import { KERNEL_VXLAN_DEVICE } from '../cni-devices.js';
import type { Interface } from '../../model.js';
import { type Ip, ipToString, parseIp } from '../../net/ip.js';
import type { Host, Snapshot } from '../types.js';
import { type Flow, crossWire, fork, newFlow } from './flow.js';
import type { Arrival } from './wire.js';
import type { Out } from './host.js';
import { type End, type Path, type Pkt, DEFAULT_TTL, pktText } from './packet.js';
import { why } from './why.js';

/** The kernel's VXLAN port when a device says `dstport 0` (the Linux default, which flannel uses). */
export const VXLAN_DEFAULT_PORT = 8472;
/** The outer packet's source port: the kernel hashes the inner flow into its local port range; rules that match
 *  the tunnel's source port are not known in the wild, so one port in that range stands for all. */
const OUTER_SPORT = 49152;

const macEq = (a: string | undefined, b: string | undefined): boolean =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

// Is this the device of a VXLAN tunnel (ip -d kind, or the names flannel and Calico give theirs)?
export function isVxlan(dev: Interface | undefined): dev is Interface {
  return dev?.kind === 'vxlan' || (dev?.kind === undefined && dev !== undefined && KERNEL_VXLAN_DEVICE.test(dev.name));
}

/** The far end of a tunnel, or how the inner packet ends before anything is sent. */
type Vtep = { host: Host; dev: Interface; underlay: Ip } | { end: End };

// Which captured host's VXLAN device the neighbour entry for the next hop points at.
function farVtep(snap: Snapshot, host: Host, dev: Interface, nexthop: Ip, flow: Flow): Vtep {
  const nh = ipToString(nexthop);
  const unreachable = (code: 'vtep-no-neighbour'): Vtep => ({
    end: {
      kind: 'neighbour-unreachable',
      host: host.id,
      iface: dev.name,
      nexthop: nh,
      reason: why(code, { addr: nh }),
    },
  });
  const vteps = snap.hosts.flatMap((h) =>
    h === host ? [] : (h.interfaces ?? []).filter((i) => isVxlan(i)).map((i) => ({ host: h, dev: i })),
  );
  let far: { host: Host; dev: Interface } | undefined;
  if (host.neighbors) {
    // flannel and Calico write a permanent entry per remote node; without one, ARP on the device finds nobody
    const n = host.neighbors.find(
      (x) => x.dev === dev.name && parseIp(x.dst)?.value === nexthop.value && x.lladdr !== undefined,
    );
    if (!n || n.state.includes('FAILED') || n.state.includes('INCOMPLETE')) return unreachable('vtep-no-neighbour');
    far = vteps.find((v) => macEq(v.dev.mac, n.lladdr));
  } else {
    flow.assumptions.push(why('assume-vtep-owner', { addr: nh }));
    far = vteps.find((v) => v.dev.addresses.some((a) => a.cidr.addr === nexthop.value));
  }
  const pkt = pktText(flow.pkt);
  if (!far) return { end: { kind: 'leaves', host: host.id, iface: dev.name, nexthop: nh, pkt } };
  const local = far.dev.tunnel?.local ? parseIp(far.dev.tunnel.local) : undefined;
  if (!local)
    return { end: { kind: 'unknown', host: host.id, reason: why('vtep-address-unknown', { iface: far.dev.name }) } };
  return { ...far, underlay: local };
}

/** Follows an outer packet from a host to every end (the caller's own walk, so hosts and wires are one model). */
export type FollowFrom = (host: Host, flow: Flow, fixedSource: boolean) => Path[];

// The inner packet leaves through a VXLAN device: every way it can come out of the far node, or end on the way.
export function throughVxlan(
  snap: Snapshot,
  host: Host,
  dev: Interface,
  nexthop: Ip,
  flow: Flow,
  follow: FollowFrom,
): (Arrival | Out)[] {
  flow.steps.push({
    kind: 'exit',
    host: host.id,
    iface: dev.name,
    nexthop: ipToString(nexthop),
    pkt: pktText(flow.pkt),
  });
  if (!dev.adminUp)
    return [
      {
        flow,
        end: {
          kind: 'dropped',
          host: host.id,
          by: 'kernel',
          rejected: false,
          reason: why('iface-down', { iface: dev.name }),
        },
      },
    ];
  const far = farVtep(snap, host, dev, nexthop, flow);
  if ('end' in far) return [{ flow, end: far.end }];
  const port = dev.tunnel?.dstport || VXLAN_DEFAULT_PORT;
  const own = dev.tunnel?.local ? parseIp(dev.tunnel.local) : undefined;
  const outer: Pkt = {
    src: own ?? { family: 4, value: 0n },
    dst: far.underlay,
    proto: 'udp',
    sport: OUTER_SPORT,
    dport: port,
    mark: flow.pkt.mark,
    ttl: DEFAULT_TTL,
  };
  flow.steps.push({ kind: 'encap', host: host.id, iface: dev.name, outer: pktText(outer), to: far.host.id });
  const out: (Arrival | Out)[] = [];
  for (const p of follow(host, newFlow(outer, flow.budget), own !== undefined)) {
    const f = fork(flow);
    f.steps.push(...p.steps);
    f.probability *= p.probability;
    f.assumptions.push(...p.assumptions);
    if (p.end.kind !== 'delivered' || p.end.host !== far.host.id) {
      // the tunnel packet never arrived: the inner packet ends where it did, and nobody tells its sender
      f.tunnelLost = true;
      out.push({ flow: f, end: p.end });
      continue;
    }
    const ids = [dev.tunnel?.id, far.dev.tunnel?.id];
    const reason = !far.dev.adminUp
      ? why('iface-down', { iface: far.dev.name })
      : ids[0] !== undefined && ids[1] !== undefined && ids[0] !== ids[1]
        ? why('vni-mismatch', { iface: far.dev.name, id: String(ids[1]), sent: String(ids[0]) })
        : port !== (far.dev.tunnel?.dstport || VXLAN_DEFAULT_PORT)
          ? why('vxlan-port-mismatch', { iface: far.dev.name, port: String(port) })
          : undefined;
    if (reason) {
      f.tunnelLost = true;
      out.push({ flow: f, end: { kind: 'dropped', host: far.host.id, by: 'kernel', rejected: false, reason } });
      continue;
    }
    f.steps.push({ kind: 'decap', host: far.host.id, iface: far.dev.name, pkt: pktText(f.pkt) });
    crossWire(f);
    out.push({ flow: f, host: far.host, iface: far.dev.name });
  }
  return out;
}
