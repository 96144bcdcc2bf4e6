// Does an iptables rule match one concrete packet? Yes, no, a random branch with its probability, or unknown
// (a match the model does not read): the caller forks on the last two, and never decides them silently.
import { type Ip, cidrContains, parseCidr } from '../../net/ip.js';
import type { Match, NegValue, Rule } from '../../parsers/iptables-model.js';
import { type CtState, PROTO_NUMBER, type Pkt } from './packet.js';

export type AddrType = 'LOCAL' | 'UNICAST' | 'BROADCAST' | 'MULTICAST';

/** What a match may ask about the packet beyond its headers: where it is and what the host knows. */
export interface MatchCtx {
  inIface?: string;
  outIface?: string;
  /** Bridge ports, when the packet crosses a bridge with br_netfilter (physdev). */
  physIn?: string;
  physOut?: string;
  bridged: boolean;
  ctState: CtState;
  /** The connection's mark; undefined when the packet has no conntrack entry (untracked or invalid). */
  ctmark: number | undefined;
  addrType(ip: Ip): AddrType;
}

export type MatchResult =
  | { kind: 'yes' }
  | { kind: 'no' }
  | { kind: 'random'; p: number }
  | { kind: 'unknown'; what: string };

const YES: MatchResult = { kind: 'yes' };
const NO: MatchResult = { kind: 'no' };
const bool = (b: boolean): MatchResult => (b ? YES : NO);
const neg = (v: NegValue, b: boolean): MatchResult => bool(v.neg ? !b : b);
const unknown = (what: string): MatchResult => ({ kind: 'unknown', what });

// An interface spec against a name; the kernel compares an absent interface as the empty name.
export function ifaceIs(spec: string, name: string | undefined): boolean {
  const n = name ?? '';
  if (spec.endsWith('+')) return n.startsWith(spec.slice(0, -1)) && n !== '';
  return spec === n;
}

function addrIs(spec: string, ip: Ip): boolean | undefined {
  const c = parseCidr(spec);
  return c ? cidrContains(c, ip) : undefined;
}

// "80", "1000:2000", ":1023", "1024:" (iptables-extensions(8), tcp --dport); undefined when not a port spec.
export function portIn(spec: string, port: number): boolean | undefined {
  const [a, b] = spec.split(':');
  const lo = a === '' || a === undefined ? 0 : Number(a);
  const hi = b === undefined ? lo : b === '' ? 65535 : Number(b);
  if (Number.isNaN(lo) || Number.isNaN(hi)) return undefined;
  return port >= lo && port <= hi;
}

// A multiport list "80,443,8000:8080".
function portListHas(spec: string, port: number): boolean | undefined {
  let any = false;
  for (const part of spec.split(',')) {
    const r = portIn(part, port);
    if (r === undefined) return undefined;
    any ||= r;
  }
  return any;
}

const ICMP_NAMES: Record<string, [number, number?]> = {
  any: [-1],
  'echo-reply': [0],
  pong: [0],
  'destination-unreachable': [3],
  'network-unreachable': [3, 0],
  'host-unreachable': [3, 1],
  'protocol-unreachable': [3, 2],
  'port-unreachable': [3, 3],
  'communication-prohibited': [3, 13],
  'echo-request': [8],
  ping: [8],
  'time-exceeded': [11],
  'ttl-zero-during-transit': [11, 0],
};

function icmpIs(spec: string, icmp: [number, number] | undefined): boolean | undefined {
  if (!icmp) return false;
  let want = ICMP_NAMES[spec];
  if (!want) {
    const m = /^(\d+)(?:\/(\d+))?$/.exec(spec);
    if (!m) return undefined;
    want = [Number(m[1]), m[2] === undefined ? undefined : Number(m[2])];
  }
  if (want[0] === -1) return true;
  return icmp[0] === want[0] && (want[1] === undefined || icmp[1] === want[1]);
}

// "0x4000/0x4000" or "0x1" against a mark.
function markIs(spec: string, mark: number): boolean | undefined {
  const [v, m] = spec.split('/');
  const value = Number(v);
  const mask = m === undefined ? 0xffffffff : Number(m);
  if (Number.isNaN(value) || Number.isNaN(mask)) return undefined;
  return (mark & mask) >>> 0 === value >>> 0;
}

