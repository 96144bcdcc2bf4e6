// dns-no-nameserver: resolv.conf has settings but no nameserver line.
import type { Snapshot } from '../snapshot/types.js';
import { commonNameserver } from './dns-no-resolv-conf.js';
import { appendLine, etcPath, ev, noNameserverNote } from './fix.js';
import type { Analyzer, RawFinding } from './types.js';

export const dnsNoNameserver: Analyzer = {
  id: 'dns-no-nameserver',
  run(snap: Snapshot): RawFinding[] {
    const out: RawFinding[] = [];
    for (const h of snap.hosts) {
      const r = h.resolv;
      if (!r || r.meaningfulLines === 0 || r.nameservers.length > 0) continue;
      const path = etcPath(h, 'resolv.conf');
      const ns = commonNameserver(snap, h);
      const evidence = [r.searchSrc, ...[...r.options.values()].map((o) => o.src)]
        .filter((s) => s !== undefined)
        .map(ev);
      const fix = ns ? [appendLine(h, path, `nameserver ${ns}`)] : [];
      out.push({
        id: 'dns-no-nameserver',
        severity: 'critical',
        target: h.id,
        variant: 'default',
        params: { host: h.id, file: path, lines: r.meaningfulLines },
        evidence,
        fix,
        notes: ns ? [] : [noNameserverNote(path)],
      });
    }
    return out;
  },
};
