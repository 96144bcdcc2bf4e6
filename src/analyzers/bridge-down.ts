// bridge-down: a bridge that is administratively down cuts off every namespace behind it.
import type { Snapshot } from '../snapshot/types.js';
import { ev, inNs } from './fix.js';
import { list } from './roles.js';
import type { Analyzer, RawFinding } from './types.js';
import { sh } from '../text/shell.js';

export const bridgeDown: Analyzer = {
  id: 'bridge-down',
  run(snap: Snapshot): RawFinding[] {
    const out: RawFinding[] = [];
    for (const h of snap.hosts)
      for (const br of h.interfaces ?? []) {
        const ports = (h.interfaces ?? []).filter((x) => x.master === br.name);
        if (br.kind !== 'bridge' && ports.length === 0) continue;
        if (br.adminUp) continue;
        const behind = ports.map((p) => snap.peerOf.get(p)?.host.id).filter((x): x is string => !!x);
        const evidence = [ev(br.src), ...ports.slice(0, 4).map((p) => ev(p.src))];
        const params = {
          host: h.id,
          bridge: br.name,
          ports: list(ports.map((p) => p.name)) || '-',
          behind: list(behind) || list(ports.map((p) => p.name)) || '-',
          addresses: list(br.addresses.filter((a) => a.family === 4).map((a) => `${a.local}/${a.prefix}`)) || '-',
        };
        out.push({
          id: 'bridge-down',
          severity: 'critical',
          target: h.id,
          variant: 'default',
          params,
          evidence,
          fix: [inNs(h, sh`ip link set ${br.name} up`)],
        });
      }
    return out;
  },
};