// "FIN,SYN,RST,ACK SYN": of the flags in the mask, exactly the second list is set.
function tcpFlagsAre(spec: string, flags: string[] | undefined): boolean | undefined {
  const [maskText, compText] = spec.split(' ');
  if (maskText === undefined || compText === undefined) return undefined;
  const list = (s: string): string[] | undefined => {
    if (s === 'NONE') return [];
    const all = ['FIN', 'SYN', 'RST', 'PSH', 'ACK', 'URG'];
    if (s === 'ALL') return all;
    const xs = s.split(',');
    return xs.every((x) => all.includes(x)) ? xs : undefined;
  };
  const mask = list(maskText);
  const comp = list(compText);
  if (!mask || !comp) return undefined;
  const set = new Set(flags ?? []);
  return mask.every((f) => set.has(f) === comp.includes(f));
}

type Read = (v: NegValue) => boolean | undefined;

// Apply one option reader: undefined from the reader means the value was not understood.
function opt(m: Match, names: string[], read: Read): MatchResult | undefined {
  for (const n of names) {
    const v = m.opts.get(n);
    if (!v) continue;
    const r = read(v);
    if (r === undefined) return unknown(`-m ${m.name} --${n} ${v.value}`);
    return neg(v, r);
  }
  return undefined;
}

// One -m module against the packet.
function moduleMatches(m: Match, p: Pkt, c: MatchCtx): MatchResult {
  const results: (MatchResult | undefined)[] = [];
  const known = (names: string[]): MatchResult | undefined => {
    for (const k of m.opts.keys()) if (!names.includes(k)) return unknown(`-m ${m.name} --${k}`);
    return undefined;
  };
  switch (m.name) {
    case 'comment':
      return YES;
    case 'tcp':
    case 'udp': {
      const bad = known(['sport', 'source-port', 'dport', 'destination-port', 'tcp-flags', 'syn']);
      if (bad) return bad;
      if (p.proto !== m.name) return NO;
      results.push(opt(m, ['sport', 'source-port'], (v) => (p.sport === undefined ? false : portIn(v.value, p.sport))));
      results.push(
        opt(m, ['dport', 'destination-port'], (v) => (p.dport === undefined ? false : portIn(v.value, p.dport))),
      );
      results.push(opt(m, ['tcp-flags'], (v) => tcpFlagsAre(v.value, p.tcpFlags)));
      results.push(opt(m, ['syn'], () => tcpFlagsAre('FIN,SYN,RST,ACK SYN', p.tcpFlags)));
      break;
    }
    case 'multiport': {
      const bad = known(['dports', 'destination-ports', 'sports', 'source-ports', 'ports']);
      if (bad) return bad;
      if (p.proto === 'icmp') return NO;
      results.push(opt(m, ['dports', 'destination-ports'], (v) => portListHas(v.value, p.dport ?? -1)));
      results.push(opt(m, ['sports', 'source-ports'], (v) => portListHas(v.value, p.sport ?? -1)));
      results.push(
        opt(m, ['ports'], (v) => {
          const a = portListHas(v.value, p.dport ?? -1);
          const b = portListHas(v.value, p.sport ?? -1);
          return a === undefined || b === undefined ? undefined : a || b;
        }),
      );
      break;
    }
    case 'icmp': {
      const bad = known(['icmp-type']);
      if (bad) return bad;
      if (p.proto !== 'icmp') return NO;
      results.push(opt(m, ['icmp-type'], (v) => icmpIs(v.value, p.icmp)));
      break;
    }
    case 'mark': {
      const bad = known(['mark']);
      if (bad) return bad;
      results.push(opt(m, ['mark'], (v) => markIs(v.value, p.mark)));
      break;
    }
    case 'connmark': {
      const bad = known(['mark']);
      if (bad) return bad;
      // without a conntrack entry the match fails, negated or not (xt_connmark)
      if (c.ctmark === undefined) return NO;
      const ctmark = c.ctmark;
      results.push(opt(m, ['mark'], (v) => markIs(v.value, ctmark)));
      break;
    }
    case 'conntrack':
    case 'state': {
      const bad = known(['ctstate', 'state']);
      if (bad) return bad;
      results.push(opt(m, ['ctstate', 'state'], (v) => v.value.split(',').includes(c.ctState)));
      break;
    }
    case 'addrtype': {
      const bad = known(['src-type', 'dst-type']);
      if (bad) return bad;
      results.push(opt(m, ['src-type'], (v) => v.value.split(',').includes(c.addrType(p.src))));
      results.push(opt(m, ['dst-type'], (v) => v.value.split(',').includes(c.addrType(p.dst))));
      break;
    }
    case 'physdev': {
      const bad = known(['physdev-in', 'physdev-out', 'physdev-is-bridged', 'physdev-is-in', 'physdev-is-out']);
      if (bad) return bad;
      results.push(opt(m, ['physdev-in'], (v) => c.physIn !== undefined && ifaceIs(v.value, c.physIn)));
      results.push(opt(m, ['physdev-out'], (v) => c.physOut !== undefined && ifaceIs(v.value, c.physOut)));
      results.push(opt(m, ['physdev-is-bridged'], () => c.bridged));
      results.push(opt(m, ['physdev-is-in'], () => c.physIn !== undefined));
      results.push(opt(m, ['physdev-is-out'], () => c.physOut !== undefined));
      break;
    }
    case 'statistic': {
      const mode = m.opts.get('mode')?.value;
      const pr = m.opts.get('probability');
      if (mode !== 'random' || !pr || m.opts.size !== 2) return unknown(`-m statistic (mode ${mode ?? '?'})`);
      const x = Number(pr.value);
      if (Number.isNaN(x) || x < 0 || x > 1) return unknown(`-m statistic --probability ${pr.value}`);
      // the kernel draws a 31-bit random number against probability × 2^31 (xt_statistic)
      return { kind: 'random', p: pr.neg ? 1 - x : x };
    }
    default:
      return unknown(`-m ${m.name}`);
  }
  return combine(results);
}

