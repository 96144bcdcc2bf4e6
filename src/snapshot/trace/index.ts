// Traces one packet from a host through the data plane of a snapshot, hop by hop, to every way it can end
// (docs/networking-facts.md §hook-order, §routing-decision, §replies). Pure: reads the snapshot, runs nothing.
import { type Ip, ipToString } from '../../net/ip.js';
import type { Host, Snapshot } from '../types.js';
import { type Budget, type Flow, fork, newFlow, tuple } from './flow.js';
import { type Out, originate, receive } from './host.js';
import { DEFAULT_TTL, type End, type Path, type Pkt, type Proto, type Step, pktText } from './packet.js';
import { isVxlan, throughVxlan } from './overlay.js';
import { type Arrival, acrossWire } from './wire.js';
import { why } from './why.js';

export type { End, Path, Pkt, Step } from './packet.js';

export interface TraceRequest {
  from: Host;
  dst: Ip;
  proto: Proto;
  dport?: number;
  sport?: number;
  /** A fixed source address (a reply, or `--src`); otherwise the route chooses it. */
  src?: Ip;
  mark?: number;
  /** Trace what the end host sends back (echo reply, ICMP error, TCP reset). */
  replies?: boolean;
  /** A UDP service that listens answers (a DNS server does; what others answer is their own business). */
  udpAnswers?: boolean;
  /** Is something listening on this host, protocol and port? undefined: not known. */
  listening?: (host: Host, proto: Proto, port: number) => boolean | undefined;
}

/** Wire crossings one path may make before the trace calls it a loop. */
const HOP_LIMIT = 128;

// The packet a request describes.
export function firstPacket(req: TraceRequest): Pkt {
  const p: Pkt = {
    src: req.src ?? { family: 4, value: 0n },
    dst: req.dst,
    proto: req.proto,
    mark: req.mark ?? 0,
    ttl: DEFAULT_TTL,
  };
  if (req.proto === 'icmp') p.icmp = [8, 0];
  else {
    p.sport = req.sport ?? 40000;
    p.dport = req.dport ?? 80;
    if (req.proto === 'tcp') p.tcpFlags = ['SYN'];
  }
  return p;
}

// Every way the packet can go, each with its steps, how it ends, its probability and what was assumed.
export function trace(snap: Snapshot, req: TraceRequest): Path[] {
  const budget: Budget = { steps: 0, paths: 0 };
  const flow = newFlow(firstPacket(req), budget);
  const paths = follow(snap, originate(req.from, flow, req.src !== undefined));
  if (!req.replies) return paths;
  const first = firstPacket(req);
  return paths.flatMap((p) =>
    answered(snap, p, req, 0).map((a) => {
      // the answer must come back from where the sender wrote to, or no socket of the sender takes it
      const r = a.reply;
      if (r?.end.kind !== 'delivered' || r.end.host !== req.from.id) return a;
      // an ICMP error reaches the socket by the packet it quotes, whoever sends it
      if (r.pkt.proto === 'icmp' && r.pkt.icmp?.[0] !== 0) return a;
      const same = r.pkt.src.value === first.dst.value && (first.dport === undefined || r.pkt.sport === first.dport);
      return same ? a : { ...a, reply: { ...r, stray: true } };
    }),
  );
}

/** Answers to answers: an echo reply a REJECT refuses gets an ICMP error, which nobody answers. */
const ANSWER_DEPTH = 3;

// A path with what answers it (one path per way the answer can go), recursively.
function answered(snap: Snapshot, p: Path, req: TraceRequest, depth: number): Path[] {
  const back = depth < ANSWER_DEPTH ? replyOf(snap, p, req) : undefined;
  if (!back) return [p];
  const out: Path[] = [];
  for (const r of follow(snap, originate(back.host, back.flow, back.flow.pkt.src.value !== 0n)))
    for (const rr of answered(snap, r, req, depth + 1))
      out.push({
        ...p,
        probability: rr.probability,
        assumptions: rr.assumptions,
        reply: { steps: rr.steps, end: rr.end, pkt: rr.pkt, ...(rr.reply ? { reply: rr.reply } : {}) },
      });
  return out;
}

/** Assumptions that only say the host forwards (asked with forwardAnyway): ip-forward-disabled's question. */
const FORWARDING = new Set(['assume-forwarding', 'assume-forwarding-off']);

// Did the model decide this path, but for whether the host forwards at all?
export function decidedButForwarding(p: Path): boolean {
  return p.end.kind !== 'unknown' && p.assumptions.every((a) => FORWARDING.has(a.code));
}

/** A packet that arrives on a host's interface from outside the capture (e.g. from a pod not captured). */
export interface ArrivalRequest {
  at: Host;
  iface: string;
  src: Ip;
  dst: Ip;
  proto: Proto;
  dport?: number;
  /** End each path where it leaves this host (what happens beyond is another question). */
  stopAtExit?: boolean;
  /** Go on past forwarding that is off, noting it (what would happen next, for the analyzers). */
  forwardAnyway?: boolean;
}

