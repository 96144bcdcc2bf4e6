// A flow is one way a packet may go: the packet, what happened to it so far and what conntrack remembers on each
// host. A trace forks a flow where the model cannot decide or where the kernel picks at random.
import { type Ip, ipToString } from '../../net/ip.js';
import type { CtState, Pkt, Step } from './packet.js';
import type { Why } from './why.js';

/** A translation conntrack remembers, so the reply is rewritten back. */
export interface Nat {
  from: Ip;
  fromPort?: number;
  to: Ip;
  toPort?: number;
}

/** The addresses and ports conntrack keys a packet by. */
export interface Tuple {
  proto: Pkt['proto'];
  src: Ip;
  sport?: number;
  dst: Ip;
  dport?: number;
}

/** One conntrack entry on one host: a connection as that host first saw it. */
export interface CtEntry {
  host: string;
  /** The packet's tuple when the entry was made (before this host's NAT). */
  tuple: string;
  orig?: Tuple;
  /** nat PREROUTING/OUTPUT was consulted (the kernel asks it once per connection). */
  dstDone: boolean;
  /** nat POSTROUTING/INPUT was consulted. */
  srcDone: boolean;
  untracked: boolean;
  /** Not a connection at all: conntrack found no entry and could not start one (the packet is INVALID). */
  invalid?: boolean;
  dnat?: Nat;
  snat?: Nat;
  ctmark: number;
}

/** Work a whole trace may do, shared by all its forks (a hostile ruleset cannot hang us). */
export interface Budget {
  steps: number;
  paths: number;
}

export const STEP_BUDGET = 2_000_000;
export const PATH_BUDGET = 256;

export interface Flow {
  pkt: Pkt;
  steps: Step[];
  probability: number;
  assumptions: Why[];
  /** Every conntrack entry this connection made on the way (the reply finds its own host's). */
  ct: CtEntry[];
  /** `original` for the packet a user asked about; `reply`/`related` for what answers it. */
  direction: 'original' | 'reply' | 'related';
  /** The entry the packet carries now: set by a host's conntrack after raw, kept over loopback, lost on a wire. */
  entry?: CtEntry;
  /** What conntrack said of the packet when it attached the entry. */
  state?: CtState;
  /** raw's NOTRACK/CT --notrack: conntrack will leave the packet alone on this host. */
  notrack?: boolean;
  /** The host where the packet carries an empty conntrack attachment (an error about an untracked packet): raw's
   *  NOTRACK cannot touch it there, and conntrack still looks it up. */
  sealed?: string;
  /** Follow the packet past a host whose forwarding is off, as if it were on (an analyzer asking what comes next). */
  forwardAnyway?: boolean;
  /** The tunnel packet carrying this one was lost: the inner packet's sender is never told. */
  tunnelLost?: boolean;
  /** For an ICMP error: the packet it quotes, as it now reads (conntrack rewrites it back on NATing hosts). */
  inner?: Tuple;
  budget: Budget;
}

// A new flow for a first packet.
export function newFlow(pkt: Pkt, budget: Budget = { steps: 0, paths: 0 }): Flow {
  return { pkt, steps: [], probability: 1, assumptions: [], ct: [], direction: 'original', budget };
}

// An independent copy for one side of a fork.
export function fork(f: Flow): Flow {
  const copies = new Map(f.ct.map((e) => [e, { ...e }]));
  const g: Flow = {
    pkt: { ...f.pkt, ...(f.pkt.tcpFlags ? { tcpFlags: [...f.pkt.tcpFlags] } : {}) },
    steps: [...f.steps],
    probability: f.probability,
    assumptions: [...f.assumptions],
    ct: [...copies.values()],
    direction: f.direction,
    budget: f.budget,
  };
  if (f.entry) g.entry = copies.get(f.entry) ?? { ...f.entry };
  if (f.state) g.state = f.state;
  if (f.notrack) g.notrack = true;
  if (f.inner) g.inner = { ...f.inner };
  if (f.forwardAnyway) g.forwardAnyway = true;
  if (f.tunnelLost) g.tunnelLost = true;
  if (f.sealed) g.sealed = f.sealed;
  return g;
}

// A packet's tuple.
export function tuple(p: Pkt | Tuple): Tuple {
  return {
    proto: p.proto,
    src: p.src,
    dst: p.dst,
    ...(p.sport === undefined ? {} : { sport: p.sport }),
    ...(p.dport === undefined ? {} : { dport: p.dport }),
  };
}

// A tuple as a key (ICMP by addresses alone).
export function keyOf(t: Tuple): string {
  const port = (n: number | undefined): string => (t.proto === 'icmp' || n === undefined ? '' : `:${n}`);
  return `${t.proto} ${ipToString(t.src)}${port(t.sport)} ${ipToString(t.dst)}${port(t.dport)}`;
}

