// A troubleshoot support bundle read as it is (src/bundle/formats/troubleshoot.ts), on fixtures/support-bundle/
// (our own k8s-hostgw captures laid out as troubleshoot writes them; see its README).
import { join } from 'node:path';
import { create as tarCreate } from 'tar';
import { describe, expect, it } from 'vitest';
import { runAnalyzers } from '../../src/analyzers/index.js';
import { troubleshoot, typedCommand } from '../../src/bundle/formats/troubleshoot.js';
import { readBundle } from '../../src/bundle/read.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { ROOT } from '../helpers.js';
import { tempDir } from '../tmp.js';

const TOP = 'support-bundle-2026-12-06T08_00_00';
const bundle = (scenario: string): string => join(ROOT, 'fixtures/support-bundle', scenario, TOP);
const info = (command: string, exitCode = '0', error = ''): string => JSON.stringify({ command, exitCode, error });

describe('troubleshoot support bundle', () => {
  it("takes the command a run collector typed from Go's rendering of it", () => {
    expect(typedCommand('/usr/sbin/ip route show')).toBe('ip route show');
    expect(typedCommand('/bin/sh -c iptables-save')).toBe('iptables-save');
    expect(typedCommand("/bin/bash -c 'cat /etc/resolv.conf'")).toBe('cat /etc/resolv.conf');
    expect(typedCommand('/usr/sbin/chroot /host /usr/sbin/iptables-save')).toBe('iptables-save');
    expect(typedCommand('ip -d address show')).toBe('ip -d address show');
  });

  it('names local collectors by the hostname collector, reads by command, then by name or content', () => {
    const got = troubleshoot.read(
      new Map([
        ['host-collectors/run-host/hostname.txt', 'node-7.example.com\n'],
        ['host-collectors/run-host/hostname-info.json', info('/usr/bin/hostname')],
        ['host-collectors/run-host/routes.txt', 'default via 10.0.0.1 dev eth0\n'],
        ['host-collectors/run-host/routes-info.json', info('/usr/sbin/ip route show')],
        // no info file: the output's content says what it is
        ['host-collectors/run-host/rules.txt', '*nat\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n'],
      ]),
    )!;
    expect([...got.files.keys()].sort()).toEqual(['hosts/node-7/ip-route.txt', 'hosts/node-7/iptables-save.txt']);
    expect(got.origins.get('hosts/node-7/ip-route.txt')).toBe('host-collectors/run-host/routes.txt');
  });

  it('a failed command is an errors.json entry with its reason, never an empty fact', () => {
    const got = troubleshoot.read(
      new Map([
        ['host-collectors/n1/run-host/nat.txt', ''],
        [
          'host-collectors/n1/run-host/nat-info.json',
          info('/usr/sbin/iptables-save', '1', 'Permission denied (you must be root)\n'),
        ],
        ['host-collectors/n1/run-host/ipvs.txt', ''],
        ['host-collectors/n1/run-host/ipvs-info.json', info('ipvsadm -Ln', '127', 'ipvsadm: command not found')],
      ]),
    )!;
    expect(got.files.has('hosts/n1/iptables-save.txt')).toBe(false);
    const errors = JSON.parse(got.files.get('hosts/n1/errors.json')!);
    expect(errors).toEqual([
      { artifact: 'iptables-save.txt', reason: 'permission', message: expect.stringContaining('exit 1: Permission') },
      { artifact: 'ipvsadm.txt', reason: 'missing-binary', message: expect.stringContaining('exit 127') },
    ]);
  });

  it('hostile node and namespace names never become paths outside hosts/<id>/ or cluster/<list>/', () => {
    const got = troubleshoot.read(
      new Map([
        ['host-collectors/../run-host/r.txt', 'default via 10.0.0.1 dev eth0\n'],
        ['host-collectors/..%2f/run-host/r.txt', 'default via 10.0.0.1 dev eth0\n'],
        ['cluster-resources/pods/..json', '{"items":[]}'],
        ['cluster-resources/pods/-x.json', '{"items":[]}'],
      ]),
    )!;
    expect([...got.files.keys()].sort()).toEqual(['hosts/.._2f/ip-route.txt', 'hosts/_/ip-route.txt']);
  });

  it('end to end: nodes by their collectors, per-namespace lists, the missing pod route found', async () => {
    const raw = await readBundle(bundle('podcidr-route-missing'));
    const snap = buildSnapshot(raw);
    expect(snap.hosts.map((h) => [h.id, h.kind])).toEqual([
      ['worker-1', 'node'],
      ['worker-2', 'node'],
    ]);
    expect(snap.cluster?.pods.length).toBeGreaterThan(3);
    const r = runAnalyzers(snap);
    expect(r.findings.map((f) => [f.id, f.target, f.severity])).toEqual([
      ['podcidr-route-missing', 'worker-1', 'critical'],
    ]);
    const f = r.findings[0]!;
    expect(f.evidence.map((e) => e.source)).toContain('host-collectors/worker-1/run-host/ip-route.txt');
    expect(f.evidence.map((e) => e.source)).toContain('cluster-resources/nodes.json');
    // what the bundle says it could not get is reported, not taken as healthy
    const cluster = snap.coverage.find((c) => c.target === 'cluster')!;
    expect(cluster.status).toBe('partial');
    expect(cluster.missing[0]!.reason).toContain('namespace monitoring');
    const w1 = snap.coverage.find((c) => c.target === 'worker-1')!;
    expect(w1.missing.find((m) => m.artifacts.includes('ipvsadm.txt'))?.reason).toContain('Protocol not available');
  });

  it('the healthy capture gets no warning or critical finding, from a folder or a .tar.gz alike', async () => {
    const dir = tempDir('sb');
    const tgz = join(dir, 'support-bundle.tar.gz');
    await tarCreate({ gzip: true, file: tgz, cwd: join(ROOT, 'fixtures/support-bundle/healthy') }, [TOP]);
    for (const input of [bundle('healthy'), tgz]) {
      const s = buildSnapshot(await readBundle(input));
      expect(runAnalyzers(s).findings.filter((f) => f.severity !== 'info')).toEqual([]);
      expect(s.coverage.map((c) => c.target).sort()).toEqual(['cluster', 'worker-1', 'worker-2']);
    }
  });
  it('a host bundle (local collectors on one node, no cluster) is that node, and its missing MASQUERADE is found', async () => {
    const host = (scenario: string) => join(ROOT, 'fixtures/support-bundle', scenario, 'host-2026-12-06T08_00_00');
    const snap = buildSnapshot(await readBundle(host('pod-masq-missing')));
    expect(snap.hosts.map((h) => [h.id, h.kind])).toEqual([['worker-1', 'node']]);
    expect(snap.cluster).toBeUndefined();
    const r = runAnalyzers(snap);
    expect(r.findings.map((f) => [f.id, f.target, f.severity])).toEqual([
      ['masquerade-missing', 'worker-1', 'critical'],
    ]);
    expect(r.findings[0]!.evidence.map((e) => e.source)).toContain('host-collectors/run-host/iptables.txt');
    const healthy = runAnalyzers(buildSnapshot(await readBundle(host('healthy'))));
    expect(healthy.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});
