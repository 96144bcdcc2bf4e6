// netpol-blocks-dns: NetworkPolicies isolate a pod for egress and allow no DNS to the CoreDNS pods.
import type { K8sPod } from '../k8s/cluster.js';
import { egressVerdict } from '../k8s/netpol.js';
import type { Snapshot } from '../snapshot/types.js';
import { ev, note } from './fix.js';
import { kubeDns, podTarget } from './k8s.js';
import { list } from './roles.js';
import type { Analyzer, RawFinding } from './types.js';
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

export const netpolBlocksDns: Analyzer = {
  id: 'netpol-blocks-dns',
  run(snap: Snapshot): RawFinding[] {
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
    const out: RawFinding[] = [];
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
      out.push({
        id: 'netpol-blocks-dns',
        severity: udpOk ? 'warning' : 'critical',
        target: podTarget(snap, pod),
        variant: udpOk ? 'tcp-blocked' : 'blocked',
        params: {
          pod: `${pod.namespace}/${pod.name}`,
          policies: list(policies.map((p) => `${p.namespace}/${p.name}`)),
          dns: list(dnsPods.map((d) => `${d.podIPs[0]}:53`)),
        },
        evidence: [...policies.slice(0, 4).map((p) => ev(p.src)), ev(pod.obj.src), ...(svc ? [ev(svc.obj.src)] : [])],
        fix: [sh`kubectl -n ${pod.namespace} get networkpolicy -o yaml`],
        manifest: {
          about: note(
            "merge into one of the namespace's NetworkPolicies (egress to CoreDNS)",
            '合併到該命名空間的其中一個 NetworkPolicy(允許連往 CoreDNS 的 egress)',
          ),
          yaml: DNS_EGRESS,
        },
      });
    }
    return out;
  },
};
