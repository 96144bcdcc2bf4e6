// nodeport-not-programmed: a NodePort with ready endpoints has no KUBE-NODEPORTS rule on a node.
import { readyEndpoints } from '../k8s/cluster.js';
import type { Snapshot } from '../snapshot/types.js';
import { ev } from './fix.js';
import { programmedNodes } from './k8s.js';
import { list } from './roles.js';
import type { Analyzer, RawFinding } from './types.js';
import { commentText, sh } from '../text/shell.js';

export const nodeportNotProgrammed: Analyzer = {
  id: 'nodeport-not-programmed',
  run(snap: Snapshot): RawFinding[] {
    const c = snap.cluster;
    if (!c) return [];
    const out: RawFinding[] = [];
    for (const { host, view } of programmedNodes(snap)) {
      const have = view.nodePorts;
      const missing = c.services.flatMap((s) =>
        s.ports
          .filter((p) => p.nodePort && readyEndpoints(c, s, p).length > 0 && !have.has(`${p.nodePort}/${p.protocol}`))
          .map((p) => ({ s, p })),
      );
      if (missing.length === 0) continue;
      const chain =
        view.mode === 'iptables' ? host.iptables?.tables.get('nat')?.chains.get('KUBE-NODEPORTS') : undefined;
      const anchor = chain?.src ?? view.anchor;
      out.push({
        id: 'nodeport-not-programmed',
        severity: 'critical',
        target: host.id,
        variant: 'default',
        params: {
          host: host.id,
          ports: list(missing.map((m) => `${m.p.nodePort}/${m.p.protocol}`)),
          services: list(missing.map((m) => `${m.s.namespace}/${m.s.name}`)),
        },
        evidence: [...(anchor ? [ev(anchor)] : []), ...missing.slice(0, 3).map((m) => ev(m.s.obj.src))],
        fix: [
          `${sh`kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector ${`spec.nodeName=${host.meta.name ?? host.id}`}`}   # restart kube-proxy on ${commentText(host.id)}: it resyncs`,
        ],
      });
    }
    return out;
  },
};
