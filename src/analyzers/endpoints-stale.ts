// endpoints-stale: a node DNATs a Service to endpoints other than the EndpointSlices' ready ones.
import { readyEndpoints } from '../k8s/cluster.js';
import type { Snapshot } from '../snapshot/types.js';
import { ev } from './fix.js';
import { programmedNodes, spnOf } from './k8s.js';
import { list } from './roles.js';
import type { Analyzer, RawFinding } from './types.js';
import { commentText, sh } from '../text/shell.js';

export const endpointsStale: Analyzer = {
  id: 'endpoints-stale',
  run(snap: Snapshot): RawFinding[] {
    const c = snap.cluster;
    if (!c) return [];
    const out: RawFinding[] = [];
    for (const { host, view } of programmedNodes(snap)) {
      for (const s of c.services)
        for (const p of s.ports) {
          const ip = s.clusterIPs[0];
          const prog = view.services.get(`${ip}:${p.port}/${p.protocol}`);
          if (!prog) continue;
          const want = readyEndpoints(c, s, p);
          if (!ip || want.length === 0 || !prog) continue;
          const dnat = prog.endpoints();
          const got = [...new Set(dnat.map((d) => d.endpoint))].sort();
          if (got.length === want.length && got.every((g, i) => g === want[i])) continue;
          const stale = dnat.filter((d) => !want.includes(d.endpoint));
          out.push({
            id: 'endpoints-stale',
            severity: 'critical',
            target: host.id,
            variant: 'default',
            params: {
              host: host.id,
              service: `${spnOf(s, p.name)} (${ip}:${p.port})`,
              actual: list(got) || 'nothing',
              expected: list(want),
            },
            evidence: [ev(prog.src), ...(stale.length ? stale : dnat).slice(0, 3).map((d) => ev(d.src)), ev(s.obj.src)],
            fix: [
              sh`kubectl -n ${s.namespace} get endpointslices -l ${`kubernetes.io/service-name=${s.name}`} -o wide`,
              `${sh`kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector ${`spec.nodeName=${host.meta.name ?? host.id}`}`}   # restart kube-proxy on ${commentText(host.id)}: it resyncs`,
            ],
          });
        }
    }
    return out;
  },
};
