// Walks one table's chain at one hook for a concrete packet, as the kernel does: rules in order, jumps and gotos,
// RETURN, the built-in chain's policy, and the targets that change the packet (MARK, CONNMARK, NAT). Where a match
// is random or unknown the walk forks; every fork is a separate flow with its probability or its assumption.
import { type Ip, ipToString, parseIp } from '../../net/ip.js';
import type { Chain, Rule, Ruleset } from '../../parsers/iptables-model.js';
import type { Source } from '../../parsers/types.js';
import { applyMark } from '../netfilter.js';
import { type Flow, type Nat, PATH_BUDGET, STEP_BUDGET, ctStateIn, fork } from './flow.js';
import { type AddrType, type MatchCtx, matchRule } from './match.js';
import { type Why, why } from './why.js';
import { nextCandidate } from './dispatch.js';

export interface HookCtx {
  hostId: string;
  rs: Ruleset;
  table: string;
  hook: string;
  /** The chain the walk starts in: the hook's built-in chain, or an nft base chain. */
  start?: string;
  inIface?: string;
  outIface?: string;
  physIn?: string;
  physOut?: string;
  bridged: boolean;
  addrType(ip: Ip): AddrType;
  /** The address MASQUERADE takes: the one the out interface would pick for the next hop. */
  masqSource?: () => Ip | undefined;
  /** The address REDIRECT sends to: the in interface's first address, or 127.0.0.1 on output. */
  redirectTo?: () => Ip | undefined;
}

export type Verdict = 'accept' | 'drop' | 'reject' | 'unknown';

export interface HookResult {
  flow: Flow;
  verdict: Verdict;
  /** The rule or policy line that decided (drop, reject, unknown). */
  src?: Source;
  /** Why, for unknown and for a drop a NAT target makes. */
  reason?: Why;
  /** REJECT's --reject-with. */
  rejectWith?: string;
}

/** Targets that neither decide nor change what the model follows (logging, checksums, QoS marks). */
const PASSIVE = new Set(['LOG', 'NFLOG', 'ULOG', 'TRACE', 'AUDIT', 'CHECKSUM', 'TCPMSS', 'TOS', 'DSCP', 'CLASSIFY']);

interface Frame {
  chain: Chain;
  i: number;
}

// Walk `ctx.table`/`ctx.hook` for the flow; each result is one way the packet leaves this table at this hook.
export function walkHook(ctx: HookCtx, flow: Flow): HookResult[] {
  const start = ctx.rs.tables.get(ctx.table)?.chains.get(ctx.start ?? ctx.hook);
  if (!start) return [{ flow, verdict: 'accept' }];
  const out: HookResult[] = [];
  run(ctx, flow, [{ chain: start, i: 0 }], undefined, out);
  return out;
}

function matchCtx(ctx: HookCtx, flow: Flow): MatchCtx {
  const e = flow.entry?.host === ctx.hostId ? flow.entry : undefined;
  return {
    ...(ctx.inIface === undefined ? {} : { inIface: ctx.inIface }),
    ...(ctx.outIface === undefined ? {} : { outIface: ctx.outIface }),
    ...(ctx.physIn === undefined ? {} : { physIn: ctx.physIn }),
    ...(ctx.physOut === undefined ? {} : { physOut: ctx.physOut }),
    bridged: ctx.bridged,
    ctState: ctStateIn(flow, ctx.hostId, ctx.table),
    ctmark: e && !e.untracked && !e.invalid ? e.ctmark : undefined,
    addrType: ctx.addrType,
  };
}

function ruleText(r: Rule): string {
  return `${r.src.file}:${r.src.line}`;
}

