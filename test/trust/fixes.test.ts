// Issue 12: fixes that are right, or honestly absent. Every fix line is a runnable command (no placeholder such as
// <gateway-ip>, no comment line), and the two data planes that got confident wrong advice get the right cause.
import { fixText } from '../../src/analyzers/types.js';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAnalyzers } from '../../src/analyzers/index.js';
import { readBundle } from '../../src/bundle/read.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { ROOT, d, findings } from '../helpers.js';

// Every bundle under fixtures/ (a folder with bundle.json).
function bundles(dir = join(ROOT, 'fixtures')): string[] {
  if (existsSync(join(dir, 'bundle.json'))) return [dir];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .flatMap((e) => bundles(join(dir, e.name)));
}

describe('fix lines are commands', () => {
  it('across every fixture: no placeholder, no comment line; notes and manifests carry the rest', async () => {
    const all = bundles();
    expect(all.length).toBeGreaterThan(40);
    let checked = 0;
    for (const b of all) {
      const { findings: fs } = runAnalyzers(buildSnapshot(await readBundle(b)));
      for (const f of fs) {
        for (const line of f.fix.map((e) => fixText(e))) {
          expect(line, `${b}: ${f.id}`).not.toMatch(/<[a-z][a-z-]*>/);
          expect(line.trimStart(), `${b}: ${f.id}`).not.toMatch(/^#/);
          checked++;
        }
        for (const n of f.notes ?? []) expect(n['zh-TW'], `${b}: ${f.id}`).toMatch(/[\u4e00-\u9fff]/);
        // a finding with neither a command nor a note nor a manifest would leave the user with nothing
        expect(f.fix.length + (f.notes?.length ?? 0) + (f.manifest ? 1 : 0), `${b}: ${f.id}`).toBeGreaterThan(0);
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('Calico: 169.254.1.1 is the designed gateway', () => {
  it('proxy_arp off on the node: calico-proxy-arp-off names the veth and the sysctl; the pod is not told to reroute', async () => {
    const fs = runAnalyzers(
      buildSnapshot(await readBundle(join(ROOT, 'fixtures', 'k8s-calico', 'proxy-arp-off'))),
    ).findings;
    const arp = fs.find((f) => f.id === 'calico-proxy-arp-off');
    expect(arp).toMatchObject({ target: 'worker-1', severity: 'critical', params: { pods: 'default.client' } });
    expect(arp!.fix).toEqual([expect.stringMatching(/^sysctl -w net\.ipv4\.conf\.cali[0-9a-f]{11}\.proxy_arp=1$/)]);
    expect(arp!.evidence.map((e) => e.text)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/proxy_arp = 0/),
        expect.stringMatching(/^169\.254\.1\.1 dev eth0 .*INCOMPLETE/),
      ]),
    );
    expect(fs.some((f) => f.id === 'gateway-unreachable')).toBe(false);
    expect(fs.flatMap((f) => f.fix).join('\n')).not.toMatch(/ip route (replace|add) default/);
    expect(fs.find((f) => f.id === 'dns-nameserver-unreachable')).toMatchObject({
      variant: 'calico-proxy-arp',
      params: { node: 'worker-1' },
    });
    // the healthy Calico capture: every cali* veth answers (proxy_arp = 1), nothing fires
    const ok = runAnalyzers(buildSnapshot(await readBundle(join(ROOT, 'fixtures', 'k8s-calico', 'healthy')))).findings;
    expect(ok.filter((f) => f.id === 'calico-proxy-arp-off' || f.id === 'gateway-unreachable')).toEqual([]);
  });
  it('only the pod was captured: a check on its node, never a new default route', () => {
    const fs = findings({
      'hosts/p/host.json': '{"kind":"pod","name":"client","namespace":"default","node":"worker-1"}',
      'hosts/p/ip-addr.txt': d(`
        2: eth0@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP
            inet 10.244.0.9/32 scope global eth0
      `),
      'hosts/p/ip-route.txt': 'default via 169.254.1.1 dev eth0\n169.254.1.1 dev eth0 scope link\n',
      'hosts/p/ip-neigh.txt': '169.254.1.1 dev eth0 INCOMPLETE\n',
    });
    const g = fs.find((f) => f.id === 'gateway-unreachable');
    expect(g).toMatchObject({ variant: 'calico', fix: [] });
    expect(g!.notes![0]!.en).toMatch(
      /On worker-1, find the pod's host-side veth \(ip route get 10\.244\.0\.9 names it\) and check that its proxy_arp is 1/,
    );
  });
});

describe('a namespace with nothing but lo', () => {
  it('docker --network none: no-network-interface with the commands that connect it; no default route to nowhere', async () => {
    const fs = runAnalyzers(
      buildSnapshot(await readBundle(join(ROOT, 'fixtures', 'docker-bridge', 'network-none'))),
    ).findings;
    const n = fs.find((f) => f.id === 'no-network-interface');
    expect(n).toMatchObject({ target: 'c2', variant: 'docker-none' });
    expect(n!.fix).toEqual([
      'ip netns exec host ip link add veth-c2 type veth peer name eth0 netns c2',
      'ip netns exec host ip link set veth-c2 master docker0 up',
      expect.stringMatching(/^ip netns exec c2 ip addr add 172\.17\.0\.\d+\/16 dev eth0$/),
      'ip netns exec c2 ip link set eth0 up',
      'ip netns exec c2 ip route add default via 172.17.0.1',
    ]);
    // the address chosen is one nobody in the bundle holds
    expect(n!.fix[2]).not.toMatch(/172\.17\.0\.(1|2)\//);
    expect(fs.filter((f) => f.target === 'c2').map((f) => f.id)).toEqual(['no-network-interface']);
  });
  it('a container named by docker: docker network connect', () => {
    const fs = findings({
      'hosts/web/host.json': '{"kind":"container","name":"web"}',
      'hosts/web/ip-addr.txt':
        '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN\n    inet 127.0.0.1/8 scope host lo\n',
      'hosts/web/ip-route.txt': '',
    });
    expect(fs.find((f) => f.id === 'no-network-interface')).toMatchObject({
      variant: 'docker-none',
      fix: ['docker network connect bridge web'],
    });
  });
});
