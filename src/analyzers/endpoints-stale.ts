// endpoints-stale: a node DNATs a Service to endpoints other than the EndpointSlices' ready ones.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { readyEndpoints } from '../snapshot/k8s/cluster.js';
import { ev } from './fix.js';
import { programmedNodes, spnOf } from './k8s.js';
import { list } from './roles.js';
import { clusterIpProbe } from './service-trace.js';
import { type RawFinding, traceProof } from './types.js';
import { commentText, sh } from '../text/shell.js';

export const endpointsStale = defineAnalyzer({
  id: 'endpoints-stale',
  summary: {
    en: "A node's DNAT targets for a Service differ from the EndpointSlices' ready endpoints.",
    'zh-TW': '節點上某 Service 的 DNAT 目標和 EndpointSlice 中就緒的端點不一致。',
  },
  variants: {
    default: {
      severity: 'critical',
      title: {
        en: '{host} sends {service} to endpoints that are not the current ones',
        'zh-TW': '{host} 把 {service} 導向的端點不是目前的端點',
      },
      explanation: {
        en: 'On {host}, {service} is DNATed to {actual}, but its ready endpoints are {expected}. Connections that land on a stale endpoint fail or reach the wrong pod. kube-proxy on {host} has not caught up with the EndpointSlices.',
        'zh-TW':
          '在 {host} 上，{service} 被 DNAT 到 {actual}，但它目前就緒的端點是 {expected}。落到過時端點的連線會失敗或連到錯誤的 Pod。{host} 上的 kube-proxy 還沒跟上 EndpointSlice 的變化。',
      },
    },
  },
  run(snap, finding) {
    const c = snap.cluster;
    if (!c) return [];
    const out: RawFinding<string>[] = [];
    for (const { host, view } of programmedNodes(snap)) {
      for (const s of c.services)
        for (const p of s.ports) {
          const ip = s.clusterIPs[0];
          const prog = view.services.get(`${ip}:${p.port}/${p.protocol}`);
          if (!prog) continue;
          const want = readyEndpoints(c, s, p);
          if (!ip || want.length === 0 || !prog) continue;
          const dnat = prog.endpoints();
          if (sameEndpoints(dnat, want)) continue;
          const same = (got: string[]): boolean => got.length === want.length && got.every((g, i) => g === want[i]);
          // the node's own connection to the ClusterIP, traced: the endpoints its DNATs really reach decide
          const probe = clusterIpProbe(snap, host, ip, p.port, p.protocol);
          const got = probe?.decided ? probe.endpoints : [...new Set(dnat.map((d) => d.endpoint))].sort();
          if (same(got)) continue;
          const stale = dnat.filter((d) => !want.includes(d.endpoint));
          // the paths that go to a stale endpoint (or, when nothing is translated, every path) are the proof
          const wrong = probe?.decided
            ? probe.paths.filter((x) => {
                const to = probe.endpoints.find((e) =>
                  x.steps.some((st) => (st.kind === 'rule' || st.kind === 'ipvs') && st.dnatTo === e),
                );
                return to === undefined || !want.includes(to);
              })
            : [];
          out.push(
            finding('default', {
              target: host.id,
              params: {
                host: host.id,
                service: `${spnOf(s, p.name)} (${ip}:${p.port})`,
                actual: list(got) || 'nothing',
                expected: list(want),
              },
              evidence: [
                ev(prog.src),
                ...(stale.length ? stale : dnat).slice(0, 3).map((d) => ev(d.src)),
                ev(s.obj.src),
              ],
              ...(probe?.decided && wrong.length > 0 ? { trace: traceProof(probe.from, probe.to, wrong) } : {}),
              fix: [
                sh`kubectl -n ${s.namespace} get endpointslices -l ${`kubernetes.io/service-name=${s.name}`} -o wide`,
                {
                  cmd: sh`kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector ${`spec.nodeName=${host.meta.name ?? host.id}`}`,
                  comment: text(
                    `restart kube-proxy on ${commentText(host.id)}: it resyncs`,
                    `重新啟動 ${commentText(host.id)} 上的 kube-proxy：它會重新同步`,
                  ),
                },
              ],
            }),
          );
        }
    }
    return out;
  },
});

// Whether the DNATs' endpoints, repeats aside, are exactly `want` (sorted, each once): asked for every Service port on
// every node, so without sorting or copying.
function sameEndpoints(dnat: readonly { endpoint: string }[], want: readonly string[]): boolean {
  if (dnat.length < want.length) return false;
  const got = new Set<string>();
  for (const d of dnat) got.add(d.endpoint);
  if (got.size !== want.length) return false;
  for (const w of want) if (!got.has(w)) return false;
  return true;
}

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'endpoints-stale': true;
  }
}
