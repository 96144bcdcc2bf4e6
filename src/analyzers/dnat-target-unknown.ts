// dnat-target-unknown: a DNAT (port mapping) rewrites to an address nobody in reach owns.
import { type Ip, parseIp } from '../net/ip.js';
import type { Rule } from '../parsers/iptables-model.js';
import { connectedOn, lookup } from '../snapshot/routing.js';
import type { Host, Snapshot } from '../snapshot/types.js';
import { tokenize } from '../parsers/iptables-save.js';
import { raw, sh, shq } from '../text/shell.js';
import { ev, inNs, note } from './fix.js';
import { list } from './roles.js';
import type { Analyzer, RawFinding } from './types.js';

// "10.0.0.5:80", "10.0.0.5-10.0.0.9:80", "[fd00::5]:80" → the first address.
function targetIp(spec: string): Ip | null {
  const v6 = /^\[([^\]]+)\]/.exec(spec);
  if (v6) return parseIp(v6[1]!);
  return parseIp(spec.split(/[:-]/)[0]!);
}

// Index of every address owned by a captured host, built once per run (a kube-proxy node has 30k DNATs).
function ownedAddresses(snap: Snapshot): Set<string> {
  const s = new Set<string>();
  for (const h of snap.hosts)
    for (const i of h.interfaces ?? []) for (const a of i.addresses) s.add(`${a.family}:${a.cidr.addr}`);
  return s;
}

// The rule's own words after `-A CHAIN`, each quoted as one shell word, with the DNAT target swapped.
function ruleWords(text: string, spec: string, newSpec: string): string {
  const t = tokenize(text.trim()).map((w) => w.replace(/^\u0001/, ''));
  let i = /^\[\d+:\d+\]$/.test(t[0] ?? '') ? 1 : 0;
  if (t[i] === '-A') i += 2;
  return t
    .slice(i)
    .map((w) => shq(w !== spec ? w : newSpec))
    .join(' ');
}

function describe(r: Rule): string {
  const parts: string[] = [];
  if (r.protocol) parts.push(r.protocol.value);
  if (r.destination) parts.push(`${r.destination.neg ? '!' : ''}${r.destination.value}`);
  for (const m of r.matches) {
    const d = m.opts.get('dport');
    if (d) parts.push(`port ${d.value}`);
  }
  return parts.join(' ') || `${r.chain} traffic`;
}

export const dnatTargetUnknown: Analyzer = {
  id: 'dnat-target-unknown',
  run(snap: Snapshot): RawFinding[] {
    const out: RawFinding[] = [];
    let owned: Set<string> | undefined;
    for (const h of snap.hosts) {
      const nat = h.iptables?.tables.get('nat');
      if (!nat || !h.interfaces) continue;
      for (const chain of nat.chains.values())
        for (const r of chain.rules) {
          // cheap text test first: only DNAT rules need their options decoded
          if (!r.src.text.includes('DNAT') || r.target !== 'DNAT') continue;
          const spec = r.targetOpts.get('to-destination') ?? r.targetOpts.get('to');
          const ip = spec ? targetIp(spec) : null;
          if (!ip) continue;
          owned ??= ownedAddresses(snap);
          if (owned.has(`${ip.family}:${ip.value}`)) continue;
          const f = classify(snap, h, ip);
          if (!f) continue;
          const params: Record<string, string | number> = {
            host: h.id,
            chain: r.chain,
            index: r.index,
            target: spec!,
            match: describe(r),
            dev: f.dev ?? '',
            members: f.members ?? '',
          };
          const port = !spec!.startsWith('[') && spec!.includes(':') ? spec!.slice(spec!.indexOf(':')) : '';
          const newSpec = f.candidate ? `${f.candidate}${port}` : undefined;
          const fix =
            newSpec && h.iptables!.format === 'save'
              ? [inNs(h, sh`iptables -t nat -R ${r.chain} ${r.index} ${raw(ruleWords(r.src.text, spec!, newSpec))}`)]
              : [inNs(h, sh`iptables -t nat -L ${r.chain} -n --line-numbers`)];
          const notes = newSpec
            ? h.iptables!.format === 'save'
              ? []
              : [
                  note(
                    `Then replace rule ${r.index} of ${r.chain} so that it sends to ${newSpec}.`,
                    `接著把 ${r.chain} 的第 ${r.index} 條規則改成送往 ${newSpec}。`,
                  ),
                ]
            : [
                note(
                  `No address in this bundle fits as the new destination: replace rule ${r.index} of ${r.chain} with --to-destination set to the address of the container or pod that should receive ${spec!}.`,
                  `bundle 裡沒有適合當新目的地的位址:把 ${r.chain} 的第 ${r.index} 條規則改為 --to-destination 指向原本應該接收 ${spec!} 的容器或 Pod 的位址。`,
                ),
              ];
          out.push({
            id: 'dnat-target-unknown',
            severity: f.variant === 'default-only' ? 'warning' : 'critical',
            target: h.id,
            variant: f.variant,
            params,
            evidence: [ev(r.src), ...f.evidence],
            fix,
            notes,
          });
        }
    }
    return out;
  },
};

function classify(
  snap: Snapshot,
  h: Host,
  ip: Ip,
):
  | { variant: string; dev?: string; members?: string; candidate?: string; evidence: ReturnType<typeof ev>[] }
  | undefined {
  const conn = connectedOn(h, ip);
  if (conn) {
    const seg = snap.segmentOf.get(conn.iface);
    if (!seg?.closed || seg.ports.length < 2) return undefined;
    const others = seg.ports
      .filter((p) => p.host !== h)
      .flatMap((p) =>
        p.iface.addresses.filter((a) => a.family === ip.family && a.scope !== 'link').map((a) => ({ p, a })),
      );
    return {
      variant: 'segment',
      dev: conn.iface.name,
      members: list(others.map((o) => `${o.p.host.id} ${o.a.local}`)),
      candidate: others.length === 1 ? others[0]!.a.local : undefined,
      evidence: others.slice(0, 3).map((o) => ev(o.a.src)),
    };
  }
  const r = lookup(h, ip);
  if (!r) return { variant: 'no-route', evidence: [] };
  if (r.type === 'blackhole' || r.type === 'unreachable' || r.type === 'prohibit')
    return { variant: 'no-route', evidence: [ev(r.src)] };
  if (r.dst.prefix === 0) return { variant: 'default-only', evidence: [ev(r.src)] };
  return undefined;
}
