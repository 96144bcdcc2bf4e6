// Links interfaces of different hosts into layer-2 segments: veth peers, bridge ports, then shared subnets.
import type { Interface } from '../model.js';
import { cidrContains, isLinkLocal, isLoopback, parseIp } from '../net/ip.js';
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
  const byIndex = (h: Host, idx: number): Interface | undefined => h.interfaces?.find((i) => i.index === idx);
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
        const p = host.interfaces?.find((i) => i.name === iface.peerName);
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
      const br = host.interfaces?.find((i) => i.name === iface.master);
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
  for (let a = 0; a < lonely.length; a++)
    for (let b = a + 1; b < lonely.length; b++) {
      const ia = lonely[a]!;
      const ib = lonely[b]!;
      if (portOf.get(ia)!.host === portOf.get(ib)!.host) continue;
      if (sharesSubnet(ia, ib)) {
        union(ia, ib);
        inferred.add(ia);
        inferred.add(ib);
      }
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

function sharesSubnet(a: Interface, b: Interface): boolean {
  for (const x of a.addresses)
    for (const y of b.addresses) {
      if (x.family !== y.family || !routable(x) || !routable(y)) continue;
      if (x.prefix === 32 || y.prefix === 32 || x.prefix === 128 || y.prefix === 128) continue;
      if (
        cidrContains(x.cidr, { family: y.family, value: y.cidr.addr }) &&
        cidrContains(y.cidr, { family: x.family, value: x.cidr.addr })
      )
        return true;
    }
  return false;
}