// Every way a packet arriving on `iface` of a host can go (no reply is traced).
export function traceArrival(snap: Snapshot, req: ArrivalRequest): Path[] {
  const p = firstPacket({
    from: req.at,
    dst: req.dst,
    proto: req.proto,
    src: req.src,
    ...(req.dport ? { dport: req.dport } : {}),
  });
  const flow = newFlow(p);
  if (req.forwardAnyway) flow.forwardAnyway = true;
  return follow(snap, receive(req.at, flow, req.iface), req.stopAtExit ? req.at : undefined);
}

// Run outcomes to their ends: wires lead into the next host, loopback back into the same one.
function follow(snap: Snapshot, start: Out[], stopAt?: Host): Path[] {
  const paths: Path[] = [];
  const work: { out: Out | Arrival; hops: number }[] = start.map((out) => ({ out, hops: 0 }));
  while (work.length > 0) {
    const { out, hops } = work.pop()!;
    if ('end' in out) {
      paths.push(pathOf(out.flow, out.end));
      continue;
    }
    if ('local' in out) {
      for (const o of receive(out.local, out.flow, 'lo')) work.push({ out: o, hops });
      continue;
    }
    if ('exit' in out) {
      if (out.exit.host === stopAt) {
        const x = out.exit;
        const pkt = pktText(out.flow.pkt);
        out.flow.steps.push({ kind: 'exit', host: x.host.id, iface: x.iface, nexthop: ipToString(x.nexthop), pkt });
        paths.push(
          pathOf(out.flow, { kind: 'leaves', host: x.host.id, iface: x.iface, nexthop: ipToString(x.nexthop), pkt }),
        );
        continue;
      }
      if (hops >= HOP_LIMIT) {
        paths.push(pathOf(out.flow, { kind: 'unknown', host: out.exit.host.id, reason: why('too-many-hops') }));
        continue;
      }
      const x = out.exit;
      const dev = x.host.interfaces?.find((i) => i.name === x.iface);
      const next = isVxlan(dev)
        ? throughVxlan(snap, x.host, dev, x.nexthop, out.flow, (h, f, fixed) => follow(snap, originate(h, f, fixed)))
        : acrossWire(snap, out.flow, x);
      for (const a of next) work.push({ out: a, hops: hops + 1 });
      continue;
    }
    for (const o of receive(out.host, out.flow, out.iface, out.phys)) work.push({ out: o, hops });
  }
  return paths;
}

// nf_ct_attach: an answer the kernel builds for a packet carries that packet's conntrack entry from the start
// (RELATED, so raw's NOTRACK cannot touch it); for a packet that was never tracked it carries an empty one: NOTRACK
// still cannot touch it, and conntrack finds the connection of the packet it quotes, or calls it INVALID.
function attach(f: Flow, orig: Flow, host: string): void {
  const at = orig.entry?.host === host ? orig.entry : orig.ct.findLast((e) => e.host === host);
  if (!at || at.invalid) return;
  const own = f.ct[orig.ct.indexOf(at)] ?? at;
  if (own.untracked) {
    // an empty attachment: NOTRACK cannot touch the answer, and conntrack looks up the packet it quotes
    f.sealed = host;
    return;
  }
  f.entry = own;
  f.state = 'RELATED';
  if (own.orig && f.inner) f.inner = { ...own.orig };
}

/** The flow behind each path, for its reply (conntrack entries travel with it). */
const flowOf = new WeakMap<Path, Flow>();

function pathOf(flow: Flow, end: End): Path {
  const p: Path = {
    steps: flow.steps,
    end,
    probability: flow.probability,
    assumptions: flow.assumptions,
    pkt: flow.pkt,
  };
  flowOf.set(p, flow);
  return p;
}

const ICMP_ERROR_TYPES = new Set([3, 4, 5, 11, 12]);

const REJECT_CODES: Record<string, number> = {
  'icmp-net-unreachable': 0,
  'icmp-host-unreachable': 1,
  'icmp-proto-unreachable': 2,
  'icmp-port-unreachable': 3,
  'icmp-net-prohibited': 9,
  'icmp-host-prohibited': 10,
  'icmp-admin-prohibited': 13,
};

