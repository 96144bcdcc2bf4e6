// Cluster context shared by the Kubernetes analyzers: kube-dns, pod ↔ host, each node's kube-proxy state.
import type { K8sPod, K8sService } from '../snapshot/k8s/cluster.js';
import { type KubeProxyIptables, proxyMode, readKubeProxy } from '../snapshot/k8s/kube-proxy.js';
import { type ProgrammedNode, fromIptables, fromIpvs, fromNft } from '../snapshot/k8s/programmed.js';
import type { Ruleset } from '../parsers/iptables-model.js';
import type { Host, Snapshot } from '../snapshot/types.js';

const kpCache = new WeakMap<Ruleset, KubeProxyIptables | null>();

// kube-proxy's iptables state on a host (cached: several analyzers read it).
export function kubeProxyOf(h: Host): KubeProxyIptables | undefined {
  if (!h.iptables) return undefined;
  let v = kpCache.get(h.iptables);
  if (v === undefined) {
    v = readKubeProxy(h.iptables) ?? null;
    kpCache.set(h.iptables, v);
  }
  return v ?? undefined;
}

// kube-proxy's configured mode ("" means the default, iptables); undefined when its ConfigMap was not captured.
export function configuredMode(snap: Snapshot): string | undefined {
  return snap.cluster?.kubeProxyConfig?.mode;
}

// Nodes of the bundle whose kube-proxy runs in iptables mode and left state to read.
export function iptablesNodes(snap: Snapshot): { host: Host; kp: KubeProxyIptables }[] {
  const mode = configuredMode(snap);
  const out: { host: Host; kp: KubeProxyIptables }[] = [];
  for (const h of snap.hosts) {
    if (h.kind !== 'node') continue;
    const kp = kubeProxyOf(h);
    if (!kp) continue;
    // read from nft, kube-proxy's rules may have lost the comments that name their Services (nft 1.0 does not
    // print iptables-nft's): without them the Services cannot be told apart, so no Service check is made
    if (h.iptablesFromNft && kp.ports.length === 0) continue;
    // the node's own /proxyMode answer beats the ConfigMap (a node can run with a flag override)
    if (proxyMode(h.proxyMode ?? mode, h.iptables) !== 'iptables') continue;
    out.push({ host: h, kp });
  }
  return out;
}

const programmedCache = new WeakMap<Snapshot, { host: Host; view: ProgrammedNode }[]>();

// Nodes with readable kube-proxy state in either mode, as one view (iptables chains or IPVS virtual servers),
// built once per snapshot: every Service analyzer reads the same one.
export function programmedNodes(snap: Snapshot): { host: Host; view: ProgrammedNode }[] {
  let v = programmedCache.get(snap);
  if (!v) {
    v = readProgrammed(snap);
    programmedCache.set(snap, v);
  }
  return v;
}

function readProgrammed(snap: Snapshot): { host: Host; view: ProgrammedNode }[] {
  const out: { host: Host; view: ProgrammedNode }[] = iptablesNodes(snap).map(({ host, kp }) => ({
    host,
    view: fromIptables(host, kp),
  }));
  const mode = configuredMode(snap);
  const clusterIPs = new Set((snap.cluster?.services ?? []).flatMap((s) => s.clusterIPs));
  const done = new Set(out.map((o) => o.host));
  for (const h of snap.hosts) {
    if (h.kind !== 'node' || done.has(h)) continue;
    const m = h.proxyMode ?? mode;
    const nft = h.nft && (m === undefined || m === 'nftables') ? fromNft(h.nft) : undefined;
    if (nft) {
      out.push({ host: h, view: nft });
      continue;
    }
    if (!h.ipvs || (m !== undefined && m !== 'ipvs')) continue;
    if (!h.ipvs.some((vs) => clusterIPs.has(vs.address))) continue;
    out.push({ host: h, view: fromIpvs(h, clusterIPs) });
  }
  return out;
}

// The kube-dns Service (CoreDNS keeps that name).
export function kubeDns(snap: Snapshot): K8sService | undefined {
  return snap.cluster?.services.find((s) => s.namespace === 'kube-system' && s.name === 'kube-dns');
}

// The captured host of a pod, if its network view is in the bundle.
export function hostOfPod(snap: Snapshot, p: K8sPod): Host | undefined {
  return (
    snap.hosts.find(
      (h) => h.kind === 'pod' && (h.meta.namespace ?? 'default') === p.namespace && h.meta.name === p.name,
    ) ?? snap.byId.get(`${p.namespace}.${p.name}`)
  );
}

// The pod object behind a captured pod host.
export { podOfHost } from '../snapshot/k8s/cluster.js';

// Finding target for a cluster object.
export const serviceTarget = (s: K8sService): string => `service:${s.namespace}/${s.name}`;
export const podTarget = (snap: Snapshot, p: K8sPod): string =>
  hostOfPod(snap, p)?.id ?? `pod:${p.namespace}/${p.name}`;

// "ns/name:port" as kube-proxy names a service port.
export function spnOf(s: K8sService, portName: string | undefined): string {
  return portName ? `${s.namespace}/${s.name}:${portName}` : `${s.namespace}/${s.name}`;
}
