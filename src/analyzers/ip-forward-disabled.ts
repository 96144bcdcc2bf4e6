// ip-forward-disabled: a host other namespaces route through has net.ipv4.ip_forward = 0.
import { defineAnalyzer } from './define.js';
import type { Rule } from '../parsers/iptables-model.js';
import { reachableTargets } from '../snapshot/netfilter.js';
import type { Host, Snapshot } from '../snapshot/types.js';
import { ev, inNs } from './fix.js';
import { OUTSIDE, dependents, innerSubnets, ipForward, list, natRulesFor } from './roles.js';
import { type RawFinding, traceProof } from './types.js';
import { trace } from '../snapshot/trace/index.js';
import { ipToString } from '../net/ip.js';

// A bridge (with ports) whose own port-to-port traffic a nat POSTROUTING MASQUERADE/SNAT rule would match.
function bridgedNat(snap: Snapshot, h: Host): { bridge: string; rule: Rule } | undefined {
  for (const inner of innerSubnets(snap, h)) {
    const ports = (h.interfaces ?? []).filter((x) => x.master === inner.iface.name);
    if (ports.length < 2) continue;
    const pkt = {
      src: { family: 4 as const, value: inner.subnet.network + 2n },
      dst: { family: 4 as const, value: inner.subnet.network + 3n },
      inIface: inner.iface.name,
      outIface: inner.iface.name,
    };
    const hit = reachableTargets(h.iptables!, 'nat', 'POSTROUTING', pkt, new Set(['MASQUERADE', 'SNAT']))[0];
    if (hit) return { bridge: inner.iface.name, rule: hit.rule };
  }
  return undefined;
}

export const ipForwardDisabled = defineAnalyzer({
  id: 'ip-forward-disabled',
  summary: {
    en: 'A host that routes for other namespaces (it is their gateway, or NATs for them) has net.ipv4.ip_forward = 0.',
    'zh-TW': '負責替其他 namespace 轉送流量的主機（是它們的閘道，或替它們做 NAT），net.ipv4.ip_forward 卻是 0。',
  },
  variants: {
    gateway: {
      severity: 'critical',
      title: {
        en: 'IP forwarding is off on {host}, the gateway of {dependents}',
        'zh-TW': '{host} 關閉了 IP 轉送，但它是 {dependents} 的閘道',
      },
      explanation: {
        en: '{dependents} send their traffic to {host} as their gateway, but net.ipv4.ip_forward is 0 on {host}, so its kernel drops every packet not addressed to {host} itself. Their traffic reaches {host} and goes no further.',
        'zh-TW':
          '{dependents} 把 {host} 當作閘道送出流量，但 {host} 的 net.ipv4.ip_forward 為 0，核心會丟棄所有目的地不是 {host} 本身的封包。它們的流量送到 {host} 就停住了。',
      },
    },
    bridged: {
      severity: 'critical',
      title: {
        en: 'IP forwarding is off on {host}, and bridge {bridge} stops passing traffic',
        'zh-TW': '{host} 關閉了 IP 轉送，bridge {bridge} 也因此不再轉送流量',
      },
      explanation: {
        en: 'net.ipv4.ip_forward is 0 on {host} while net.bridge.bridge-nf-call-iptables is 1. Routed traffic from its dependents ({dependents}) stops at {host}. Worse, br_netfilter passes frames switched between the ports of {bridge} through nat POSTROUTING, where "{rule}" matches and NATs them; NATed frames need IP forwarding, so the kernel drops them and even namespaces on the same bridge cannot reach each other.',
        'zh-TW':
          '{host} 的 net.ipv4.ip_forward 為 0，而 net.bridge.bridge-nf-call-iptables 為 1。依賴它轉送的 {dependents} 流量會停在 {host}。更糟的是，br_netfilter 會讓 {bridge} 各埠之間交換的訊框經過 nat 表的 POSTROUTING，被「{rule}」比對到並做 NAT；做過 NAT 的訊框需要 IP 轉送，核心因此把它們丟掉，就算是同一個 bridge 上的 namespace 也無法互通。',
      },
    },
    nat: {
      severity: 'critical',
      title: {
        en: 'IP forwarding is off on {host}, which NATs for {subnets}',
        'zh-TW': '{host} 關閉了 IP 轉送，但它替 {subnets} 做 NAT',
      },
      explanation: {
        en: '{host} has NAT rules for {subnets}, which only help if it forwards packets, but net.ipv4.ip_forward is 0. Nothing from those subnets is routed onward.',
        'zh-TW':
          '{host} 針對 {subnets} 設了 NAT 規則，這只有在它會轉送封包時才有用，但 net.ipv4.ip_forward 為 0，來自這些子網的流量都不會被轉送出去。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts) {
      const fwd = ipForward(h);
      if (fwd?.value.trim() !== '0') continue;
      const deps = dependents(snap, h);
      const fix = [inNs(h, 'sysctl -w net.ipv4.ip_forward=1')];
      // with br_netfilter on, frames switched between a bridge's ports pass nat POSTROUTING; a MASQUERADE/SNAT
      // rule that matches them NATs them, and NATed frames need IP forwarding (kernel-verified in our labs)
      const nf = h.sysctl?.values.get('net.bridge.bridge-nf-call-iptables');
      const bridged = nf?.value.trim() === '1' && h.iptables ? bridgedNat(snap, h) : undefined;
      if (bridged && nf) {
        out.push(
          finding('bridged', {
            target: h.id,
            params: {
              host: h.id,
              bridge: bridged.bridge,
              rule: bridged.rule.src.text.trim(),
              dependents: list(deps.map((d) => d.host.id)) || '-',
            },
            evidence: [ev(fwd.src), ev(nf.src), ev(bridged.rule.src), ...deps.slice(0, 3).map((d) => ev(d.route.src))],
            fix,
          }),
        );
        continue;
      }
      if (deps.length > 0) {
        // the proof: a dependent's packet to the Internet, traced until this host's kernel drops it
        const from = deps[0]!.host;
        const paths = trace(snap, { from, dst: OUTSIDE, proto: 'tcp', dport: 443 });
        const dies = paths.filter(
          (p) => p.end.kind === 'dropped' && p.end.host === h.id && p.end.reason?.code === 'not-forwarding',
        );
        out.push(
          finding('gateway', {
            target: h.id,
            params: { host: h.id, dependents: list(deps.map((d) => d.host.id)) },
            evidence: [ev(fwd.src), ...deps.slice(0, 4).map((d) => ev(d.route.src))],
            fix,
            ...(dies.length > 0 ? { trace: traceProof(from.id, `${ipToString(OUTSIDE)}:443/tcp`, dies) } : {}),
          }),
        );
        continue;
      }
      const natted = h.iptables
        ? innerSubnets(snap, h).filter((s) => natRulesFor(h.iptables!, s.subnet).length > 0)
        : [];
      if (natted.length > 0) {
        out.push(
          finding('nat', {
            target: h.id,
            params: { host: h.id, subnets: list(natted.map((s) => s.text)) },
            evidence: [
              ev(fwd.src),
              ...natted.flatMap((s) =>
                natRulesFor(h.iptables!, s.subnet)
                  .slice(0, 1)
                  .map((r) => ev(r.src)),
              ),
            ],
            fix,
          }),
        );
      }
    }
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'ip-forward-disabled': true;
  }
}
