// dns-ndots-high (info): pods resolve with ndots:5, so every external name costs several lookups.
import type { Snapshot } from '../snapshot/types.js';
import { ev } from './fix.js';
import type { Analyzer, RawFinding } from './types.js';

export const dnsNdotsHigh: Analyzer = {
  id: 'dns-ndots-high',
  run(snap: Snapshot): RawFinding[] {
    const pods = snap.hosts.filter((h) => h.kind === 'pod' && Number(h.resolv?.options.get('ndots')?.value ?? 1) >= 5);
    if (pods.length === 0) return [];
    const first = pods[0]!.resolv!;
    // one note for the bundle: it is the Kubernetes default, worth knowing once, not once per pod
    return [{
      id: 'dns-ndots-high', severity: 'info', target: pods.length === 1 ? pods[0]!.id : 'cluster', variant: 'default',
      params: { count: pods.length, ndots: first.options.get('ndots')!.value ?? '5', search: first.search.join(' ') || '-' },
      evidence: pods.slice(0, 3).map((h) => ev(h.resolv!.options.get('ndots')!.src)),
      fix: ['# in the pod spec: dnsConfig: { options: [ { name: ndots, value: "2" } ] }', '# or write external names fully qualified: api.example.com.'],
    }];
  },
};
