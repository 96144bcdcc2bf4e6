// Runs generated cases in the kernel and through the model, and compares them packet by packet: the kernel's
// per-rule counter increments must equal the rules and policies of one of the model's paths (with its reply).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { countedSteps, trace } from '../../src/snapshot/trace/index.js';
import type { Path } from '../../src/snapshot/trace/packet.js';
import { parseIp } from '../../src/net/ip.js';
import { type Case, type Packet, generate } from './gen.js';
import { KernelCase } from './kernel.js';

export type Verdict = 'agree' | 'disagree' | 'unsupported';

export interface PacketResult {
  seed: number;
  /** The namespaces' name prefix (gone when runSeed returns). */
  prefix: string;
  index: number;
  packet: Packet;
  verdict: Verdict;
  /** Counter increments the kernel showed. */
  kernel: Map<string, number>;
  paths: Path[];
  /** For a disagreement: what the closest model path counted differently. */
  diff?: string[];
}

// Rule/policy counts of one path and its reply.
export function pathCounts(p: Path): Map<string, number> {
  const m = new Map<string, number>();
  const steps = [...p.steps];
  for (let a = p.reply; a; a = a.reply) steps.push(...a.steps);
  for (const k of countedSteps(steps)) m.set(k, (m.get(k) ?? 0) + 1);
  return m;
}

// The counts a path may leave: with its answers, and, when its first answer is an ICMP error from the routing code
// (no route, an unreachable or prohibit route), also without it: the kernel rate-limits those per destination
// (5 at once, then 1 a second; net.ipv4.route.error_cost/error_burst are global, not per namespace), and a case
// may send more than that to one address.
export function countVariants(p: Path): Map<string, number>[] {
  const all = pathCounts(p);
  const e = p.end;
  const routing = e.kind === 'no-route' || (e.kind === 'dropped' && e.reason?.code === 'route-type');
  return routing && p.reply ? [all, pathCounts({ ...p, reply: undefined } as Path)] : [all];
}

function diff(a: Map<string, number>, b: Map<string, number>): string[] {
  const out: string[] = [];
  for (const k of new Set([...a.keys(), ...b.keys()]))
    if ((a.get(k) ?? 0) !== (b.get(k) ?? 0)) out.push(`${k}: kernel ${a.get(k) ?? 0}, model ${b.get(k) ?? 0}`);
  return out.sort();
}

// Judge one packet: agreement with any path; unsupported when every path rests on an assumption or an unknown.
export function judge(
  kernel: Map<string, number>,
  paths: Path[],
  text: (key: string) => string = () => '',
  /** nft counts no chain policy: then the model's policy steps are not compared either */
  policies = true,
): { verdict: Verdict; diff?: string[] } {
  const differences = (a: Map<string, number>, b: Map<string, number>): string[] =>
    diff(a, policies ? b : new Map([...b].filter(([k]) => !k.endsWith(' policy'))));
  const supported = paths.filter(
    (p) => p.assumptions.length === 0 && p.end.kind !== 'unknown' && p.reply?.end.kind !== 'unknown',
  );
  if (paths.some((p) => countVariants(p).some((c) => differences(kernel, c).length === 0))) return { verdict: 'agree' };
  if (supported.length < paths.length) return { verdict: 'unsupported' };
  let best: string[] | undefined;
  for (const p of paths) {
    const d = differences(kernel, pathCounts(p));
    if (!best || d.length < best.length) best = d;
  }
  best = best?.map((line) => `${line}  ${text(line.slice(0, line.indexOf(':')))}`);
  return { verdict: 'disagree', diff: best ?? ['the model found no path'] };
}

/** Which capture of the same kernel rules the model reads: `iptables-save`, `nft list ruleset`, `iptables -L`;
 *  or `native`: the rules loaded as nft's own (translated), read from `nft list ruleset`. */
export type Syntax = 'iptables' | 'nft' | 'list' | 'native';

// Build one seed's case in the kernel, send every packet, and judge each.
export async function runSeed(seed: number, packets: number, syntax: Syntax = 'iptables'): Promise<PacketResult[]> {
  const c: Case = generate(seed, packets);
  const k = new KernelCase(c, syntax === 'native');
  try {
    await k.build();
    const raw = await k.capture();
    // the same rules read from `nft list ruleset` (the iptables-nft translation the kernel holds) instead
    if (syntax === 'nft' || syntax === 'native')
      for (const path of [...raw.files.keys()]) if (/\/ip6?tables-save\.txt$/.test(path)) raw.files.delete(path);
    // or from `iptables -L -n -v`, every table, each headed by the command that printed it
    if (syntax === 'list') {
      for (const path of [...raw.files.keys()])
        if (/\/(ip6?tables-save\.txt|nft\.(txt|json))$/.test(path)) raw.files.delete(path);
      for (const n of c.namespaces) {
        const parts: string[] = [];
        for (const t of ['raw', 'mangle', 'nat', 'filter'])
          parts.push(`# iptables -t ${t} -L -n -v`, await k.lab.exec(n.id, ['iptables', '-t', t, '-L', '-n', '-v']));
        raw.files.set(`hosts/${n.id}/iptables-L.txt`, parts.join('\n'));
      }
    }
    // DT_SAVE=DIR keeps the captured bundle, to trace it again offline (kube-netdiag trace DIR ...)
    if (process.env.DT_SAVE)
      for (const [path, text] of raw.files) {
        const file = join(process.env.DT_SAVE, `seed-${seed}`, path);
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, text);
      }
    const snap = buildSnapshot(raw);
    const out: PacketResult[] = [];
    let before = await k.counters();
    for (const [index, p] of c.packets.entries()) {
      await k.send(p);
      const after = await k.counters();
      const kernel = new Map<string, number>();
      for (const [key, v] of after) {
        const d = v - (before.get(key) ?? 0);
        // raw's first rule in each chain only swallows the kernel's own multicast
        if (d !== 0 && !/ raw (PREROUTING|OUTPUT) 1$/.test(key)) kernel.set(key, d);
      }
      before = after;
      const from = snap.byId.get(p.from);
      if (!from) throw new Error(`seed ${seed}: ${p.from} is not in the capture`);
      const paths = trace(snap, {
        from,
        dst: parseIp(p.dst)!,
        proto: p.proto,
        ...(p.dport === undefined ? {} : { dport: p.dport }),
        replies: true,
        listening: () => false,
      });
      const ruleText = (key: string): string => {
        const [ns, table, chain, idx] = key.split(' ');
        const c = snap.byId.get(ns!)?.iptables?.tables.get(table!)?.chains.get(chain!);
        return idx === 'policy' ? '' : (c?.rules[Number(idx) - 1]?.src.text ?? '?');
      };
      out.push({
        seed,
        prefix: k.lab.prefix,
        index,
        packet: p,
        kernel,
        paths,
        ...judge(kernel, paths, ruleText, syntax !== 'native'),
      });
    }
    return out;
  } finally {
    await k.down();
  }
}
