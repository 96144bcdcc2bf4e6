// netpol-blocks-dns: NetworkPolicies isolate a pod for egress and allow no DNS to the CoreDNS pods.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import type { K8sPod } from '../snapshot/k8s/cluster.js';
import { egressVerdict } from '../snapshot/k8s/netpol.js';
import { ev } from './fix.js';
import { hostOfPod, kubeDns, podTarget } from './k8s.js';
import { traceDns } from '../snapshot/trace/dns.js';
import { list } from './roles.js';
import { type RawFinding, traceProof } from './types.js';
import { sh } from '../text/shell.js';

/** The egress rule that lets a pod reach CoreDNS, to add to one of its namespace's policies. */
const DNS_EGRESS = [
  'spec:',
  '  egress:',
  '    - to:',
  '        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}',
  '          podSelector: {matchLabels: {k8s-app: kube-dns}}',
  '      ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]',
];

export const netpolBlocksDns = defineAnalyzer({
  id: 'netpol-blocks-dns',
  summary: {
    en: 'NetworkPolicies select the pod for Egress and none allows UDP/TCP 53 to the DNS pods.',
    'zh-TW': 'NetworkPolicy 對 Pod 啟用了 Egress 限制，卻沒有任何規則允許連到 DNS Pod 的 UDP/TCP 53。',
  },
  variants: {
    blocked: {
      severity: 'critical',
      title: { en: 'NetworkPolicy blocks DNS for {pod}', 'zh-TW': 'NetworkPolicy 擋住了 {pod} 的 DNS' },
      explanation: {
        en: '{policies} select {pod} for Egress, and no egress rule allows UDP 53 to the CoreDNS pods ({dns}). Policies apply after kube-proxy\'s DNAT, so queries to the kube-dns ClusterIP are dropped on their way to CoreDNS and every lookup fails ("bad address", "could not resolve host").',
        'zh-TW':
          '{policies} 對 {pod} 啟用了 Egress 限制，卻沒有任何 egress 規則允許連到 CoreDNS Pod（{dns}）的 UDP 53。政策是在 kube-proxy 做完 DNAT 後才套用的，所以送往 kube-dns ClusterIP 的查詢在前往 CoreDNS 的途中被丟掉，每次解析都會失敗（bad address、could not resolve host）。',
      },
    },
    'tcp-blocked': {
      severity: 'critical',
      title: {
        en: 'NetworkPolicy allows DNS over UDP only for {pod}',
        'zh-TW': 'NetworkPolicy 只允許 {pod} 以 UDP 查詢 DNS',
      },
      explanation: {
        en: '{policies} allow UDP 53 to CoreDNS ({dns}) but not TCP 53. Answers too large for UDP come back truncated and the retry over TCP is dropped, so large records fail intermittently.',
        'zh-TW':
          '{policies} 允許連到 CoreDNS（{dns}）的 UDP 53，但沒有允許 TCP 53。太大而無法用 UDP 傳回的回應會被截斷，改用 TCP 重試時又被擋下，所以大型紀錄會時好時壞。',
      },
    },
  },
  run(snap, finding) {
    const c = snap.cluster;
    if (!c || c.policies.length === 0) return [];
    const svc = kubeDns(snap);
    const dnsPods = c.pods.filter(
      (p) => p.namespace === 'kube-system' && p.labels['k8s-app'] === 'kube-dns' && p.podIPs.length > 0,
    );
    if (dnsPods.length === 0) return [];
    // the port CoreDNS really listens on (policies see the DNATed packet)
    const tp = svc?.ports.find((p) => p.protocol === 'UDP')?.targetPort ?? 53;
    const portOf = (p: K8sPod, proto: string): number =>
      typeof tp === 'number' ? tp : (p.ports.find((x) => x.name === tp && x.protocol === proto)?.containerPort ?? 53);
    const out: RawFinding<string>[] = [];
    for (const pod of c.pods) {
      if (pod.hostNetwork || pod.dnsPolicy === 'Default' || pod.dnsPolicy === 'None') continue;
      const reach = (proto: string) =>
        dnsPods.map((d) =>
          egressVerdict(c, pod, { ip: d.podIPs[0]!, pod: d, port: portOf(d, proto), protocol: proto }),
        );
      const udp = reach('UDP');
      if (!udp[0]!.isolated) continue;
      const tcp = reach('TCP');
      const udpOk = udp.some((v) => v.allowed);
      const tcpOk = tcp.some((v) => v.allowed);
      if (udpOk && tcpOk) continue;
      const policies = udp[0]!.policies;
      // the pod's own lookup, when its network view was captured: the query's packet after DNAT, where the policy
      // applies, is the proof
      const own = hostOfPod(snap, pod);
      const dns = own && !udpOk ? traceDns(snap, own, 'kubernetes.default') : undefined;
      const blocked = dns?.servers.find((x) => x.policy && !x.policy.allowed);
      out.push(
        finding(udpOk ? 'tcp-blocked' : 'blocked', {
          severity: udpOk ? 'warning' : 'critical',
          target: podTarget(snap, pod),
          params: {
            pod: `${pod.namespace}/${pod.name}`,
            policies: list(policies.map((p) => `${p.namespace}/${p.name}`)),
            dns: list(dnsPods.map((d) => `${d.podIPs[0]}:53`)),
          },
          evidence: [...policies.slice(0, 4).map((p) => ev(p.src)), ev(pod.obj.src), ...(svc ? [ev(svc.obj.src)] : [])],
          fix: [sh`kubectl -n ${pod.namespace} get networkpolicy -o yaml`],
          ...(blocked ? { trace: traceProof(own!.id, `${blocked.server}:53/udp (DNS)`, blocked.paths) } : {}),
          manifest: {
            about: text(
              "merge into one of the namespace's NetworkPolicies (egress to CoreDNS)",
              '合併到該命名空間的其中一個 NetworkPolicy（允許連往 CoreDNS 的 egress）',
            ),
            yaml: DNS_EGRESS,
          },
        }),
      );
    }
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'netpol-blocks-dns': true;
  }
}