// The connection as it left the host: its first packet's tuple after this host's DNAT and SNAT.
export function natted(e: CtEntry): Tuple | undefined {
  const o = e.orig;
  if (!o) return undefined;
  const t: Tuple = { ...o, src: e.snat?.to ?? o.src, dst: e.dnat?.to ?? o.dst };
  if (e.snat?.toPort !== undefined) t.sport = e.snat.toPort;
  if (e.dnat?.toPort !== undefined) t.dport = e.dnat.toPort;
  return t;
}

// A tuple turned around (the reply's direction).
function turned(n: Tuple): Tuple {
  return {
    proto: n.proto,
    src: n.dst,
    dst: n.src,
    ...(n.dport === undefined ? {} : { sport: n.dport }),
    ...(n.sport === undefined ? {} : { dport: n.sport }),
  };
}

// What a reply to the connection looks like on this host: the natted tuple turned around.
function replyTuple(e: CtEntry): Tuple | undefined {
  const n = natted(e);
  return n ? turned(n) : undefined;
}

// The tuple conntrack keys a connection by (ports for TCP/UDP; ICMP by addresses alone here).
export function tupleOf(p: Pkt): string {
  return keyOf(tuple(p));
}

// Conntrack on a host, right after its raw table: find the packet's entry (or make one) and attach it.
export function conntrack(f: Flow, host: string): CtEntry {
  if (f.entry?.host === host) return f.entry;
  if (f.notrack) {
    f.notrack = false;
    f.entry = { host, tuple: '', dstDone: true, srcDone: true, untracked: true, ctmark: 0 };
    f.state = 'UNTRACKED';
    // kept, so an error about this packet knows it was never tracked
    f.ct.push(f.entry);
    return f.entry;
  }
  const t = tupleOf(f.pkt);
  if (f.direction === 'original') {
    const known = f.ct.find((e) => e.host === host && e.tuple === t);
    if (known) {
      f.entry = known;
      f.state = 'NEW'; // the same connection again before any reply: still NEW, NAT already decided
      return known;
    }
  } else if (f.direction === 'reply') {
    // a reply meets the entry whose turned-around tuple it is; on a host the original never crossed it is new
    const own = f.ct.findLast((e) => e.host === host && !e.untracked && !e.invalid && keyOf(replyTuple(e)!) === t);
    if (own) {
      f.entry = own;
      f.state = 'ESTABLISHED';
      return own;
    }
  } else if (f.inner) {
    // an ICMP error belongs to the connection of the packet it quotes, as that packet left this host: one of the
    // connection's own packets, or one of its replies
    const inner = keyOf(f.inner);
    const live = (e: CtEntry): boolean => e.host === host && !e.untracked && !e.invalid;
    const asSent = f.ct.findLast((e) => live(e) && keyOf(natted(e)!) === inner);
    const asReply = asSent ? undefined : f.ct.findLast((e) => live(e) && keyOf(replyTuple(e)!) === inner);
    const own = asSent ?? asReply;
    if (own) {
      f.entry = own;
      f.state = 'RELATED';
      // conntrack rewrites the quoted packet back to what this host first saw (or would have sent back)
      if (own.orig) f.inner = asSent ? { ...own.orig } : turned(own.orig);
      return own;
    }
  }
  if (f.direction !== 'original') {
    // without its connection's entry, an ICMP error, an echo reply or a TCP reset cannot start one: INVALID
    if (f.direction === 'related' || f.pkt.proto !== 'udp') {
      f.entry = { host, tuple: t, dstDone: true, srcDone: true, untracked: false, invalid: true, ctmark: 0 };
      f.state = 'INVALID';
      return f.entry;
    }
  }
  const e: CtEntry = {
    host,
    tuple: t,
    orig: tuple(f.pkt),
    dstDone: false,
    srcDone: false,
    untracked: false,
    ctmark: 0,
  };
  f.ct.push(e);
  f.entry = e;
  f.state = 'NEW';
  return e;
}

// The state `-m conntrack --ctstate` sees on a host, in a table (raw runs before conntrack has looked).
export function ctStateIn(f: Flow, host: string, table: string): CtState {
  if (f.entry?.host !== host) return table === 'raw' ? 'INVALID' : 'NEW';
  return f.entry.untracked ? 'UNTRACKED' : (f.state ?? 'NEW');
}

// The packet leaves the host on a wire into another namespace: the skb is scrubbed (no mark, no conntrack).
export function crossWire(f: Flow): void {
  f.entry = undefined;
  f.sealed = undefined;
  f.state = undefined;
  f.notrack = false;
  f.pkt.mark = 0;
}
