// service-no-endpoints: a Service with a selector has no ready endpoints; says why.
import { type Cluster, type K8sService, readyEndpoints, selectPods, slicesOf } from '../k8s/cluster.js';
import type { Snapshot } from '../snapshot/types.js';
import { ev } from './fix.js';
import { iptablesNodes, serviceTarget } from './k8s.js';
import { list } from './roles.js';
import type { Analyzer, Evidence, RawFinding } from './types.js';
import { sh } from '../text/shell.js';

// Why a Service has no ready endpoints, with the evidence for it (shared with coredns-no-endpoints).
export function whyNoEndpoints(
  snap: Snapshot,
  c: Cluster,
  s: K8sService,
): { variant: string; params: Record<string, string>; evidence: Evidence[]; fix: string[] } | undefined {
  if (!s.selector || s.ports.length === 0) return undefined;
  if (s.ports.some((p) => readyEndpoints(c, s, p).length > 0)) return undefined;
  const sel = Object.entries(s.selector)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  const pods = selectPods(c, s.namespace, s.selector);
  const ready = pods.filter((p) => p.ready);
  const named = s.ports.map((p) => p.targetPort).find((t): t is string => typeof t === 'string');
  const evidence: Evidence[] = [
    ev(s.obj.src),
    ...slicesOf(c, s)
      .slice(0, 2)
      .map((x) => ev(x.obj.src)),
    ...pods.slice(0, 3).map((p) => ev(p.obj.src)),
  ];
  for (const { kp } of iptablesNodes(snap).slice(0, 1))
    for (const n of kp.noEndpoints) if (n.spn.startsWith(`${s.namespace}/${s.name}`)) evidence.push(ev(n.rule.src));
  const params: Record<string, string> = {
    service: `${s.namespace}/${s.name}`,
    namespace: s.namespace,
    selector: sel,
    ports: list(s.ports.map((p) => `${s.clusterIPs[0] ?? 'headless'}:${p.port}/${p.protocol}`)),
    pods: list(pods.map((p) => p.name)),
  };
  const describe = sh`kubectl -n ${s.namespace} get pods -l ${sel} -o wide`;
  if (pods.length === 0)
    return {
      variant: 'no-pods',
      params,
      evidence,
      fix: [
        sh`kubectl -n ${s.namespace} get pods --show-labels`,
        sh`kubectl -n ${s.namespace} get svc ${s.name} -o jsonpath='{.spec.selector}'   # make it match the pods' labels`,
      ],
    };
  if (ready.length === 0) {
    params.why = list(
      pods.map((p) => `${p.name}: ${p.waiting[0] ?? 'not ready'}${p.restarts ? `, ${p.restarts} restarts` : ''}`),
      3,
    );
    return {
      variant: 'not-ready',
      params,
      evidence,
      fix: [describe, sh`kubectl -n ${s.namespace} describe pod ${pods[0]!.name}   # readiness probe, events`],
    };
  }
  if (named && !ready.some((p) => p.ports.some((cp) => cp.name === named))) {
    params.portName = named;
    params.pods = list(ready.map((p) => p.name));
    return {
      variant: 'port-name',
      params,
      evidence,
      fix: [
        sh`kubectl -n ${s.namespace} get pod ${ready[0]!.name} -o jsonpath='{.spec.containers[*].ports}'`,
        sh`kubectl -n ${s.namespace} edit svc ${s.name}   # targetPort must be a port name the pods declare, or a number`,
      ],
    };
  }
  return {
    variant: 'no-slices',
    params,
    evidence,
    fix: [
      sh`kubectl -n ${s.namespace} get endpointslices -l ${`kubernetes.io/service-name=${s.name}`} -o yaml`,
      'kubectl -n kube-system logs -l component=kube-controller-manager --tail=50',
    ],
  };
}

export const serviceNoEndpoints: Analyzer = {
  id: 'service-no-endpoints',
  run(snap: Snapshot): RawFinding[] {
    const c = snap.cluster;
    // without EndpointSlices captured, "no endpoints" cannot be told from "not collected"
    if (!c?.files.includes('cluster/endpointslices.json')) return [];
    const out: RawFinding[] = [];
    for (const s of c.services) {
      if (s.namespace === 'kube-system' && s.name === 'kube-dns') continue; // coredns-no-endpoints says it better
      const why = whyNoEndpoints(snap, c, s);
      if (why)
        out.push({
          id: 'service-no-endpoints',
          severity: 'critical',
          target: serviceTarget(s),
          variant: why.variant,
          params: why.params,
          evidence: why.evidence,
          fix: why.fix,
        });
    }
    return out;
  },
};
