// nsswitch-no-dns: the hosts: line of nsswitch.conf never reaches a DNS source for ordinary names.
import { defineAnalyzer } from './define.js';
import { walkHosts } from '../snapshot/dns.js';
import { etcPath, ev } from './fix.js';
import type { RawFinding } from './types.js';
import { sh } from '../text/shell.js';

export const nsswitchNoDns = defineAnalyzer({
  id: 'nsswitch-no-dns',
  summary: {
    en: 'The hosts: line of nsswitch.conf never consults DNS.',
    'zh-TW': 'nsswitch.conf 的 hosts: 設定永遠不會查詢 DNS。',
  },
  variants: {
    absent: {
      severity: 'critical',
      title: { en: 'nsswitch.conf of {host} never asks DNS', 'zh-TW': '{host} 的 nsswitch.conf 永遠不會查詢 DNS' },
      explanation: {
        en: 'The hosts line is "{line}". It lists no dns (or resolve) source, so getaddrinfo(), which ping, curl and most programs use, only looks in local files. Names that exist only in DNS never resolve, even though nslookup and dig (which bypass NSS) succeed.',
        'zh-TW':
          'hosts 這行是「{line}」，其中沒有 dns（或 resolve）來源，所以 ping、curl 等多數程式使用的 getaddrinfo() 只查本機檔案。只存在於 DNS 的名稱永遠解析不到，即使繞過 NSS 的 nslookup 與 dig 都查得到。',
      },
    },
    returns: {
      severity: 'critical',
      title: { en: 'nsswitch.conf of {host} stops before DNS', 'zh-TW': '{host} 的 nsswitch.conf 在查 DNS 前就停止' },
      explanation: {
        en: 'The hosts line is "{line}". {service} answers {status} for ordinary names and the criterion {action} ends the lookup there, so the dns source after it is never reached.',
        'zh-TW':
          'hosts 這行是「{line}」。{service} 對一般名稱會回傳 {status}，而 {action} 讓查詢就此結束，因此後面的 dns 來源永遠輪不到。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts) {
      const db = h.nsswitch?.get('hosts');
      if (!db) continue;
      const res = walkHosts(db.services);
      if (!res) continue;
      const line = db.src.text.trim();
      const fix = [sh`sed -i 's/^hosts:.*/hosts:          files dns/' ${etcPath(h, 'nsswitch.conf')}`];
      const stop =
        res === 'no-dns'
          ? { service: '', status: '', action: '' }
          : { service: res.stop.name, status: res.status.toUpperCase(), action: res.action };
      const params = { host: h.id, line, ...stop };
      out.push(
        finding(res === 'no-dns' ? 'absent' : 'returns', {
          severity: 'critical',
          target: h.id,
          params,
          evidence: [ev(db.src)],
          fix,
        }),
      );
    }
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'nsswitch-no-dns': true;
  }
}