// Continue a walk from `stack`; `matched` is a rule whose match was already decided yes (a fork's taken side).
function run(ctx: HookCtx, flow: Flow, stack: Frame[], matched: Rule | undefined, out: HookResult[]): void {
  let pending = matched;
  for (;;) {
    let r: Rule;
    if (pending) {
      r = pending;
      pending = undefined;
    } else {
      const top = stack[stack.length - 1]!;
      // rules that cannot match this packet's destination are passed over without a look (dispatch.ts)
      top.i = nextCandidate(top.chain, top.i, flow.pkt.dst);
      if (top.i >= top.chain.rules.length) {
        stack.pop();
        if (stack.length === 0) {
          policy(ctx, flow, out);
          return;
        }
        continue;
      }
      r = top.chain.rules[top.i++]!;
      if (++flow.budget.steps > STEP_BUDGET) {
        out.push({ flow, verdict: 'unknown', src: r.src, reason: why('too-many-steps') });
        return;
      }
      const m = matchRule(r, flow.pkt, matchCtx(ctx, flow));
      if (m.kind === 'no') continue;
      if (m.kind !== 'yes') {
        if (++flow.budget.paths > PATH_BUDGET) {
          out.push({ flow, verdict: 'unknown', src: r.src, reason: why('too-many-paths') });
          return;
        }
        const taken = fork(flow);
        if (m.kind === 'random') {
          taken.probability *= m.p;
          flow.probability *= 1 - m.p;
        } else {
          taken.assumptions.push(why('assume-match', { where: ruleText(r), what: m.what }));
          flow.assumptions.push(why('assume-no-match', { where: ruleText(r), what: m.what }));
        }
        run(
          ctx,
          taken,
          stack.map((f) => ({ ...f })),
          r,
          out,
        );
        continue;
      }
    }
    // the rule matched: the kernel counts it, then applies its target
    const step = {
      kind: 'rule' as const,
      host: ctx.hostId,
      table: ctx.table,
      hook: ctx.hook,
      chain: r.chain,
      index: r.index,
      src: r.src,
    };
    const target = r.target;
    const rec = (effect?: string | Why): void => {
      const e = typeof effect === 'string' ? { effect } : effect ? { note: effect } : {};
      // the next statement of the same nft rule (`meta mark set 0x1 accept`): one rule, counted once
      const last = flow.steps.at(-1);
      if (
        last?.kind === 'rule' &&
        last.host === step.host &&
        last.table === step.table &&
        last.chain === step.chain &&
        last.index === step.index &&
        last.src === step.src
      ) {
        flow.steps[flow.steps.length - 1] = { ...last, ...(target ? { target } : {}), ...e };
        return;
      }
      flow.steps.push({ ...step, ...(target ? { target } : {}), ...e });
    };
    if (!target) {
      rec();
      continue;
    }
    const user = ctx.rs.tables.get(ctx.table)?.chains.get(target);
    if (user && !user.builtin) {
      rec();
      if (stack.length > 64) {
        out.push({ flow, verdict: 'unknown', src: r.src, reason: why('too-deep') });
        return;
      }
      // -g: a RETURN from the target goes back to the chain that jumped to ours
      if (r.goto) stack.pop();
      stack.push({ chain: user, i: 0 });
      continue;
    }
    switch (target) {
      case 'ACCEPT':
        rec();
        out.push({ flow, verdict: 'accept' });
        return;
      case 'DROP':
        rec();
        out.push({ flow, verdict: 'drop', src: r.src });
        return;
      case 'REJECT':
        rec();
        out.push({
          flow,
          verdict: 'reject',
          src: r.src,
          rejectWith: r.targetOpts.get('reject-with') ?? 'icmp-port-unreachable',
        });
        return;
      case 'RETURN': {
        rec();
        stack.pop();
        if (stack.length === 0) {
          policy(ctx, flow, out);
          return;
        }
        continue;
      }
      case 'MARK': {
        const next = applyMark(r, flow.pkt.mark);
        if (next === undefined) {
          rec();
          out.push({
            flow,
            verdict: 'unknown',
            src: r.src,
            reason: why('target-not-modelled', { what: `MARK ${[...r.targetOpts.keys()].join(' ')}` }),
          });
          return;
        }
        rec(`mark ${hex(flow.pkt.mark)} → ${hex(next)}`);
        flow.pkt.mark = next;
        continue;
      }
      case 'CONNMARK': {
        const res = connmark(r, flow, ctx.hostId);
        rec(res);
        if (res === undefined) {
          out.push({
            flow,
            verdict: 'unknown',
            src: r.src,
            reason: why('target-not-modelled', { what: `CONNMARK ${[...r.targetOpts.keys()].join(' ')}` }),
          });
          return;
        }
        continue;
      }
      case 'NOTRACK':
      case 'CT': {
        if (target === 'NOTRACK' || r.targetOpts.has('notrack')) {
          rec(why('notrack'));
          // a packet that already carries an entry (the loopback leg) keeps it (xt_CT)
          if (ctx.table === 'raw' && flow.entry?.host !== ctx.hostId && flow.sealed !== ctx.hostId) flow.notrack = true;
        } else rec();
        continue;
      }
      case 'DNAT':
      case 'SNAT':
      case 'MASQUERADE':
      case 'REDIRECT': {
        const res = nat(ctx, flow, r, target);
        rec(res.effect);
        const last = flow.steps.at(-1);
        if (res.dnatTo && last?.kind === 'rule') last.dnatTo = res.dnatTo;
        out.push(res.verdict === 'accept' ? { flow, verdict: 'accept' } : { flow, ...res });
        return;
      }
      default:
        if (PASSIVE.has(target)) {
          rec();
          continue;
        }
        rec();
        out.push({
          flow,
          verdict: 'unknown',
          src: r.src,
          reason: why('target-not-modelled', { what: target }),
        });
        return;
    }
  }
}

