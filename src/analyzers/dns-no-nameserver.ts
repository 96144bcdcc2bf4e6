// dns-no-nameserver: resolv.conf has settings but no nameserver line.
import { defineAnalyzer } from './define.js';
import { commonNameserver } from './dns-no-resolv-conf.js';
import { appendLine, etcPath, ev, noNameserverNote } from './fix.js';
import type { RawFinding } from './types.js';

export const dnsNoNameserver = defineAnalyzer({
  id: 'dns-no-nameserver',
  summary: { en: 'resolv.conf has no nameserver line.', 'zh-TW': 'resolv.conf 沒有 nameserver 設定。' },
  variants: {
    default: {
      severity: 'critical',
      title: { en: 'resolv.conf of {host} names no nameserver', 'zh-TW': '{host} 的 resolv.conf 沒有指定 nameserver' },
      explanation: {
        en: '{file} has {lines} configuration line(s) but no nameserver. The resolver therefore asks 127.0.0.1; unless a local resolver listens there, names do not resolve even though the search list looks right.',
        'zh-TW':
          '{file} 有 {lines} 行設定，卻沒有 nameserver。解析器因此會去問 127.0.0.1；除非本機有解析器在那裡監聽，否則即使 search 清單看起來正確，名稱仍然解析不了。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts) {
      const r = h.resolv;
      if (!r || r.meaningfulLines === 0 || r.nameservers.length > 0) continue;
      const path = etcPath(h, 'resolv.conf');
      const ns = commonNameserver(snap, h);
      const evidence = [r.searchSrc, ...[...r.options.values()].map((o) => o.src)]
        .filter((s) => s !== undefined)
        .map(ev);
      const fix = ns ? [appendLine(h, path, `nameserver ${ns}`)] : [];
      out.push(
        finding('default', {
          target: h.id,
          params: { host: h.id, file: path, lines: r.meaningfulLines },
          evidence,
          fix,
          notes: ns ? [] : [noNameserverNote(path)],
        }),
      );
    }
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'dns-no-nameserver': true;
  }
}
