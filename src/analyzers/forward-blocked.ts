// forward-blocked: filter FORWARD ends the bridge's traffic in DROP/REJECT with nothing accepting it first.
import { defineAnalyzer } from './define.js';
import { type Ip, cidrContains, cidrToString, ipToString, parseIp } from '../net/ip.js';
import { type Packet, type Verdict, evaluate } from '../snapshot/netfilter.js';
import { decidedButForwarding, trace } from '../snapshot/trace/index.js';
import type { Path } from '../snapshot/trace/packet.js';
import type { Host, Snapshot } from '../snapshot/types.js';
import { ev, inNs } from './fix.js';
import { OUTSIDE, behindBridge, egress, innerSubnets, subnetEgress } from './roles.js';
import { type Evidence, type RawFinding, type TraceProof, traceProof } from './types.js';
import { sh } from '../text/shell.js';

function decider(h: Host, v: Verdict): { text: string; evidence: Evidence[] } {
  if (v.rule) return { text: `${v.rule.chain} rule ${v.rule.index}`, evidence: [ev(v.rule.src)] };
  const c = h.iptables?.tables.get('filter')?.chains.get('FORWARD');
  return { text: `policy ${v.verdict}`, evidence: c?.src ? [ev(c.src)] : [] };
}

// How a traced path died in this host's filter FORWARD: the deciding line and the FORWARD rules it passed.
function blockedBy(p: Path, h: Host): { text: string; evidence: Evidence[]; verdict: string } | undefined {
  const e = p.end;
  if (e.kind !== 'dropped' || e.host !== h.id || e.by === 'kernel' || !e.src) return undefined;
  const last = p.steps.at(-1);
  if (!last || (last.kind !== 'rule' && last.kind !== 'policy') || last.table !== 'filter' || last.hook !== 'FORWARD')
    return undefined;
  const passed = p.steps.flatMap((s) =>
    s.kind === 'rule' && s.host === h.id && s.table === 'filter' && s.hook === 'FORWARD' && s !== last ? [s.src] : [],
  );
  const verdict = last.kind === 'policy' ? last.policy : (last.target ?? 'DROP');
  return {
    text: last.kind === 'policy' ? `policy ${last.policy}` : `${last.chain} rule ${last.index}`,
    evidence: [ev(e.src), ...passed.map((src) => ev(src))],
    verdict,
  };
}

// Two captured hosts behind ports of this bridge, and the address of the second on its side of the wire.
function bridgedPair(snap: Snapshot, h: Host, bridge: string): { a: Host; b: Ip } | undefined {
  const behind = behindBridge(snap, h, bridge).map((peer): { host: Host; addr?: Ip } => {
    const a = peer.iface.addresses.find((x) => x.family === 4 && x.scope !== 'link' && x.scope !== 'host');
    return { host: peer.host, ...(a ? { addr: { family: 4, value: a.cidr.addr } } : {}) };
  });
  const b = behind.find((x) => x.addr);
  const a = behind.find((x) => x !== b);
  return a && b?.addr ? { a: a.host, b: b.addr } : undefined;
}

