// coredns-loop: CoreDNS forwards to the node's loopback resolver, detects the loop and crash-loops.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { isLoopback, parseIp } from '../net/ip.js';
import { rootBlock } from '../parsers/corefile.js';
import { ev } from './fix.js';
import { kubeDns, serviceTarget } from './k8s.js';
import { list } from './roles.js';

export const corednsLoop = defineAnalyzer({
  id: 'coredns-loop',
  summary: {
    en: "CoreDNS forwards to a loopback resolver (e.g. the node's 127.0.0.53) and crash-loops on its loop check.",
    'zh-TW': 'CoreDNS 把查詢轉送到 loopback 解析器（例如節點的 127.0.0.53），觸發迴圈檢查而不斷重啟。',
  },
  variants: {
    default: {
      severity: 'critical',
      title: { en: 'CoreDNS forwards to {loopback} and crash-loops', 'zh-TW': 'CoreDNS 轉送到 {loopback} 並不斷重啟' },
      explanation: {
        en: 'The Corefile says "forward . /etc/resolv.conf", and CoreDNS pods ({pods}) get the resolv.conf of their node {node}, whose nameserver is {loopback}. Inside the pod that address is CoreDNS itself, so its loop plugin detects a forwarding loop and exits: the pods crash-loop and cluster DNS is down.',
        'zh-TW':
          'Corefile 寫著「forward . /etc/resolv.conf」，而 CoreDNS Pod（{pods}）拿到的是節點 {node} 的 resolv.conf，其中的 nameserver 是 {loopback}。在 Pod 裡這個位址就是 CoreDNS 自己，loop 外掛因此偵測到轉送迴圈而結束：Pod 不斷重啟，叢集 DNS 停擺。',
      },
    },
  },
  run(snap, finding) {
    const c = snap.cluster;
    const svc = kubeDns(snap);
    if (!c || !svc) return [];
    const root = c.corefile && rootBlock(c.corefile.blocks);
    // `forward . /etc/resolv.conf` (older CoreDNS: `proxy`) sends what the cluster does not answer to the node's resolver
    const fwd = root?.directives.find(
      (d) =>
        (d.name === 'forward' || d.name === 'proxy') &&
        d.args[0] === '.' &&
        d.args.slice(1).includes('/etc/resolv.conf'),
    );
    if (!fwd) return [];
    const pods = c.pods.filter(
      (p) => p.namespace === 'kube-system' && p.labels['k8s-app'] === 'kube-dns' && p.dnsPolicy === 'Default',
    );
    const crashing = pods.filter((p) => p.waiting.includes('CrashLoopBackOff') || p.restarts >= 3);
    for (const p of crashing) {
      const node = snap.hosts.find((h) => h.kind === 'node' && (h.meta.name ?? h.id) === p.nodeName);
      const loop = node?.resolv?.nameservers.find((n) => {
        const ip = parseIp(n.address);
        return ip && isLoopback(ip);
      });
      if (!node || !loop) continue;
      return [
        finding('default', {
          target: serviceTarget(svc),
          params: { loopback: loop.address, node: node.id, pods: list(crashing.map((x) => x.name)) },
          evidence: [ev(loop.src), ev(fwd.src), ...crashing.slice(0, 2).map((x) => ev(x.obj.src))],
          fix: [
            'kubectl -n kube-system edit configmap coredns',
            'kubectl -n kube-system rollout restart deployment coredns',
          ],
          notes: [
            text(
              `On ${node.id}, point kubelet's resolvConf at /run/systemd/resolve/resolv.conf (the real upstream servers, not the 127.0.0.53 stub), or make the Corefile's forward line name upstream servers instead of /etc/resolv.conf.`,
              `在 ${node.id} 上，把 kubelet 的 resolvConf 指向 /run/systemd/resolve/resolv.conf（真正的上游伺服器，而不是 127.0.0.53 stub），或是讓 Corefile 的 forward 直接寫上游伺服器位址，而不是 /etc/resolv.conf。`,
            ),
          ],
        }),
      ];
    }
    return [];
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'coredns-loop': true;
  }
}
