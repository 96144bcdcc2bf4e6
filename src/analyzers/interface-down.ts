// interface-down: an addressed interface, bridge port or veth end that is admin-down or lacks carrier.
import { OVERLAY_DEVICE } from '../snapshot/cni-devices.js';
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import type { Interface } from '../model.js';
import { isLoopbackIface, isRouted, portsOf, routableAddresses } from '../snapshot/routing.js';
import type { Host } from '../snapshot/types.js';
import { ev, inNs } from './fix.js';
import { list } from './roles.js';
import type { RawFinding } from './types.js';
import { sh } from '../text/shell.js';

/** Names of bridges that container runtimes and CNIs create; a port-less bridge has no carrier, which is normal. */
const BRIDGE_NAMES = /^(docker0|cni0|cbr0|kube-bridge|br-[0-9a-f]{12}|virbr\d+|lxdbr\d+|podman\d+)$/;
const OVERLAY_KINDS = new Set(['vxlan', 'geneve', 'wireguard']);
const isBridge = (h: Host, i: Interface): boolean =>
  i.kind === 'bridge' || (i.kind === undefined && BRIDGE_NAMES.test(i.name)) || portsOf(h, i.name).length > 0;

export const interfaceDown = defineAnalyzer({
  id: 'interface-down',
  summary: {
    en: 'An interface that carries addresses, or is a bridge port or veth end, is administratively down or has no carrier (also reported from the peer side).',
    'zh-TW': '帶有位址、或是 bridge 埠 / veth 一端的網路介面被管理性關閉，或沒有 carrier（從對端也看得到）。',
  },
  variants: {
    admin: {
      severity: 'critical',
      title: { en: '{iface} on {host} is down', 'zh-TW': '{host} 的介面 {iface} 處於 DOWN 狀態' },
      explanation: {
        en: '{iface} on {host} has no UP flag: it was never brought up, or someone set it down. The kernel neither sends nor receives on it, so its addresses ({addresses}) and every route through it are dead until it is brought up.',
        'zh-TW':
          '{host} 上的 {iface} 沒有 UP 旗標：它從未被啟用，或被人設成 down。核心不會在這個介面上收發任何封包，因此它的位址（{addresses}）以及經過它的路由全部失效，直到重新啟用為止。',
      },
    },
    'admin-peer': {
      severity: 'critical',
      title: { en: '{iface} on {host} is down', 'zh-TW': '{host} 的介面 {iface} 處於 DOWN 狀態' },
      explanation: {
        en: '{iface} on {host} is administratively down. It is one end of a veth pair whose other end is {peer} on {peerHost}; that end now reports NO-CARRIER, so nothing crosses the pair in either direction.',
        'zh-TW':
          '{host} 上的 {iface} 被管理性關閉。它是一對 veth 的其中一端，另一端是 {peerHost} 上的 {peer}；另一端因此顯示 NO-CARRIER，封包在兩個方向都無法通過這條虛擬網路線。',
      },
    },
    carrier: {
      severity: 'critical',
      title: { en: '{iface} on {host} has no carrier', 'zh-TW': '{host} 的介面 {iface} 沒有 carrier' },
      explanation: {
        en: '{iface} is up but reports NO-CARRIER: the far end of the link ({peer}) is down or gone. A veth only gets carrier when both of its ends are up.',
        'zh-TW':
          '{iface} 已啟用，卻顯示 NO-CARRIER：鏈路另一端（{peer}）是 down 或已不存在。veth 必須兩端都啟用才會有 carrier。',
      },
    },
    loopback: {
      severity: 'warning',
      title: { en: 'Loopback is down in {host}', 'zh-TW': '{host} 的 loopback 介面處於 DOWN' },
      explanation: {
        en: 'lo has no UP flag. Anything in this namespace that talks to 127.0.0.1 or ::1 (a local DNS stub, a sidecar, a health check) fails. New namespaces start with lo down; container runtimes and the CNI loopback plugin are what bring it up.',
        'zh-TW':
          'lo 沒有 UP 旗標。這個 namespace 內任何連向 127.0.0.1 或 ::1 的程式（本機 DNS stub、sidecar、健康檢查）都會失敗。新建立的 namespace 預設 lo 為 down，平常是由容器執行環境或 CNI 的 loopback 外掛負責把它啟用。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts)
      for (const i of h.interfaces ?? []) {
        if (isBridge(h, i)) continue;
        const peer = snap.peerOf.get(i);
        if (isLoopbackIface(i)) {
          if (!i.adminUp)
            out.push(
              finding('loopback', {
                target: h.id,
                params: { host: h.id },
                evidence: [ev(i.src)],
                fix: [inNs(h, 'ip link set lo up')],
              }),
            );
          continue;
        }
        // an overlay device loses its address when it goes down, but the routes through it still name it
        const routed = isRouted(h, i.name);
        const relevant =
          routableAddresses(i).length > 0 ||
          !!i.master ||
          !!peer ||
          i.peerIndex !== undefined ||
          !!i.peerName ||
          OVERLAY_DEVICE.test(i.name) ||
          (i.kind !== undefined && OVERLAY_KINDS.has(i.kind)) ||
          routed;
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
          out.push(
            finding(peer ? 'admin-peer' : 'admin', {
              severity: 'critical',
              target: h.id,
              params,
              evidence,
              fix: [inNs(h, `ip link set ${i.name} up`)],
            }),
          );
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
                text(
                  `The other end (${peerName}) is not in the bundle: find it where it lives and bring it up with ip link set … up.`,
                  `另一端（${peerName}）不在 bundle 裡：到它所在的地方找到它，用 ip link set … up 啟用。`,
                ),
              ];
          out.push(
            finding('carrier', {
              severity: routableAddresses(i).length > 0 || i.master ? 'critical' : 'warning',
              target: h.id,
              params: { host: h.id, iface: i.name, peer: peerName },
              evidence: [ev(i.src)],
              fix,
              notes,
            }),
          );
        }
      }
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'interface-down': true;
  }
}
