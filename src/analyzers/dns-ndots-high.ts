// dns-ndots-high (info): pods resolve with ndots:5, so every external name costs several lookups.
import type { Snapshot } from '../snapshot/types.js';
import { ev, note } from './fix.js';
import type { Analyzer, RawFinding } from './types.js';

export const dnsNdotsHigh: Analyzer = {
  id: 'dns-ndots-high',
  run(snap: Snapshot): RawFinding[] {
    const pods = snap.hosts.filter((h) => h.kind === 'pod' && Number(h.resolv?.options.get('ndots')?.value ?? 1) >= 5);
    if (pods.length === 0) return [];
    const first = pods[0]!.resolv!;
    // one note for the bundle: it is the Kubernetes default, worth knowing once, not once per pod
    return [
      {
        id: 'dns-ndots-high',
        severity: 'info',
        target: pods.length === 1 ? pods[0]!.id : 'cluster',
        variant: 'default',
        params: {
          count: pods.length,
          ndots: first.options.get('ndots')!.value ?? '5',
          search: first.search.join(' ') || '-',
        },
        evidence: pods.slice(0, 3).map((h) => ev(h.resolv!.options.get('ndots')!.src)),
        fix: [],
        manifest: {
          about: note('pod spec: lower ndots for these pods', 'Pod spec:調低這些 Pod 的 ndots'),
          yaml: ['spec:', '  dnsConfig:', '    options:', '      - name: ndots', '        value: "2"'],
        },
        notes: [
          note(
            'Or write external names fully qualified, with a trailing dot (api.example.com.): they are then looked up once.',
            '或是把外部名稱寫成完整網域名稱、結尾加上句點(api.example.com.):這樣只會查詢一次。',
          ),
        ],
      },
    ];
  },
};
