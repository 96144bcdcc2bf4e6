// dns-search-limit: the search list is over Kubernetes' limits (32 domains, 2048 characters).
import type { Snapshot } from '../snapshot/types.js';
import { ev, note } from './fix.js';
import type { Analyzer, RawFinding } from './types.js';

/** MaxDNSSearchPaths and MaxDNSSearchListChars (networking-facts §3.2). */
const MAX_DOMAINS = 32;
const MAX_CHARS = 2048;

export const dnsSearchLimit: Analyzer = {
  id: 'dns-search-limit',
  run(snap: Snapshot): RawFinding[] {
    const out: RawFinding[] = [];
    for (const h of snap.hosts) {
      const r = h.resolv;
      if (!r?.searchSrc) continue;
      const chars = r.search.join(' ').length;
      if (r.search.length <= MAX_DOMAINS && chars <= MAX_CHARS) continue;
      out.push({
        id: 'dns-search-limit',
        severity: 'warning',
        target: h.id,
        variant: 'default',
        params: { host: h.id, domains: r.search.length, chars },
        evidence: [ev(r.searchSrc)],
        fix: [],
        notes: [
          note(
            'Shorten the search list: in the node resolv.conf that kubelet passes on (kubelet --resolv-conf), or in the pod spec dnsConfig.searches.',
            '縮短 search 清單:改 kubelet 傳下去的節點 resolv.conf(kubelet --resolv-conf),或是 Pod spec 的 dnsConfig.searches。',
          ),
        ],
      });
    }
    return out;
  },
};
