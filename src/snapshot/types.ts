// The snapshot: one typed model of every host in a bundle, linked by the layer-2 segments they share.
import type { Cluster } from './k8s/cluster.js';
import type { Coverage } from './coverage.js';
import type { Interface, IpRule, Neighbor, Route, Sysctls } from '../model.js';
import type { HostsFile } from '../parsers/hosts.js';
import type { Ruleset } from '../parsers/iptables-model.js';
import type { Nsswitch } from '../parsers/nsswitch-conf.js';
import type { ResolvConf } from '../parsers/resolv-conf.js';
import type { Healthz } from '../parsers/healthz.js';
import type { VirtualServer } from '../parsers/ipvsadm.js';
import type { KindReason } from './kind.js';
import type { NftRuleset } from '../parsers/nft.js';
import type { ProbeResult } from '../parsers/probes.js';
import type { Socket } from '../parsers/ss.js';
import type { ParseWarning } from '../parsers/types.js';

export type HostKind = 'node' | 'pod' | 'netns' | 'container' | 'host';

/** Every kind a host.json may name. */
export const HOST_KINDS: ReadonlySet<string> = new Set<HostKind>(['node', 'pod', 'netns', 'container', 'host']);

export interface HostMeta {
  kind?: HostKind;
  name?: string;
  namespace?: string;
  node?: string;
  netns?: string;
  pid?: number;
}

/** Why a fact is not there: what errors.json said, or simply that no file was captured. */
export interface NotCollected {
  artifact: string;
  reason: string;
  /** The file does not exist on the target (e.g. no /etc/resolv.conf): a fact, not a capture gap. */
  absentOnTarget: boolean;
  /** errors.json's reason category (missing-binary, permission, timeout, absent, failed). */
  cause?: string;
}

export interface Host {
  id: string;
  kind: HostKind;
  /** The shape (or --as) that made it this kind, when host.json did not say (src/snapshot/kind.ts). */
  kindWhy?: KindReason;
  meta: HostMeta;
  /** Bundle-relative folder, e.g. `hosts/blue`. */
  dir: string;
  interfaces?: Interface[];
  routes?: Route[];
  rules?: IpRule[];
  neighbors?: Neighbor[];
  /** The iptables rules were read from `nft list ruleset` (iptables-nft's tables), not from iptables itself. */
  iptablesFromNft?: boolean;
  /** `ip netns list-id` inside this namespace: the ids its veths' `link_netnsid` refer to, with the names. */
  netnsIds?: Map<number, string>;
  iptables?: Ruleset;
  ip6tables?: Ruleset;
  sysctl?: Sysctls;
  resolv?: ResolvConf;
  nsswitch?: Nsswitch;
  hostsFile?: HostsFile;
  sockets?: Socket[];
  /** Results of `capture --probe`: what really answered at capture time. */
  probes?: ProbeResult[];
  /** IPVS virtual servers (`ipvsadm -Ln`), for kube-proxy in IPVS mode. */
  ipvs?: VirtualServer[];
  /** nftables ruleset (`nft -j list ruleset` / `nft list ruleset`), for kube-proxy in nftables mode. */
  nft?: NftRuleset;
  /** kube-proxy's /healthz answer on a node. */
  healthz?: Healthz;
  /** kube-proxy's own answer on this node (`curl -s 127.0.0.1:10249/proxyMode`). */
  proxyMode?: string;
  /** Bundle-relative files this host's facts came from. */
  files: string[];
  notCollected: NotCollected[];
  /** Why nothing at all could be collected from this target (errors.json's `*` entry), when that happened. */
  unreachable?: string;
}

export interface Port {
  host: Host;
  iface: Interface;
}

/** A layer-2 segment: interfaces that see each other's frames (veth pairs, bridge ports, a shared subnet). */
export interface Segment {
  id: number;
  ports: Port[];
  /** Every veth in the segment has its peer captured: we know everyone on the wire. */
  closed: boolean;
  /** Linked only because addresses share a subnet (no veth/bridge evidence). */
  inferred: boolean;
}

export interface BundleManifest {
  format?: number;
  createdAt?: string;
  createdBy?: string;
  cluster?: { context?: string; server?: string; version?: string };
  redacted?: boolean;
  /** Lab fixtures: which scenario and faults, which checks failed at capture time. */
  lab?: { scenario: string; faults: string[]; checks: string[]; failing: string[] };
}

export interface Snapshot {
  source: { path: string; origin: 'dir' | 'tar' | 'file' };
  manifest?: BundleManifest;
  hosts: Host[];
  byId: Map<string, Host>;
  segments: Segment[];
  /** Segment of each interface (object identity). */
  segmentOf: Map<Interface, Segment>;
  /** veth peer of each interface, when found in the bundle. */
  peerOf: Map<Interface, Port>;
  warnings: ParseWarning[];
  /** Cluster objects (cluster/*.json), when the bundle has them. */
  cluster?: Cluster;
  /** Raw text of every bundle file, for evidence lines and the views' raw browser. */
  files: Map<string, string>;
  /** Every target the bundle names, with what was collected of it (never omitted: the unseen is not healthy). */
  coverage: Coverage[];
}
