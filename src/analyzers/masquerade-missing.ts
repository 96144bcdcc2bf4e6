// masquerade-missing: a private subnet behind this host leaves through another interface un-NATed.
import { defineAnalyzer } from './define.js';
import { cidrToString } from '../net/ip.js';
import { FORWARD_PATH, markAfter, reachableTargets, ruleMatches } from '../snapshot/netfilter.js';
import { ev, evFile, inNs } from './fix.js';
import { OUTSIDE, dependents, egress, innerSubnets, upstreamRoutesBack } from './roles.js';
import type { Evidence, RawFinding } from './types.js';
import { sh } from '../text/shell.js';

const SNAT = new Set(['MASQUERADE', 'SNAT']);

export const masqueradeMissing = defineAnalyzer({
  id: 'masquerade-missing',
  summary: {
    en: 'A private source subnet (bridge subnet, pod CIDR) leaves through another interface with no MASQUERADE/SNAT covering it.',
    'zh-TW': '私有來源子網(bridge 子網、Pod CIDR)經由另一個介面離開主機,卻沒有任何 MASQUERADE/SNAT 規則涵蓋它。',
  },
  variants: {
    default: {
      severity: 'critical',
      title: {
        en: '{subnet} leaves {host} via {egress} without MASQUERADE',
        'zh-TW': '{subnet} 經由 {host} 的 {egress} 出去,卻沒有 MASQUERADE',
      },
      explanation: {
        en: '{host} routes traffic from {subnet} (behind {inner}) out of {egress}, but no nat POSTROUTING rule masquerades or SNATs it. Packets leave with private source addresses that the next network has no route back to, so replies never return: the namespaces reach {host} but nothing beyond it.',
        'zh-TW':
          '{host} 會把來自 {subnet}({inner} 後方)的流量從 {egress} 轉送出去,但 nat 表的 POSTROUTING 沒有任何 MASQUERADE 或 SNAT 規則處理它。封包帶著私有來源位址離開,下一個網路沒有回程路由,回應永遠回不來:這些 namespace 連得到 {host},卻出不去。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts) {
      const rs = h.iptables;
      if (!rs) continue;
      // `iptables -L` shows filter only unless -t nat was captured too: then nat is unknown, not empty
      if (rs.format === 'list' && !rs.tables.has('nat')) continue;
      const ex = egress(h);
      if (!ex) continue;
      const deps = new Set(dependents(snap, h).map((d) => d.host));
      for (const inner of innerSubnets(snap, h)) {
        if (inner.iface.name === ex.dev) continue;
        if (upstreamRoutesBack(snap, h, inner.subnet)) continue;
        const pkt = {
          src: { family: 4 as const, value: inner.subnet.network + 2n },
          dst: OUTSIDE,
          inIface: inner.iface.name,
          outIface: ex.dev,
          // an address on the Internet is none of this host's own
          dstLocal: false,
        };
        // a new connection's first packet carries mark 0 unless a MARK rule on its way sets it (kube-proxy's
        // KUBE-POSTROUTING masquerades only marked packets: an unknown mark would hide a missing pod MASQUERADE)
        const mark = markAfter(rs, pkt, FORWARD_PATH);
        const atPost = mark === undefined ? pkt : { ...pkt, mark };
        if (reachableTargets(rs, 'nat', 'POSTROUTING', atPost, SNAT).length > 0) continue;
        const subnet = cidrToString(inner.subnet);
        const evidence: Evidence[] = [ev(inner.addr.src), ev(ex.route.src)];
        const nat = rs.tables.get('nat');
        const post = nat?.chains.get('POSTROUTING');
        const file = h.files.find((f) => /iptables-(save|L)\.txt$/.test(f)) ?? `${h.dir}/iptables-save.txt`;
        if (post?.src) evidence.push(ev(post.src));
        for (const r of post?.rules.slice(0, 3) ?? []) evidence.push(ev(r.src));
        // on a kube-proxy node, the line that sends this unmarked packet past kube-proxy's own MASQUERADE
        const kubeReturn = nat?.chains
          .get('KUBE-POSTROUTING')
          ?.rules.find((r) => r.target === 'RETURN' && ruleMatches(r, atPost) === 'yes');
        if (kubeReturn) evidence.push(ev(kubeReturn.src));
        if (!nat) evidence.push(evFile(file, '(no *nat table in this capture: no NAT rule exists at all)'));
        out.push(
          finding('default', {
            severity: deps.size > 0 ? 'critical' : 'warning',
            target: h.id,
            params: { host: h.id, subnet, inner: inner.iface.name, egress: ex.dev },
            evidence,
            fix: [inNs(h, sh`iptables -t nat -A POSTROUTING -s ${subnet} -o ${ex.dev} -j MASQUERADE`)],
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
    'masquerade-missing': true;
  }
}
