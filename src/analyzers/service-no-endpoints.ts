// service-no-endpoints: a Service with a selector has no ready endpoints; says why.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { type Cluster, type K8sService, readyEndpoints, selectPods, slicesOf } from '../snapshot/k8s/cluster.js';
import type { Snapshot } from '../snapshot/types.js';
import { ev } from './fix.js';
import { iptablesNodes, serviceTarget } from './k8s.js';
import { list } from './roles.js';
import type { Evidence, FixLine, RawFinding } from './types.js';
import { sh } from '../text/shell.js';

/** Why a Service has no ready endpoints: a variant of service-no-endpoints, its params and evidence. */
export interface NoEndpoints {
  variant: 'no-pods' | 'not-ready' | 'port-name' | 'no-slices';
  params: {
    service: string;
    namespace: string;
    selector: string;
    ports: string;
    pods: string;
    why: string;
    portName: string;
  };
  evidence: Evidence[];
  fix: FixLine[];
}

// Why a Service has no ready endpoints, with the evidence for it (shared with coredns-no-endpoints).
export function whyNoEndpoints(snap: Snapshot, c: Cluster, s: K8sService): NoEndpoints | undefined {
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
    for (const n of kp.noEndpoints) if (n.spn.startsWith(`${s.namespace}/${s.name}`)) evidence.push(ev(n.src));
  const params = {
    service: `${s.namespace}/${s.name}`,
    namespace: s.namespace,
    selector: sel,
    ports: list(s.ports.map((p) => `${s.clusterIPs[0] ?? 'headless'}:${p.port}/${p.protocol}`)),
    pods: list(pods.map((p) => p.name)),
    why: '',
    portName: '',
  };
  const describe = sh`kubectl -n ${s.namespace} get pods -l ${sel} -o wide`;
  if (pods.length === 0)
    return {
      variant: 'no-pods',
      params,
      evidence,
      fix: [
        sh`kubectl -n ${s.namespace} get pods --show-labels`,
        {
          cmd: sh`kubectl -n ${s.namespace} get svc ${s.name} -o jsonpath='{.spec.selector}'`,
          comment: text("make it match the pods' labels", '讓它符合 Pod 的標籤'),
        },
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
      fix: [
        describe,
        {
          cmd: sh`kubectl -n ${s.namespace} describe pod ${pods[0]!.name}`,
          comment: text('readiness probe, events', 'readiness 探測與事件'),
        },
      ],
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
        {
          cmd: sh`kubectl -n ${s.namespace} edit svc ${s.name}`,
          comment: text(
            'targetPort must be a port name the pods declare, or a number',
            'targetPort 必須是 Pod 宣告過的埠名稱，或是數字',
          ),
        },
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

export const serviceNoEndpoints = defineAnalyzer({
  id: 'service-no-endpoints',
  summary: {
    en: 'A Service has no ready endpoints: its selector matches no pods, the pods are not ready, or the targetPort name is not on the pods.',
    'zh-TW': 'Service 沒有就緒的端點：selector 沒有選到 Pod、Pod 尚未就緒，或 targetPort 名稱不在 Pod 上。',
  },
  variants: {
    'no-pods': {
      severity: 'critical',
      title: { en: 'Service {service} selects no pods', 'zh-TW': 'Service {service} 沒有選到任何 Pod' },
      explanation: {
        en: 'The selector {selector} of Service {service} matches no pod in namespace {namespace}, so its EndpointSlices are empty and kube-proxy rejects connections to {ports} at once ("connection refused").',
        'zh-TW':
          'Service {service} 的 selector {selector} 在 namespace {namespace} 中沒有符合的 Pod，因此 EndpointSlice 是空的，kube-proxy 會立刻拒絕連往 {ports} 的連線（connection refused）。',
      },
    },
    'not-ready': {
      severity: 'critical',
      title: {
        en: 'Service {service} has pods, but none is ready',
        'zh-TW': 'Service {service} 有 Pod，但沒有一個就緒',
      },
      explanation: {
        en: 'Service {service} selects {pods}, but none passes its readiness check ({why}). Only ready pods become endpoints, so connections to {ports} are rejected until one becomes ready.',
        'zh-TW':
          'Service {service} 選到了 {pods}，但沒有一個通過 readiness 檢查（{why}）。只有就緒的 Pod 會成為端點，所以在有 Pod 就緒之前，連往 {ports} 的連線都會被拒絕。',
      },
    },
    'port-name': {
      severity: 'critical',
      title: {
        en: 'Service {service} targets port "{portName}", which its pods do not name',
        'zh-TW': 'Service {service} 的目標埠「{portName}」不在 Pod 的埠名稱中',
      },
      explanation: {
        en: 'Service {service} sends to targetPort "{portName}", but none of its ready pods ({pods}) declares a container port with that name, so no endpoint gets a port and the Service has no endpoints.',
        'zh-TW':
          'Service {service} 的 targetPort 是「{portName}」，但它就緒的 Pod（{pods}）都沒有宣告這個名稱的容器埠，所以端點拿不到埠號，Service 也就沒有端點。',
      },
    },
    'no-slices': {
      severity: 'critical',
      title: {
        en: 'Service {service} has ready pods but no endpoints',
        'zh-TW': 'Service {service} 有就緒的 Pod，卻沒有端點',
      },
      explanation: {
        en: 'Service {service} selects ready pods ({pods}), yet its EndpointSlices list no ready endpoint. The EndpointSlice controller (kube-controller-manager) is behind or failing.',
        'zh-TW':
          'Service {service} 選到了就緒的 Pod（{pods}），但 EndpointSlice 中沒有任何就緒端點。EndpointSlice 控制器（kube-controller-manager）落後或出錯了。',
      },
    },
  },
  run(snap, finding) {
    const c = snap.cluster;
    // without EndpointSlices (or v1 Endpoints) captured, "no endpoints" cannot be told from "not collected"
    if (!c?.endpointsFrom) return [];
    const out: RawFinding<string>[] = [];
    for (const s of c.services) {
      if (s.namespace === 'kube-system' && s.name === 'kube-dns') continue; // coredns-no-endpoints says it better
      const why = whyNoEndpoints(snap, c, s);
      if (why)
        out.push(
          finding(why.variant, {
            severity: 'critical',
            target: serviceTarget(s),
            params: why.params,
            evidence: why.evidence,
            fix: why.fix,
          }),
        );
    }
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'service-no-endpoints': true;
  }
}
