// pod-dns-nameserver-mismatch: a ClusterFirst pod's resolv.conf does not point at the kube-dns ClusterIP.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { ev } from './fix.js';
import { kubeDns, podOfHost } from './k8s.js';
import type { RawFinding } from './types.js';

export const podDnsNameserverMismatch = defineAnalyzer({
  id: 'pod-dns-nameserver-mismatch',
  summary: {
    en: "A ClusterFirst pod's nameserver is not the kube-dns ClusterIP.",
    'zh-TW': 'dnsPolicy 為 ClusterFirst 的 Pod，其 nameserver 不是 kube-dns 的 ClusterIP。',
  },
  variants: {
    default: {
      severity: 'critical',
      title: {
        en: '{host} asks {nameserver} for names, not kube-dns ({dns})',
        'zh-TW': '{host} 向 {nameserver} 查詢名稱，而不是 kube-dns({dns})',
      },
      explanation: {
        en: "The pod uses dnsPolicy ClusterFirst, so kubelet should have written nameserver {dns} (the kube-dns ClusterIP). Its resolv.conf names {nameserver} instead, which no Service serves: cluster names do not resolve. kubelet's clusterDNS setting on its node is wrong.",
        'zh-TW':
          '這個 Pod 使用 dnsPolicy ClusterFirst,kubelet 應該寫入 nameserver {dns}（kube-dns 的 ClusterIP），但它的 resolv.conf 卻是 {nameserver}，沒有任何 Service 在這個位址提供服務：叢集內的名稱解析不了。它所在節點的 kubelet clusterDNS 設定有誤。',
      },
    },
  },
  run(snap, finding) {
    const dns = kubeDns(snap);
    const dnsIp = dns?.clusterIPs[0];
    if (!dns || !dnsIp) return [];
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts) {
      if (h.kind !== 'pod' || !h.resolv || h.resolv.nameservers.length === 0) continue;
      const pod = podOfHost(snap, h);
      if (
        pod &&
        (pod.dnsPolicy === 'Default' ||
          pod.dnsPolicy === 'None' ||
          (pod.hostNetwork && pod.dnsPolicy === 'ClusterFirst'))
      )
        continue;
      const first = h.resolv.nameservers[0]!;
      if (first.address === dnsIp) continue;
      out.push(
        finding('default', {
          target: h.id,
          params: { host: h.id, nameserver: first.address, dns: dnsIp },
          evidence: [ev(first.src), ev(dns.obj.src), ...(pod ? [ev(pod.obj.src)] : [])],
          fix: ['grep -A2 clusterDNS /var/lib/kubelet/config.yaml', 'systemctl restart kubelet'],
          notes: [
            text(
              `Run these on ${pod?.nodeName ?? h.meta.node ?? "the pod's node"}: kubelet's clusterDNS must be ${dnsIp}. Recreate the pod afterwards; a running pod keeps its resolv.conf.`,
              `在 ${pod?.nodeName ?? h.meta.node ?? 'Pod 所在的節點'} 上執行：kubelet 的 clusterDNS 必須是 ${dnsIp}。之後要重建 Pod，執行中的 Pod 不會更新它的 resolv.conf。`,
            ),
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
    'pod-dns-nameserver-mismatch': true;
  }
}
