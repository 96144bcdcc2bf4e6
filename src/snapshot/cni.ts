// Which CNI the captured nodes run, and in which mode, from what it leaves on a node (docs/networking-facts.md §cni):
// flannel's cni0 with flannel.1 (vxlan) or plain routes to the other nodes (host-gw), Calico's cali* veths with
// tunl0 (IPIP), vxlan.calico (VXLAN) or BIRD routes (BGP), Cilium's cilium_host (without KUBE-* chains: kube-proxy
// replaced), weave's weave bridge. What is by design for one CNI is a fault for another, so analyzers ask this.
import { rec } from '../json.js';
import { CALICO_VETH } from './cni-devices.js';
import type { Source } from '../parsers/types.js';
import type { Host, Snapshot } from './types.js';

export type CniName = 'flannel' | 'calico' | 'cilium' | 'weave';

export interface Cni {
  name: CniName;
  /** vxlan, host-gw, ipip, bgp, kube-proxy-replacement, … */
  mode?: string;
  /** Whether the CNI enforces NetworkPolicies on its own (flannel does not). */
  enforcesPolicies: boolean;
  /** The node and the line that show it. */
  host: string;
  src: Source;
}

const dev = (h: Host, re: RegExp) => h.interfaces?.find((i) => re.test(i.name));

// What one node shows, if anything.
function cniOf(h: Host): Cni | undefined {
  const at = (name: CniName, src: Source, enforcesPolicies: boolean, mode?: string): Cni => ({
    name,
    enforcesPolicies,
    host: h.id,
    src,
    ...(mode ? { mode } : {}),
  });
  const cilium = dev(h, /^cilium_host$/);
  if (cilium) {
    const kube = [...(h.iptables?.tables.values() ?? [])].some((t) =>
      [...t.chains.keys()].some((c) => c.startsWith('KUBE-')),
    );
    return at('cilium', cilium.src, true, kube ? undefined : 'kube-proxy-replacement');
  }
  const cali = dev(h, CALICO_VETH) ?? dev(h, /^(tunl0|vxlan\.calico)$/);
  const bird = h.routes?.find((r) => r.protocol === 'bird');
  if (cali || bird) {
    const vx = dev(h, /^vxlan\.calico$/);
    const ipip = h.routes?.find((r) => r.dev === 'tunl0');
    const mode = vx ? 'vxlan' : ipip ? 'ipip' : bird ? 'bgp' : undefined;
    return at('calico', (vx ?? cali)?.src ?? bird!.src, true, mode);
  }
  const weave = dev(h, /^weave$/);
  if (weave) return at('weave', weave.src, true);
  const flannel = dev(h, /^flannel(\.\d+|-wg)$/);
  if (flannel) return at('flannel', flannel.src, false, flannel.name === 'flannel-wg' ? 'wireguard' : 'vxlan');
  const cni0 = dev(h, /^cni0$/);
  if (cni0 && h.kind === 'node') {
    // flannel's host-gw: the other nodes' pod subnets are plain routes via their addresses
    const viaNode = h.routes?.find((r) => r.gateway && r.dev !== 'cni0' && r.dst.prefix === 24 && r.dst.prefix > 0);
    return at('flannel', (viaNode ?? cni0).src, false, viaNode ? 'host-gw' : undefined);
  }
  return undefined;
}

// Cilium's own settings (ConfigMap kube-system/cilium-config, in a sysdump or `kubectl get cm`): whether it
// replaces kube-proxy ("true", or "strict" before Cilium 1.14).
export function ciliumConfig(snap: Snapshot): { kubeProxyReplacement: boolean; src: Source } | undefined {
  const cm = snap.cluster?.configMaps.find((c) => c.namespace === 'kube-system' && c.name === 'cilium-config');
  if (!cm) return undefined;
  const v = rec(cm.raw.data)['kube-proxy-replacement'];
  return { kubeProxyReplacement: v === 'true' || v === 'strict', src: cm.src };
}

// The CNI of the captured nodes (the first node that shows one decides), else what Cilium's ConfigMap says;
// undefined when nothing does.
export function detectCni(snap: Snapshot): Cni | undefined {
  for (const h of snap.hosts) {
    if (h.kind !== 'node') continue;
    const c = cniOf(h);
    if (c) return c;
  }
  const cc = ciliumConfig(snap);
  if (cc)
    return {
      name: 'cilium',
      enforcesPolicies: true,
      host: 'ConfigMap kube-system/cilium-config',
      src: cc.src,
      ...(cc.kubeProxyReplacement ? { mode: 'kube-proxy-replacement' } : {}),
    };
  return undefined;
}

// Where the capture shows that nodes run without kube-proxy by design (Cilium replacing it); undefined otherwise.
// Missing KUBE-* chains are then no fault.
export function kubeProxyReplaced(snap: Snapshot): Source | undefined {
  const cc = ciliumConfig(snap);
  if (cc) return cc.kubeProxyReplacement ? cc.src : undefined;
  const cni = detectCni(snap);
  return cni?.name === 'cilium' && cni.mode === 'kube-proxy-replacement' ? cni.src : undefined;
}
