// dns-nameserver-unreachable: the namespace's routing cannot put a query for its nameserver on the wire.
import { isLoopback, parseIp } from '../net/ip.js';
import { firstHopProblem, ifaceByName, owners } from '../snapshot/routing.js';
import type { Snapshot } from '../snapshot/types.js';
import { ev, inNs } from './fix.js';
import { gatewayCandidate } from './roles.js';
import type { Analyzer, Evidence, RawFinding } from './types.js';
import { commentText, raw, sh } from '../text/shell.js';

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
            fix = ping?.ok ? [`# on ${commentText(n.address)}: check that the DNS server runs and listens on ${commentText(n.address)}:53 (ss -ulpn | grep :53)`] : [inNs(h, sh`ip route get ${n.address}`), `# then follow the path: gateway forwarding (ip-forward-disabled), NAT (masquerade-missing), FORWARD (forward-blocked)`];
            found.push({ id: 'dns-nameserver-unreachable', severity: 'critical', target: h.id, variant, params, evidence, fix });
            continue;
          }
          // a failed probe confirms what routing says
          for (const x of h.probes ?? []) if (x.target === n.address && !x.ok) evidence.push(ev(x.src));
          if (p.kind !== 'no-route') evidence.push(ev(p.route.src));
          if (p.kind === 'no-route') {
            variant = 'no-route';
            const gw = gatewayCandidate(snap, h);
            fix = [inNs(h, sh`ip route add default via ${gw?.address ?? raw('<gateway-ip>')}`)];
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
          }
        }
        if (variant) found.push({ id: 'dns-nameserver-unreachable', severity: 'critical', target: h.id, variant, params, evidence, fix });
      }
      // with one good server left, lookups still work (slower): say so with a lower severity
      const allBad = found.length === servers.length;
      for (const f of found) out.push(allBad ? f : { ...f, severity: 'warning' });
    }
    return out;
  },
};