function combine(results: (MatchResult | undefined)[]): MatchResult {
  let p = 1;
  let unk: MatchResult | undefined;
  for (const r of results) {
    if (!r || r.kind === 'yes') continue;
    if (r.kind === 'no') return NO;
    if (r.kind === 'unknown') unk ??= r;
    else p *= r.p;
  }
  if (unk) return unk;
  return p === 1 ? YES : { kind: 'random', p };
}

// The whole rule (its addresses, interfaces, protocol and every -m module) against the packet.
export function matchRule(r: Rule, p: Pkt, c: MatchCtx): MatchResult {
  const results: (MatchResult | undefined)[] = [];
  const core = (v: NegValue | undefined, read: (s: string) => boolean | undefined, flag: string): boolean => {
    if (!v) return true;
    const b = read(v.value);
    if (b === undefined) {
      results.push(unknown(`${flag} ${v.value}`));
      return true;
    }
    const res = neg(v, b);
    results.push(res);
    return res.kind !== 'no';
  };
  if (!core(r.source, (s) => addrIs(s, p.src), '-s')) return NO;
  if (!core(r.destination, (s) => addrIs(s, p.dst), '-d')) return NO;
  if (!core(r.inIface, (s) => ifaceIs(s, c.inIface), '-i')) return NO;
  if (!core(r.outIface, (s) => ifaceIs(s, c.outIface), '-o')) return NO;
  const protoIs = (s: string): boolean | undefined => {
    if (s === 'all' || s === '0') return true;
    if (/^\d+$/.test(s)) return Number(s) === PROTO_NUMBER[p.proto];
    return ['icmp', 'tcp', 'udp'].includes(s) ? s === p.proto : s === 'ipv6-icmp' || s === 'icmpv6' ? false : undefined;
  };
  if (!core(r.protocol, protoIs, '-p')) return NO;
  if (r.fragment === true) return NO; // a trace's packet is never a fragment
  for (const m of r.matches) {
    const res = moduleMatches(m, p, c);
    if (res.kind === 'no') return NO;
    results.push(res);
  }
  return combine(results);
}
