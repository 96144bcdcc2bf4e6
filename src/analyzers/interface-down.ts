// interface-down: an addressed interface, bridge port or veth end that is admin-down or lacks carrier.
import type { Interface } from '../model.js';
import { isLoopbackIface, routableAddresses } from '../snapshot/routing.js';
import type { Host, Snapshot } from '../snapshot/types.js';
import { ev, inNs, note } from './fix.js';
import { list } from './roles.js';
import type { Analyzer, RawFinding } from './types.js';
import { sh } from '../text/shell.js';

/** Names of bridges that container runtimes and CNIs create; a port-less bridge has no carrier, which is normal. */
const BRIDGE_NAMES = /^(docker0|cni0|cbr0|kube-bridge|br-[0-9a-f]{12}|virbr\d+|lxdbr\d+|podman\d+)$/;
const isBridge = (h: Host, i: Interface): boolean =>
  i.kind === 'bridge' ||
  (i.kind === undefined && BRIDGE_NAMES.test(i.name)) ||
  (h.interfaces ?? []).some((x) => x.master === i.name);

export const interfaceDown: Analyzer = {
  id: 'interface-down',
  run(snap: Snapshot): RawFinding[] {
    const out: RawFinding[] = [];
    for (const h of snap.hosts)
      for (const i of h.interfaces ?? []) {
        if (isBridge(h, i)) continue;
        const peer = snap.peerOf.get(i);
        if (isLoopbackIface(i)) {
          if (!i.adminUp)
            out.push({
              id: 'interface-down',
              severity: 'warning',
              target: h.id,
              variant: 'loopback',
              params: { host: h.id, iface: i.name },
              evidence: [ev(i.src)],
              fix: [inNs(h, 'ip link set lo up')],
            });
          continue;
        }
        const relevant =
          routableAddresses(i).length > 0 || !!i.master || !!peer || i.peerIndex !== undefined || !!i.peerName;
        if (!relevant) continue;
        const addresses = list(i.addresses.filter((a) => a.family === 4).map((a) => `${a.local}/${a.prefix}`)) || '-';
        if (!i.adminUp) {
          const params = {
            host: h.id,
            iface: i.name,
            addresses,
            peer: peer?.iface.name ?? '',
            peerHost: peer?.host.id ?? '',
          };
          const evidence = [ev(i.src)];
          if (peer) evidence.push(ev(peer.iface.src));
          out.push({
            id: 'interface-down',
            severity: 'critical',
            target: h.id,
            variant: peer ? 'admin-peer' : 'admin',
            params,
            evidence,
            fix: [inNs(h, `ip link set ${i.name} up`)],
          });
          continue;
        }
        if (i.carrier === false) {
          // the admin-down peer is the cause and is reported on its own host
          if (peer && !peer.iface.adminUp) continue;
          const peerName = peer
            ? `${peer.iface.name} on ${peer.host.id}`
            : i.linkNetns
              ? `ifindex ${i.peerIndex ?? '?'} in netns ${i.linkNetns}`
              : i.peerIndex !== undefined
                ? `ifindex ${i.peerIndex}`
                : '?';
          const fix = peer
            ? [inNs(peer.host, sh`ip link set ${peer.iface.name} up`)]
            : [inNs(h, sh`ip -d link show ${i.name}`)];
          const notes = peer
            ? []
            : [
                note(
                  `The other end (${peerName}) is not in the bundle: find it where it lives and bring it up with ip link set … up.`,
                  `另一端(${peerName})不在 bundle 裡:到它所在的地方找到它,用 ip link set … up 啟用。`,
                ),
              ];
          out.push({
            id: 'interface-down',
            severity: routableAddresses(i).length > 0 || i.master ? 'critical' : 'warning',
            target: h.id,
            variant: 'carrier',
            params: { host: h.id, iface: i.name, peer: peerName },
            evidence: [ev(i.src)],
            fix,
            notes,
          });
        }
      }
    return out;
  },
};
