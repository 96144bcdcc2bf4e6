// netpol-not-enforced: the cluster has NetworkPolicies, but its CNI (flannel alone) enforces none of them.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { detectCni } from '../snapshot/cni.js';
import { ev } from './fix.js';
import { list } from './roles.js';
import type { RawFinding } from './types.js';

/** Policy engines that may run beside flannel (canal, kube-router's firewall, …): then policies are enforced. */
const ENGINES = /calico|cilium|kube-router|weave|antrea|canal|policy/i;

export const netpolNotEnforced = defineAnalyzer({
  id: 'netpol-not-enforced',
  summary: {
    en: 'NetworkPolicies exist, but the CNI the nodes run (flannel alone) does not enforce them.',
    'zh-TW': '叢集裡有 NetworkPolicy，但節點所用的 CNI（只有 flannel）不會執行它們。',
  },
  variants: {
    default: {
      severity: 'warning',
      title: {
        en: '{count} NetworkPolicy object(s) have no effect: flannel does not enforce policies',
        'zh-TW': '{count} 個 NetworkPolicy 沒有作用：flannel 不會執行網路政策',
      },
      explanation: {
        en: 'The cluster has {policies}, but its nodes run flannel ({mode}, seen on {host}) and no policy engine. flannel only connects pods; nothing turns the policies into packet filters, so traffic they deny still flows and traffic they are meant to allow was never at risk. Tests that pass with the policies in place prove nothing about them.',
        'zh-TW':
          '叢集裡有 {policies}，但節點執行的是 flannel（{mode}，見於 {host}），也沒有任何政策引擎。flannel 只負責連通 Pod，沒有東西把這些政策變成封包過濾規則，所以被政策拒絕的流量照樣能通，而政策要放行的流量也從未被擋過。在政策存在時通過的測試，並不能證明政策有效。',
      },
    },
  },
  run(snap, finding) {
    const c = snap.cluster;
    if (!c || c.policies.length === 0) return [];
    const cni = detectCni(snap);
    if (!cni || cni.enforcesPolicies) return [];
    // a policy engine beside flannel (canal, kube-router) shows up as pods or a DaemonSet
    const names = [...c.daemonSets.map((d) => d.name), ...c.pods.map((p) => p.name)];
    if (names.some((n) => ENGINES.test(n))) return [];
    const out: RawFinding<string>[] = [
      finding('default', {
        target: 'cluster',
        params: {
          count: c.policies.length,
          policies: list(c.policies.map((p) => `${p.namespace ?? 'default'}/${p.name}`)),
          mode: cni.mode ?? 'flannel',
          host: cni.host,
        },
        evidence: [ev(cni.src), ...c.policies.slice(0, 3).map((p) => ev(p.src))],
        fix: [
          'kubectl get networkpolicy -A',
          {
            cmd: 'kubectl -n kube-system get daemonset -o wide',
            comment: text(
              'is any policy engine (Calico, Cilium, kube-router) running?',
              '有沒有任何政策引擎（Calico、Cilium、kube-router）在執行？',
            ),
          },
        ],
      }),
    ];
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'netpol-not-enforced': true;
  }
}
