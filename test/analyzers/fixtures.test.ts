// Each lab fixture is a real capture of the material's lab broken one way; its finding must fire there,
// and nowhere in the healthy capture.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { breaksFor } from '../../src/labs/scenario.js';
import { ALL_SCENARIOS } from '../../src/labs/scenarios/index.js';
import { FINDING_IDS, runAnalyzers } from '../../src/analyzers/index.js';
import { readBundle } from '../../src/bundle/read.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { ROOT } from '../helpers.js';

async function analyze(name: string) {
  const snap = buildSnapshot(await readBundle(join(ROOT, 'fixtures', name)));
  return { snap, ...runAnalyzers(snap) };
}

/** fixture → findings that must fire (id@target), taken from the scenario definitions (src/labs/scenarios). */
const EXPECT: Record<string, string[]> = {
  demo: [
    'masquerade-missing@host',
    'no-default-route@blue',
    'nsswitch-no-dns@blue',
    'dnat-target-unknown@host',
    'dns-nameserver-unreachable@blue',
  ],
};
for (const sc of ALL_SCENARIOS)
  for (const [fault, spec] of Object.entries(sc.faults)) EXPECT[`${sc.id}/${fault}`] = spec.expect;

describe('lab fixtures (real captures from scripts/make-fixtures.ts)', () => {
  for (const sc of ALL_SCENARIOS) {
    it(`${sc.id}/healthy: no finding at all, no parse warning, and its checks passed when captured`, async () => {
      const { findings, failures, snap } = await analyze(`${sc.id}/healthy`);
      expect(failures).toEqual([]);
      // healthy: no finding at all (ndots:5 with kubelet's own search list is not news)
      expect(findings).toEqual([]);
      expect(snap.warnings).toEqual([]);
      expect((snap.manifest as { lab: { failing: string[] } }).lab.failing).toEqual([]);
    });
  }
  it('bridge-nat/healthy: every host linked through the bridge', async () => {
    const { findings, failures, snap } = await analyze('bridge-nat/healthy');
    expect(failures).toEqual([]);
    expect(findings).toEqual([]);
    expect(snap.warnings).toEqual([]);
    // red and blue hang off v-net-0 through their veth peers: one closed segment of five ports
    const seg = snap.segmentOf.get(snap.byId.get('red')!.interfaces!.find((i) => i.name === 'veth-red')!)!;
    expect(seg.closed).toBe(true);
    expect(seg.ports.map((p) => `${p.host.id}/${p.iface.name}`).sort()).toEqual([
      'blue/veth-blue',
      'host/v-net-0',
      'host/veth-blue-br',
      'host/veth-red-br',
      'red/veth-red',
    ]);
  });
  for (const [name, want] of Object.entries(EXPECT)) {
    it(`${name}: exactly ${want.join(', ')}`, async () => {
      const { findings, failures, snap } = await analyze(name);
      expect(failures).toEqual([]);
      // the ground truth recorded at capture time is the one the scenario promises
      const [scId, fault] = name.split('/');
      const spec = ALL_SCENARIOS.find((x) => x.id === scId)?.faults[fault ?? ''];
      if (spec) {
        const nf = [...snap.hosts]
          .find((h) => h.sysctl?.values.has('net.bridge.bridge-nf-call-iptables'))
          ?.sysctl?.values.get('net.bridge.bridge-nf-call-iptables')?.value;
        expect([...(snap.manifest as { lab: { failing: string[] } }).lab.failing].sort()).toEqual(
          breaksFor(spec, { bridgeNf: nf === '1' }),
        );
      }
      expect([...new Set(findings.map((f) => `${f.id}@${f.target}`))].sort()).toEqual([...want].sort());
      for (const f of findings) {
        expect(f.evidence.length).toBeGreaterThan(0);
        expect(f.fix.length + (f.notes?.length ?? 0) + (f.manifest ? 1 : 0)).toBeGreaterThan(0);
      }
    });
  }
  it('every promised finding id fires in some fixture or inline test', () => {
    // ids no lab fault can produce are covered by test/analyzers/k8s-inline.test.ts
    const covered = new Set([
      ...Object.values(EXPECT)
        .flat()
        .map((s) => s.split('@')[0]),
      'dns-search-limit',
      'conntrack-near-full',
      'dns-ndots-high',
      'netpol-blocks-dns',
      'mtu-mismatch',
      // test/analyzers/inline.test.ts, on fixtures/backend-split (real captures, no lab fault makes it)
      'iptables-backend-split',
    ]);
    expect(FINDING_IDS.filter((id) => !covered.has(id))).toEqual([]);
  });
  it('a kube-proxy node without the CNI masquerade: the evidence names the line that lets the pod packet pass', async () => {
    const { findings } = await analyze('k8s-hostgw/pod-masq-missing');
    const f = findings.find((x) => x.id === 'masquerade-missing')!;
    expect(f.target).toBe('worker-1');
    expect(f.evidence.map((e) => e.text)).toContain('-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN');
  });
  it("fix commands use the bundle's names and addresses", async () => {
    const { findings } = await analyze('bridge-nat/no-default-route');
    expect(findings.find((f) => f.id === 'no-default-route')!.fix).toEqual([
      'ip netns exec blue ip route add default via 192.168.15.5',
    ]);
    const masq = (await analyze('bridge-nat/no-masquerade')).findings[0]!;
    expect(masq.fix).toEqual([
      'ip netns exec host iptables -t nat -A POSTROUTING -s 192.168.15.0/24 -o eth0 -j MASQUERADE',
    ]);
    expect(masq.evidence.map((e) => e.source)).toEqual(
      expect.arrayContaining(['hosts/host/ip-addr.txt', 'hosts/host/ip-route.txt', 'hosts/host/iptables-save.txt']),
    );
    const dnat = (await analyze('bridge-nat/dnat-wrong-target')).findings[0]!;
    // no address in the capture fits: the rule is listed, and the note says what the new destination must be
    expect(dnat.fix).toEqual(['ip netns exec host iptables -t nat -L PREROUTING -n --line-numbers']);
    expect(dnat.notes![0]!.en).toMatch(
      /replace rule 1 of PREROUTING with --to-destination set to the address of the container or pod that should receive 192\.168\.15\.3:80/,
    );
  });
  it('evidence cites the proving line of the capture', async () => {
    const { findings, snap } = await analyze('bridge-nat/veth-down');
    const f = findings.find((x) => x.id === 'interface-down')!;
    expect(f.variant).toBe('admin-peer');
    for (const e of f.evidence) expect(snap.files.get(e.source)!.split('\n')[e.line - 1]).toBe(e.text);
    expect(f.evidence.map((e) => e.text)).toEqual([
      expect.stringMatching(/^2: veth-red@if3: <BROADCAST,MULTICAST> /),
      expect.stringMatching(/veth-red-br@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP>/),
    ]);
  });
});

describe('a host captured with nft list ruleset only (fixtures/nft-only/README.md)', () => {
  it.each(['no-masquerade', 'healthy'])(
    '%s: the same findings as with iptables-save, and iptables not "not collected"',
    async (c) => {
      const ids = (r: Awaited<ReturnType<typeof analyze>>): string[] =>
        r.findings.map((f) => `${f.id}@${f.target}`).sort();
      const nftOnly = await analyze(`nft-only/${c}`);
      expect(ids(nftOnly)).toEqual(ids(await analyze(`bridge-nat/${c}`)));
      const host = nftOnly.snap.byId.get('host')!;
      expect(host.iptablesFromNft).toBe(true);
      expect(host.notCollected.map((n) => n.artifact)).not.toContain('iptables-save.txt');
    },
  );
});
