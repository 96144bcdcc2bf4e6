// hosts-override (info): /etc/hosts pins names that DNS would otherwise answer, because files comes first.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { isLoopback, parseIp } from '../net/ip.js';
import { filesBeforeDns, hostsOrder } from '../snapshot/dns.js';
import { ev, inNs } from './fix.js';
import { list } from './roles.js';
import type { RawFinding } from './types.js';
import { sh } from '../text/shell.js';

const STANDARD = /^(localhost|localhost\.localdomain|localhost4|localhost6|ip6-\w+|ip6-localhost|ip6-loopback)$/;

export const hostsOverride = defineAnalyzer({
  id: 'hosts-override',
  summary: {
    en: '/etc/hosts pins a name that would otherwise come from DNS.',
    'zh-TW': '/etc/hosts 固定了某個原本應由 DNS 回答的名稱。',
  },
  variants: {
    default: {
      severity: 'info',
      title: { en: '/etc/hosts in {host} pins {names}', 'zh-TW': '{host} 的 /etc/hosts 固定了 {names}' },
      explanation: {
        en: 'NSS consults files before dns here, so these names always resolve to the addresses written in /etc/hosts and DNS is never asked for them. That is fine when intended; when the service moves, the stale entry silently wins.',
        'zh-TW':
          '這裡的 NSS 會先查 files 再查 dns，因此這些名稱永遠解析成 /etc/hosts 裡寫的位址，不會詢問 DNS。如果是刻意設定就沒問題；但服務搬家後，過時的紀錄會悄悄勝出。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts) {
      if (!h.hostsFile) continue;
      // glibc without a hosts line asks DNS first and reads files only when DNS is unavailable; an order that was
      // not collected is taken as the usual "files dns" (this finding is only informational)
      if (filesBeforeDns(hostsOrder(h)) === false) continue;
      const own = new Set<string>();
      for (const i of h.interfaces ?? []) for (const a of i.addresses) own.add(a.local);
      const pinned = h.hostsFile.entries.filter((e) => {
        const ip = parseIp(e.address);
        if (!ip || isLoopback(ip) || own.has(e.address)) return false;
        if (ip.family === 6 && (e.address.startsWith('ff0') || e.address.startsWith('fe00'))) return false;
        return e.names.some((n) => !STANDARD.test(n));
      });
      if (pinned.length === 0) continue;
      const names = pinned.flatMap((e) => e.names.filter((n) => !STANDARD.test(n)));
      out.push(
        finding('default', {
          target: h.id,
          params: { host: h.id, names: list(names) },
          evidence: pinned.slice(0, 6).map((e) => ev(e.src)),
          fix: [
            {
              cmd: inNs(h, sh`getent hosts ${names[0]!}`),
              comment: text(
                'shows the answer programs get; remove the /etc/hosts line if DNS should answer',
                '顯示程式實際得到的答案；若應由 DNS 回答，請刪除 /etc/hosts 裡那一行',
              ),
            },
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
    'hosts-override': true;
  }
}
