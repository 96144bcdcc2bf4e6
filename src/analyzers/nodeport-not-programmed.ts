// nodeport-not-programmed: a NodePort with ready endpoints has no KUBE-NODEPORTS rule on a node.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { readyEndpoints } from '../snapshot/k8s/cluster.js';
import { ev } from './fix.js';
import { programmedNodes } from './k8s.js';
import { list } from './roles.js';
import { confirmUntranslated, natLines, nodePortProbe } from './service-trace.js';
import { type RawFinding, traceProof } from './types.js';
import { commentText, sh } from '../text/shell.js';

export const nodeportNotProgrammed = defineAnalyzer({
  id: 'nodeport-not-programmed',
  summary: {
    en: 'A NodePort has no KUBE-NODEPORTS entry on a node.',
    'zh-TW': '某個 NodePort 在節點上沒有 KUBE-NODEPORTS 規則。',
  },
  variants: {
    default: {
      severity: 'critical',
      title: { en: 'NodePort {ports} is not open on {host}', 'zh-TW': 'NodePort {ports} 在 {host} 上沒有開啟' },
      explanation: {
        en: 'Services {services} publish NodePort {ports}, but the nat KUBE-NODEPORTS chain on {host} has no rule for it, so connections to {host}:{ports} are not forwarded to any pod.',
        'zh-TW':
          'Service {services} 公開了 NodePort {ports}，但 {host} 的 nat KUBE-NODEPORTS 鏈沒有對應規則，連往 {host}:{ports} 的連線不會被轉送到任何 Pod。',
      },
    },
  },
  run(snap, finding) {
    const c = snap.cluster;
    if (!c) return [];
    const out: RawFinding<string>[] = [];
    for (const { host, view } of programmedNodes(snap)) {
      const have = view.nodePorts;
      const screened = c.services.flatMap((s) =>
        s.ports
          .filter((p) => p.nodePort && readyEndpoints(c, s, p).length > 0 && !have.has(`${p.nodePort}/${p.protocol}`))
          .map((p) => ({ s, p })),
      );
      // a client outside connects to the node's address: traced, a translated port clears, an untranslated one proves
      const { contradicted, proof } = confirmUntranslated(screened, (m) =>
        nodePortProbe(snap, host, m.p.nodePort!, m.p.protocol),
      );
      const missing = screened.filter((m) => !contradicted.has(m));
      if (missing.length === 0) continue;
      const chain =
        view.mode === 'iptables' ? host.iptables?.tables.get('nat')?.chains.get('KUBE-NODEPORTS') : undefined;
      const anchor = chain?.src ?? view.anchor;
      out.push(
        finding('default', {
          target: host.id,
          params: {
            host: host.id,
            ports: list(missing.map((m) => `${m.p.nodePort}/${m.p.protocol}`)),
            services: list(missing.map((m) => `${m.s.namespace}/${m.s.name}`)),
          },
          evidence: [
            ...(anchor ? [ev(anchor)] : []),
            ...(proof ? natLines(proof, host.id).map(ev) : []),
            ...missing.slice(0, 3).map((m) => ev(m.s.obj.src)),
          ],
          ...(proof ? { trace: traceProof(proof.from, proof.to, proof.paths) } : {}),
          fix: [
            {
              cmd: sh`kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector ${`spec.nodeName=${host.meta.name ?? host.id}`}`,
              comment: text(
                `restart kube-proxy on ${commentText(host.id)}: it resyncs`,
                `重新啟動 ${commentText(host.id)} 上的 kube-proxy：它會重新同步`,
              ),
            },
          ],
        }),
      );
    }
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'nodeport-not-programmed': true;
  }
}
