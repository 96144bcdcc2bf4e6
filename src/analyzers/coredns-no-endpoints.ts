// coredns-no-endpoints: kube-dns has no ready endpoints, so cluster DNS is down for every pod.
import { defineAnalyzer } from './define.js';
import { kubeDns, serviceTarget } from './k8s.js';
import { whyNoEndpoints } from './service-no-endpoints.js';

export const corednsNoEndpoints = defineAnalyzer({
  id: 'coredns-no-endpoints',
  summary: {
    en: 'kube-dns has no ready endpoints (CoreDNS is down), so no pod can resolve names.',
    'zh-TW': 'kube-dns 沒有就緒的端點（CoreDNS 停擺），所有 Pod 都無法解析名稱。',
  },
  variants: {
    default: {
      severity: 'critical',
      title: {
        en: 'kube-dns has no ready endpoints: cluster DNS is down',
        'zh-TW': 'kube-dns 沒有就緒端點：叢集 DNS 停擺',
      },
      explanation: {
        en: 'Service kube-system/kube-dns ({ip}) has no ready endpoints ({why}). Every pod with dnsPolicy ClusterFirst sends its queries there and kube-proxy rejects them, so all name resolution in the cluster fails.',
        'zh-TW':
          'Service kube-system/kube-dns（{ip}）沒有就緒的端點（{why}）。所有 dnsPolicy 為 ClusterFirst 的 Pod 都把查詢送到這裡，而 kube-proxy 會拒絕它們，整個叢集的名稱解析因此失敗。',
      },
    },
  },
  run(snap, finding) {
    const c = snap.cluster;
    const s = kubeDns(snap);
    if (!c || !s || !c.endpointsFrom) return [];
    const why = whyNoEndpoints(snap, c, s);
    if (!why) return [];
    return [
      finding('default', {
        target: serviceTarget(s),
        params: {
          ip: s.clusterIPs[0] ?? '-',
          why: why.params.why || (why.variant === 'no-pods' ? `no pod matches ${why.params.selector}` : why.variant),
        },
        evidence: why.evidence,
        fix: [
          'kubectl -n kube-system get pods -l k8s-app=kube-dns -o wide',
          'kubectl -n kube-system logs -l k8s-app=kube-dns --tail=50',
          'kubectl -n kube-system rollout restart deployment coredns',
        ],
      }),
    ];
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'coredns-no-endpoints': true;
  }
}
