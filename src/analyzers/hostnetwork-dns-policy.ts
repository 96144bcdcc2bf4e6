// hostnetwork-dns-policy: hostNetwork pods with dnsPolicy ClusterFirst get the node's resolver, not cluster DNS.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { ev } from './fix.js';
import { podTarget } from './k8s.js';
import { sh } from '../text/shell.js';

export const hostnetworkDnsPolicy = defineAnalyzer({
  id: 'hostnetwork-dns-policy',
  summary: {
    en: "A hostNetwork pod with dnsPolicy ClusterFirst silently uses the node's resolver.",
    'zh-TW': 'hostNetwork 的 Pod 設定 dnsPolicy ClusterFirst，會默默改用節點的解析器。',
  },
  variants: {
    default: {
      severity: 'warning',
      title: {
        en: 'hostNetwork pod {pod} cannot resolve cluster names',
        'zh-TW': 'hostNetwork Pod {pod} 無法解析叢集名稱',
      },
      explanation: {
        en: "{pod} runs with hostNetwork and dnsPolicy ClusterFirst. For hostNetwork pods kubelet treats ClusterFirst as Default and gives the pod the node's resolv.conf, so Service names such as kubernetes.default do not resolve. Use dnsPolicy ClusterFirstWithHostNet.",
        'zh-TW':
          '{pod} 以 hostNetwork 執行，dnsPolicy 為 ClusterFirst。對 hostNetwork Pod 而言，kubelet 會把 ClusterFirst 當成 Default，給它節點的 resolv.conf，所以像 kubernetes.default 這樣的 Service 名稱解析不了。請改用 dnsPolicy ClusterFirstWithHostNet。',
      },
    },
  },
  run(snap, finding) {
    return (snap.cluster?.pods ?? [])
      .filter((p) => p.hostNetwork && p.dnsPolicy === 'ClusterFirst' && p.namespace !== 'kube-system') // kube-proxy and CNI agents want the node's resolver
      .map((p) =>
        finding('default', {
          target: podTarget(snap, p),
          params: { pod: `${p.namespace}/${p.name}` },
          evidence: [ev(p.obj.src)],
          fix: [
            {
              cmd: sh`kubectl -n ${p.namespace} patch pod ${p.name} --type merge -p '{"spec":{"dnsPolicy":"ClusterFirstWithHostNet"}}'`,
              comment: text('or set it in the owning workload', '或在所屬的工作負載裡設定'),
            },
          ],
        }),
      );
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'hostnetwork-dns-policy': true;
  }
}
