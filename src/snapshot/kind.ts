// What a captured host is — a Kubernetes node, a pod, a container or a plain host — when the capture does not say:
// from the shapes only a node or only a pod has (docs/networking-facts.md §kinds), with the shape that decided it,
// so the report can say why ("node: KUBE-SERVICES in iptables nat").
import { NODE_DEVICE } from './cni-devices.js';
import { type Lang, type Text, msg, text } from '../i18n/lang.js';
import { HOST_KINDS, type Host, type HostKind } from './types.js';

/** Why a host was taken to be what it is (language-free; worded by kindReasonText). */
export interface KindReason {
  code: keyof typeof REASONS;
  params: Record<string, string>;
}

const REASONS = {
  flag: text('as --as says', '依 --as 指定'),
  'kube-chain': text('{chain} in {where}', '{where} 中有 {chain}'),
  'cni-device': text('device {dev}', '有 {dev} 介面'),
  'cni-route': text('route "{route}"', '有路由「{route}」'),
  'pod-search': text('resolv.conf searches {domain}', 'resolv.conf 的搜尋網域有 {domain}'),
  'pod-gateway': text('a /32 address with default via {gw}', '/32 位址，預設閘道為 {gw}'),
  'lone-veth': text('its only device is {dev}, one end of a veth', '唯一的介面 {dev} 是 veth 的一端'),
} satisfies Record<string, Text>;

// The reason as a phrase in one language.
export function kindReasonText(r: KindReason, lang: Lang): string {
  return msg(lang, REASONS[r.code], r.params);
}

/** The gateway Calico gives every pod (no device has it: the node answers by proxy ARP). */
const CALICO_GW = '169.254.1.1';

// A node's shapes: kube-proxy's chains (iptables or nft), a CNI's devices, Calico's BGP and block routes.
function nodeShape(h: Host): KindReason | undefined {
  // KUBE-SERVICES (kube-proxy's entry chain) names it best; any KUBE-* chain will do
  const tables = [...(h.iptables?.tables ?? [])].sort(([a], [b]) => Number(b === 'nat') - Number(a === 'nat'));
  for (const want of ['KUBE-SERVICES', 'KUBE-'])
    for (const [name, t] of tables)
      for (const chain of t.chains.keys())
        if (chain === want || (want === 'KUBE-' && chain.startsWith(want)))
          return { code: 'kube-chain', params: { chain, where: `iptables ${name}` } };
  for (const t of h.nft ?? []) {
    if (t.name === 'kube-proxy')
      return { code: 'kube-chain', params: { chain: 'kube-proxy', where: `nft table ${t.family}` } };
    for (const chain of t.chains.keys())
      if (chain.startsWith('KUBE-'))
        return { code: 'kube-chain', params: { chain, where: `nft table ${t.family} ${t.name}` } };
  }
  const dev = h.interfaces?.find((i) => NODE_DEVICE.test(i.name));
  if (dev) return { code: 'cni-device', params: { dev: dev.name } };
  const r = h.routes?.find(
    (x) => x.protocol === 'bird' || (x.type === 'blackhole' && x.dst.prefix >= 24 && x.dst.prefix < 32),
  );
  if (r) return { code: 'cni-route', params: { route: r.src.text.trim() } };
  return undefined;
}

// A pod's shapes: kubelet's resolv.conf, Calico's /32 and 169.254.1.1 gateway, a lone veth end named eth0.
function podShape(h: Host): KindReason | undefined {
  const domain = h.resolv?.search.find((s) => /\.svc\./.test(s) || s.startsWith('svc.'));
  if (domain) return { code: 'pod-search', params: { domain } };
  const devs = (h.interfaces ?? []).filter((i) => i.kind !== 'loopback' && i.name !== 'lo');
  const gw = h.routes?.find((r) => r.dst.prefix === 0 && r.gateway === CALICO_GW);
  if (gw && devs.some((i) => i.addresses.some((a) => a.family === 4 && a.prefix === 32)))
    return { code: 'pod-gateway', params: { gw: CALICO_GW } };
  const only = devs.length === 1 ? devs[0]! : undefined;
  if (only?.name === 'eth0' && only.peerIndex !== undefined && (only.linkNetns || only.linkNetnsId !== undefined))
    return { code: 'lone-veth', params: { dev: 'eth0' } };
  return undefined;
}

// What the host is, and why (no reason: nothing Kubernetes about it, or host.json said so). `--as` wins, then
// host.json; otherwise the shapes decide.
export function inferKind(h: Host, flag?: HostKind): { kind: HostKind; why?: KindReason } {
  if (flag) return { kind: flag, why: { code: 'flag', params: {} } };
  if (h.meta.kind && HOST_KINDS.has(h.meta.kind)) return { kind: h.meta.kind };
  const node = nodeShape(h);
  if (node) return { kind: 'node', why: node };
  const pod = podShape(h);
  if (pod) return { kind: 'pod', why: pod };
  // the machine a single file or `--local` came from, or one of its namespaces
  return { kind: h.id === 'local' ? 'host' : 'netns' };
}
