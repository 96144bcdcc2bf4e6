// Loads a generated case into real network namespaces, sends its packets one at a time and reads the kernel's
// per-rule packet counters after each (iptables-save -c), so the model's trace can be compared rule by rule.
import { existsSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { collect } from '../../src/collectors/collect.js';
import { must, run } from '../../src/collectors/runner.js';
import { Lab } from '../../src/labs/engine.js';
import type { RawBundle } from '../../src/bundle/layout.js';
import type { Case, Packet } from './gen.js';

/** The one-packet sender, compiled (plain node runs it; tests run from the sources after `npm run build`). */
const SENDER = fileURLToPath(
  new URL(import.meta.url.endsWith('.ts') ? '../../dist/scripts/difftest/send.js' : './send.js', import.meta.url),
);

/** Settings that make one packet give one deterministic set of counters (docs/dataplane-difftest.md). */
const QUIET = [
  // replies and errors are never rate-limited, redirects never sent, a silent neighbour fails fast
  'net.ipv4.icmp_ratelimit=0',
  'net.ipv4.icmp_echo_ignore_broadcasts=1',
  'net.ipv4.conf.all.send_redirects=0',
  'net.ipv4.conf.default.send_redirects=0',
  'net.ipv4.conf.all.accept_redirects=0',
  'net.ipv4.conf.default.accept_redirects=0',
  'net.ipv4.conf.all.arp_ignore=0',
  'net.ipv4.conf.default.arp_ignore=0',
  'net.ipv4.conf.all.arp_filter=0',
  'net.ipv4.conf.default.arp_filter=0',
  'net.ipv4.conf.all.proxy_arp=0',
  'net.ipv4.conf.default.proxy_arp=0',
  'net.ipv4.conf.default.rp_filter=0',
  'net.ipv4.conf.all.accept_local=0',
  'net.ipv4.conf.default.accept_local=0',
  'net.ipv6.conf.all.disable_ipv6=1',
  'net.ipv6.conf.default.disable_ipv6=1',
];

/** Cases whose namespaces exist right now: a Ctrl-C tears these down (main.ts). */
export const LIVE = new Set<KernelCase>();

export class KernelCase {
  readonly lab = new Lab();
  /** `native`: the rules are loaded as nft's own rules (iptables-restore-translate, then nft -f), not through
   *  iptables; the counters are then nft's, which has none for chain policies. */
  constructor(
    readonly c: Case,
    readonly native = false,
  ) {
    LIVE.add(this);
  }

  ns(id: string): string {
    return this.lab.ns(id);
  }

  // Build namespaces, links, addresses, routes, sysctls and rules; throws when the kernel refuses a rule set.
  async build(): Promise<void> {
    const { lab, c } = this;
    for (const n of c.namespaces) {
      await lab.addHost(n.id);
      await lab.exec(n.id, ['sysctl', '-q', '-w', ...QUIET]);
      await lab.ip(n.id, 'link', 'set', 'lo', 'up');
    }
    for (const l of c.links) {
      if (l.kind === 'veth') {
        await must([
          'ip',
          '-n',
          this.ns(l.a.ns),
          'link',
          'add',
          l.a.iface,
          'type',
          'veth',
          'peer',
          'name',
          l.b.iface,
          'netns',
          this.ns(l.b.ns),
        ]);
        for (const e of [l.a, l.b]) {
          if (e.addr) await lab.ip(e.ns, 'addr', 'add', `${e.addr}/24`, 'dev', e.iface);
          if (e.up) await lab.ip(e.ns, 'link', 'set', e.iface, 'up');
        }
        continue;
      }
      await lab.ip(l.ns, 'link', 'add', l.bridge, 'type', 'bridge');
      if (l.addr) await lab.ip(l.ns, 'addr', 'add', `${l.addr}/24`, 'dev', l.bridge);
      if (l.up) await lab.ip(l.ns, 'link', 'set', l.bridge, 'up');
      for (const m of l.members) {
        await must([
          'ip',
          '-n',
          this.ns(l.ns),
          'link',
          'add',
          m.port,
          'type',
          'veth',
          'peer',
          'name',
          m.iface,
          'netns',
          this.ns(m.ns),
        ]);
        await lab.ip(l.ns, 'link', 'set', m.port, 'master', l.bridge, 'up');
        if (m.addr) await lab.ip(m.ns, 'addr', 'add', `${m.addr}/24`, 'dev', m.iface);
        if (m.up) await lab.ip(m.ns, 'link', 'set', m.iface, 'up');
      }
    }
    // a namespace other than the first has no neigh/default: each device's neighbour settings are its own
    for (const l of c.links) {
      const ends =
        l.kind === 'veth'
          ? [l.a, l.b]
          : [{ ns: l.ns, iface: l.bridge }, ...l.members, ...l.members.map((m) => ({ ns: l.ns, iface: m.port }))];
      for (const e of ends)
        await lab.exec(e.ns, [
          'sysctl',
          '-q',
          '-w',
          ...['retrans_time_ms=10', 'mcast_solicit=2', 'ucast_solicit=2', 'app_solicit=0'].map(
            (x) => `net.ipv4.neigh.${e.iface}.${x}`,
          ),
        ]);
    }
    for (const n of c.namespaces) {
      // a route the kernel refuses (its gateway is on a down link) is simply not there, as on a real host
      for (const r of n.routes) await run(['ip', '-n', this.ns(n.id), 'route', 'add', ...r]);
      await lab.exec(n.id, [
        'sysctl',
        '-q',
        '-w',
        `net.ipv4.ip_forward=${n.forward ? 1 : 0}`,
        `net.ipv4.conf.all.rp_filter=${n.rpFilter}`,
      ]);
      const res = this.native
        ? await this.loadNative(n.id, n.rules)
        : await run(['ip', 'netns', 'exec', this.ns(n.id), 'iptables-restore'], { input: n.rules });
      if (!res.ok)
        throw new Error(`seed ${c.seed}: iptables-restore refused ${n.id}'s rules: ${res.stderr}\n${n.rules}`);
    }
  }

  // The rules as nft's own: translated by iptables-restore-translate (rules it cannot translate, such as an ICMP
  // type with a code, are left out of the kernel and so of the capture), then loaded with nft -f.
  private async loadNative(id: string, rules: string): Promise<{ ok: boolean; stderr: string }> {
    const file = this.lab.runFile(`rules-${id}`);
    writeFileSync(file, rules);
    const tr = await run(['iptables-restore-translate', '-f', file]);
    if (!tr.ok) return { ok: false, stderr: tr.stderr };
    const res = await run(['ip', 'netns', 'exec', this.ns(id), 'nft', '-f', '-'], { input: tr.stdout });
    return { ok: res.ok, stderr: res.stderr };
  }

  // The namespaces as the live collector captures them (host ids are the case's ids).
  async capture(): Promise<RawBundle> {
    const raw = await collect(
      this.c.namespaces.map((n) => ({ kind: 'netns' as const, name: this.ns(n.id) })),
      { prefer: 'text', createdBy: 'difftest' },
    );
    const strip = (s: string): string => s.split(`${this.lab.prefix}-`).join('');
    const files = new Map<string, string>();
    for (const [path, text] of raw.files) files.set(strip(path), strip(text));
    return { path: `difftest:${this.c.seed}`, origin: 'dir', files };
  }

  // Per-rule packet counters of every namespace: "ns table chain index|policy" → packets.
  async counters(): Promise<Map<string, number>> {
    if (this.native) return this.nftCounters();
    const out = new Map<string, number>();
    await Promise.all(
      this.c.namespaces.map(async (n) => {
        const text = await must(['ip', 'netns', 'exec', this.ns(n.id), 'iptables-save', '-c']);
        for (const [k, v] of parseCounters(text)) out.set(`${n.id} ${k}`, v);
      }),
    );
    return out;
  }

  // nft's per-rule counters (`nft -j list ruleset`, rules in chain order): "ns table chain index" → packets.
  private async nftCounters(): Promise<Map<string, number>> {
    const out = new Map<string, number>();
    await Promise.all(
      this.c.namespaces.map(async (n) => {
        const text = await must(['ip', 'netns', 'exec', this.ns(n.id), 'nft', '-j', 'list', 'ruleset']);
        const at = new Map<string, number>();
        for (const it of (JSON.parse(text) as { nftables: Record<string, unknown>[] }).nftables) {
          const r = it.rule as { table: string; chain: string; expr: Record<string, unknown>[] } | undefined;
          if (!r) continue;
          const key = `${r.table} ${r.chain}`;
          const index = (at.get(key) ?? 0) + 1;
          at.set(key, index);
          const c = r.expr.find((e) => 'counter' in e)?.counter as { packets: number } | undefined;
          if (c) out.set(`${n.id} ${key} ${index}`, c.packets);
        }
      }),
    );
    return out;
  }

  // Send one packet the way a program would; the compiled sender must exist (npm run build) (ping, a UDP datagram, a TCP connect) and let it settle.
  async send(p: Packet): Promise<void> {
    // every packet resolves its next hops afresh, as the model assumes: an earlier packet's ARP answer (from
    // another source address) must not spare this one the question
    await Promise.all(this.c.namespaces.map((n) => run(['ip', '-n', this.ns(n.id), 'neigh', 'flush', 'all'])));
    const exec = ['ip', 'netns', 'exec', this.ns(p.from)];
    if (p.proto !== 'icmp' && !existsSync(SENDER)) throw new Error(`${SENDER} is missing: run npm run build first`);
    // one echo request, sent before ping waits (50 ms) for an answer that never comes
    if (p.proto === 'icmp') await run([...exec, 'ping', '-n', '-c', '1', '-W', '0.05', p.dst]);
    else await run([...exec, process.execPath, SENDER, p.proto, p.dst, String(p.dport)]);
    // neighbour resolution of a silent next hop fails after 2 × 10 ms; its ICMP error follows
    await new Promise((res) => setTimeout(res, 60));
  }

  down(): Promise<void> {
    LIVE.delete(this);
    return this.lab.down();
  }
}

// `iptables-save -c`: "[pkts:bytes] -A CHAIN ..." and ":CHAIN POLICY [pkts:bytes]" → "table chain index|policy".
export function parseCounters(text: string): Map<string, number> {
  const out = new Map<string, number>();
  let table = '';
  const idx = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('*')) {
      table = line.slice(1).trim();
      idx.clear();
      continue;
    }
    const pol = /^:(\S+) (ACCEPT|DROP) \[(\d+):\d+\]/.exec(line);
    if (pol) {
      out.set(`${table} ${pol[1]} policy`, Number(pol[3]));
      continue;
    }
    const rule = /^\[(\d+):\d+\] -A (\S+)/.exec(line);
    if (rule) {
      const k = (idx.get(rule[2]!) ?? 0) + 1;
      idx.set(rule[2]!, k);
      out.set(`${table} ${rule[2]} ${k}`, Number(rule[1]));
    }
  }
  return out;
}
