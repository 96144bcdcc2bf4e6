// dns-nameserver-unreachable: the namespace's routing cannot put a query for its nameserver on the wire.
import { isLoopback, parseIp } from '../net/ip.js';
import { firstHopProblem, hasNetworkInterface, ifaceByName, owners } from '../snapshot/routing.js';
import type { Snapshot } from '../snapshot/types.js';
import { CALICO_GATEWAY, caliVethOf } from './calico-proxy-arp-off.js';
import { ev, inNs, noGatewayNote, note } from './fix.js';
import { gatewayCandidate } from './roles.js';
import type { Analyzer, Evidence, Note, RawFinding } from './types.js';
import { sh } from '../text/shell.js';

/** glibc reads at most three nameservers (MAXNS, networking-facts §3.2). */
const MAXNS = 3;

export const dnsNameserverUnreachable: Analyzer = {
  id: 'dns-nameserver-unreachable',
  run(snap: Snapshot): RawFinding[] {
    const out: RawFinding[] = [];
    for (const h of snap.hosts) {
      if (!h.resolv || (!h.routes && !h.interfaces)) continue;
      const servers = h.resolv.nameservers.slice(0, MAXNS);
      const found: RawFinding[] = [];
      for (const n of servers) {
        const ip = parseIp(n.address);
        if (!ip) continue;
        const evidence: Evidence[] = [ev(n.src)];
        const params: Record<string, string | number> = { host: h.id, nameserver: n.address };
        let variant: string | undefined;
        let fix: string[] = [];
        let notes: Note[] = [];
        const own = owners(snap, ip).some((o) => o.host === h);
        if (isLoopback(ip) || own) {
          // the host's own address is delivered through lo, whatever its interface's state
          const lo = ifaceByName(h, 'lo');
          if (lo && !lo.adminUp) {
            variant = 'loopback-down';
            evidence.push(ev(lo.src));
            fix = [inNs(h, 'ip link set lo up')];
          }
        } else {
          const p = firstHopProblem(snap, h, ip);
          if (!p) {
            // routing looks right: only what really happened at capture time can say more
            const dns = h.probes?.find((x) => x.kind === 'dns' && x.target === n.address);
            if (!dns || dns.ok) continue;
            const ping = h.probes?.find((x) => x.kind === 'ping' && x.target === n.address);
            variant = ping?.ok ? 'not-answering' : 'no-reply';
            params.name = dns.name ?? '';
            params.result = dns.result;
            evidence.push(ev(dns.src));
            if (ping) evidence.push(ev(ping.src));
            const server = owners(snap, ip)[0]?.host;
            if (ping?.ok) {
              fix = server ? [inNs(server, "ss -ulpn 'sport = :53'")] : [];
              notes = [
                note(
                  `${n.address} answers ping but not DNS: check that the DNS server runs there and listens on ${n.address}:53${server ? '' : " (ss -ulpn 'sport = :53' on that machine)"}.`,
                  `${n.address} 回應 ping 卻不回應 DNS:確認那台機器上的 DNS 伺服器有在執行,並且監聽 ${n.address}:53${server ? '' : "(在那台機器上執行 ss -ulpn 'sport = :53')"}。`,
                ),
              ];
            } else {
              fix = [inNs(h, sh`ip route get ${n.address}`)];
              notes = [
                note(
                  'Then follow the path hop by hop: forwarding on the gateway (ip-forward-disabled), NAT (masquerade-missing), the FORWARD chain (forward-blocked).',
                  '接著逐跳追蹤路徑:閘道是否轉送(ip-forward-disabled)、NAT(masquerade-missing)、FORWARD 鏈(forward-blocked)。',
                ),
              ];
            }
            found.push({
              id: 'dns-nameserver-unreachable',
              severity: 'critical',
              target: h.id,
              variant,
              params,
              evidence,
              fix,
              notes,
            });
            continue;
          }
          // a failed probe confirms what routing says
          for (const x of h.probes ?? []) if (x.target === n.address && !x.ok) evidence.push(ev(x.src));
          if (p.kind !== 'no-route') evidence.push(ev(p.route.src));
          if (p.kind === 'no-route') {
            // a namespace with nothing but lo is no-network-interface's finding: a route cannot help it
            if (!hasNetworkInterface(h)) continue;
            variant = 'no-route';
            const gw = gatewayCandidate(snap, h);
            fix = gw ? [inNs(h, sh`ip route add default via ${gw.address}`)] : [];
            if (!gw) notes = [noGatewayNote(snap, h)];
          } else if (p.kind === 'reject-route') {
            variant = 'reject-route';
            params.routeType = p.route.type;
            params.route = p.route.src.text.trim();
            fix = [inNs(h, sh`ip route del ${p.route.type} ${p.route.dstText}`)];
          } else if (p.kind === 'dev-down') {
            variant = 'dev-down';
            params.dev = p.iface.name;
            evidence.push(ev(p.iface.src));
            fix = [inNs(h, sh`ip link set ${p.iface.name} up`)];
          } else {
            variant = 'gateway';
            params.gateway = p.route.gateway ?? '';
            fix = [inNs(h, sh`ip route get ${n.address}`)];
            // Calico's gateway with proxy ARP off on the node: the cause has its own finding there
            const veth = p.route.gateway === CALICO_GATEWAY ? caliVethOf(snap, h, p.route.dev) : undefined;
            if (veth?.proxyArpOff) {
              const node = veth.port.host.id;
              variant = 'calico-proxy-arp';
              params.node = node;
              fix = [];
              notes = [
                note(
                  `Fix the node: see calico-proxy-arp-off on ${node}.`,
                  `修好節點即可:見 ${node} 的 calico-proxy-arp-off。`,
                ),
              ];
            }
          }
        }
        if (variant)
          found.push({
            id: 'dns-nameserver-unreachable',
            severity: 'critical',
            target: h.id,
            variant,
            params,
            evidence,
            fix,
            notes,
          });
      }
      // with one good server left, lookups still work (slower): say so with a lower severity
      const allBad = found.length === servers.length;
      for (const f of found) out.push(allBad ? f : { ...f, severity: 'warning' });
    }
    return out;
  },
};
