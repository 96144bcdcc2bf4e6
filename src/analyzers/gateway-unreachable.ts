// gateway-unreachable: a route's next hop is off-link, unanswered, or behind a missing/no-carrier device.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { type Ip, ipToString, parseIp } from '../net/ip.js';
import type { Route } from '../model.js';
import { decidedButForwarding, trace } from '../snapshot/trace/index.js';
import type { Path } from '../snapshot/trace/packet.js';
import { ifaceByName, isUsable, owners, routeProblem } from '../snapshot/routing.js';
import type { Host, Snapshot } from '../snapshot/types.js';
import { CALICO_GATEWAY, caliVethOf } from './calico-proxy-arp-off.js';
import { ev, inNs, noGatewayNote } from './fix.js';
import { OUTSIDE, gatewayCandidate, list } from './roles.js';
import { type Evidence, type Note, type RawFinding, type TraceProof, traceProof } from './types.js';
import { raw, sh } from '../text/shell.js';

// A new connection from the host to an address the route carries (the Internet for a default route), traced; kept
// when it dies on this host — at the next hop nobody answers for, or in the kernel.
function routeProbe(snap: Snapshot, h: Host, r: Route): TraceProof | undefined {
  const dst: Ip =
    r.dst.prefix === 0 ? OUTSIDE : { family: 4, value: r.dst.prefix >= 31 ? r.dst.addr : r.dst.network + 1n };
  if (r.dst.family !== 4) return undefined;
  const paths = trace(snap, { from: h, dst, proto: 'tcp', dport: 443 });
  const dies = (p: Path): boolean =>
    p.end.host === h.id &&
    (p.end.kind === 'neighbour-unreachable' ||
      p.end.kind === 'no-route' ||
      (p.end.kind === 'dropped' && p.end.by === 'kernel'));
  if (paths.length === 0 || !paths.every((p) => decidedButForwarding(p) && dies(p))) return undefined;
  return traceProof(h.id, `${ipToString(dst)}:443/tcp`, paths);
}

// True when a captured host owns the gateway address on an interface that is down or behind a down bridge.
function gatewayIsDown(snap: Snapshot, gateway: string): boolean {
  const ip = parseIp(gateway);
  if (!ip) return false;
  return owners(snap, ip).some((o) => {
    const master = o.iface.master ? ifaceByName(o.host, o.iface.master) : undefined;
    return !isUsable(o.iface) || (master !== undefined && !isUsable(master));
  });
}

