// pod-dns-nameserver-mismatch: a ClusterFirst pod's resolv.conf does not point at the kube-dns ClusterIP.
import type { Snapshot } from '../snapshot/types.js';
import { ev } from './fix.js';
import { kubeDns, podOfHost } from './k8s.js';
import type { Analyzer, RawFinding } from './types.js';
import { commentText } from '../text/shell.js';

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
      if (pod && (pod.dnsPolicy === 'Default' || pod.dnsPolicy === 'None' || (pod.hostNetwork && pod.dnsPolicy === 'ClusterFirst'))) continue;
      const first = h.resolv.nameservers[0]!;
      if (first.address === dnsIp) continue;
      out.push({
        id: 'pod-dns-nameserver-mismatch', severity: 'critical', target: h.id, variant: 'default',
        params: { host: h.id, nameserver: first.address, dns: dnsIp },
        evidence: [ev(first.src), ev(dns.obj.src), ...(pod ? [ev(pod.obj.src)] : [])],
        fix: [`# on node ${commentText(pod?.nodeName ?? h.meta.node ?? '<node>')}: kubelet's clusterDNS must be ${commentText(dnsIp)}`, 'grep -A2 clusterDNS /var/lib/kubelet/config.yaml', 'systemctl restart kubelet   # then recreate the pod'],
      });
    }
    return out;
  },
};
