// pod-dns-nameserver-mismatch: a ClusterFirst pod's resolv.conf does not point at the kube-dns ClusterIP.
import type { Snapshot } from '../snapshot/types.js';
import { ev, note } from './fix.js';
import { kubeDns, podOfHost } from './k8s.js';
import type { Analyzer, RawFinding } from './types.js';

export const podDnsNameserverMismatch: Analyzer = {
  id: 'pod-dns-nameserver-mismatch',
  run(snap: Snapshot): RawFinding[] {
    const dns = kubeDns(snap);
    const dnsIp = dns?.clusterIPs[0];
    if (!dns || !dnsIp) return [];
    const out: RawFinding[] = [];
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
      out.push({
        id: 'pod-dns-nameserver-mismatch',
        severity: 'critical',
        target: h.id,
        variant: 'default',
        params: { host: h.id, nameserver: first.address, dns: dnsIp },
        evidence: [ev(first.src), ev(dns.obj.src), ...(pod ? [ev(pod.obj.src)] : [])],
        fix: ['grep -A2 clusterDNS /var/lib/kubelet/config.yaml', 'systemctl restart kubelet'],
        notes: [
          note(
            `Run these on ${pod?.nodeName ?? h.meta.node ?? "the pod's node"}: kubelet's clusterDNS must be ${dnsIp}. Recreate the pod afterwards; a running pod keeps its resolv.conf.`,
            `在 ${pod?.nodeName ?? h.meta.node ?? 'Pod 所在的節點'} 上執行:kubelet 的 clusterDNS 必須是 ${dnsIp}。之後要重建 Pod,執行中的 Pod 不會更新它的 resolv.conf。`,
          ),
        ],
      });
    }
    return out;
  },
};
