// address-prefix-mismatch: an address whose prefix leaves its segment neighbours off-link.
import { defineAnalyzer } from './define.js';
import type { Address } from '../model.js';
import { cidrContains, cidrToString, parseIp } from '../net/ip.js';
import { connectedRoutes, routableAddresses } from '../snapshot/routing.js';
import type { Host, Port } from '../snapshot/types.js';
import { ev, inNs } from './fix.js';
import { list } from './roles.js';
import type { RawFinding } from './types.js';
import { commentText, raw, sh } from '../text/shell.js';

interface Member {
  port: Port;
  addr: Address;
}

// True when the host would send to ip directly on this interface (connected prefix or a scope-link route).
function onLink(h: Host, iface: string, a: Address, ip: bigint): boolean {
  const target = { family: 4 as const, value: ip };
  if (cidrContains(a.cidr, target)) return true;
  return connectedRoutes(h, target).some((r) => r.dev === iface);
}

export const addressPrefixMismatch = defineAnalyzer({
  id: 'address-prefix-mismatch',
  summary: {
    en: 'An address whose prefix leaves its neighbours off-link (e.g. /32 where the segment is a /24), or neighbours on one segment in different subnets.',
    'zh-TW':
      '位址的前綴長度讓同網段的鄰居變成不在直連範圍內（例如網段是 /24 卻設了 /32），或同一網段上的主機分屬不同子網。',
  },
  variants: {
    narrow: {
      severity: 'critical',
      title: {
        en: '{address}/{prefix} on {host} is narrower than its segment ({segment})',
        'zh-TW': '{host} 的 {address}/{prefix} 比所在網段（{segment}）還窄',
      },
      explanation: {
        en: '{iface} on {host} has {address}/{prefix}, while the other hosts on the same wire use {segment}. With this prefix the kernel has no connected route to {peers}, so it never ARPs for them and cannot answer them. This is what an address added without its /{segPrefix} looks like.',
        'zh-TW':
          '{host} 的 {iface} 設定為 {address}/{prefix}，但同一條線路上的其他主機使用 {segment}。在這個前綴下，核心沒有通往 {peers} 的直連路由，不會對它們發 ARP，也無法回應它們。加位址時漏寫 /{segPrefix} 就會是這個樣子。',
      },
    },
    subnets: {
      severity: 'critical',
      title: {
        en: "{address}/{prefix} on {host} is outside its segment's subnet {segment}",
        'zh-TW': '{host} 的 {address}/{prefix} 不在所屬網段的子網 {segment} 內',
      },
      explanation: {
        en: '{iface} on {host} shares a layer-2 segment with {peers}, but its address is in a different subnet. Frames could pass, yet neither side has a connected route to the other, so IP traffic between them fails.',
        'zh-TW':
          '{host} 的 {iface} 與 {peers} 位於同一個第二層網段，但它的位址屬於另一個子網。訊框雖然傳得過去，雙方卻都沒有通往對方的直連路由，因此彼此之間的 IP 流量會失敗。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    for (const seg of snap.segments) {
      const members: Member[] = [];
      for (const port of seg.ports) for (const addr of routableAddresses(port.iface)) members.push({ port, addr });
      if (new Set(members.map((m) => m.port.host)).size < 2) continue;
      // the subnet most members agree on; ties go to the wider prefix
      const votes = new Map<string, { count: number; prefix: number; sample: Address }>();
      for (const m of members) {
        const k = cidrToString(m.addr.cidr);
        const v = votes.get(k) ?? { count: 0, prefix: m.addr.prefix, sample: m.addr };
        v.count++;
        votes.set(k, v);
      }
      const [domKey, dom] = [...votes.entries()].sort(
        (a, b) => b[1].count - a[1].count || a[1].prefix - b[1].prefix || a[0].localeCompare(b[0]),
      )[0]!;
      for (const m of members) {
        const h = m.port.host;
        const others = members.filter((o) => o.port.host !== h);
        const offLink = others.filter((o) => !onLink(h, m.port.iface.name, m.addr, o.addr.cidr.addr));
        if (offLink.length === 0) continue;
        const inDom = cidrContains(dom.sample.cidr, parseIp(m.addr.local)!);
        const narrow = inDom && m.addr.prefix > dom.prefix;
        if (!narrow && cidrToString(m.addr.cidr) === domKey) continue;
        const params = {
          host: h.id,
          iface: m.port.iface.name,
          address: m.addr.local,
          prefix: m.addr.prefix,
          segment: domKey,
          segPrefix: dom.prefix,
          peers: list(offLink.map((o) => `${o.addr.local} (${o.port.host.id})`)),
        };
        const fix = [inNs(h, sh`ip addr del ${`${m.addr.local}/${m.addr.prefix}`} dev ${m.port.iface.name}`)];
        fix.push(
          inNs(
            h,
            narrow
              ? sh`ip addr add ${`${m.addr.local}/${dom.prefix}`} dev ${m.port.iface.name}`
              : sh`ip addr add ${raw(`<free address in ${commentText(domKey)}>`)} dev ${m.port.iface.name}`,
          ),
        );
        out.push(
          finding(narrow ? 'narrow' : 'subnets', {
            severity: 'critical',
            target: h.id,
            params,
            evidence: [ev(m.addr.src), ...offLink.slice(0, 3).map((o) => ev(o.addr.src))],
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
    'address-prefix-mismatch': true;
  }
}