// The end of the built-in chain (also reached from a chain entered by -g from it): its policy decides.
function policy(ctx: HookCtx, flow: Flow, out: HookResult[]): void {
  const chain = ctx.rs.tables.get(ctx.table)!.chains.get(ctx.start ?? ctx.hook)!;
  const p = chain.policy ?? 'ACCEPT';
  flow.steps.push({
    kind: 'policy',
    host: ctx.hostId,
    table: ctx.table,
    hook: ctx.hook,
    chain: chain.name,
    policy: p,
    ...(chain.src ? { src: chain.src } : {}),
  });
  if (p === 'DROP') out.push({ flow, verdict: 'drop', ...(chain.src ? { src: chain.src } : {}) });
  else out.push({ flow, verdict: 'accept' });
}

const hex = (n: number): string => `0x${n.toString(16)}`;

// CONNMARK --set-xmark/--set-mark, --save-mark, --restore-mark (iptables-extensions(8)); the effect, or undefined.
function connmark(r: Rule, flow: Flow, host: string): string | Why | undefined {
  const o = r.targetOpts;
  const e = flow.entry;
  if (!e || e.host !== host || e.untracked || e.invalid) return why('no-ct-entry');
  const num = (s: string | undefined, d: number): number => (s === undefined ? d : Number(s));
  const set = o.get('set-xmark') ?? o.get('set-mark');
  if (set !== undefined) {
    const [v, m] = set.split('/');
    const value = Number(v);
    const mask = num(m, 0xffffffff);
    if (Number.isNaN(value) || Number.isNaN(mask)) return undefined;
    const before = e.ctmark;
    e.ctmark = (o.has('set-xmark') ? (e.ctmark & ~mask) ^ value : (e.ctmark & ~mask) | value) >>> 0;
    return `connmark ${hex(before)} → ${hex(e.ctmark)}`;
  }
  const nfmask = num(o.get('nfmask') ?? o.get('mask'), 0xffffffff);
  const ctmask = num(o.get('ctmask') ?? o.get('mask'), 0xffffffff);
  if (Number.isNaN(nfmask) || Number.isNaN(ctmask)) return undefined;
  if (o.has('save-mark')) {
    e.ctmark = ((e.ctmark & ~ctmask) ^ (flow.pkt.mark & nfmask)) >>> 0;
    return `connmark ← mark (${hex(e.ctmark)})`;
  }
  if (o.has('restore-mark')) {
    flow.pkt.mark = ((flow.pkt.mark & ~nfmask) ^ (e.ctmark & ctmask)) >>> 0;
    return `mark ← connmark (${hex(flow.pkt.mark)})`;
  }
  return undefined;
}

