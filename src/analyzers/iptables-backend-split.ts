// iptables-backend-split: a host holds iptables rules in both backends, legacy (x_tables) and nf_tables. The kernel
// runs both, each `iptables` binary shows only its own, and components that use different ones (kube-proxy's
// image and the CNI's, Docker and the host) fight without seeing each other (docs/networking-facts.md §backends).
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { IPTABLES_NFT_TABLES } from '../snapshot/trace/nft-rules.js';
import { ev, inNs } from './fix.js';
import { list } from './roles.js';
import type { Evidence, RawFinding } from './types.js';

export const iptablesBackendSplit = defineAnalyzer({
  id: 'iptables-backend-split',
  summary: {
    en: 'A host has iptables rules in both the legacy and the nf_tables backend; the kernel runs both, each tool sees one.',
    'zh-TW': '主機在 legacy 與 nf_tables 兩種後端都有 iptables 規則；核心兩者都會執行，但每個工具只看得到其中一種。',
  },
  variants: {
    warned: {
      severity: 'warning',
      title: {
        en: '{host} has iptables rules in the legacy backend too',
        'zh-TW': '{host} 在 legacy 後端也有 iptables 規則',
      },
      explanation: {
        en: 'iptables-save on {host} is the nf_tables one, and it warns that legacy tables are present as well. The kernel runs both sets, so a packet meets rules this capture does not show; components that use different backends (kube-proxy in its image, the CNI, Docker, the host) each see only their own rules. A NAT or FORWARD rule that seems missing may sit in the other backend, or a stale one there may drop what this one accepts.',
        'zh-TW':
          '{host} 上的 iptables-save 是 nf_tables 版本，並警告 legacy 的表也存在。核心兩組規則都會執行，因此封包會碰到這份擷取看不到的規則；使用不同後端的元件（映像檔中的 kube-proxy、CNI、Docker、主機本身）各自只看得到自己的規則。看似缺少的 NAT 或 FORWARD 規則可能在另一個後端，或是那裡殘留的規則丟棄了這邊放行的封包。',
      },
    },
    both: {
      severity: 'warning',
      title: {
        en: '{host} has iptables rules in both backends',
        'zh-TW': '{host} 在兩種 iptables 後端都有規則',
      },
      explanation: {
        en: 'The legacy iptables-save of {host} has rules ({legacy}), and nft list ruleset shows iptables-nft tables with rules too ({nft}). The kernel runs both sets; each iptables binary shows only its own. Make every component on the host use one backend.',
        'zh-TW':
          '{host} 的 legacy iptables-save 有規則（{legacy}），nft list ruleset 也顯示 iptables-nft 的表有規則（{nft}）。核心兩組規則都會執行，而每個 iptables 指令只看得到自己的那一組。請讓主機上所有元件使用同一種後端。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts) {
      const rs = h.iptables;
      if (!rs || h.iptablesFromNft) continue;
      const fix = [
        inNs(h, 'iptables-legacy-save | head -50'),
        inNs(h, 'iptables-nft-save | head -50'),
        {
          cmd: 'update-alternatives --display iptables',
          comment: text('which one `iptables` is on this host', '這台主機上的 `iptables` 是哪一個'),
        },
      ];
      if (rs.otherBackend) {
        out.push(finding('warned', { target: h.id, params: { host: h.id }, evidence: [ev(rs.otherBackend)], fix }));
        continue;
      }
      if (rs.backend !== 'legacy') continue;
      // legacy rules captured, and nf_tables holds iptables-nft tables with rules of its own
      const nft = (h.nft ?? []).filter(
        (t) => t.family === 'ip' && IPTABLES_NFT_TABLES.has(t.name) && [...t.chains.values()].some((c) => c.length > 0),
      );
      const legacy = [...rs.tables.values()].filter((t) => [...t.chains.values()].some((c) => c.rules.length > 0));
      if (nft.length === 0 || legacy.length === 0) continue;
      const evidence: Evidence[] = [
        ...legacy.slice(0, 2).flatMap((t) => (t.src ? [ev(t.src)] : [])),
        ...nft.slice(0, 2).flatMap((t) => [...t.chains.values()].flatMap((c) => c.slice(0, 1).map((r) => ev(r.src)))),
      ].slice(0, 6);
      out.push(
        finding('both', {
          target: h.id,
          params: {
            host: h.id,
            legacy: list(legacy.map((t) => t.name)),
            nft: list(nft.map((t) => `ip ${t.name}`)),
          },
          evidence,
          fix,
        }),
      );
    }
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'iptables-backend-split': true;
  }
}
