// dns-ndots-high (info): pods resolve with a high ndots and more search domains than Kubernetes' own three, so
// every external name costs many lookups. ndots:5 with the default search list is every pod's lot: not news.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { ev } from './fix.js';

export const dnsNdotsHigh = defineAnalyzer({
  id: 'dns-ndots-high',
  summary: {
    en: 'ndots:5 multiplies lookups for external names; use FQDNs or dnsConfig.',
    'zh-TW': 'ndots:5 會讓外部名稱的查詢次數倍增；請使用 FQDN 或 dnsConfig。',
  },
  variants: {
    default: {
      severity: 'info',
      title: { en: '{count} pod(s) resolve with ndots:{ndots}', 'zh-TW': '{count} 個 Pod 以 ndots:{ndots} 解析名稱' },
      explanation: {
        en: "With ndots:{ndots} a name with fewer than {ndots} dots, such as api.example.com, is first tried with every search domain ({search}) before itself, so each external lookup costs several queries to CoreDNS. Write external names with a trailing dot or lower ndots with the pod's dnsConfig.",
        'zh-TW':
          '在 ndots:{ndots} 下，點少於 {ndots} 個的名稱（例如 api.example.com）會先逐一加上每個 search 網域（{search}）查詢，最後才查它本身，所以每次外部查詢都要向 CoreDNS 發出好幾個請求。外部名稱請在結尾加上點，或用 Pod 的 dnsConfig 調低 ndots。',
      },
    },
  },
  run(snap, finding) {
    // kubelet's default: ndots:5 and three search domains (<ns>.svc, svc, cluster); more come from the node
    // (a cloud's own domains), or a higher ndots from the pod spec, and each adds a query to every external lookup
    const ndots = (h: (typeof snap.hosts)[number]) => Number(h.resolv?.options.get('ndots')?.value ?? 1);
    const pods = snap.hosts.filter(
      (h) => h.kind === 'pod' && ndots(h) >= 5 && (ndots(h) > 5 || (h.resolv?.search.length ?? 0) > 3),
    );
    if (pods.length === 0) return [];
    const first = pods[0]!.resolv!;
    // one note for the bundle, worth knowing once, not once per pod
    return [
      finding('default', {
        target: pods.length === 1 ? pods[0]!.id : 'cluster',
        params: {
          count: pods.length,
          ndots: first.options.get('ndots')!.value ?? '5',
          search: first.search.join(' ') || '-',
        },
        evidence: pods.slice(0, 3).map((h) => ev(h.resolv!.options.get('ndots')!.src)),
        fix: [],
        manifest: {
          about: text('pod spec: lower ndots for these pods', 'Pod spec：調低這些 Pod 的 ndots'),
          yaml: ['spec:', '  dnsConfig:', '    options:', '      - name: ndots', '        value: "2"'],
        },
        notes: [
          text(
            'Or write external names fully qualified, with a trailing dot (api.example.com.): they are then looked up once.',
            '或是把外部名稱寫成完整網域名稱、結尾加上句點（api.example.com.）：這樣只會查詢一次。',
          ),
        ],
      }),
    ];
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'dns-ndots-high': true;
  }
}
