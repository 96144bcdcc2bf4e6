// service-not-programmed: a Service port with ready endpoints has no KUBE-SERVICES rule on a node.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { readyEndpoints } from '../snapshot/k8s/cluster.js';
import { ev } from './fix.js';
import { programmedNodes, spnOf } from './k8s.js';
import { list } from './roles.js';
import { clusterIpProbe, confirmUntranslated, natLines } from './service-trace.js';
import { type Evidence, type RawFinding, traceProof } from './types.js';
import { commentText, sh } from '../text/shell.js';

export const serviceNotProgrammed = defineAnalyzer({
  id: 'service-not-programmed',
  summary: {
    en: 'A Service port with ready endpoints has no rule on a node: kube-proxy there is stale or down.',
    'zh-TW': '有就緒端點的 Service 埠，在某個節點上卻沒有規則：該節點的 kube-proxy 過時或停擺。',
  },
  variants: {
    default: {
      severity: 'critical',
      title: {
        en: '{count} Service port(s) with endpoints are not programmed on {host}',
        'zh-TW': '{host} 上有 {count} 個有端點的 Service 埠沒有設定規則',
      },
      explanation: {
        en: 'The API says {services} have ready endpoints, but the nat KUBE-SERVICES chain on {host} has no rule for them. Connections from this node and its pods to those ClusterIPs are not translated and go nowhere. kube-proxy on {host} has not synced since these Services changed.',
        'zh-TW':
          'API 顯示 {services} 有就緒的端點，但 {host} 的 nat KUBE-SERVICES 鏈沒有對應的規則。從這個節點及其 Pod 連往這些 ClusterIP 的連線不會被轉換，也就無處可去。{host} 上的 kube-proxy 在這些 Service 變動後就沒有同步過。',
      },
    },
  },
  run(snap, finding) {
    const c = snap.cluster;
    if (!c) return [];
    const out: RawFinding<string>[] = [];
    for (const { host, view } of programmedNodes(snap)) {
      const have = view.services;
      const screened: { spn: string; ev: Evidence; ip: string; port: number; protocol: string }[] = [];
      for (const s of c.services)
        for (const p of s.ports) {
          const ip = s.clusterIPs[0];
          if (!ip || readyEndpoints(c, s, p).length === 0) continue;
          if (!have.has(`${ip}:${p.port}/${p.protocol}`))
            screened.push({
              spn: `${spnOf(s, p.name)} (${ip}:${p.port}/${p.protocol})`,
              ev: ev(s.obj.src),
              ip,
              port: p.port,
              protocol: p.protocol,
            });
        }
      // the first few are traced from the node itself: a trace that is translated after all clears its port, and
      // one that goes out untranslated is the proof
      const { contradicted, proof } = confirmUntranslated(screened, (m) =>
        clusterIpProbe(snap, host, m.ip, m.port, m.protocol),
      );
      const missing = screened.filter((m) => !contradicted.has(m));
      if (missing.length === 0) continue;
      out.push(
        finding('default', {
          target: host.id,
          params: {
            host: host.id,
            count: missing.length,
            services: list(
              missing.map((m) => m.spn),
              3,
            ),
          },
          evidence: [
            ...(view.anchor ? [ev(view.anchor)] : []),
            ...(proof ? natLines(proof, host.id).map(ev) : []),
            ...missing.slice(0, 3).map((m) => m.ev),
          ],
          ...(proof ? { trace: traceProof(proof.from, proof.to, proof.paths) } : {}),
          fix: [
            sh`kubectl -n kube-system get pods -l k8s-app=kube-proxy -o wide --field-selector ${`spec.nodeName=${host.meta.name ?? host.id}`}`,
            {
              cmd: 'kubectl -n kube-system logs -l k8s-app=kube-proxy --tail=50',
              comment: text(`on ${commentText(host.id)}: sync errors?`, `${commentText(host.id)} 上：有同步錯誤嗎？`),
            },
            {
              cmd: sh`kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector ${`spec.nodeName=${host.meta.name ?? host.id}`}`,
              comment: text('restart it: it resyncs all rules', '重新啟動它：它會重新同步所有規則'),
            },
          ],
        }),
      );
    }
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'service-not-programmed': true;
  }
}
