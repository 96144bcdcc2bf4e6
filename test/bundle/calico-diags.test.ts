// `calicoctl node diags` read as it is (src/bundle/formats/calico-diags.ts), on fixtures/calico-diags/: the diags'
// commands run for real on worker-1 of the k8s-calico lab (see its README), as the folder and as the .tar.gz.
import { join } from 'node:path';
import { create as tarCreate } from 'tar';
import { describe, expect, it } from 'vitest';
import { runAnalyzers } from '../../src/analyzers/index.js';
import { calicoDiags } from '../../src/bundle/formats/calico-diags.js';
import { readBundle } from '../../src/bundle/read.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { ROOT } from '../helpers.js';
import { tempDir } from '../tmp.js';

const diags = (fault: string): string => join(ROOT, 'fixtures/calico-diags', fault);

describe('calicoctl node diags', () => {
  it("calicoctl's file names map onto the artifacts; a command's complaint in its file is an errors.json entry", () => {
    const got = calicoDiags.read(
      new Map([
        ['diagnostics/hostname', 'node-3.example.com\n'],
        ['diagnostics/ipv4_route', 'default via 10.0.0.1 dev eth0 \n'],
        ['diagnostics/ipv4_tables', 'iptables-save: command not found\n'],
        ['diagnostics/ipsets', ''],
      ]),
    )!;
    expect([...got.files.keys()].sort()).toEqual(['hosts/node-3/errors.json', 'hosts/node-3/ip-route.txt']);
    expect(JSON.parse(got.files.get('hosts/node-3/errors.json')!)).toEqual([
      {
        artifact: 'iptables-save.txt',
        reason: 'missing-binary',
        message: expect.stringContaining('command not found'),
      },
    ]);
    // one marker file alone is not enough to call a folder calicoctl's
    expect(calicoDiags.read(new Map([['ipv4_route', 'default via 10.0.0.1 dev eth0\n']]))).toBeUndefined();
  });

  it('end to end: the node, its Calico shape, the missing nat-outgoing found, from the archive too', async () => {
    const dir = tempDir('calico');
    const tgz = join(dir, 'diags-20261206_080000.tar.gz');
    await tarCreate({ gzip: true, file: tgz, cwd: diags('pod-masq-missing') }, ['diagnostics']);
    for (const input of [join(diags('pod-masq-missing'), 'diagnostics'), tgz]) {
      const snap = buildSnapshot(await readBundle(input));
      expect(snap.hosts.map((h) => [h.id, h.kind])).toEqual([['worker-1', 'node']]);
      const r = runAnalyzers(snap);
      expect(r.findings.filter((f) => f.severity !== 'info').map((f) => [f.id, f.target])).toEqual([
        ['masquerade-missing', 'worker-1'],
      ]);
      expect(r.findings[0]!.evidence.some((e) => /(^|\/)diagnostics\/ipv4_tables$|^ipv4_tables$/.test(e.source))).toBe(
        true,
      );
    }
  });

  it('the healthy node gets no warning or critical finding, though ip -4 addr leaves out its cali* veths', async () => {
    const snap = buildSnapshot(await readBundle(diags('healthy')));
    expect(snap.hosts[0]!.interfaces!.some((i) => i.name.startsWith('cali'))).toBe(false);
    expect(runAnalyzers(snap).findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});
