// dns-nameserver-unreachable: the namespace's routing cannot put a query for its nameserver on the wire.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { isLoopback, parseIp } from '../net/ip.js';
import { firstHopProblem, hasNetworkInterface, ifaceByName, owners } from '../snapshot/routing.js';
import { CALICO_GATEWAY, caliVethOf } from './calico-proxy-arp-off.js';
import { ev, inNs, noGatewayNote } from './fix.js';
import { gatewayCandidate } from './roles.js';
import type { Evidence, Note, RawFinding } from './types.js';
import { sh } from '../text/shell.js';

/** glibc reads at most three nameservers (MAXNS, docs/networking-facts.md §resolv-conf). */
const MAXNS = 3;

export const dnsNameserverUnreachable = defineAnalyzer({
  id: 'dns-nameserver-unreachable',
  summary: {
    en: 'The namespace has no usable route to its nameserver.',
    'zh-TW': '這個 namespace 沒有可用的路由通往它的 nameserver。',
  },
  variants: {
    'no-route': {
      severity: 'critical',
      title: {
        en: '{host} has no route to nameserver {nameserver}',
        'zh-TW': '{host} 沒有通往 nameserver {nameserver} 的路由',
      },
      explanation: {
        en: 'No route in {host} covers {nameserver}: it is on no connected subnet and there is no default route. Every query sent to it fails at once with "Network is unreachable".',
        'zh-TW':
          '{host} 沒有任何路由涵蓋 {nameserver}：它不在直連子網內，也沒有預設路由。送往它的每個查詢都會立刻以「Network is unreachable」失敗。',
      },
    },
    'reject-route': {
      severity: 'critical',
      title: {
        en: '{host} discards traffic to nameserver {nameserver}',
        'zh-TW': '{host} 會丟棄送往 nameserver {nameserver} 的流量',
      },
      explanation: {
        en: '{host} sends {nameserver} to a {routeType} route ("{route}"), so queries are discarded before they leave.',
        'zh-TW': '{host} 把 {nameserver} 導向 {routeType} 類型的路由（「{route}」），查詢封包在送出前就被丟棄。',
      },
    },
    'dev-down': {
      severity: 'critical',
      title: {
        en: '{host} reaches nameserver {nameserver} only through a down interface',
        'zh-TW': '{host} 只能經由已關閉的介面連到 nameserver {nameserver}',
      },
      explanation: {
        en: 'The route to {nameserver} leaves through {dev}, which is down, so queries never get on the wire.',
        'zh-TW': '通往 {nameserver} 的路由經由 {dev}，但該介面處於 down，查詢封包根本送不出去。',
      },
    },
    'calico-proxy-arp': {
      severity: 'critical',
      title: {
        en: '{host} cannot reach nameserver {nameserver}: its Calico gateway gets no ARP answer',
        'zh-TW': '{host} 連不到 nameserver {nameserver}：它的 Calico 閘道沒有回應 ARP',
      },
      explanation: {
        en: 'The route to {nameserver} goes via {gateway}, the gateway Calico gives every pod, and {host} gets no ARP answer for it because proxy ARP is off on its veth on {node} (see calico-proxy-arp-off there). Every query is lost at the first hop; fixing the node fixes DNS.',
        'zh-TW':
          '通往 {nameserver} 的路由經由 {gateway}，也就是 Calico 給每個 Pod 的閘道；由於 {node} 上這個 Pod 的 veth 關閉了 proxy ARP,{host} 查不到它的 ARP（見該節點的 calico-proxy-arp-off）。每個查詢都在第一跳遺失；修好節點，DNS 就恢復了。',
      },
    },
    gateway: {
      severity: 'critical',
      title: {
        en: '{host} cannot reach the gateway towards nameserver {nameserver}',
        'zh-TW': '{host} 到不了通往 nameserver {nameserver} 的閘道',
      },
      explanation: {
        en: 'The route to {nameserver} goes via {gateway}, which {host} cannot reach (see gateway-unreachable), so queries are lost at the first hop.',
        'zh-TW':
          '通往 {nameserver} 的路由經由 {gateway}，但 {host} 到不了這個閘道（見 gateway-unreachable），查詢在第一跳就遺失了。',
      },
    },
    'not-answering': {
      severity: 'critical',
      title: {
        en: 'Nameserver {nameserver} is reachable from {host} but does not answer DNS',
        'zh-TW': '{host} 連得到 nameserver {nameserver}，但它不回應 DNS',
      },
      explanation: {
        en: 'The routing in {host} is fine and {nameserver} answered ping at capture time, but a DNS query for "{name}" got "{result}". Something listens at that address, yet no DNS server is serving on port 53 there (stopped, crashed, or bound to another address).',
        'zh-TW':
          '{host} 的路由沒有問題，擷取時 {nameserver} 也回應了 ping，但查詢「{name}」的 DNS 請求得到「{result}」。這個位址上有主機在，卻沒有 DNS 伺服器在 53 埠提供服務（已停止、當掉，或綁在別的位址上）。',
      },
    },
    'no-reply': {
      severity: 'critical',
      title: {
        en: 'Nameserver {nameserver} never replies to {host}',
        'zh-TW': 'nameserver {nameserver} 從不回應 {host}',
      },
      explanation: {
        en: 'The routing in {host} sends queries for {nameserver} on their way, but at capture time neither ping nor a DNS query for "{name}" got any reply ({result}). The path beyond the first hop is broken: look at the gateway\'s forwarding and NAT findings.',
        'zh-TW':
          '{host} 的路由會把送往 {nameserver} 的查詢送出去，但擷取時 ping 與查詢「{name}」的 DNS 請求都沒有得到任何回應（{result}）。第一跳之後的路徑斷了：請查看閘道的轉送與 NAT 相關發現。',
      },
    },
    'loopback-down': {
      severity: 'critical',
      title: {
        en: '{host} cannot reach its local nameserver {nameserver}',
        'zh-TW': '{host} 連不到本機的 nameserver {nameserver}',
      },
      explanation: {
        en: '{nameserver} is a loopback address and lo is down in {host}, so the local resolver cannot be reached.',
        'zh-TW': '{nameserver} 是 loopback 位址，而 {host} 的 lo 處於 down，本機解析器無法連線。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts) {
      if (!h.resolv || (!h.routes && !h.interfaces)) continue;
      const servers = h.resolv.nameservers.slice(0, MAXNS);
      const found: RawFinding<string>[] = [];
      for (const n of servers) {
        const ip = parseIp(n.address);
        if (!ip) continue;
        const evidence: Evidence[] = [ev(n.src)];
        const params = { host: h.id, nameserver: n.address };
        let fix: string[] = [];
        let notes: Note[] = [];
        const own = owners(snap, ip).some((o) => o.host === h);
        if (isLoopback(ip) || own) {
          // the host's own address is delivered through lo, whatever its interface's state
          const lo = ifaceByName(h, 'lo');
          if (lo && !lo.adminUp) {
            evidence.push(ev(lo.src));
            found.push(
              finding('loopback-down', { target: h.id, params, evidence, fix: [inNs(h, 'ip link set lo up')] }),
            );
          }
        } else {
          const p = firstHopProblem(snap, h, ip);
          if (!p) {
            // routing looks right: only what really happened at capture time can say more
            const dns = h.probes?.find((x) => x.kind === 'dns' && x.target === n.address);
            if (!dns || dns.ok) continue;
            const ping = h.probes?.find((x) => x.kind === 'ping' && x.target === n.address);
            const variant = ping?.ok ? 'not-answering' : 'no-reply';
            const probed = { ...params, name: dns.name ?? '', result: dns.result };
            evidence.push(ev(dns.src));
            if (ping) evidence.push(ev(ping.src));
            const server = owners(snap, ip)[0]?.host;
            if (ping?.ok) {
              fix = server ? [inNs(server, "ss -ulpn 'sport = :53'")] : [];
              notes = [
                text(
                  `${n.address} answers ping but not DNS: check that the DNS server runs there and listens on ${n.address}:53${server ? '' : " (ss -ulpn 'sport = :53' on that machine)"}.`,
                  `${n.address} 回應 ping 卻不回應 DNS：確認那台機器上的 DNS 伺服器有在執行，並且監聽 ${n.address}:53${server ? '' : "（在那台機器上執行 ss -ulpn 'sport = :53'）"}。`,
                ),
              ];
            } else {
              fix = [inNs(h, sh`ip route get ${n.address}`)];
              notes = [
                text(
                  'Then follow the path hop by hop: forwarding on the gateway (ip-forward-disabled), NAT (masquerade-missing), the FORWARD chain (forward-blocked).',
                  '接著逐跳追蹤路徑：閘道是否轉送（ip-forward-disabled）、NAT（masquerade-missing）、FORWARD 鏈（forward-blocked）。',
                ),
              ];
            }
            found.push(finding(variant, { target: h.id, params: probed, evidence, fix, notes }));
            continue;
          }
          // a failed probe confirms what routing says
          for (const x of h.probes ?? []) if (x.target === n.address && !x.ok) evidence.push(ev(x.src));
          if (p.kind !== 'no-route') evidence.push(ev(p.route.src));
          if (p.kind === 'no-route') {
            // a namespace with nothing but lo is no-network-interface's finding: a route cannot help it
            if (!hasNetworkInterface(h)) continue;
            const gw = gatewayCandidate(snap, h);
            fix = gw ? [inNs(h, sh`ip route add default via ${gw.address}`)] : [];
            if (!gw) notes = [noGatewayNote(snap, h)];
            found.push(finding('no-route', { target: h.id, params, evidence, fix, notes }));
          } else if (p.kind === 'reject-route') {
            fix = [inNs(h, sh`ip route del ${p.route.type} ${p.route.dstText}`)];
            const shown = { ...params, routeType: p.route.type, route: p.route.src.text.trim() };
            found.push(finding('reject-route', { target: h.id, params: shown, evidence, fix }));
          } else if (p.kind === 'dev-down') {
            evidence.push(ev(p.iface.src));
            fix = [inNs(h, sh`ip link set ${p.iface.name} up`)];
            found.push(finding('dev-down', { target: h.id, params: { ...params, dev: p.iface.name }, evidence, fix }));
          } else {
            const gateway = p.route.gateway ?? '';
            // Calico's gateway with proxy ARP off on the node: the cause has its own finding there
            const veth = p.route.gateway === CALICO_GATEWAY ? caliVethOf(snap, h, p.route.dev) : undefined;
            if (veth?.proxyArpOff) {
              const node = veth.port.host.id;
              notes = [
                text(
                  `Fix the node: see calico-proxy-arp-off on ${node}.`,
                  `修好節點即可：見 ${node} 的 calico-proxy-arp-off。`,
                ),
              ];
              const shown = { ...params, gateway, node };
              found.push(finding('calico-proxy-arp', { target: h.id, params: shown, evidence, fix: [], notes }));
            } else {
              fix = [inNs(h, sh`ip route get ${n.address}`)];
              found.push(finding('gateway', { target: h.id, params: { ...params, gateway }, evidence, fix }));
            }
          }
        }
      }
      // with one good server left, lookups still work (slower): say so with a lower severity
      const allBad = found.length === servers.length;
      for (const f of found) out.push(allBad ? f : { ...f, severity: 'warning' });
    }
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'dns-nameserver-unreachable': true;
  }
}
