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

/** One conntrack entry on one host: a connection as that host first saw it. */
export interface CtEntry {
  host: string;
  /** The packet's tuple when the entry was made (before this host's NAT). */
  tuple: string;
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
  return g;
}

// The tuple conntrack keys a connection by (ports for TCP/UDP; ICMP by addresses alone here).
export function tupleOf(p: Pkt): string {
  const port = (n: number | undefined): string => (n === undefined ? '' : `:${n}`);
  return `${p.proto} ${ipToString(p.src)}${port(p.sport)} ${ipToString(p.dst)}${port(p.dport)}`;
}

// Conntrack on a host, right after its raw table: find the packet's entry (or make one) and attach it.
export function conntrack(f: Flow, host: string): CtEntry {
  if (f.entry?.host === host) return f.entry;
  if (f.notrack) {
    f.notrack = false;
    f.entry = { host, tuple: '', dstDone: true, srcDone: true, untracked: true, ctmark: 0 };
    f.state = 'UNTRACKED';
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
  } else {
    // a reply meets the entry its connection made on this host; on a host the original never crossed it is new
    const own = f.ct.findLast((e) => e.host === host && !e.untracked);
    if (own) {
      f.entry = own;
      f.state = f.direction === 'reply' ? 'ESTABLISHED' : 'RELATED';
      return own;
    }
    // without its connection's entry, an ICMP error, an echo reply or a TCP reset cannot start one: INVALID
    if (f.direction === 'related' || f.pkt.proto !== 'udp') {
      f.entry = { host, tuple: t, dstDone: true, srcDone: true, untracked: false, invalid: true, ctmark: 0 };
      f.state = 'INVALID';
      return f.entry;
    }
  }
  const e: CtEntry = { host, tuple: t, dstDone: false, srcDone: false, untracked: false, ctmark: 0 };
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
  f.state = undefined;
  f.notrack = false;
  f.pkt.mark = 0;
}