// "10.244.1.5", "10.244.1.5:8080", "10.0.0.1-10.0.0.3:80-90": the first address and port of the range.
function natTarget(spec: string | undefined): { ip?: Ip; port?: number; range: boolean } | undefined {
  if (!spec) return undefined;
  const m = /^([\d.]+)?(?:-([\d.]+))?(?::(\d+)(?:-(\d+))?)?$/.exec(spec);
  if (!m) return undefined;
  const ip = m[1] ? parseIp(m[1]) : undefined;
  if (m[1] && !ip) return undefined;
  return {
    ...(ip ? { ip } : {}),
    ...(m[3] ? { port: Number(m[3]) } : {}),
    range: m[2] !== undefined || m[4] !== undefined,
  };
}

function nat(
  ctx: HookCtx,
  flow: Flow,
  r: Rule,
  target: string,
): { verdict: 'accept' | 'drop' | 'unknown'; effect?: string; dnatTo?: string; src?: Source; reason?: Why } {
  const p = flow.pkt;
  const e = flow.entry!;
  const ports = p.proto !== 'icmp';
  const fail = (what: string): { verdict: 'unknown'; src: Source; reason: Why } => ({
    verdict: 'unknown',
    src: r.src,
    reason: why('nat-not-read', { what }),
  });
  const addr = (ip: Ip, port: number | undefined): string =>
    port === undefined ? ipToString(ip) : `${ipToString(ip)}:${port}`;
  const dst = target === 'DNAT' || target === 'REDIRECT';
  const spec = r.targetOpts.get(dst ? 'to-destination' : 'to-source');
  let to: { ip?: Ip; port?: number; range: boolean } | undefined;
  if (target === 'DNAT' || target === 'SNAT') to = natTarget(spec);
  else {
    // REDIRECT goes to the in interface's address, MASQUERADE comes from the out interface's
    const ip = dst ? ctx.redirectTo?.() : ctx.masqSource?.();
    const iface = (dst ? ctx.inIface : ctx.outIface) ?? (dst ? 'lo' : '?');
    if (!ip) return { verdict: 'drop', src: r.src, reason: why('no-source', { iface }) };
    const port = r.targetOpts.get('to-ports');
    to = { ip, ...(port ? { port: Number(port.split('-')[0]) } : {}), range: false };
  }
  if (!to?.ip) return fail(`${target} ${spec ?? ''}`);
  if (to.range) flow.assumptions.push(why('assume-range', { where: ruleText(r), target }));
  // the destination side for DNAT/REDIRECT, the source side for SNAT/MASQUERADE; conntrack remembers which
  const side = dst ? (['dst', 'dport'] as const) : (['src', 'sport'] as const);
  const before = addr(p[side[0]], ports ? p[side[1]] : undefined);
  const nat: Nat = { from: p[side[0]], to: to.ip, ...(p[side[1]] !== undefined ? { fromPort: p[side[1]]! } : {}) };
  p[side[0]] = to.ip;
  if (ports && to.port !== undefined) p[side[1]] = to.port;
  if (p[side[1]] !== undefined) nat.toPort = p[side[1]]!;
  if (dst) e.dnat = nat;
  else e.snat = nat;
  const after = addr(p[side[0]], ports ? p[side[1]] : undefined);
  return { verdict: 'accept', effect: `${target} ${before} → ${after}`, ...(dst ? { dnatTo: after } : {}) };
}
