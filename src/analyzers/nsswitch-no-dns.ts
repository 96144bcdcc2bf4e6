// nsswitch-no-dns: the hosts: line of nsswitch.conf never reaches a DNS source for ordinary names.
import { walkHosts } from '../snapshot/dns.js';
import type { Snapshot } from '../snapshot/types.js';
import { etcPath, ev } from './fix.js';
import type { Analyzer, RawFinding } from './types.js';
import { sh } from '../text/shell.js';

export const nsswitchNoDns: Analyzer = {
  id: 'nsswitch-no-dns',
  run(snap: Snapshot): RawFinding[] {
    const out: RawFinding[] = [];
    for (const h of snap.hosts) {
      const db = h.nsswitch?.get('hosts');
      if (!db) continue;
      const res = walkHosts(db.services);
      if (!res) continue;
      const line = db.src.text.trim();
      const fix = [sh`sed -i 's/^hosts:.*/hosts:          files dns/' ${etcPath(h, 'nsswitch.conf')}`];
      const params: Record<string, string | number> = { host: h.id, line };
      if (res !== 'no-dns') {
        params.service = res.stop.name;
        params.status = res.status.toUpperCase();
        params.action = res.action;
      }
      out.push({
        id: 'nsswitch-no-dns',
        severity: 'critical',
        target: h.id,
        variant: res === 'no-dns' ? 'absent' : 'returns',
        params,
        evidence: [ev(db.src)],
        fix,
      });
    }
    return out;
  },
};
