// bridge-down: a bridge that is administratively down cuts off every namespace behind it.
import { defineAnalyzer } from './define.js';
import { ev, inNs } from './fix.js';
import { list } from './roles.js';
import type { RawFinding } from './types.js';
import { sh } from '../text/shell.js';
import { portsOf } from '../snapshot/routing.js';

export const bridgeDown = defineAnalyzer({
  id: 'bridge-down',
  summary: {
    en: 'A bridge device is down, so every namespace attached behind it is cut off.',
    'zh-TW': 'bridge 裝置處於 down 狀態，掛在它後面的所有 namespace 都被切斷。',
  },
  variants: {
    default: {
      severity: 'critical',
      title: { en: 'Bridge {bridge} on {host} is down', 'zh-TW': '{host} 上的 bridge {bridge} 處於 DOWN 狀態' },
      explanation: {
        en: '{bridge} is the virtual switch for {ports}. While it is down it passes no frames between its ports and its own address ({addresses}) is unusable, so {behind} can reach neither each other through it nor the gateway on it.',
        'zh-TW':
          '{bridge} 是 {ports} 所連接的虛擬交換器。它處於 down 時不會在各埠之間轉送訊框，本身的位址（{addresses}）也無法使用，因此 {behind} 既無法經由它互通，也連不到它上面的閘道。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts)
      for (const br of h.interfaces ?? []) {
        const ports = portsOf(h, br.name);
        if (br.kind !== 'bridge' && ports.length === 0) continue;
        if (br.adminUp) continue;
        const behind = ports.map((p) => snap.peerOf.get(p)?.host.id).filter((x): x is string => !!x);
        const evidence = [ev(br.src), ...ports.slice(0, 4).map((p) => ev(p.src))];
        const params = {
          host: h.id,
          bridge: br.name,
          ports: list(ports.map((p) => p.name)) || '-',
          behind: list(behind) || list(ports.map((p) => p.name)) || '-',
          addresses: list(br.addresses.filter((a) => a.family === 4).map((a) => `${a.local}/${a.prefix}`)) || '-',
        };
        out.push(finding('default', { target: h.id, params, evidence, fix: [inNs(h, sh`ip link set ${br.name} up`)] }));
      }
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'bridge-down': true;
  }
}
