// hostnetwork-dns-policy: hostNetwork pods with dnsPolicy ClusterFirst get the node's resolver, not cluster DNS.
import type { Snapshot } from '../snapshot/types.js';
import { ev } from './fix.js';
import { podTarget } from './k8s.js';
import type { Analyzer, RawFinding } from './types.js';
import { sh } from '../text/shell.js';

export const hostnetworkDnsPolicy: Analyzer = {
  id: 'hostnetwork-dns-policy',
  run(snap: Snapshot): RawFinding[] {
    return (snap.cluster?.pods ?? [])
      .filter((p) => p.hostNetwork && p.dnsPolicy === 'ClusterFirst' && p.namespace !== 'kube-system') // kube-proxy and CNI agents want the node's resolver
      .map((p) => ({
        id: 'hostnetwork-dns-policy' as const,
        severity: 'warning' as const,
        target: podTarget(snap, p),
        variant: 'default',
        params: { pod: `${p.namespace}/${p.name}` },
        evidence: [ev(p.obj.src)],
        fix: [
          sh`kubectl -n ${p.namespace} patch pod ${p.name} --type merge -p '{"spec":{"dnsPolicy":"ClusterFirstWithHostNet"}}'   # or set it in the owning workload`,
        ],
      }));
  },
};
