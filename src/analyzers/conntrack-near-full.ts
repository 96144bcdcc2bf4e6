// conntrack-near-full: the conntrack table is at 90% or more; new connections are about to be dropped.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { ev, inNs } from './fix.js';
import type { RawFinding } from './types.js';
import { sh } from '../text/shell.js';

export const conntrackNearFull = defineAnalyzer({
  id: 'conntrack-near-full',
  summary: {
    en: 'nf_conntrack_count is at or above 90% of nf_conntrack_max.',
    'zh-TW': 'nf_conntrack_count 已達 nf_conntrack_max 的 90% 以上。',
  },
  variants: {
    default: {
      severity: 'warning',
      title: { en: 'conntrack table on {host} is {percent}% full', 'zh-TW': '{host} 的 conntrack 表已滿 {percent}%' },
      explanation: {
        en: '{host} tracks {count} connections out of {max}. When the table fills, the kernel drops new connections ("nf_conntrack: table full, dropping packet"), which looks like random timeouts for Services and DNS.',
        'zh-TW':
          '{host} 正在追蹤 {count} 條連線，上限是 {max}。表滿時核心會丟棄新連線（「nf_conntrack: table full, dropping packet」），看起來就像 Service 與 DNS 隨機逾時。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts) {
      const count = h.sysctl?.values.get('net.netfilter.nf_conntrack_count');
      const max = h.sysctl?.values.get('net.netfilter.nf_conntrack_max');
      if (!count || !max) continue;
      const c = Number(count.value);
      const m = Number(max.value);
      if (!(m > 0) || !(c / m >= 0.9)) continue;
      out.push(
        finding('default', {
          severity: c / m >= 0.99 ? 'critical' : 'warning',
          target: h.id,
          params: { host: h.id, count: c, max: m, percent: Math.floor((c / m) * 100) },
          evidence: [ev(count.src), ev(max.src)],
          fix: [inNs(h, sh`sysctl -w ${`net.netfilter.nf_conntrack_max=${m * 2}`}`)],
          notes: [
            text(
              'On a node, kube-proxy sets this limit from conntrack.maxPerCore (default 32768 per core, at least 131072): raise it there too, or it comes back.',
              '在節點上，kube-proxy 會依 conntrack.maxPerCore（預設每個 CPU 核心 32768，最少 131072）設定這個上限：那裡也要一起調高，否則重啟後又會變回原值。',
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
    'conntrack-near-full': true;
  }
}