export const forwardBlocked = defineAnalyzer({
  id: 'forward-blocked',
  summary: {
    en: "filter FORWARD drops the traffic (policy DROP or a DROP/REJECT rule) with nothing accepting the bridge's traffic first.",
    'zh-TW':
      'filter 表的 FORWARD 會丟棄這些流量（policy DROP 或 DROP/REJECT 規則），前面也沒有任何規則先放行 bridge 的流量。',
  },
  variants: {
    outbound: {
      severity: 'critical',
      title: {
        en: 'FORWARD on {host} drops traffic from {inner} to {egress}',
        'zh-TW': '{host} 的 FORWARD 會丟棄從 {inner} 到 {egress} 的流量',
      },
      explanation: {
        en: 'A new connection from {subnet} entering on {inner} and leaving on {egress} walks the filter FORWARD chain and ends in {verdict} ({decider}); no earlier rule accepts it. Docker setting the FORWARD policy to DROP on a host that also routes other bridges is the classic cause.',
        'zh-TW':
          '從 {subnet} 經 {inner} 進入、由 {egress} 離開的新連線，走完 filter 表的 FORWARD 鏈後落到 {verdict}（{decider}），之前沒有任何規則放行。最常見的原因是 Docker 把 FORWARD 預設政策設為 DROP，而這台主機還替其他 bridge 轉送流量。',
      },
    },
    bridged: {
      severity: 'critical',
      title: {
        en: 'FORWARD on {host} drops traffic between ports of {inner}',
        'zh-TW': '{host} 的 FORWARD 會丟棄 {inner} 各埠之間的流量',
      },
      explanation: {
        en: 'net.bridge.bridge-nf-call-iptables is 1, so frames switched by {inner} also pass the filter FORWARD chain, where they end in {verdict} ({decider}). Namespaces on the same bridge cannot reach each other.',
        'zh-TW':
          'net.bridge.bridge-nf-call-iptables 為 1，所以經 {inner} 交換的訊框也會經過 filter 表的 FORWARD 鏈，並在那裡落到 {verdict}（{decider}）。同一個 bridge 上的 namespace 因此無法互通。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts) {
      const rs = h.iptables;
      if (!rs?.tables.has('filter')) continue;
      const ex = egress(h);
      const bridgeNf = h.sysctl?.values.get('net.bridge.bridge-nf-call-iptables');
      for (const inner of innerSubnets(snap, h)) {
        const subnet = cidrToString(inner.subnet);
        const src = { family: 4 as const, value: inner.subnet.network + 2n };
        const checks: { variant: 'outbound' | 'bridged'; pkt: Packet; egress: string }[] = [];
        if (ex && ex.dev !== inner.iface.name)
          checks.push({
            variant: 'outbound',
            pkt: { src, dst: OUTSIDE, inIface: inner.iface.name, outIface: ex.dev, ctstate: 'NEW', mark: 0 },
            egress: ex.dev,
          });
        const isBridge =
          inner.iface.kind === 'bridge' || (h.interfaces ?? []).some((x) => x.master === inner.iface.name);
        if (isBridge && bridgeNf?.value.trim() === '1')
          checks.push({
            variant: 'bridged',
            pkt: {
              src,
              dst: { family: 4, value: inner.subnet.network + 3n },
              inIface: inner.iface.name,
              outIface: inner.iface.name,
              ctstate: 'NEW',
              mark: 0,
            },
            egress: inner.iface.name,
          });
        for (const c of checks) {
          let d: { text: string; evidence: Evidence[]; verdict: string } | undefined;
          let proof: TraceProof | undefined;
          if (c.variant === 'outbound') {
            // a new connection from the subnet to the Internet, traced through this host: every path must end in
            // filter FORWARD, and nothing the model could not read may stand on the way
            const paths = subnetEgress(snap, h, inner);
            const ends = paths.map((p) => (decidedButForwarding(p) ? blockedBy(p, h) : undefined));
            if (ends.length === 0 || ends.some((e) => !e)) continue;
            d = ends[0]!;
            proof = traceProof(
              `${h.id} ${inner.iface.name} ${ipToString(src)}`,
              `${ipToString(OUTSIDE)}:443/tcp`,
              paths,
            );
          } else {
            // two namespaces behind the bridge, when both are captured: one's new connection to the other, traced
            const pair = bridgedPair(snap, h, inner.iface.name);
            const paths = pair ? trace(snap, { from: pair.a, dst: pair.b, proto: 'tcp', dport: 80 }) : [];
            const ends = paths.map((p) => (decidedButForwarding(p) ? blockedBy(p, h) : undefined));
            if (pair && ends.length > 0 && ends.every((e) => e)) {
              d = ends[0]!;
              proof = traceProof(pair.a.id, `${ipToString(pair.b)}:80/tcp`, paths);
            } else if (pair) continue;
            else {
              // nobody behind the bridge was captured: the chain alone speaks, for a packet from one port to another
              const v = evaluate(rs, 'filter', 'FORWARD', c.pkt);
              if (!v.certain || (v.verdict !== 'DROP' && v.verdict !== 'REJECT')) continue;
              d = { ...decider(h, v), verdict: v.verdict };
            }
          }
          const evidence = [...d.evidence, ev(inner.src)];
          if (c.variant === 'bridged' && bridgeNf) evidence.push(ev(bridgeNf.src));
          // a port mapping (DNAT into this subnet) needs its new inbound connections let through too
          const dnatInto = [...(rs.tables.get('nat')?.chains.values() ?? [])].some((ch) =>
            ch.rules.some((r) => {
              if (r.target !== 'DNAT') return false;
              const ip = parseIp((r.targetOpts.get('to-destination') ?? '').split(':')[0] ?? '');
              return !!ip && cidrContains(inner.subnet, ip);
            }),
          );
          const fix =
            c.variant === 'outbound'
              ? [
                  inNs(h, sh`iptables -I FORWARD -i ${inner.iface.name} -o ${c.egress} -j ACCEPT`),
                  inNs(
                    h,
                    sh`iptables -I FORWARD -i ${c.egress} -o ${inner.iface.name} -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT`,
                  ),
                  ...(dnatInto
                    ? [
                        inNs(
                          h,
                          sh`iptables -I FORWARD -i ${c.egress} -o ${inner.iface.name} -m conntrack --ctstate DNAT -j ACCEPT`,
                        ),
                      ]
                    : []),
                ]
              : [inNs(h, sh`iptables -I FORWARD -i ${inner.iface.name} -o ${inner.iface.name} -j ACCEPT`)];
          out.push(
            finding(c.variant, {
              severity: 'critical',
              target: h.id,
              params: {
                host: h.id,
                inner: inner.iface.name,
                egress: c.egress,
                subnet,
                verdict: d.verdict,
                decider: d.text,
              },
              evidence,
              fix,
              ...(proof ? { trace: proof } : {}),
            }),
          );
        }
      }
    }
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'forward-blocked': true;
  }
}
