// dns-no-resolv-conf: resolv.conf is absent on the target or holds no configuration at all.
import type { Host, Snapshot } from '../snapshot/types.js';
import { appendLine, etcPath, evFile, noNameserverNote } from './fix.js';
import type { Analyzer, RawFinding } from './types.js';
import { sh } from '../text/shell.js';

// The nameserver most other hosts in the bundle use: a sensible value to suggest.
export function commonNameserver(snap: Snapshot, except: Host): string | undefined {
  const count = new Map<string, number>();
  for (const h of snap.hosts)
    if (h !== except)
      for (const n of h.resolv?.nameservers ?? []) count.set(n.address, (count.get(n.address) ?? 0) + 1);
  return [...count.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
}

export const dnsNoResolvConf: Analyzer = {
  id: 'dns-no-resolv-conf',
  run(snap: Snapshot): RawFinding[] {
    const out: RawFinding[] = [];
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
      out.push({
        id: 'dns-no-resolv-conf',
        severity: 'critical',
        target: h.id,
        variant: empty ? 'empty' : 'missing',
        params: { host: h.id, file: path },
        evidence: [
          evFile(
            empty ? file : `${h.dir}/errors.json`,
            empty ? '(file is empty or only comments)' : `resolv.conf: ${absent!.reason}`,
          ),
        ],
        fix,
        notes,
      });
    }
    return out;
  },
};
