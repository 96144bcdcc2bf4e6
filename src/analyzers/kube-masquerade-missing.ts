// kube-masquerade-missing: kube-proxy's SNAT machinery (KUBE-MARK-MASQ → KUBE-POSTROUTING) is broken on a node.
import type { Snapshot } from '../snapshot/types.js';
import { ev, inNs } from './fix.js';
import { iptablesNodes } from './k8s.js';
import type { Analyzer, Evidence, RawFinding } from './types.js';
import { sh } from '../text/shell.js';

export const kubeMasqueradeMissing: Analyzer = {
  id: 'kube-masquerade-missing',
  run(snap: Snapshot): RawFinding[] {
    const out: RawFinding[] = [];
    for (const { host, kp } of iptablesNodes(snap)) {
      const nat = host.iptables!.tables.get('nat')!;
      const variant = !kp.jumps.postrouting
        ? 'no-jump'
        : !kp.masquerade
          ? 'no-masquerade'
          : !kp.markMasq
            ? 'no-mark'
            : undefined;
      if (!variant) continue;
      const evidence: Evidence[] = [];
      const post = nat.chains.get(
        variant === 'no-jump' ? 'POSTROUTING' : variant === 'no-masquerade' ? 'KUBE-POSTROUTING' : 'KUBE-MARK-MASQ',
      );
      if (post?.src) evidence.push(ev(post.src));
      for (const r of post?.rules.slice(0, 3) ?? []) evidence.push(ev(r.src));
      const fix =
        variant === 'no-jump'
          ? [
              inNs(
                host,
                'iptables -t nat -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
              ),
              `${sh`kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector ${`spec.nodeName=${host.meta.name ?? host.id}`}`}   # or let kube-proxy restore it`,
            ]
          : [
              `${sh`kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector ${`spec.nodeName=${host.meta.name ?? host.id}`}`}   # kube-proxy rebuilds its chains on start`,
            ];
      out.push({
        id: 'kube-masquerade-missing',
        severity: 'critical',
        target: host.id,
        variant,
        params: { host: host.id },
        evidence,
        fix,
      });
    }
    return out;
  },
};
