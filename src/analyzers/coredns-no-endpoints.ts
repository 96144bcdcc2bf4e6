// coredns-no-endpoints: kube-dns has no ready endpoints, so cluster DNS is down for every pod.
import type { Snapshot } from '../snapshot/types.js';
import { kubeDns, serviceTarget } from './k8s.js';
import { whyNoEndpoints } from './service-no-endpoints.js';
import type { Analyzer, RawFinding } from './types.js';

export const corednsNoEndpoints: Analyzer = {
  id: 'coredns-no-endpoints',
  run(snap: Snapshot): RawFinding[] {
    const c = snap.cluster;
    const s = kubeDns(snap);
    if (!c || !s || !c.files.includes('cluster/endpointslices.json')) return [];
    const why = whyNoEndpoints(snap, c, s);
    if (!why) return [];
    return [
      {
        id: 'coredns-no-endpoints',
        severity: 'critical',
        target: serviceTarget(s),
        variant: 'default',
        params: {
          ip: s.clusterIPs[0] ?? '-',
          why: why.params.why ?? (why.variant === 'no-pods' ? `no pod matches ${why.params.selector}` : why.variant),
        },
        evidence: why.evidence,
        fix: [
          'kubectl -n kube-system get pods -l k8s-app=kube-dns -o wide',
          'kubectl -n kube-system logs -l k8s-app=kube-dns --tail=50',
          'kubectl -n kube-system rollout restart deployment coredns',
        ],
      },
    ];
  },
};
