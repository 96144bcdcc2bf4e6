// The concrete packet a trace follows, what happens to it on the way (steps) and how its path ends.
import { type Ip, ipToString } from '../../net/ip.js';
import type { Source } from '../../parsers/types.js';
import type { Why } from './why.js';

export type Proto = 'icmp' | 'udp' | 'tcp';

/** Conntrack's view of a packet (iptables-extensions(8), conntrack --ctstate). */
export type CtState = 'NEW' | 'ESTABLISHED' | 'RELATED' | 'INVALID' | 'UNTRACKED';

export interface Pkt {
  src: Ip;
  dst: Ip;
  proto: Proto;
  sport?: number;
  dport?: number;
  /** ICMP type and code (8/0 echo request, 0/0 echo reply, 3/x destination unreachable, 11/0 time exceeded). */
  icmp?: [type: number, code: number];
  /** TCP flags set on the packet (a new connection's first packet is a lone SYN). */
  tcpFlags?: string[];
  mark: number;
  ttl: number;
}

/** The IP protocol number of a protocol name, as iptables accepts either. */
export const PROTO_NUMBER: Record<Proto, number> = { icmp: 1, tcp: 6, udp: 17 };

// A packet for people: "10.0.0.2:40000 → 203.0.113.10:443/tcp".
export function pktText(p: Pkt): string {
  const port = (ip: Ip, n: number | undefined): string => (n === undefined ? ipToString(ip) : `${ipToString(ip)}:${n}`);
  const kind = p.proto === 'icmp' && p.icmp ? `icmp ${p.icmp[0]}/${p.icmp[1]}` : p.proto;
  return `${port(p.src, p.sport)} → ${port(p.dst, p.dport)} ${kind}`;
}

/** One thing that happened to the packet on one host; rule and policy steps are what the kernel's counters count. */
export type Step =
  | { kind: 'enter'; host: string; iface: string; pkt: string; phys?: string }
  | { kind: 'originate'; host: string; pkt: string }
  | {
      kind: 'rule';
      host: string;
      table: string;
      /** The built-in hook the walk started from (PREROUTING for a rule in KUBE-SERVICES). */
      hook: string;
      chain: string;
      /** 1-based position in its chain (iptables -L --line-numbers). */
      index: number;
      src: Source;
      target?: string;
      /** What the rule did beyond deciding: "mark 0x0 → 0x4000", "DNAT 10.96.0.10:53 → 10.244.2.7:53". */
      effect?: string;
      /** An effect that is a sentence rather than a translation (NOTRACK, a CONNMARK with no entry). */
      note?: Why;
      /** Where a DNAT or REDIRECT sent the packet ("10.244.1.5:53"). */
      dnatTo?: string;
    }
  | { kind: 'policy'; host: string; table: string; hook: string; chain: string; policy: string; src?: Source }
  | {
      kind: 'route';
      host: string;
      /** `local`, or the route's type; `none` when no route matched. */
      type: string;
      dst: string;
      dev?: string;
      gateway?: string;
      table?: string;
      src?: Source;
    }
  | { kind: 'bridge'; host: string; bridge: string; inPort: string; outPort: string; netfilter: boolean }
  | { kind: 'exit'; host: string; iface: string; nexthop: string; pkt: string }
  /** Into a tunnel: `outer` is the packet that carries it, towards the host `to`; its own steps follow. */
  | { kind: 'encap'; host: string; iface: string; outer: string; to: string }
  /** IPVS sent the packet to one real server of a virtual server (`ipvsadm -Ln` line). */
  | { kind: 'ipvs'; host: string; vs: string; effect: string; dnatTo: string; src: Source }
  /** Out of the tunnel on the far host's device. */
  | { kind: 'decap'; host: string; iface: string; pkt: string }
  | { kind: 'note'; host: string; why: Why };

/** How one path ends. */
export type End =
  | { kind: 'delivered'; host: string; iface: string; dst: string; pkt: string }
  | {
      kind: 'dropped';
      host: string;
      /** A rule's target, a chain's policy, or the kernel itself (routing, rp_filter, forwarding off, ...). */
      by: 'rule' | 'policy' | 'kernel';
      /** An ICMP error or TCP reset goes back to the sender. */
      rejected: boolean;
      src?: Source;
      /** REJECT's --reject-with. */
      rejectWith?: string;
      /** Why the kernel dropped it (by: kernel), or what a rule could not do. */
      reason?: Why;
    }
  | { kind: 'no-route'; host: string }
  | { kind: 'neighbour-unreachable'; host: string; iface: string; nexthop: string; reason: Why }
  | { kind: 'leaves'; host: string; iface: string; nexthop: string; pkt: string }
  | { kind: 'unknown'; host: string; reason: Why; src?: Source };

/** A packet the kernel sends in answer, traced to its end; it may be answered in turn (a rejected echo reply). */
export interface Answer {
  steps: Step[];
  end: End;
  pkt: Pkt;
  reply?: Answer;
  /** It reached the sender, but not from the address and port the sender wrote to (a NAT not undone on the way
   *  back): no socket takes it, and the connection fails. */
  stray?: boolean;
}

export interface Path {
  steps: Step[];
  end: End;
  /** Product of the `statistic --mode random` probabilities on the way; 1 on a path without them. */
  probability: number;
  /** Matches and targets the model could not decide, each taken one way on this path. */
  assumptions: Why[];
  /** The packet as it was when the path ended. */
  pkt: Pkt;
  /** What the host where the packet ended sent back (echo reply, ICMP error, TCP reset), traced until it ends. */
  reply?: Answer;
}

export const DEFAULT_TTL = 64;
