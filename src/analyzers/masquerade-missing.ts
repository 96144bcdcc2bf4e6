// masquerade-missing: a private subnet behind this host leaves through another interface un-NATed.
import { defineAnalyzer } from './define.js';
import { cidrToString, ipToString } from '../net/ip.js';
import { decidedButForwarding } from '../snapshot/trace/index.js';
import type { Path, Step } from '../snapshot/trace/packet.js';
import { ev, evFile, inNs } from './fix.js';
import { OUTSIDE, dependents, egress, egressSource, innerSubnets, subnetEgress, upstreamRoutesBack } from './roles.js';
import { type Evidence, type RawFinding, traceProof } from './types.js';
import { sh } from '../text/shell.js';

const SNAT = new Set(['MASQUERADE', 'SNAT']);

/** How a traced path leaves `host` through `dev`: its steps on that host, and whether a rule there rewrote the source. */
function leaving(p: Path, host: string, dev: string): { steps: Step[]; natted: boolean } | undefined {
  const out = p.steps.findIndex((s) => s.kind === 'exit' && s.host === host && s.iface === dev);
  const leaves = p.end.kind === 'leaves' && p.end.host === host && p.end.iface === dev;
  if (out < 0 && !leaves) return undefined;
  const steps = p.steps.slice(0, out < 0 ? undefined : out).filter((s) => s.host === host);
  return { steps, natted: steps.some((s) => s.kind === 'rule' && SNAT.has(s.target ?? '')) };
}

export const masqueradeMissing = defineAnalyzer({
  id: 'masquerade-missing',
  summary: {
    en: 'A private source subnet (bridge subnet, pod CIDR) leaves through another interface with no MASQUERADE/SNAT covering it.',
    'zh-TW': '私有來源子網（bridge 子網、Pod CIDR）經由另一個介面離開主機，卻沒有任何 MASQUERADE/SNAT 規則涵蓋它。',
  },
  variants: {
    default: {
      severity: 'critical',
      title: {
        en: '{subnet} leaves {host} via {egress} without MASQUERADE',
        'zh-TW': '{subnet} 經由 {host} 的 {egress} 出去，卻沒有 MASQUERADE',
      },
      explanation: {
        en: '{host} routes traffic from {subnet} (behind {inner}) out of {egress}, but no nat POSTROUTING rule masquerades or SNATs it. Packets leave with private source addresses that the next network has no route back to, so replies never return: the namespaces reach {host} but nothing beyond it.',
        'zh-TW':
          '{host} 會把來自 {subnet}（{inner} 後方）的流量從 {egress} 轉送出去，但 nat 表的 POSTROUTING 沒有任何 MASQUERADE 或 SNAT 規則處理它。封包帶著私有來源位址離開，下一個網路沒有回程路由，回應永遠回不來：這些 namespace 連得到 {host}，卻出不去。',
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
        // trace a new connection's first packet from the subnet to the Internet, as it arrives on the inner side
        const paths = subnetEgress(snap, h, inner);
        // only what the model decided counts: a path resting on an assumption neither proves nor clears (whether
        // the host forwards at all is ip-forward-disabled's question, not this one's)
        const sure = paths.filter((p) => decidedButForwarding(p));
        if (sure.length < paths.length) continue;
        const bare = sure.map((p) => leaving(p, h.id, ex.dev)).find((x) => x && !x.natted);
        if (!bare) continue;
        const subnet = cidrToString(inner.subnet);
        const evidence: Evidence[] = [ev(inner.src), ev(ex.route.src)];
        const nat = rs.tables.get('nat');
        const file = h.files.find((f) => /iptables-(save|L)\.txt$/.test(f)) ?? `${h.dir}/iptables-save.txt`;
        // the trace's deciding lines on this host: its route, then every nat POSTROUTING rule and policy it met
        // (on a kube-proxy node, the KUBE-POSTROUTING RETURN that lets the unmarked packet pass)
        for (const s of bare.steps) {
          if (s.kind === 'route' && s.src && s.src.line > 0) evidence.push(ev(s.src));
          // iptables' nat table, or an nft table's chain (kube-proxy's `masquerading` in nftables mode)
          const nat = s.kind === 'rule' || s.kind === 'policy' ? !['raw', 'mangle', 'filter'].includes(s.table) : false;
          if (nat && (s.kind === 'rule' || s.kind === 'policy') && s.hook === 'POSTROUTING' && s.src)
            evidence.push(ev(s.src));
        }
        if (!nat) evidence.push(evFile(file, '(no *nat table in this capture: no NAT rule exists at all)'));
        const seen = new Set<string>();
        const lines = evidence.filter((e) => {
          const k = `${e.source}:${e.line}`;
          return !seen.has(k) && seen.add(k);
        });
        out.push(
          finding('default', {
            // a node's subnet is its pods: they depend on it whether or not the capture holds them
            severity: deps.size > 0 || h.kind === 'node' ? 'critical' : 'warning',
            target: h.id,
            params: { host: h.id, subnet, inner: inner.iface.name, egress: ex.dev },
            evidence: lines,
            fix: [inNs(h, sh`iptables -t nat -A POSTROUTING -s ${subnet} -o ${ex.dev} -j MASQUERADE`)],
            trace: traceProof(
              `${h.id} ${inner.iface.name} ${ipToString(egressSource(inner))}`,
              `${ipToString(OUTSIDE)}:443/tcp`,
              sure,
            ),
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
