// Typed network facts shared by parsers, snapshot, analyzers and views; every fact keeps its Source.
import type { Cidr } from './net/ip.js';
import type { Source } from './parsers/types.js';

export interface Address {
  family: 4 | 6;
  /** Address as printed, without prefix ("192.168.15.1"). */
  local: string;
  prefix: number;
  cidr: Cidr;
  scope?: string;
  peer?: string;
  src: Source;
}

export interface Interface {
  name: string;
  index?: number;
  /** `@ifN` / link_index: the peer's ifindex (in another netns when linkNetns/linkNetnsId is set). */
  peerIndex?: number;
  /** `@name`: peer in the same namespace. */
  peerName?: string;
  flags: string[];
  adminUp: boolean;
  /** LOWER_UP / RUNNING seen; false when NO-CARRIER or not running; undefined when the source cannot tell. */
  carrier?: boolean;
  operState?: string;
  mtu?: number;
  master?: string;
  linkNetns?: string;
  linkNetnsId?: number;
  /** Device kind when known (`ip -d`, JSON linkinfo, loopback): bridge, veth, vxlan, loopback, ... */
  kind?: string;
  mac?: string;
  /** A tunnel device's own settings (`ip -d`): the VXLAN network id, the underlay address it sends from, its
   *  UDP port; what carries its packets to the other end. */
  tunnel?: Tunnel;
  addresses: Address[];
  /** Listed only because it has an address (`ip -4 addr`, `ip -o addr`): devices without one are not shown. */
  addressesOnly?: boolean;
  src: Source;
}

export interface Tunnel {
  id?: number;
  local?: string;
  remote?: string;
  dstport?: number;
}

export type RouteType =
  | 'unicast'
  | 'local'
  | 'broadcast'
  | 'multicast'
  | 'throw'
  | 'unreachable'
  | 'prohibit'
  | 'blackhole'
  | 'nat'
  | 'anycast';

export interface NextHop {
  gateway?: string;
  dev?: string;
  weight?: number;
  flags: string[];
}

export interface Route {
  type: RouteType;
  /** Destination as printed ("default", "10.244.0.0/24", "10.244.3.5"). */
  dstText: string;
  dst: Cidr;
  gateway?: string;
  dev?: string;
  protocol?: string;
  scope?: string;
  prefsrc?: string;
  metric?: number;
  table?: string;
  /** onlink, linkdown, dead, pervasive, ... */
  flags: string[];
  /** Multipath routes list every hop; single-path routes have one entry mirroring gateway/dev. */
  nexthops: NextHop[];
  src: Source;
}

export interface Neighbor {
  dst: string;
  /** The name `arp -a` printed for it (`_gateway`), when it printed one. */
  name?: string;
  dev?: string;
  lladdr?: string;
  /** REACHABLE, STALE, FAILED, INCOMPLETE, PERMANENT, ... (upper case). */
  state: string[];
  src: Source;
}

export interface IpRule {
  priority: number;
  selector: string;
  action: string;
  table?: string;
  src: Source;
}

export interface SysctlValue {
  value: string;
  src: Source;
}

export interface Sysctls {
  values: Map<string, SysctlValue>;
  /** Keys the capture said do not exist (`sysctl: cannot stat ...`), e.g. br_netfilter not loaded. */
  missing: Map<string, Source>;
}
