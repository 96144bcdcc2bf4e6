// Reads kube-proxy's KubeProxyConfiguration (the `config.conf` key of the kube-system/kube-proxy ConfigMap)
// with a real YAML parser: quoting, comments and flow style all mean what they mean to kube-proxy.
//
// Sample (kubeadm writes this; trimmed):
//   apiVersion: kubeproxy.config.k8s.io/v1alpha1
//   kind: KubeProxyConfiguration
//   clusterCIDR: 10.244.0.0/16
//   iptables:
//     masqueradeAll: false
//   ipvs:
//     scheduler: ""
//   mode: ""
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import type { ParseResult, Source } from './types.js';
import { guard } from './lines.js';

export interface KubeProxyConfig {
  /** `mode` as written (kube-proxy compares it case-sensitively); "" or absent means iptables on Linux. */
  mode: string;
  modeSrc?: Source;
  clusterCIDR?: string;
}

// Parse config.conf text; a document that is not a YAML mapping gives a warning and the default mode.
export function parseKubeProxyConfig(text: string, file: string): ParseResult<KubeProxyConfig> {
  return guard(
    file,
    () => ({ mode: '' }),
    () => {
      const lc = new LineCounter();
      const doc = parseDocument(text, { lineCounter: lc, prettyErrors: false, uniqueKeys: false });
      const warnings = doc.errors.map((e) => ({
        file,
        line: lc.linePos(e.pos[0]).line,
        message: `not YAML: ${e.message.split('\n')[0]}`,
      }));
      const out: KubeProxyConfig = { mode: '' };
      if (warnings.length > 0) return { value: out, warnings };
      if (!isMap(doc.contents)) return { value: out, warnings: [{ file, line: 1, message: 'not a YAML mapping' }] };
      const lines = text.split('\n');
      for (const pair of doc.contents.items) {
        if (!isScalar(pair.key) || !isScalar(pair.value)) continue;
        const value = pair.value.value;
        if (pair.key.value === 'mode') {
          if (typeof value !== 'string' && value !== null) {
            warnings.push({
              file,
              line: lc.linePos(pair.value.range?.[0] ?? 0).line,
              message: `mode is not a string: ${String(value)}`,
            });
            continue;
          }
          const line = lc.linePos(pair.key.range?.[0] ?? 0).line;
          out.mode = value ?? '';
          out.modeSrc = { file, line, text: lines[line - 1] ?? '' };
        }
        if (pair.key.value === 'clusterCIDR' && typeof value === 'string') out.clusterCIDR = value;
      }
      return { value: out, warnings };
    },
  );
}
