// mtu-mismatch: an overlay device or a pod sends packets larger than the underlay can carry after encapsulation.
import { IPIP_DEVICE, VXLAN_DEVICE, WIREGUARD_DEVICE } from '../snapshot/cni-devices.js';
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import type { Interface } from '../model.js';
import type { Host } from '../snapshot/types.js';
import { ev, inNs } from './fix.js';
import { defaultRoute, ifaceByName } from '../snapshot/routing.js';
import type { RawFinding } from './types.js';
import { sh } from '../text/shell.js';

/** Encapsulation overhead per overlay kind (docs/networking-facts.md §node-prerequisites). */
const OVERHEAD: Record<string, number> = { vxlan: 50, ipip: 20, wireguard: 60 };

// The overlay kind of an interface, from `ip -d` / JSON linkinfo or the CNIs' well-known names.
function overlayKind(i: Interface): string | undefined {
  if (i.kind && OVERHEAD[i.kind] !== undefined) return i.kind;
  if (VXLAN_DEVICE.test(i.name)) return 'vxlan';
  if (IPIP_DEVICE.test(i.name)) return 'ipip';
  if (WIREGUARD_DEVICE.test(i.name)) return 'wireguard';
  return undefined;
}

function overlayOf(h: Host): { iface: Interface; kind: string } | undefined {
  for (const i of h.interfaces ?? []) {
    const kind = overlayKind(i);
    if (kind && i.mtu) return { iface: i, kind };
  }
  return undefined;
}

export const mtuMismatch = defineAnalyzer({
  id: 'mtu-mismatch',
  summary: {
    en: 'Pod MTU larger than the overlay allows on the underlay (VXLAN −50, IPIP −20, WireGuard −60).',
    'zh-TW': 'Pod 的 MTU 大於 overlay 在底層網路上能承載的大小（VXLAN −50、IPIP −20、WireGuard −60）。',
  },
  variants: {
    overlay: {
      severity: 'critical',
      title: {
        en: '{overlay} on {host} has MTU {mtu}, more than {underlay} ({umtu}) minus {overhead}',
        'zh-TW': '{host} 的 {overlay} MTU 為 {mtu}，超過 {underlay}（{umtu}）減去 {overhead}',
      },
      explanation: {
        en: '{overlay} is a {kind} device: each packet it sends gains {overhead} bytes of headers on {underlay}, whose MTU is {umtu}. With MTU {mtu}, full-size packets become {total} bytes and are dropped on the underlay. Small packets (ping, TLS handshakes) pass, large transfers hang.',
        'zh-TW':
          '{overlay} 是 {kind} 裝置：它送出的每個封包在 {underlay} 上都會多出 {overhead} 位元組的標頭，而 {underlay} 的 MTU 是 {umtu}。在 MTU {mtu} 下，滿載的封包會變成 {total} 位元組，在底層網路上被丟棄。小封包（ping、TLS 交握）能通，大量傳輸就會卡住。',
      },
    },
    pod: {
      severity: 'critical',
      title: {
        en: 'Pod {host} has MTU {mtu}, more than the overlay {overlay} ({omtu})',
        'zh-TW': 'Pod {host} 的 MTU 為 {mtu}，超過 overlay {overlay}({omtu})',
      },
      explanation: {
        en: 'eth0 in {host} sends packets of up to {mtu} bytes, but traffic to other nodes leaves {node} through {overlay}, which carries at most {omtu}. Large packets to pods on other nodes are dropped or fragmented; small ones pass, so connections open and then stall.',
        'zh-TW':
          '{host} 的 eth0 會送出最大 {mtu} 位元組的封包，但前往其他節點的流量要經由 {node} 的 {overlay} 送出，而它最多只能承載 {omtu}。送往其他節點 Pod 的大封包會被丟棄或分段；小封包能通，所以連線建立後就停住了。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts) {
      if (h.kind !== 'node') continue;
      const ov = overlayOf(h);
      if (!ov) continue;
      const overhead = OVERHEAD[ov.kind]!;
      const under = ifaceByName(h, defaultRoute(h)?.dev) ?? (h.interfaces ?? []).find((i) => i.name === 'eth0');
      if (under?.mtu && ov.iface.mtu! > under.mtu - overhead) {
        out.push(
          finding('overlay', {
            target: h.id,
            params: {
              host: h.id,
              overlay: ov.iface.name,
              kind: ov.kind,
              mtu: ov.iface.mtu!,
              underlay: under.name,
              umtu: under.mtu,
              overhead,
              total: ov.iface.mtu! + overhead,
            },
            evidence: [ev(ov.iface.src), ev(under.src)],
            fix: [inNs(h, sh`ip link set ${ov.iface.name} mtu ${under.mtu - overhead}`)],
            notes: [
              text(
                "Also set the CNI's MTU (flannel: FLANNEL_MTU or net-conf.json; Calico: veth_mtu) so new pods get it.",
                '也要設定 CNI 的 MTU（flannel:FLANNEL_MTU 或 net-conf.json;Calico:veth_mtu），新建立的 Pod 才會套用。',
              ),
            ],
          }),
        );
      }
      const nodeName = h.meta.name ?? h.id;
      for (const p of snap.hosts) {
        if (p.kind !== 'pod' || p.meta.node !== nodeName) continue;
        const eth = (p.interfaces ?? []).find((i) => i.name === 'eth0');
        if (!eth?.mtu || eth.mtu <= ov.iface.mtu!) continue;
        out.push(
          finding('pod', {
            target: p.id,
            params: { host: p.id, mtu: eth.mtu, overlay: ov.iface.name, omtu: ov.iface.mtu!, node: h.id },
            evidence: [ev(eth.src), ev(ov.iface.src)],
            fix: [inNs(p, sh`ip link set eth0 mtu ${ov.iface.mtu!}`)],
            notes: [
              text(
                "That command is a quick test only: recreate the pod once the CNI's MTU is fixed.",
                '這個指令只適合快速驗證：修好 CNI 的 MTU 之後要重建 Pod。',
              ),
            ],
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
    'mtu-mismatch': true;
  }
}
