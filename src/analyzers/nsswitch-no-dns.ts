// nsswitch-no-dns: the hosts: line of nsswitch.conf never reaches a DNS source for ordinary names.
import type { NssService, NssStatus } from '../parsers/nsswitch-conf.js';
import type { Snapshot } from '../snapshot/types.js';
import { etcPath, ev } from './fix.js';
import type { Analyzer, RawFinding } from './types.js';
import { sh } from '../text/shell.js';

const DNS_SOURCES = new Set(['dns', 'resolve']);

// The status an NSS module gives for an ordinary name it does not hold (e.g. "example.com").
function statusFor(service: string): NssStatus {
  if (service === 'files' || service === 'myhostname' || service === 'mymachines' || service === 'db') return 'notfound';
  if (service.startsWith('mdns') && service.endsWith('_minimal')) return 'unavail';
  if (service.startsWith('mdns')) return 'notfound';
  return 'unavail';
}

// Walk the hosts services as glibc would; returns why DNS is never reached, or undefined when it is.
export function walkHosts(services: NssService[]): { stop: NssService; status: NssStatus; action: string } | 'no-dns' | undefined {
  for (const s of services) {
    if (DNS_SOURCES.has(s.name)) return undefined;
    const status = statusFor(s.name);
    let action = status === 'success' ? 'return' : 'continue';
    let written = '';
    for (const a of s.actions) {
      const hit = a.negated ? a.status !== status : a.status === status;
      if (hit) {
        action = a.action;
        written = `[${a.negated ? '!' : ''}${a.status.toUpperCase()}=${a.action}]`;
      }
    }
    if (action === 'return') return { stop: s, status, action: written };
  }
  return 'no-dns';
}

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
      out.push({ id: 'nsswitch-no-dns', severity: 'critical', target: h.id, variant: res === 'no-dns' ? 'absent' : 'returns', params, evidence: [ev(db.src)], fix });
    }
    return out;
  },
};
