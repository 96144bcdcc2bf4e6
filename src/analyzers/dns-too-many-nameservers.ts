// dns-too-many-nameservers: more than glibc's 3 nameservers; the rest are silently ignored.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { etcPath, ev } from './fix.js';
import { list } from './roles.js';

export const dnsTooManyNameservers = defineAnalyzer({
  id: 'dns-too-many-nameservers',
  summary: {
    en: 'More than 3 nameservers: glibc uses only the first 3.',
    'zh-TW': 'nameserver 超過 3 個：glibc 只會使用前 3 個。',
  },
  variants: {
    default: {
      severity: 'warning',
      title: {
        en: 'resolv.conf of {host} lists {count} nameservers; only 3 are used',
        'zh-TW': '{host} 的 resolv.conf 列了 {count} 個 nameserver，只會用到 3 個',
      },
      explanation: {
        en: 'glibc reads at most 3 nameserver lines (MAXNS), so {ignored} is never asked. Kubernetes warns with DNSConfigForming and drops the extra ones for pods.',
        'zh-TW':
          'glibc 最多只讀 3 行 nameserver（MAXNS），所以 {ignored} 永遠不會被詢問。Kubernetes 會對 Pod 發出 DNSConfigForming 警告並丟掉多出來的部分。',
      },
    },
  },
  run(snap, finding) {
    return snap.hosts
      .filter((h) => (h.resolv?.nameservers.length ?? 0) > 3)
      .map((h) => {
        const ns = h.resolv!.nameservers;
        return finding('default', {
          target: h.id,
          params: { host: h.id, count: ns.length, ignored: list(ns.slice(3).map((n) => n.address)) },
          evidence: ns.map((n) => ev(n.src)),
          fix: [],
          notes: [
            text(
              `Keep at most three nameserver lines in ${etcPath(h, 'resolv.conf')} (for a pod: in its node's resolv.conf and in dnsConfig.nameservers).`,
              `${etcPath(h, 'resolv.conf')} 最多保留三行 nameserver（Pod 的話：改它所在節點的 resolv.conf 以及 dnsConfig.nameservers）。`,
            ),
          ],
        });
      });
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'dns-too-many-nameservers': true;
  }
}
