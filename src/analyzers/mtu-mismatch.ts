// mtu-mismatch: an overlay device or a pod sends packets larger than the underlay can carry after encapsulation.
import type { Interface } from '../model.js';
import type { Host, Snapshot } from '../snapshot/types.js';
import { ev, inNs, note } from './fix.js';
import { defaultRoute, ifaceByName } from '../snapshot/routing.js';
import type { Analyzer, RawFinding } from './types.js';
import { sh } from '../text/shell.js';

/** Encapsulation overhead per overlay kind (networking-facts §5). */
const OVERHEAD: Record<string, number> = { vxlan: 50, ipip: 20, wireguard: 60 };

// The overlay kind of an interface, from `ip -d` / JSON linkinfo or the CNIs' well-known names.
function overlayKind(i: Interface): string | undefined {
  if (i.kind && OVERHEAD[i.kind] !== undefined) return i.kind;
  if (/^flannel\.\d+$|^vxlan\.calico$|^cilium_vxlan$/.test(i.name)) return 'vxlan';
  if (/^tunl0$/.test(i.name)) return 'ipip';
  if (/^(flannel-wg|wireguard\.cali|cilium_wg0|wg\d+)$/.test(i.name)) return 'wireguard';
  return undefined;
}

function overlayOf(h: Host): { iface: Interface; kind: string } | undefined {
  for (const i of h.interfaces ?? []) {
    const kind = overlayKind(i);
    if (kind && i.mtu) return { iface: i, kind };
  }
  return undefined;
}

export const mtuMismatch: Analyzer = {
  id: 'mtu-mismatch',
  run(snap: Snapshot): RawFinding[] {
    const out: RawFinding[] = [];
    for (const h of snap.hosts) {
      if (h.kind !== 'node') continue;
      const ov = overlayOf(h);
      if (!ov) continue;
      const overhead = OVERHEAD[ov.kind]!;
      const under = ifaceByName(h, defaultRoute(h)?.dev) ?? (h.interfaces ?? []).find((i) => i.name === 'eth0');
      if (under?.mtu && ov.iface.mtu! > under.mtu - overhead) {
        out.push({
          id: 'mtu-mismatch',
          severity: 'critical',
          target: h.id,
          variant: 'overlay',
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
            note(
              "Also set the CNI's MTU (flannel: FLANNEL_MTU or net-conf.json; Calico: veth_mtu) so new pods get it.",
              '也要設定 CNI 的 MTU(flannel:FLANNEL_MTU 或 net-conf.json;Calico:veth_mtu),新建立的 Pod 才會套用。',
            ),
          ],
        });
      }
      const nodeName = h.meta.name ?? h.id;
      for (const p of snap.hosts) {
        if (p.kind !== 'pod' || p.meta.node !== nodeName) continue;
        const eth = (p.interfaces ?? []).find((i) => i.name === 'eth0');
        if (!eth?.mtu || eth.mtu <= ov.iface.mtu!) continue;
        out.push({
          id: 'mtu-mismatch',
          severity: 'critical',
          target: p.id,
          variant: 'pod',
          params: { host: p.id, mtu: eth.mtu, overlay: ov.iface.name, omtu: ov.iface.mtu!, node: h.id },
          evidence: [ev(eth.src), ev(ov.iface.src)],
          fix: [inNs(p, sh`ip link set eth0 mtu ${ov.iface.mtu!}`)],
          notes: [
            note(
              "That command is a quick test only: recreate the pod once the CNI's MTU is fixed.",
              '這個指令只適合快速驗證:修好 CNI 的 MTU 之後要重建 Pod。',
            ),
          ],
        });
      }
    }
    return out;
  },
};
