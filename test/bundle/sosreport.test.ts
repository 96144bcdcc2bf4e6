// A sosreport read as it is (src/bundle/sosreport.ts), on fixtures/sosreport/ (our own capture laid out as sos
// names its files; see its README).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAnalyzers } from '../../src/analyzers/index.js';
import { readBundle } from '../../src/bundle/read.js';
import { sosFiles, sosPlace } from '../../src/bundle/formats/sosreport.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { ROOT } from '../helpers.js';
import { tempDir } from '../tmp.js';

describe('sosreport', () => {
  it("sos's file names map onto the bundle's artifacts, namespaces as hosts of their own", () => {
    expect(sosPlace('sos_commands/networking/ip_-d_address')).toMatchObject({ artifact: 'ip-addr.txt' });
    expect(sosPlace('sos_commands/networking/ip_route_show_table_all')).toMatchObject({ artifact: 'ip-route.txt' });
    expect(sosPlace('sos_commands/firewall_tables/nft_-a_list_ruleset')).toMatchObject({ artifact: 'nft.txt' });
    expect(sosPlace('sos_commands/firewall_tables/iptables_-vnxL')).toMatchObject({ artifact: 'iptables-L.txt' });
    expect(sosPlace('sos_commands/kernel/sysctl_-a')).toMatchObject({ artifact: 'sysctl.txt' });
    expect(sosPlace('etc/resolv.conf')).toMatchObject({ artifact: 'resolv.conf' });
    expect(sosPlace('sos_commands/networking/namespaces/cni-1/ip_netns_exec_cni-1_ip_-d_address_show')).toMatchObject({
      ns: 'cni-1',
      artifact: 'ip-addr.txt',
    });
    expect(sosPlace('sos_commands/networking/netstat_-neopa')).toBeUndefined();
    expect(sosPlace('sos_commands/yum/yum_history')).toBeUndefined();
  });
  it('a hostile namespace or host name never becomes a path outside hosts/<id>/', () => {
    const out = sosFiles(
      new Map([
        ['hostname', '../../etc\n'],
        ['sos_commands/networking/ip_-d_address', 'x'],
        ['sos_commands/networking/namespaces/../ip_netns_exec_.._ip_-d_address_show', 'y'],
      ]),
    )!;
    expect([...out.files.keys()].sort()).toEqual(['hosts/_/ip-addr.txt', 'hosts/local/ip-addr.txt']);
  });
  it('end to end: the node under its hostname, the pod namespace beside it, evidence citing sos paths', async () => {
    const raw = await readBundle(join(ROOT, 'fixtures/sosreport/sosreport-worker-1-2026-12-02'));
    const snap = buildSnapshot(raw);
    expect(snap.hosts.map((h) => [h.id, h.kind])).toEqual([
      ['cni-7f3a', 'pod'],
      ['worker-1', 'node'],
    ]);
    const f = runAnalyzers(snap).findings.find((x) => x.id === 'masquerade-missing');
    expect(f).toMatchObject({ target: 'worker-1', severity: 'critical' });
    expect(f!.evidence.map((e) => e.source)).toContain('sos_commands/firewall_tables/iptables-save');
  });
  it('reads the .tar.xz sos makes by default, and says plainly when xz itself is missing', async () => {
    const dir = tempDir('sosxz');
    const xz = join(dir, 'sosreport-worker-1-2026-12-02.tar.xz');
    execFileSync('tar', ['-C', join(ROOT, 'fixtures/sosreport'), '-cJf', xz, 'sosreport-worker-1-2026-12-02']);
    const snap = buildSnapshot(await readBundle(xz));
    const f = runAnalyzers(snap).findings.find((x) => x.id === 'masquerade-missing');
    expect(f!.evidence.map((e) => e.source)).toContain(
      'sosreport-worker-1-2026-12-02/sos_commands/firewall_tables/iptables-save',
    );
    const path = process.env.PATH;
    process.env.PATH = dir;
    try {
      await expect(readBundle(xz)).rejects.toMatchObject({ code: 'ERR_XZ_MISSING' });
    } finally {
      process.env.PATH = path;
    }
  });
});