// What the host where a path ended sends back, as a flow that carries the original's conntrack entries.
function replyOf(snap: Snapshot, p: Path, req: TraceRequest): { host: Host; flow: Flow } | undefined {
  const end = p.end;
  const host = snap.byId.get(end.host);
  const orig = flowOf.get(p);
  if (!host || !orig || orig.tunnelLost) return undefined;
  // a host that cannot route or resolve a packet it sent itself tells the program, not the wire
  const forwarded = orig.steps.some((s) => s.kind === 'enter' && s.host === host.id);
  // (but a next hop that never answers ARP fails every packet queued for it with an ICMP error, its own included)
  const errorEnd =
    (end.kind === 'dropped' && end.rejected) ||
    (end.kind === 'no-route' && forwarded) ||
    end.kind === 'neighbour-unreachable';
  if (end.kind !== 'delivered' && !errorEnd) return undefined;
  if (end.kind === 'dropped' && end.reason?.code === 'route-type' && !forwarded) return undefined;
  const f = fork(orig);
  f.steps = [];
  // a new packet: no entry attached yet, no NOTRACK pending
  f.entry = undefined;
  f.state = undefined;
  f.notrack = false;
  const q = orig.pkt;
  const isIcmpError = q.proto === 'icmp' && q.icmp !== undefined && ICMP_ERROR_TYPES.has(q.icmp[0]);
  const pkt: Pkt = { src: q.dst, dst: q.src, proto: q.proto, mark: 0, ttl: DEFAULT_TTL };
  const error = (type: number, code: number, from?: Ip, attached = true): { host: Host; flow: Flow } | undefined => {
    if (isIcmpError) return undefined; // the kernel never answers an ICMP error with another
    f.direction = 'related';
    f.pkt = {
      src: from ?? { family: 4, value: 0n },
      dst: q.src,
      proto: 'icmp',
      icmp: [type, code],
      mark: 0,
      ttl: DEFAULT_TTL,
    };
    // it quotes the packet as this host has it now
    f.inner = tuple(q);
    if (attached) attach(f, orig, host.id);
    return { host, flow: f };
  };
  if (end.kind === 'delivered') {
    if (q.proto === 'icmp') {
      if (q.icmp?.[0] !== 8) return undefined;
      f.direction = 'reply';
      f.pkt = { ...pkt, icmp: [0, 0] };
      return { host, flow: f };
    }
    // only a connection's opening SYN is answered by a closed port; a reset is never answered
    if (q.proto === 'tcp' && !(q.tcpFlags?.length === 1 && q.tcpFlags[0] === 'SYN')) return undefined;
    const listening = req.listening?.(host, q.proto, q.dport ?? 0);
    if (listening === undefined) return undefined;
    // a listening TCP port answers SYN-ACK; what a UDP service answers is its own business
    if (listening && q.proto === 'udp') {
      if (!req.udpAnswers) return undefined;
      f.direction = 'reply';
      f.pkt = { ...pkt, sport: q.dport!, dport: q.sport! };
      return { host, flow: f };
    }
    if (!listening && q.proto === 'udp') return error(3, 3, q.dst, false);
    f.direction = 'reply';
    f.pkt = { ...pkt, sport: q.dport!, dport: q.sport!, tcpFlags: listening ? ['SYN', 'ACK'] : ['RST', 'ACK'] };
    return { host, flow: f };
  }
  if (end.kind === 'no-route') return error(3, 0);
  if (end.kind === 'neighbour-unreachable') return error(3, 1);
  // rejected: by a REJECT rule, or an unreachable/prohibit route, or the TTL
  if (end.reason?.code === 'ttl') return error(11, 0);
  if (end.reason?.code === 'route-type') return error(3, end.reason.params?.type === 'prohibit' ? 13 : 1);
  const how = end.rejectWith ?? 'icmp-port-unreachable';
  if (how === 'tcp-reset') {
    // a reset is never answered with a reset
    if (q.proto !== 'tcp' || q.tcpFlags?.includes('RST')) return undefined;
    f.direction = 'related';
    // the reset carries the original's conntrack entry from the start (nf_ct_attach): raw sees RELATED too
    attach(f, orig, host.id);
    f.pkt = { ...pkt, sport: q.dport!, dport: q.sport!, tcpFlags: ['RST', 'ACK'] };
    return { host, flow: f };
  }
  const code = REJECT_CODES[how];
  if (code === undefined) return undefined;
  // an error about a packet addressed to this host comes from that address; otherwise the route back chooses
  const local = orig.steps.some((s) => s.kind === 'route' && s.host === host.id && s.type === 'local');
  return error(3, code, local ? q.dst : undefined);
}

// Does something listen on this host, protocol and port, by its captured socket list (`ss -tulpn`)? undefined when
// no socket list was captured: then what answers is not guessed.
export function listeningFromSockets(h: Host, proto: Proto, port: number): boolean | undefined {
  if (!h.sockets) return undefined;
  return h.sockets.some(
    (s) => s.proto.startsWith(proto) && s.port === port && (proto === 'udp' || s.state === 'LISTEN'),
  );
}

// The steps the kernel counts (rule matches and chain policies), as "host table chain index|policy" keys.
export function countedSteps(steps: Step[]): string[] {
  const out: string[] = [];
  for (const s of steps) {
    if (s.kind === 'rule') out.push(`${s.host} ${s.table} ${s.chain} ${s.index}`);
    else if (s.kind === 'policy') out.push(`${s.host} ${s.table} ${s.chain} policy`);
  }
  return out;
}
