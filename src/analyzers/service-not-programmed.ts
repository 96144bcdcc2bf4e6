// service-not-programmed: a Service port with ready endpoints has no KUBE-SERVICES rule on a node.
import { readyEndpoints } from '../k8s/cluster.js';
import type { Snapshot } from '../snapshot/types.js';
import { ev } from './fix.js';
import { programmedNodes, spnOf } from './k8s.js';
import { list } from './roles.js';
import type { Analyzer, Evidence, RawFinding } from './types.js';
import { commentText, sh } from '../text/shell.js';

export const serviceNotProgrammed: Analyzer = {
  id: 'service-not-programmed',
  run(snap: Snapshot): RawFinding[] {
    const c = snap.cluster;
    if (!c) return [];
    const out: RawFinding[] = [];
    for (const { host, view } of programmedNodes(snap)) {
      const have = view.services;
      const missing: { spn: string; ev: Evidence }[] = [];
      for (const s of c.services)
        for (const p of s.ports) {
          const ip = s.clusterIPs[0];
          if (!ip || readyEndpoints(c, s, p).length === 0) continue;
          if (!have.has(`${ip}:${p.port}/${p.protocol}`))
            missing.push({ spn: `${spnOf(s, p.name)} (${ip}:${p.port}/${p.protocol})`, ev: ev(s.obj.src) });
        }
      if (missing.length === 0) continue;
      out.push({
        id: 'service-not-programmed',
        severity: 'critical',
        target: host.id,
        variant: 'default',
        params: {
          host: host.id,
          count: missing.length,
          services: list(
            missing.map((m) => m.spn),
            3,
          ),
        },
        evidence: [...(view.anchor ? [ev(view.anchor)] : []), ...missing.slice(0, 3).map((m) => m.ev)],
        fix: [
          sh`kubectl -n kube-system get pods -l k8s-app=kube-proxy -o wide --field-selector ${`spec.nodeName=${host.meta.name ?? host.id}`}`,
          `kubectl -n kube-system logs -l k8s-app=kube-proxy --tail=50   # on ${commentText(host.id)}: sync errors?`,
          `${sh`kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector ${`spec.nodeName=${host.meta.name ?? host.id}`}`}   # restart it: it resyncs all rules`,
        ],
      });
    }
    return out;
  },
};
