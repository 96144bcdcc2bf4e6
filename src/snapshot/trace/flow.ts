// A flow is one way a packet may go: the packet, what happened to it so far and what conntrack remembers on each
// host. A trace forks a flow where the model cannot decide or where the kernel picks at random.
import type { Ip } from '../../net/ip.js';
import type { CtState, Pkt, Step } from './packet.js';

/** A translation conntrack remembers, so the reply is rewritten back. */
export interface Nat {
  from: Ip;
  fromPort?: number;
  to: Ip;
  toPort?: number;
}

/** What one host's conntrack knows of the flow. */
export interface CtEntry {
  /** nat PREROUTING/OUTPUT was consulted (the kernel asks it once per connection). */
  dstDone: boolean;
  /** nat POSTROUTING/INPUT was consulted. */
  srcDone: boolean;
  untracked: boolean;
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
  assumptions: string[];
  /** host id → conntrack entry for this connection. */
  ct: Map<string, CtEntry>;
  /** `original` for the packet a user asked about; `reply`/`related` for what answers it. */
  direction: 'original' | 'reply' | 'related';
  /** The host whose conntrack entry the packet carries (set after that host's raw table, kept over loopback). */
  attached?: string;
  budget: Budget;
}

// A new flow for a first packet.
export function newFlow(pkt: Pkt, budget: Budget = { steps: 0, paths: 0 }): Flow {
  return { pkt, steps: [], probability: 1, assumptions: [], ct: new Map(), direction: 'original', budget };
}

// An independent copy for one side of a fork.
export function fork(f: Flow): Flow {
  return {
    pkt: { ...f.pkt, ...(f.pkt.tcpFlags ? { tcpFlags: [...f.pkt.tcpFlags] } : {}) },
    steps: [...f.steps],
    probability: f.probability,
    assumptions: [...f.assumptions],
    ct: new Map([...f.ct].map(([k, v]) => [k, { ...v }])),
    direction: f.direction,
    ...(f.attached === undefined ? {} : { attached: f.attached }),
    budget: f.budget,
  };
}

// The conntrack entry of a host, made on the packet's first visit.
export function ctOf(f: Flow, host: string): CtEntry {
  let e = f.ct.get(host);
  if (!e) {
    e = { dstDone: false, srcDone: false, untracked: false, ctmark: 0 };
    f.ct.set(host, e);
  }
  return e;
}

// The state `-m conntrack --ctstate` sees on a host, in a table (raw runs before conntrack has looked).
export function ctStateIn(f: Flow, host: string, table: string): CtState {
  if (f.attached !== host) {
    // conntrack has not looked at the packet yet: `-m conntrack` in raw sees no entry
    if (table === 'raw') return 'INVALID';
  } else if (f.ct.get(host)?.untracked) return 'UNTRACKED';
  return f.direction === 'original' ? 'NEW' : f.direction === 'reply' ? 'ESTABLISHED' : 'RELATED';
}
