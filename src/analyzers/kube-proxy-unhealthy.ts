// kube-proxy-unhealthy: on a node, kube-proxy's pod is failing, or its rules, jumps or canary are missing.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { kubeProxyReplaced } from '../snapshot/cni.js';
import { proxyMode } from '../snapshot/k8s/kube-proxy.js';
import { ev, evFile } from './fix.js';
import { configuredMode, kubeProxyOf } from './k8s.js';
import type { Evidence, RawFinding } from './types.js';
import { commentText, sh } from '../text/shell.js';

export const kubeProxyUnhealthy = defineAnalyzer({
  id: 'kube-proxy-unhealthy',
  summary: {
    en: 'kube-proxy on a node is not ready or restarting, or its chains, jumps or canary are missing.',
    'zh-TW': '節點上的 kube-proxy 未就緒或不斷重啟，或它的鏈、跳轉規則、canary 不見了。',
  },
  variants: {
    'no-rules': {
      severity: 'critical',
      title: { en: 'kube-proxy has programmed nothing on {host}', 'zh-TW': 'kube-proxy 在 {host} 上沒有設定任何規則' },
      explanation: {
        en: 'The cluster has {services} Services, but {host} has no KUBE-SERVICES chain in its nat table: kube-proxy is not running there, or the rules were flushed and not restored. No ClusterIP or NodePort works from this node or its pods.{pod}',
        'zh-TW':
          '叢集有 {services} 個 Service，但 {host} 的 nat 表沒有 KUBE-SERVICES 鏈：kube-proxy 沒有在那裡執行，或規則被清空後沒有恢復。從這個節點及其 Pod 出發，所有 ClusterIP 與 NodePort 都不通。{pod}',
      },
    },
    'no-jump': {
      severity: 'critical',
      title: { en: 'Service rules on {host} are never reached', 'zh-TW': '{host} 上的 Service 規則永遠不會被走到' },
      explanation: {
        en: 'KUBE-SERVICES exists on {host}, but nat {chains} does not jump to it, so packets to ClusterIPs are never translated. Someone removed the jumps; kube-proxy restores them on its next full sync.',
        'zh-TW':
          '{host} 上有 KUBE-SERVICES，但 nat 的 {chains} 沒有跳到它，送往 ClusterIP 的封包永遠不會被轉換。有人移除了這些跳轉；kube-proxy 會在下一次完整同步時恢復。',
      },
    },
    pod: {
      severity: 'critical',
      title: { en: 'kube-proxy on {host} is not healthy', 'zh-TW': '{host} 上的 kube-proxy 不健康' },
      explanation: {
        en: 'The kube-proxy pod {podName} on {host} is {state}. While it is down, Service and EndpointSlice changes are not written to this node, so its rules drift from the cluster.',
        'zh-TW':
          '{host} 上的 kube-proxy Pod {podName} 狀態為 {state}。它停擺期間，Service 與 EndpointSlice 的變動不會寫到這個節點，規則會和叢集漸行漸遠。',
      },
    },
    healthz: {
      severity: 'critical',
      title: {
        en: 'kube-proxy on {host} answers /healthz with 503',
        'zh-TW': '{host} 上的 kube-proxy 對 /healthz 回應 503',
      },
      explanation: {
        en: 'kube-proxy reports itself unhealthy: its last successful rule sync was at {lastUpdated}, and at {currentTime} that is older than its healthTimeout. Service changes since then are not on {host}; load balancers that probe port 10256 take the node out of rotation.',
        'zh-TW':
          'kube-proxy 回報自己不健康：它最後一次成功同步規則是在 {lastUpdated}，到 {currentTime} 已超過 healthTimeout。此後的 Service 變動都沒有寫到 {host}；探測 10256 埠的負載平衡器會把這個節點移出服務。',
      },
    },
    'not-eligible': {
      severity: 'critical',
      title: { en: '{host} is not eligible for load-balanced traffic', 'zh-TW': '{host} 不再接收負載平衡流量' },
      explanation: {
        en: "kube-proxy's /healthz on {host} says nodeEligible: false, which it does while the node is being deleted or is tainted out of service. External load balancers stop sending traffic to it; that is expected during a drain, not otherwise.",
        'zh-TW':
          '{host} 上 kube-proxy 的 /healthz 回報 nodeEligible: false，這表示節點正在被刪除，或已被 taint 排除在服務之外。外部負載平衡器會停止把流量送來；在排空（drain）期間這是預期行為，其他時候則不是。',
      },
    },
    canary: {
      severity: 'critical',
      title: { en: 'KUBE-PROXY-CANARY is missing on {host}', 'zh-TW': '{host} 上的 KUBE-PROXY-CANARY 不見了' },
      explanation: {
        en: 'kube-proxy keeps an empty KUBE-PROXY-CANARY chain so it can notice when iptables is flushed. It is missing on {host} while other KUBE- chains remain: the tables were flushed or edited by hand, and kube-proxy will rebuild them within its sync period.',
        'zh-TW':
          'kube-proxy 會保留一條空的 KUBE-PROXY-CANARY 鏈，用來察覺 iptables 被清空。{host} 上這條鏈不見了，但其他 KUBE- 鏈還在：表被清空或被手動修改過，kube-proxy 會在同步週期內重建。',
      },
    },
  },
  run(snap, finding) {
    const c = snap.cluster;
    if (!c) return [];
    const mode = configuredMode(snap);
    const out: RawFinding<string>[] = [];
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
      const params = {
        host: h.id,
        podName: pod ? `kube-system/${pod.name}` : '-',
        state: podState ?? '-',
        pod: podState ? ` (kube-proxy pod: ${podState})` : '',
        services: c.services.length,
        chains: '',
        lastUpdated: '?',
        currentTime: '?',
      };
      const evidence: Evidence[] = pod ? [ev(pod.obj.src)] : [];
      const fix = [
        sh`kubectl -n kube-system get pods -l k8s-app=kube-proxy -o wide --field-selector ${`spec.nodeName=${nodeName}`}`,
        {
          cmd: 'kubectl -n kube-system logs -l k8s-app=kube-proxy --tail=50 --prefix',
          comment: text(`the pod on ${commentText(nodeName)}`, `${commentText(nodeName)} 上的那個 Pod`),
        },
      ];
      const rs = h.iptables;
      const nodeMode = h.proxyMode ?? mode;
      // chain, jump and canary checks only mean something where kube-proxy runs in iptables mode
      const iptMode = nodeMode === undefined || proxyMode(nodeMode, rs) === 'iptables';
      const ipt = rs && rs.format === 'save' && iptMode;
      const kp = iptMode ? kubeProxyOf(h) : undefined;
      let variant: 'no-rules' | 'no-jump' | 'not-eligible' | 'healthz' | 'pod' | 'canary' | undefined;
      // without kube-proxy by design (Cilium replacing it), no KUBE-SERVICES is what a healthy node has
      if (ipt && !kp && c.services.some((s) => s.clusterIPs.length > 0) && !kubeProxyReplaced(snap)) {
        variant = 'no-rules';
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
      out.push(finding(variant, { severity: 'critical', target: h.id, params, evidence, fix }));
    }
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'kube-proxy-unhealthy': true;
  }
}
