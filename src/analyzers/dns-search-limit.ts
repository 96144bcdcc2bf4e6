// dns-search-limit: the search list is over Kubernetes' limits (32 domains, 2048 characters).
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { ev } from './fix.js';
import type { RawFinding } from './types.js';

/** MaxDNSSearchPaths and MaxDNSSearchListChars (docs/networking-facts.md §dns-limits). */
const MAX_DOMAINS = 32;
const MAX_CHARS = 2048;

export const dnsSearchLimit = defineAnalyzer({
  id: 'dns-search-limit',
  summary: {
    en: 'The search list is over the resolver/kubelet limits (32 domains / 2048 characters; 6 / 256 on old glibc).',
    'zh-TW': 'search 清單超過解析器/kubelet 的上限（32 個網域 / 2048 個字元；舊版 glibc 為 6 / 256）。',
  },
  variants: {
    default: {
      severity: 'warning',
      title: {
        en: 'search list of {host} is {domains} domains / {chars} characters',
        'zh-TW': '{host} 的 search 清單有 {domains} 個網域 / {chars} 個字元',
      },
      explanation: {
        en: 'Kubernetes accepts at most 32 search domains and 2048 characters (glibc before 2.26 only 6 and 256); beyond that kubelet truncates the list (event DNSConfigForming) and names that rely on the dropped domains stop resolving.',
        'zh-TW':
          'Kubernetes 最多接受 32 個 search 網域與 2048 個字元（glibc 2.26 以前只有 6 個與 256 個）；超過時 kubelet 會截斷清單（事件 DNSConfigForming），依賴被丟掉網域的名稱就解析不到了。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts) {
      const r = h.resolv;
      if (!r?.searchSrc) continue;
      const chars = r.search.join(' ').length;
      if (r.search.length <= MAX_DOMAINS && chars <= MAX_CHARS) continue;
      out.push(
        finding('default', {
          target: h.id,
          params: { host: h.id, domains: r.search.length, chars },
          evidence: [ev(r.searchSrc)],
          fix: [],
          notes: [
            text(
              'Shorten the search list: in the node resolv.conf that kubelet passes on (kubelet --resolv-conf), or in the pod spec dnsConfig.searches.',
              '縮短 search 清單：改 kubelet 傳下去的節點 resolv.conf（kubelet --resolv-conf），或是 Pod spec 的 dnsConfig.searches。',
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
    'dns-search-limit': true;
  }
}
