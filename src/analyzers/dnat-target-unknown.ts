// dnat-target-unknown: a DNAT (port mapping) rewrites to an address nobody in reach owns.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { type Ip, parseIp } from '../net/ip.js';
import type { Rule } from '../parsers/iptables-model.js';
import { natTargets } from '../snapshot/nat-targets.js';
import { connectedOn, lookup } from '../snapshot/routing.js';
import type { Host, Snapshot } from '../snapshot/types.js';
import { tokenize } from '../parsers/iptables-save.js';
import { raw, sh, shq } from '../text/shell.js';
import { ev, inNs } from './fix.js';
import { list } from './roles.js';
import { type RawFinding, traceProof } from './types.js';
import { witnessFor } from './witness.js';
import { decidedButForwarding } from '../snapshot/trace/index.js';

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

// Addresses of pods the API places on another node than `h`: reaching them is the routes' business
// (podcidr-route-missing), not a DNAT naming nobody.
function podsElsewhere(snap: Snapshot, h: Host): Set<string> {
  const me = h.meta.name ?? h.id;
  return new Set(
    (snap.cluster?.pods ?? [])
      .filter((p) => !p.hostNetwork && p.nodeName && p.nodeName !== me)
      .flatMap((p) => p.podIPs.map(parseIp))
      .flatMap((ip) => (ip ? [`${ip.family}:${ip.value}`] : [])),
  );
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

export const dnatTargetUnknown = defineAnalyzer({
  id: 'dnat-target-unknown',
  summary: {
    en: 'A DNAT (port mapping) points at an address no captured host owns and no connected subnet reaches.',
    'zh-TW': 'DNAT（連接埠對應）指向的位址不屬於任何已擷取的主機，也沒有直連子網到得了。',
  },
  variants: {
    segment: {
      severity: 'critical',
      title: {
        en: 'DNAT on {host} maps {match} to {target}, which nobody owns',
        'zh-TW': '{host} 的 DNAT 把 {match} 對應到 {target}，但沒有主機擁有這個位址',
      },
      explanation: {
        en: 'Rule {index} of {chain} rewrites the destination to {target}. That address is in the subnet of {dev}, but none of the hosts on that segment ({members}) has it, so connections to the mapped port hang while {host} waits for an ARP reply. The mapping most likely names the wrong container.',
        'zh-TW':
          '{chain} 鏈的第 {index} 條規則把目的地改寫為 {target}。這個位址位於 {dev} 的子網內，但該網段上的主機（{members}）都沒有這個位址，連到對應埠的連線會一直卡在 {host} 等待 ARP 回應。最可能是對應到了錯誤的容器。',
      },
    },
    'no-route': {
      severity: 'critical',
      title: {
        en: 'DNAT on {host} maps {match} to {target}, which it cannot route to',
        'zh-TW': '{host} 的 DNAT 把 {match} 對應到 {target}，但它沒有通往該位址的路由',
      },
      explanation: {
        en: 'Rule {index} of {chain} rewrites the destination to {target}, but {host} has no route to that address, so the rewritten packets are dropped.',
        'zh-TW':
          '{chain} 鏈的第 {index} 條規則把目的地改寫為 {target}，但 {host} 沒有通往該位址的路由，改寫後的封包會被丟棄。',
      },
    },
    'default-only': {
      severity: 'critical',
      title: {
        en: 'DNAT on {host} maps {match} to {target}, which only the default route covers',
        'zh-TW': '{host} 的 DNAT 把 {match} 對應到 {target}，但只有預設路由涵蓋它',
      },
      explanation: {
        en: 'Rule {index} of {chain} rewrites the destination to {target}. No captured host owns it and only the default route covers it, so the mapped traffic goes to the upstream gateway instead of a local container.',
        'zh-TW':
          '{chain} 鏈的第 {index} 條規則把目的地改寫為 {target}。沒有任何已擷取的主機擁有這個位址，也只有預設路由涵蓋它，因此對應的流量會被送往上游閘道，而不是本機的容器。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    let owned: Set<string> | undefined;
    for (const h of snap.hosts) {
      const nat = h.iptables?.tables.get('nat');
      if (!nat || !h.interfaces) continue;
      let elsewhere: Set<string> | undefined;
      for (const chain of nat.chains.values()) {
        // every chain's targets are read once per ruleset, shared with kube-proxy's view
        for (const d of natTargets(h.iptables!, chain.name)) {
          if (d.target !== 'DNAT') continue;
          const spec = d.toDestination ?? d.to;
          const ip = spec ? targetIp(spec) : null;
          if (!ip) continue;
          owned ??= ownedAddresses(snap);
          if (owned.has(`${ip.family}:${ip.value}`)) continue;
          const f = classify(snap, h, ip);
          if (!f) continue;
          elsewhere ??= podsElsewhere(snap, h);
          if (f.variant !== 'segment' && elsewhere.has(`${ip.family}:${ip.value}`)) continue;
          const r = chain.rules[d.index - 1]!;
          // a packet that meets the rule, traced: where the rewritten packet really goes decides
          const w = witnessFor(snap, h, r);
          const hit = (w?.paths ?? []).filter((p) =>
            p.steps.some((st) => st.kind === 'rule' && st.src.file === r.src.file && st.src.line === r.src.line),
          );
          const sure = hit.length > 0 && hit.every((p) => decidedButForwarding(p));
          if (sure && hit.some((p) => p.end.kind === 'delivered')) continue;
          const params = {
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
                  text(
                    `Then replace rule ${r.index} of ${r.chain} so that it sends to ${newSpec}.`,
                    `接著把 ${r.chain} 的第 ${r.index} 條規則改成送往 ${newSpec}。`,
                  ),
                ]
            : [
                text(
                  `No address in this bundle fits as the new destination: replace rule ${r.index} of ${r.chain} with --to-destination set to the address of the container or pod that should receive ${spec!}.`,
                  `bundle 裡沒有適合當新目的地的位址：把 ${r.chain} 的第 ${r.index} 條規則改為 --to-destination 指向原本應該接收 ${spec!} 的容器或 Pod 的位址。`,
                ),
              ];
          out.push(
            finding(f.variant, {
              severity: f.variant === 'default-only' ? 'warning' : 'critical',
              target: h.id,
              params,
              evidence: [ev(r.src), ...f.evidence],
              fix,
              notes,
              ...(sure && w ? { trace: traceProof(w.from, w.to, hit) } : {}),
            }),
          );
        }
      }
    }
    return out;
  },
});

function classify(
  snap: Snapshot,
  h: Host,
  ip: Ip,
):
  | {
      variant: 'segment' | 'no-route' | 'default-only';
      dev?: string;
      members?: string;
      candidate?: string;
      evidence: ReturnType<typeof ev>[];
    }
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

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'dnat-target-unknown': true;
  }
}
