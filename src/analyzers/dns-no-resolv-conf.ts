// dns-no-resolv-conf: resolv.conf is absent on the target or holds no configuration at all.
import { defineAnalyzer } from './define.js';
import type { Host, Snapshot } from '../snapshot/types.js';
import { appendLine, etcPath, evFile, noNameserverNote } from './fix.js';
import type { RawFinding } from './types.js';
import { sh } from '../text/shell.js';

// The nameserver most other hosts in the bundle use: a sensible value to suggest.
export function commonNameserver(snap: Snapshot, except: Host): string | undefined {
  const count = new Map<string, number>();
  for (const h of snap.hosts)
    if (h !== except)
      for (const n of h.resolv?.nameservers ?? []) count.set(n.address, (count.get(n.address) ?? 0) + 1);
  return [...count.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

export const dnsNoResolvConf = defineAnalyzer({
  id: 'dns-no-resolv-conf',
  summary: { en: 'resolv.conf is missing or empty.', 'zh-TW': 'resolv.conf 不存在或是空的。' },
  variants: {
    empty: {
      severity: 'critical',
      title: { en: '{host} has an empty resolv.conf', 'zh-TW': '{host} 的 resolv.conf 是空的' },
      explanation: {
        en: '{file} holds no nameserver, search or options line. glibc then falls back to a nameserver at 127.0.0.1; unless a resolver listens there, every DNS lookup in {host} fails.',
        'zh-TW':
          '{file} 沒有任何 nameserver、search 或 options 設定。此時 glibc 會退回使用 127.0.0.1 作為 nameserver；除非那裡有解析器在監聽，否則 {host} 內的 DNS 查詢全部失敗。',
      },
    },
    missing: {
      severity: 'critical',
      title: { en: '{host} has no resolv.conf', 'zh-TW': '{host} 沒有 resolv.conf' },
      explanation: {
        en: 'The capture found no /etc/resolv.conf in {host}. glibc then falls back to a nameserver at 127.0.0.1; unless a resolver listens there, every DNS lookup fails.',
        'zh-TW':
          '擷取時在 {host} 找不到 /etc/resolv.conf。glibc 因此退回使用 127.0.0.1；除非那裡有解析器在監聽，否則所有 DNS 查詢都會失敗。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts) {
      const absent = h.notCollected.find((n) => n.artifact === 'resolv.conf' && n.absentOnTarget);
      const empty = h.resolv && h.resolv.meaningfulLines === 0;
      if (!absent && !empty) continue;
      const ns = commonNameserver(snap, h);
      const path = etcPath(h, 'resolv.conf');
      const file = `${h.dir}/resolv.conf`;
      const fix = ns
        ? [
            ...(h.kind === 'netns' ? [sh`mkdir -p ${path.slice(0, path.lastIndexOf('/'))}`] : []),
            appendLine(h, path, `nameserver ${ns}`, true),
          ]
        : [];
      const notes = ns ? [] : [noNameserverNote(path)];
      out.push(
        finding(empty ? 'empty' : 'missing', {
          severity: 'critical',
          target: h.id,
          params: { host: h.id, file: path },
          evidence: [
            evFile(
              empty ? file : `${h.dir}/errors.json`,
              empty ? '(file is empty or only comments)' : `resolv.conf: ${absent!.reason}`,
            ),
          ],
          fix,
          notes,
        }),
      );
    }
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'dns-no-resolv-conf': true;
  }
}
