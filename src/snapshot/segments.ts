// Links interfaces of different hosts into layer-2 segments: veth peers, bridge ports, then shared subnets.
import type { Interface } from '../model.js';
import { isLinkLocal, isLoopback, mask, parseIp } from '../net/ip.js';
import { ifaceByName } from './routing.js';
import type { Host, Port, Segment, Snapshot } from './types.js';

// Find the host a `link-netns NAME` points at: its netns name from host.json, or its folder name.
export function hostByNetns(snap: Snapshot, name: string): Host | undefined {
  let idx = netnsIndex.get(snap);
  if (!idx) {
    // indexed once per snapshot: a cluster capture has a veth per pod and thousands of hosts
    idx = new Map();
    for (const h of snap.hosts) if (h.meta.netns !== undefined && !idx.has(h.meta.netns)) idx.set(h.meta.netns, h);
    netnsIndex.set(snap, idx);
  }
  return idx.get(name) ?? snap.byId.get(name);
}

const netnsIndex = new WeakMap<Snapshot, Map<string, Host>>();

// Fill snap.peerOf, snap.segments and snap.segmentOf.
export function linkSegments(snap: Snapshot): void {
  const parent = new Map<Interface, Interface>();
  const portOf = new Map<Interface, Port>();
  const find = (x: Interface): Interface => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    let c = x;
    while (c !== r) {
      const n = parent.get(c)!;
      parent.set(c, r);
      c = n;
    }
    return r;
  };
  const union = (a: Interface, b: Interface): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  for (const host of snap.hosts)
    for (const iface of host.interfaces ?? []) {
      if (iface.kind === 'loopback' || iface.name === 'lo') continue;
      parent.set(iface, iface);
      portOf.set(iface, { host, iface });
    }
  // a host's first interface of each ifindex (veth peers are named by index)
  const ifindexes = new Map<Host, Map<number, Interface>>();
  const byIndex = (h: Host, idx: number): Interface | undefined => {
    let m = ifindexes.get(h);
    if (!m) {
      m = new Map();
      for (const i of h.interfaces ?? []) if (i.index !== undefined && !m.has(i.index)) m.set(i.index, i);
      ifindexes.set(h, m);
    }
    return m.get(idx);
  };
  // every host's first interface of each ifindex, for veths whose far end is known only by its index
  const byIfindex = new Map<number, Port[]>();
  for (const h of snap.hosts) {
    const seen = new Set<number>();
    for (const i of h.interfaces ?? []) {
      if (i.index === undefined || seen.has(i.index)) continue;
      seen.add(i.index);
      const list = byIfindex.get(i.index);
      if (list) list.push({ host: h, iface: i });
      else byIfindex.set(i.index, [{ host: h, iface: i }]);
    }
  }
  // veth pairs
  for (const host of snap.hosts)
    for (const iface of host.interfaces ?? []) {
      if (!portOf.has(iface)) continue;
      let peer: Port | undefined;
      if (iface.peerName) {
        const p = ifaceByName(host, iface.peerName);
        if (p) peer = { host, iface: p };
      } else if (iface.peerIndex !== undefined) {
        // the far namespace by name (text form), or by the id this namespace gives it (ip netns list-id)
        const far =
          iface.linkNetns ?? (iface.linkNetnsId === undefined ? undefined : host.netnsIds?.get(iface.linkNetnsId));
        if (far) {
          const h2 = hostByNetns(snap, far);
          const p = h2 && byIndex(h2, iface.peerIndex);
          if (h2 && p) peer = { host: h2, iface: p };
        } else {
          // only a netns id (ip -j prints no names): accept the single interface elsewhere whose peer index points
          // back at us; an interface without a peer index (a NIC of another namespace) is no candidate
          const cands = (byIfindex.get(iface.peerIndex) ?? []).filter(
            (c) => c.host !== host && c.iface.peerIndex === iface.index,
          );
          // several namespaces reuse small ifindexes: a pod's host.json names its node, which settles it
          const onNode = (pod: Host, node: Host): boolean =>
            !!pod.meta.node && (pod.meta.node === node.id || pod.meta.node === node.meta.name);
          // two nodes are never joined by a veth, and a pod's veth ends on its own node: when the true peer was
          // not captured (the LAN behind a node), a look-alike index pair must not stand in for it
          const plausible = (a: Host, b: Host): boolean =>
            !(a.kind === 'node' && b.kind === 'node') &&
            !(a.kind === 'pod' && b.kind === 'node' && a.meta.node && !onNode(a, b)) &&
            !(b.kind === 'pod' && a.kind === 'node' && b.meta.node && !onNode(b, a));
          const fit = cands.filter((c) => plausible(host, c.host));
          const narrowed = fit.length > 1 ? fit.filter((c) => onNode(host, c.host) || onNode(c.host, host)) : fit;
          if (narrowed.length === 1) peer = narrowed[0];
        }
      }
      if (peer && portOf.has(peer.iface)) {
        snap.peerOf.set(iface, peer);
        snap.peerOf.set(peer.iface, { host, iface });
        union(iface, peer.iface);
      }
    }
  // bridge ports join their bridge
  const bridges = new Set<Interface>();
  for (const host of snap.hosts)
    for (const iface of host.interfaces ?? []) {
      if (!iface.master || !portOf.has(iface)) continue;
      const br = ifaceByName(host, iface.master);
      if (br && portOf.has(br)) {
        union(iface, br);
        bridges.add(br);
      }
    }
  for (const host of snap.hosts)
    for (const iface of host.interfaces ?? []) if (iface.kind === 'bridge') bridges.add(iface);
  // interfaces with no peer evidence: join others whose addresses share their subnet
  const lonely = [...portOf.keys()].filter((i) => !snap.peerOf.has(i) && !bridges.has(i) && !i.master);
  const inferred = new Set<Interface>();
  for (const clique of subnetCliques(lonely, (i) => portOf.get(i)!.host)) {
    for (const i of clique) inferred.add(i);
    for (let k = 1; k < clique.length; k++) union(clique[0]!, clique[k]!);
  }
  // bridges and lonely interfaces may also share a subnet with a lonely interface (e.g. an uplink to a router)
  const groups = new Map<Interface, Port[]>();
  for (const iface of portOf.keys()) {
    const r = find(iface);
    const g = groups.get(r) ?? [];
    g.push(portOf.get(iface)!);
    groups.set(r, g);
  }
  let id = 0;
  for (const ports of groups.values()) {
    const seg: Segment = {
      id: id++,
      ports,
      closed: ports.every((p) => snap.peerOf.has(p.iface) || bridges.has(p.iface)),
      inferred: ports.some((p) => inferred.has(p.iface)),
    };
    snap.segments.push(seg);
    for (const p of ports) snap.segmentOf.set(p.iface, seg);
  }
}

