// hosts-override (info): /etc/hosts pins names that DNS would otherwise answer, because files comes first.
import { isLoopback, parseIp } from '../net/ip.js';
import { filesBeforeDns, hostsOrder } from '../snapshot/dns.js';
import type { Snapshot } from '../snapshot/types.js';
import { ev, inNs } from './fix.js';
import { list } from './roles.js';
import type { Analyzer, RawFinding } from './types.js';
import { sh } from '../text/shell.js';

const STANDARD = /^(localhost|localhost\.localdomain|localhost4|localhost6|ip6-\w+|ip6-localhost|ip6-loopback)$/;

export const hostsOverride: Analyzer = {
  id: 'hosts-override',
  run(snap: Snapshot): RawFinding[] {
    const out: RawFinding[] = [];
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
      out.push({
        id: 'hosts-override',
        severity: 'info',
        target: h.id,
        variant: 'default',
        params: { host: h.id, names: list(names) },
        evidence: pinned.slice(0, 6).map((e) => ev(e.src)),
        fix: [
          inNs(
            h,
            sh`getent hosts ${names[0]!}   # shows the answer programs get; remove the /etc/hosts line if DNS should answer`,
          ),
        ],
      });
    }
    return out;
  },
};
