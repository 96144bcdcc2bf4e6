// conntrack-near-full: the conntrack table is at 90% or more; new connections are about to be dropped.
import type { Snapshot } from '../snapshot/types.js';
import { ev, inNs, note } from './fix.js';
import type { Analyzer, RawFinding } from './types.js';
import { sh } from '../text/shell.js';

export const conntrackNearFull: Analyzer = {
  id: 'conntrack-near-full',
  run(snap: Snapshot): RawFinding[] {
    const out: RawFinding[] = [];
    for (const h of snap.hosts) {
      const count = h.sysctl?.values.get('net.netfilter.nf_conntrack_count');
      const max = h.sysctl?.values.get('net.netfilter.nf_conntrack_max');
      if (!count || !max) continue;
      const c = Number(count.value);
      const m = Number(max.value);
      if (!(m > 0) || !(c / m >= 0.9)) continue;
      out.push({
        id: 'conntrack-near-full',
        severity: c / m >= 0.99 ? 'critical' : 'warning',
        target: h.id,
        variant: 'default',
        params: { host: h.id, count: c, max: m, percent: Math.floor((c / m) * 100) },
        evidence: [ev(count.src), ev(max.src)],
        fix: [inNs(h, sh`sysctl -w ${`net.netfilter.nf_conntrack_max=${m * 2}`}`)],
        notes: [
          note(
            'On a node, kube-proxy sets this limit from conntrack.maxPerCore (default 32768 per core, at least 131072): raise it there too, or it comes back.',
            '在節點上,kube-proxy 會依 conntrack.maxPerCore(預設每個 CPU 核心 32768,最少 131072)設定這個上限:那裡也要一起調高,否則重啟後又會變回原值。',
          ),
        ],
      });
    }
    return out;
  },
};