export const gatewayUnreachable = defineAnalyzer({
  id: 'gateway-unreachable',
  summary: {
    en: "A default or static route's next hop is not on any up, connected subnet, or nothing on the link answers for it.",
    'zh-TW': '預設路由或靜態路由的下一跳不在任何已啟用的直連子網上，或鏈路上沒有主機回應它。',
  },
  variants: {
    calico: {
      severity: 'critical',
      title: {
        en: '{host}: Calico gateway {gateway} does not answer ARP',
        'zh-TW': '{host}:Calico 閘道 {gateway} 沒有回應 ARP',
      },
      explanation: {
        en: "{host} sends everything to {gateway} on {dev}, and nothing answers its ARP request. With Calico that address is the intended gateway: no device owns it, and the node answers for it by proxy ARP on the pod's host-side cali* veth. Leave the route as it is; the cause is on the node (proxy_arp on that veth, or the veth itself), which this bundle does not show.",
        'zh-TW':
          '{host} 把所有流量經由 {dev} 交給 {gateway}，卻沒有任何裝置回應它的 ARP 請求。在 Calico 中這個位址本來就是設計好的閘道：沒有任何介面擁有它，而是由節點在 Pod 對應的 cali* veth 上以 proxy ARP 代為回應。路由本身不用改；原因在節點上（那條 veth 的 proxy_arp，或 veth 本身），而這份 bundle 看不到。',
      },
    },
    'gateway-off-link': {
      severity: 'critical',
      title: {
        en: '{host}: next hop {gateway} of "{route}" is not on-link',
        'zh-TW': '{host}：路由「{route}」的下一跳 {gateway} 不在直連範圍內',
      },
      explanation: {
        en: 'The route "{route}" hands packets to {gateway}, but no up interface of {host} has an address in that gateway\'s subnet and the route is not marked onlink. The kernel cannot resolve the next hop, so everything matching this route is dropped.',
        'zh-TW':
          '路由「{route}」把封包交給 {gateway}，但 {host} 沒有任何已啟用的介面位於該閘道的子網內，這條路由也沒有標記 onlink。核心無法解析下一跳，符合這條路由的流量全部被丟棄。',
      },
    },
    'neigh-failed': {
      severity: 'critical',
      title: { en: '{host}: gateway {gateway} does not answer ARP', 'zh-TW': '{host}：閘道 {gateway} 沒有回應 ARP' },
      explanation: {
        en: '{host} tried to resolve {gateway} on {dev} and its neighbour table shows {state}: nothing on the link answers for that address. The gateway is down, or the route names the wrong address.',
        'zh-TW':
          '{host} 嘗試在 {dev} 上解析 {gateway}，鄰居表顯示為 {state}：鏈路上沒有任何主機回應這個位址。可能是閘道停機，或路由寫錯了位址。',
      },
    },
    'nobody-owns': {
      severity: 'critical',
      title: {
        en: '{host}: no host on the segment owns gateway {gateway}',
        'zh-TW': '{host}：網段上沒有任何主機擁有閘道位址 {gateway}',
      },
      explanation: {
        en: '{gateway} lies in the subnet of {dev}, but none of the hosts on that segment ({members}) has that address. Every packet routed by "{route}" waits for an ARP reply that never comes.',
        'zh-TW':
          '{gateway} 位於 {dev} 的子網內，但該網段上的主機（{members}）沒有一台擁有這個位址。依「{route}」轉送的封包都在等一個永遠不會來的 ARP 回應。',
      },
    },
    'dev-missing': {
      severity: 'critical',
      title: {
        en: '{host}: route "{route}" names a missing device',
        'zh-TW': '{host}：路由「{route}」指定的裝置不存在',
      },
      explanation: {
        en: 'The route "{route}" sends packets out of {dev}, which does not exist in {host}.',
        'zh-TW': '路由「{route}」要從 {dev} 送出封包，但 {host} 中沒有這個裝置。',
      },
    },
    'dev-down': {
      severity: 'critical',
      title: {
        en: '{host}: route "{route}" leaves through a device without carrier',
        'zh-TW': '{host}：路由「{route}」經由沒有 carrier 的裝置',
      },
      explanation: {
        en: 'The route "{route}" leaves through {dev}, which has no carrier (the route is flagged linkdown), so the kernel skips it.',
        'zh-TW': '路由「{route}」經由 {dev} 送出，但該裝置沒有 carrier（路由帶有 linkdown 標記），核心會略過這條路由。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts)
      for (const r of h.routes ?? []) {
        // connected routes without carrier are the interface's story (interface-down), not a gateway's
        if (!r.gateway) continue;
        const p = routeProblem(snap, h, r);
        // a route that leads nowhere or rejects is not a gateway's story
        if (!p || p.kind === 'no-route' || p.kind === 'reject-route') continue;
        // a gateway whose own interface (or its bridge) is down: that root cause is reported where it lives
        if (p.kind === 'gateway-unanswered' && p.how === 'neigh-failed' && gatewayIsDown(snap, r.gateway)) continue;
        // an admin-down device is reported by interface-down; here only what that finding does not say
        if (p.kind === 'dev-down' && !r.flags.includes('linkdown')) continue;
        if (p.kind === 'dev-down' && !p.iface.adminUp) continue;
        const route = r.src.text.trim();
        const isDefault = r.dst.prefix === 0;
        const evidence: Evidence[] = [ev(r.src)];
        let variant: 'calico' | 'gateway-off-link' | 'neigh-failed' | 'nobody-owns' | 'dev-missing' | 'dev-down' =
          p.kind === 'gateway-unanswered' ? p.how : p.kind;
        const params = {
          host: h.id,
          route,
          gateway: r.gateway ?? '',
          dev: r.dev ?? '',
          state: '-',
          members: '-',
        };
        const fix: string[] = [];
        const notes: Note[] = [];
        const cand = gatewayCandidate(snap, h);
        const replace = (via: string): string =>
          inNs(
            h,
            sh`ip route replace ${r.dstText} via ${via}${raw(r.dev && p.kind !== 'gateway-off-link' ? sh` dev ${r.dev}` : '')}`,
          );
        if (p.kind === 'gateway-unanswered') {
          const neigh = h.neighbors?.find((n) => n.dst === r.gateway);
          if (neigh) {
            evidence.push(ev(neigh.src));
            params.state = neigh.state.join(',');
          }
          const seg = snap.segmentOf.get((h.interfaces ?? []).find((i) => i.name === r.dev)!);
          params.members = list(seg?.ports.map((q) => `${q.host.id}/${q.iface.name}`) ?? []);
          if (r.gateway === CALICO_GATEWAY) {
            // Calico's designed gateway: never tell the pod to change it; the node's proxy ARP is what failed
            const veth = caliVethOf(snap, h, r.dev);
            if (veth?.proxyArpOff) continue;
            variant = 'calico';
            if (veth)
              fix.push(
                inNs(veth.port.host, sh`sysctl ${`net.ipv4.conf.${veth.port.iface.name}.proxy_arp`}`),
                inNs(veth.port.host, sh`ip -d link show ${veth.port.iface.name}`),
              );
            const addr = (h.interfaces ?? [])
              .find((i) => i.name === r.dev)
              ?.addresses.find((a) => a.family === 4)?.local;
            notes.push(
              text(
                `On ${h.meta.node ?? "the pod's node"}, find the pod's host-side veth${addr ? ` (ip route get ${addr} names it)` : ''} and check that its proxy_arp is 1 and that it is up.`,
                `在 ${h.meta.node ?? 'Pod 所在的節點'} 上找出 Pod 的主機端 veth${addr ? `(ip route get ${addr} 會列出它)` : ''}，確認它的 proxy_arp 是 1，而且介面是啟用的。`,
              ),
            );
          } else if (cand) fix.push(replace(cand.address));
          else notes.push(noGatewayNote(snap, h));
        } else if (p.kind === 'gateway-off-link') {
          for (const i of h.interfaces ?? [])
            for (const a of i.addresses) if (a.family === 4 && a.scope !== 'host') evidence.push(ev(a.src));
          if (cand) fix.push(replace(cand.address));
          else notes.push(noGatewayNote(snap, h));
        } else if (p.kind === 'dev-missing') {
          fix.push(
            inNs(h, sh`ip route del ${r.dstText}${raw(r.gateway ? sh` via ${r.gateway}` : '')} dev ${r.dev ?? ''}`),
          );
        } else if (p.kind === 'dev-down') {
          evidence.push(ev(p.iface.src));
          fix.push(inNs(h, sh`ip -d link show ${p.iface.name}`));
          notes.push(
            text(
              `${p.iface.name} has no carrier: find why (for a veth, its other end is down or gone).`,
              `${p.iface.name} 沒有 carrier：找出原因（如果是 veth，通常是另一端被關閉或已不存在）。`,
            ),
          );
        } else continue;
        // a packet the route carries, traced from the host: its end on this host is the proof (a captured
        // neighbour table that says FAILED is evidence on its own where the gateway's side is not captured)
        const proof = routeProbe(snap, h, r);
        out.push(
          finding(variant, {
            severity: isDefault ? 'critical' : 'warning',
            target: h.id,
            params,
            evidence: evidence.slice(0, 6),
            fix,
            notes,
            ...(proof ? { trace: proof } : {}),
          }),
        );
      }
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'gateway-unreachable': true;
  }
}
