// kube-proxy-unhealthy: on a node, kube-proxy's pod is failing, or its rules, jumps or canary are missing.
import { proxyMode } from '../k8s/kube-proxy.js';
import type { Snapshot } from '../snapshot/types.js';
import { ev, evFile } from './fix.js';
import { configuredMode, kubeProxyOf } from './k8s.js';
import type { Analyzer, Evidence, RawFinding } from './types.js';
import { commentText, sh } from '../text/shell.js';

export const kubeProxyUnhealthy: Analyzer = {
  id: 'kube-proxy-unhealthy',
  run(snap: Snapshot): RawFinding[] {
    const c = snap.cluster;
    if (!c) return [];
    const mode = configuredMode(snap);
    const out: RawFinding[] = [];
    for (const h of snap.hosts) {
      if (h.kind !== 'node') continue;
      const nodeName = h.meta.name ?? h.id;
      const pod = c.pods.find(
        (p) => p.namespace === 'kube-system' && p.labels['k8s-app'] === 'kube-proxy' && p.nodeName === nodeName,
      );
      const podState =
        pod && (!pod.ready || pod.waiting.length > 0 || pod.restarts >= 5)
          ? `${pod.waiting[0] ?? (pod.ready ? 'ready' : 'not ready')}, ${pod.restarts} restarts`
          : undefined;
      const params: Record<string, string | number> = {
        host: h.id,
        podName: pod ? `kube-system/${pod.name}` : '-',
        state: podState ?? '-',
        pod: podState ? ` (kube-proxy pod: ${podState})` : '',
      };
      const evidence: Evidence[] = pod ? [ev(pod.obj.src)] : [];
      const fix = [
        sh`kubectl -n kube-system get pods -l k8s-app=kube-proxy -o wide --field-selector ${`spec.nodeName=${nodeName}`}`,
        `kubectl -n kube-system logs -l k8s-app=kube-proxy --tail=50 --prefix   # the pod on ${commentText(nodeName)}`,
      ];
      const rs = h.iptables;
      const nodeMode = h.proxyMode ?? mode;
      // chain, jump and canary checks only mean something where kube-proxy runs in iptables mode
      const iptMode = nodeMode === undefined || proxyMode(nodeMode, rs) === 'iptables';
      const ipt = rs && rs.format === 'save' && iptMode;
      const kp = iptMode ? kubeProxyOf(h) : undefined;
      let variant: string | undefined;
      if (ipt && !kp && c.services.some((s) => s.clusterIPs.length > 0)) {
        variant = 'no-rules';
        params.services = c.services.length;
        const file = h.files.find((f) => f.endsWith('iptables-save.txt'))!;
        const nat = rs!.tables.get('nat');
        evidence.push(nat?.src ? ev(nat.src) : evFile(file, '(no *nat table, so no KUBE-SERVICES chain)'));
      } else if (kp && (!kp.jumps.prerouting || !kp.jumps.output)) {
        variant = 'no-jump';
        params.chains = [!kp.jumps.prerouting && 'PREROUTING', !kp.jumps.output && 'OUTPUT']
          .filter(Boolean)
          .join(' and ');
        const chain = rs!.tables.get('nat')!.chains.get(!kp.jumps.prerouting ? 'PREROUTING' : 'OUTPUT');
        if (chain?.src) evidence.push(ev(chain.src));
      } else if (h.healthz?.status === 503 || h.healthz?.nodeEligible === false) {
        variant = h.healthz.nodeEligible === false ? 'not-eligible' : 'healthz';
        params.lastUpdated = h.healthz.lastUpdated ?? '?';
        params.currentTime = h.healthz.currentTime ?? '?';
        for (const s of [h.healthz.statusSrc, h.healthz.bodySrc]) if (s) evidence.push(ev(s));
      } else if (podState) variant = 'pod';
      else if (kp && !kp.canary) {
        variant = 'canary';
        const chain = rs!.tables.get('nat')!.chains.get('KUBE-SERVICES');
        if (chain?.src) evidence.push(ev(chain.src));
      }
      if (!variant) continue;
      if (evidence.length === 0) continue;
      out.push({ id: 'kube-proxy-unhealthy', severity: 'critical', target: h.id, variant, params, evidence, fix });
    }
    return out;
  },
};
