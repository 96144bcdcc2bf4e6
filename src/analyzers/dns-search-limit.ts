// dns-search-limit: the search list is over Kubernetes' limits (32 domains, 2048 characters).
import type { Snapshot } from '../snapshot/types.js';
import { ev } from './fix.js';
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
      out.push({ id: 'dns-search-limit', severity: 'warning', target: h.id, variant: 'default', params: { host: h.id, domains: r.search.length, chars }, evidence: [ev(r.searchSrc)], fix: ['# shorten the search list of the node resolv.conf (kubelet --resolv-conf) or the pod dnsConfig.searches'] });
    }
    return out;
  },
};