function routable(a: Interface['addresses'][number]): boolean {
  const ip = parseIp(a.local);
  return !!ip && !isLoopback(ip) && !isLinkLocal(ip);
}

// Groups of interfaces on different hosts that share a subnet, found without comparing every pair (a host with
// 30,000 addresses, or 16,000 hosts, would be hundreds of millions of pairs).
//
// Two addresses share a subnet when each one's prefix holds the other: their first max(prefix) bits are equal. So
// for every prefix length q in use, the addresses with a prefix of at most q whose first q bits are equal all share
// a subnet with each other, and every sharing pair is in such a group (q = the larger of its two prefixes). A group
// that spans two hosts or more is connected through its members on other hosts and is returned whole; one whose
// members are all on one host joins nothing (an interface is never joined to one on its own host this way).
export function subnetCliques(ifaces: Interface[], hostOf: (i: Interface) => Host): Interface[][] {
  const addrs: { iface: Interface; family: 4 | 6; prefix: number; value: bigint }[] = [];
  const lengths = { 4: new Set<number>(), 6: new Set<number>() };
  for (const iface of ifaces)
    for (const a of iface.addresses) {
      if (!routable(a) || a.prefix === 32 || a.prefix === 128 || a.cidr.family !== a.family) continue;
      addrs.push({ iface, family: a.family, prefix: a.prefix, value: a.cidr.addr });
      lengths[a.family].add(a.prefix);
    }
  const groups = new Map<string, Interface[]>();
  for (const a of addrs)
    for (const q of lengths[a.family]) {
      if (q < a.prefix) continue;
      const k = `${a.family}/${q}/${a.value & mask(a.family, q)}`;
      const g = groups.get(k);
      if (g) g.push(a.iface);
      else groups.set(k, [a.iface]);
    }
  const out: Interface[][] = [];
  for (const g of groups.values()) {
    const h0 = hostOf(g[0]!);
    if (g.some((i) => hostOf(i) !== h0)) out.push(g);
  }
  return out;
}
