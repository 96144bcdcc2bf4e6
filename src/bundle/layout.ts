// The bundle contract (shared/bundle-format.md): which file names a host folder may hold and what reads them.

/** Canonical artifact names inside hosts/<id>/, JSON variants listed before text (JSON wins). */
export const ARTIFACTS = [
  'ip-addr.json',
  'ip-addr.txt',
  'ip-link.json',
  'ip-link.txt',
  'ifconfig.txt',
  'ip-route.json',
  'ip-route.txt',
  'route-n.txt',
  'ip-rule.txt',
  'ip-neigh.json',
  'ip-neigh.txt',
  'arp-n.txt',
  'iptables-save.txt',
  'ip6tables-save.txt',
  'iptables-L.txt',
  'nft.json',
  'nft.txt',
  'ipvsadm.txt',
  'sysctl.txt',
  'resolv.conf',
  'nsswitch.conf',
  'hosts',
  'ss.txt',
  'conntrack.txt',
  'host.json',
  'probes.json',
  'errors.json',
  'kube-proxy-healthz.txt',
  'kube-proxy-mode.txt',
  'sys-class-net.txt',
  'proc-net-route.txt',
  'fib_trie.txt',
  'kubelet-resolv.conf',
] as const;

export type ArtifactName = (typeof ARTIFACTS)[number];

/** The cluster object lists of a bundle, cluster/<name>.json, each a `kubectl get -A -o json` List. */
export const CLUSTER_LISTS = [
  'nodes',
  'pods',
  'services',
  'endpointslices',
  'networkpolicies',
  'namespaces',
  'configmaps',
  'daemonsets',
  'deployments',
  'events',
] as const;

export type ClusterList = (typeof CLUSTER_LISTS)[number];

/** Name endings of the archive form: .tar.gz / .tgz are written; a plain .tar is also read. */
export const TAR_RE = /\.(tar\.gz|tgz)$/i;
export const ARCHIVE_RE = /\.(tar\.gz|tgz|tar)$/i;

export interface RawBundle {
  /** What the user passed (for display). */
  path: string;
  origin: 'dir' | 'tar' | 'file';
  /** Bundle-relative path → text. */
  files: Map<string, string>;
  /** Files that are in the bundle but were not read (too large, unreadable, a link): path → why. */
  skipped?: Map<string, string>;
}

/** Logical facts and the artifacts that can provide them, in preference order. */
export const FACT_SOURCES = {
  interfaces: ['ip-addr.json', 'ip-addr.txt', 'ip-link.json', 'ip-link.txt', 'ifconfig.txt', 'sys-class-net.txt'],
  routes: ['ip-route.json', 'ip-route.txt', 'route-n.txt', 'proc-net-route.txt'],
  neighbors: ['ip-neigh.json', 'ip-neigh.txt', 'arp-n.txt'],
  rules: ['ip-rule.txt'],
  iptables: ['iptables-save.txt', 'iptables-L.txt'],
  ip6tables: ['ip6tables-save.txt'],
  sysctl: ['sysctl.txt'],
  resolv: ['resolv.conf'],
  nsswitch: ['nsswitch.conf'],
  hostsFile: ['hosts'],
  sockets: ['ss.txt'],
  probes: ['probes.json'],
  ipvs: ['ipvsadm.txt'],
  nft: ['nft.json', 'nft.txt'],
  healthz: ['kube-proxy-healthz.txt'],
  proxyMode: ['kube-proxy-mode.txt'],
} as const satisfies Record<string, readonly ArtifactName[]>;

export type FactName = keyof typeof FACT_SOURCES;
