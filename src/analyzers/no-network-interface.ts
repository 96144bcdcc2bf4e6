// no-network-interface: a namespace with only lo (a container started with --network none): no route can help.
import { text } from '../i18n/lang.js';
import { defineAnalyzer } from './define.js';
import { type Cidr, cidrContains, ipToString } from '../net/ip.js';
import { hasNetworkInterface, isLoopbackIface, routableAddresses } from '../snapshot/routing.js';
import type { Host, Snapshot } from '../snapshot/types.js';
import { raw, sh } from '../text/shell.js';
import { ev, inNs } from './fix.js';
import type { Evidence, Note, RawFinding } from './types.js';

interface Bridge {
  host: Host;
  name: string;
  address: string;
  cidr: Cidr;
  prefix: number;
}

// A bridge with an IPv4 address in the bundle (docker0 first): where a veth for the namespace would go.
function findBridge(snap: Snapshot): Bridge | undefined {
  const all: Bridge[] = [];
  for (const h of snap.hosts)
    for (const i of h.interfaces ?? []) {
      if (i.kind !== 'bridge' && i.name !== 'docker0' && i.name !== 'cni0') continue;
      const a = routableAddresses(i).find((x) => x.family === 4);
      if (a) all.push({ host: h, name: i.name, address: a.local, cidr: a.cidr, prefix: a.cidr.prefix });
    }
  return all.find((b) => b.name === 'docker0') ?? all[0];
}

// The first address of the bridge's subnet that no captured host holds and no neighbour table has seen.
function freeAddress(snap: Snapshot, b: Bridge): string | undefined {
  const used = new Set<string>();
  for (const h of snap.hosts) {
    for (const i of h.interfaces ?? []) for (const a of i.addresses) used.add(a.local);
    for (const n of h.neighbors ?? []) used.add(n.dst);
  }
  const size = 2 ** (32 - b.prefix);
  for (let k = 2; k < Math.min(size - 1, 4096); k++) {
    const ip = { family: 4 as const, value: b.cidr.network + BigInt(k) };
    const text = ipToString(ip);
    if (!used.has(text) && cidrContains(b.cidr, ip)) return text;
  }
  return undefined;
}

export const noNetworkInterface = defineAnalyzer({
  id: 'no-network-interface',
  summary: {
    en: 'A namespace has no interface but loopback (e.g. a container started with --network none): no route can help it.',
    'zh-TW': 'namespace 除了 loopback 之外沒有任何網路介面（例如以 --network none 啟動的容器）：加什麼路由都沒用。',
  },
  variants: {
    default: {
      severity: 'critical',
      title: { en: '{host} has no network interface besides lo', 'zh-TW': '{host} 除了 lo 之外沒有任何網路介面' },
      explanation: {
        en: '{host} holds only the loopback device. Nothing it sends can leave it, so every lookup and connection to another address fails with "Network is unreachable". Adding a default route cannot work: a route needs a device to send through. Connect the namespace first (a veth pair into a bridge, or the container runtime\'s network).',
        'zh-TW':
          '{host} 只有 loopback 介面。它送出的封包都離不開這個 namespace，所以每次查詢與連往其他位址的連線都會以「Network is unreachable」失敗。加上預設路由也沒用：路由需要一個介面才能把封包送出去。請先把它接上網路（接到 bridge 的 veth pair，或容器執行環境的網路）。',
      },
    },
    'docker-none': {
      severity: 'critical',
      title: {
        en: '{host} has no network interface besides lo (started with --network none?)',
        'zh-TW': '{host} 除了 lo 之外沒有任何網路介面（以 --network none 啟動？）',
      },
      explanation: {
        en: '{host} holds only the loopback device while its neighbours sit on {bridge}: the shape of a container started with --network none. Nothing it sends can leave it, so every lookup and connection fails with "Network is unreachable", and a default route cannot help without a device. Connect it to the network (docker network connect), or recreate it without --network none.',
        'zh-TW':
          '{host} 只有 loopback 介面，而其他容器都接在 {bridge} 上：這正是以 --network none 啟動的容器的樣子。它送出的封包都離不開，每次查詢與連線都會以「Network is unreachable」失敗；沒有介面，加預設路由也沒用。請把它接上網路（docker network connect），或不加 --network none 重新建立。',
      },
    },
  },
  run(snap, finding) {
    const out: RawFinding<string>[] = [];
    for (const h of snap.hosts) {
      if (!h.interfaces || h.kind === 'host' || h.kind === 'node' || hasNetworkInterface(h)) continue;
      // "only lo" needs lo in the listing: an empty or partial one (a garbled paste) proves nothing
      const lo = h.interfaces.find(isLoopbackIface);
      if (!lo) continue;
      const evidence: Evidence[] = [ev(lo.src)];
      if (h.resolv?.nameservers[0]) evidence.push(ev(h.resolv.nameservers[0].src));
      const bridge = findBridge(snap);
      const dockerish = h.kind === 'container' || bridge?.name === 'docker0';
      const fix: string[] = [];
      const notes: Note[] = [];
      if (h.kind === 'container' && !h.meta.pid) fix.push(sh`docker network connect bridge ${h.meta.name ?? h.id}`);
      else if (bridge && (h.kind === 'netns' || h.kind === 'container')) {
        const free = freeAddress(snap, bridge);
        const ns = h.kind === 'netns' ? (h.meta.netns ?? h.id) : undefined;
        const veth = `veth-${(h.meta.name ?? h.id).replace(/[^A-Za-z0-9]/g, '')}`.slice(0, 15);
        const into = ns ? sh`netns ${ns}` : sh`netns /proc/${h.meta.pid!}/ns/net`;
        fix.push(inNs(bridge.host, sh`ip link add ${veth} type veth peer name eth0 ${raw(into)}`));
        fix.push(inNs(bridge.host, sh`ip link set ${veth} master ${bridge.name} up`));
        if (free) fix.push(inNs(h, sh`ip addr add ${`${free}/${bridge.prefix}`} dev eth0`));
        fix.push(inNs(h, 'ip link set eth0 up'), inNs(h, sh`ip route add default via ${bridge.address}`));
        if (dockerish)
          notes.push(
            text(
              `If ${h.id} is a Docker container: docker network connect bridge ${h.meta.name ?? h.id} does all of this, or recreate it without --network none.`,
              `如果 ${h.id} 是 Docker 容器：docker network connect bridge ${h.meta.name ?? h.id} 就會完成上面所有步驟，或不加 --network none 重新建立它。`,
            ),
          );
      } else {
        notes.push(
          text(
            `Connect ${h.id}: create a veth pair, move one end into it, give that end an address and bring it up, then add a default route.`,
            `把 ${h.id} 接上網路：建立一對 veth，把其中一端移進去、設定位址並啟用，再加上預設路由。`,
          ),
        );
      }
      out.push(
        finding(dockerish ? 'docker-none' : 'default', {
          severity: 'critical',
          target: h.id,
          params: { host: h.id, bridge: bridge?.name ?? 'a bridge' },
          evidence,
          fix,
          notes,
        }),
      );
    }
    return out;
  },
});

// This file's row in the registry (src/analyzers/index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredAnalyzers {
    'no-network-interface': true;
  }
}
