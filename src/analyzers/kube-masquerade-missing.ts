// kube-masquerade-missing: kube-proxy's SNAT machinery (KUBE-MARK-MASQ → KUBE-POSTROUTING) is broken on a node.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { ev, evFile, inNs } from './fix.js';
import { iptablesNodes } from './k8s.js';
import type { Evidence, RawFinding } from './types.js';
import { sh } from '../text/shell.js';

export const kubeMasqueradeMissing = defineAnalyzer({
  id: 'kube-masquerade-missing',
  summary: {
    en: "kube-proxy's KUBE-POSTROUTING / KUBE-MARK-MASQ machinery is missing or not jumped to.",
    'zh-TW': 'kube-proxy 的 KUBE-POSTROUTING / KUBE-MARK-MASQ 機制缺少，或沒有被跳轉到。',
  },
  variants: {
    'no-jump': {
      severity: 'critical',
      title: {
        en: 'POSTROUTING on {host} never reaches KUBE-POSTROUTING',
        'zh-TW': '{host} 的 POSTROUTING 沒有跳到 KUBE-POSTROUTING',
      },
      explanation: {
        en: 'kube-proxy marks traffic that must be source-NATed (NodePort and external traffic, hairpin), but nat POSTROUTING on {host} has no jump to KUBE-POSTROUTING, so the MASQUERADE never happens. Replies go straight from the pod to the client, which drops them: NodePorts and external IPs served through this node fail.',
        'zh-TW':
          'kube-proxy 會標記需要做來源 NAT 的流量（NodePort、外部流量、hairpin），但 {host} 的 nat POSTROUTING 沒有跳到 KUBE-POSTROUTING,MASQUERADE 永遠不會發生。回應直接從 Pod 送回用戶端而被丟棄：經由這個節點的 NodePort 與外部 IP 都會失敗。',
      },
    },
    'no-masquerade': {
      severity: 'critical',
      title: {
        en: 'KUBE-POSTROUTING on {host} has no MASQUERADE',
        'zh-TW': '{host} 的 KUBE-POSTROUTING 沒有 MASQUERADE',
      },
      explanation: {
        en: 'Traffic marked for SNAT on {host} reaches KUBE-POSTROUTING, but that chain has no MASQUERADE rule, so NodePort and external traffic keeps its client source address and the replies are lost.',
        'zh-TW':
          '{host} 上被標記要做 SNAT 的流量會進到 KUBE-POSTROUTING，但該鏈沒有 MASQUERADE 規則，NodePort 與外部流量保留了用戶端來源位址，回應因此遺失。',
      },
    },
    'no-mark': {
      severity: 'critical',
      title: { en: 'KUBE-MARK-MASQ on {host} marks nothing', 'zh-TW': '{host} 的 KUBE-MARK-MASQ 沒有做任何標記' },
      explanation: {
        en: 'KUBE-MARK-MASQ on {host} has no MARK rule, so nothing is ever marked for the MASQUERADE in KUBE-POSTROUTING.',
        'zh-TW': '{host} 的 KUBE-MARK-MASQ 沒有 MARK 規則，所以 KUBE-POSTROUTING 的 MASQUERADE 永遠不會被觸發。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
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
      const name =
        variant === 'no-jump' ? 'POSTROUTING' : variant === 'no-masquerade' ? 'KUBE-POSTROUTING' : 'KUBE-MARK-MASQ';
      const post = nat.chains.get(name);
      if (post?.src) evidence.push(ev(post.src));
      for (const r of post?.rules.slice(0, 3) ?? []) evidence.push(ev(r.src));
      // a chain that is not there at all has no line to show: the whole capture is the evidence of its absence
      if (evidence.length === 0)
        evidence.push(evFile(nat.src?.file ?? `${host.dir}/iptables-save.txt`, `(no ${name} chain in the nat table)`));
      const fix =
        variant === 'no-jump'
          ? [
              inNs(
                host,
                'iptables -t nat -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
              ),
              {
                cmd: sh`kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector ${`spec.nodeName=${host.meta.name ?? host.id}`}`,
                comment: text('or let kube-proxy restore it', '或讓 kube-proxy 把它恢復'),
              },
            ]
          : [
              {
                cmd: sh`kubectl -n kube-system delete pod -l k8s-app=kube-proxy --field-selector ${`spec.nodeName=${host.meta.name ?? host.id}`}`,
                comment: text('kube-proxy rebuilds its chains on start', 'kube-proxy 啟動時會重建它的鏈'),
              },
            ];
      out.push(finding(variant, { severity: 'critical', target: host.id, params: { host: host.id }, evidence, fix }));
    }
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'kube-masquerade-missing': true;
  }
}
