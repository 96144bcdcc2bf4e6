// A Cilium sysdump read as it is (src/bundle/formats/sysdump.ts), as a folder and as the .zip cilium-cli writes,
// on fixtures/sysdump/ (our own k8s-hostgw captures laid out as a sysdump; see its README).
import { createWriteStream, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { create as tarCreate } from 'tar';
import { describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { runAnalyzers } from '../../src/analyzers/index.js';
import { unwrapBugtool } from '../../src/bundle/formats/sysdump.js';
import { readBundle } from '../../src/bundle/read.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { ROOT } from '../helpers.js';
import { tempDir } from '../tmp.js';

const TOP = 'cilium-sysdump-20261206-080000';
const dump = (scenario: string): string => join(ROOT, 'fixtures/sysdump', scenario, TOP);
const AGENT = 'cilium-bugtool-cilium-x7k2p-20261206-080000';

// Every file under DIR, relative to it.
function walk(dir: string, base = dir): string[] {
  return readdirSync(dir).flatMap((n) => {
    const full = join(dir, n);
    return statSync(full).isDirectory() ? walk(full, base) : [relative(base, full)];
  });
}

// A zip of the fixture as cilium-cli writes it (one top folder); `skip` leaves files out, `extra` adds entries.
async function zipOf(scenario: string, o: { skip?: string; extra?: [string, Buffer, number?][] } = {}) {
  const out = join(tempDir('sysdump'), `${TOP}.zip`);
  const zip = new yazl.ZipFile();
  for (const rel of walk(dump(scenario)))
    if (!o.skip || !rel.startsWith(o.skip)) zip.addFile(join(dump(scenario), rel), `${TOP}/${rel}`);
  for (const [name, buf, mode] of o.extra ?? []) zip.addBuffer(buf, name, mode ? { mode } : {});
  zip.end();
  await new Promise<void>((resolve, reject) =>
    zip.outputStream
      .pipe(createWriteStream(out))
      .on('close', () => resolve())
      .on('error', reject),
  );
  return out;
}

describe('Cilium sysdump', () => {
  it("bugtool's Markdown wrapping is blanked so lines keep their numbers; a failed command keeps its error", () => {
    expect(unwrapBugtool('# ip -4 r\n\n```\ndefault via 10.0.0.1 dev eth0\n```\n')).toEqual({
      output: '\n\n\ndefault via 10.0.0.1 dev eth0\n\n',
    });
    expect(unwrapBugtool("> Error while running 'ip6tables-save -c':  exit status 1\n")).toEqual({
      output: '\n',
      error: 'exit status 1',
    });
    expect(unwrapBugtool('default via 10.0.0.1 dev eth0\n').output).toBe('default via 10.0.0.1 dev eth0\n');
  });

  it('end to end from the folder: agents become their nodes, the missing pod route is found', async () => {
    const snap = buildSnapshot(await readBundle(dump('podcidr-route-missing')));
    expect(snap.hosts.map((h) => [h.id, h.kind])).toEqual([
      ['worker-1', 'node'],
      ['worker-2', 'node'],
    ]);
    expect(snap.cluster?.slices.length).toBeGreaterThan(0);
    expect(snap.cluster?.endpointsFrom).toBe('endpoints');
    const r = runAnalyzers(snap);
    expect(r.findings.map((f) => [f.id, f.target, f.severity])).toEqual([
      ['podcidr-route-missing', 'worker-1', 'critical'],
    ]);
    const ev = r.findings[0]!.evidence;
    expect(ev.find((e) => e.source.endsWith('cmd/ip--4-r.md'))).toMatchObject({
      source: `${AGENT}/cilium-bugtool-20261206-080012/cmd/ip--4-r.md`,
      line: 4,
      text: 'default via 192.168.56.1 dev eth0 ',
    });
    expect(ev.find((e) => e.source.startsWith('k8s-nodes-'))).toMatchObject({ line: 24, text: 'Node worker-2' });
    const w1 = snap.coverage.find((c) => c.target === 'worker-1')!;
    expect(w1.missing.find((m) => m.artifacts.includes('ip6tables-save.txt'))?.reason).toContain('exit status 1');
  });

  it('the .zip reads the same, and an older sysdump with the report still packed as a .tar inside it too', async () => {
    const plain = runAnalyzers(buildSnapshot(await readBundle(await zipOf('podcidr-route-missing'))));
    expect(plain.findings.map((f) => f.id)).toEqual(['podcidr-route-missing']);
    // the agent's report as a tar inside the zip, as cilium-cli did before it unpacked them
    const tarDir = tempDir('bugtool');
    const tarFile = join(tarDir, `${AGENT}.tar`);
    await tarCreate({ file: tarFile, cwd: join(dump('podcidr-route-missing'), AGENT) }, [
      'cilium-bugtool-20261206-080012',
    ]);
    const packed = await zipOf('podcidr-route-missing', {
      skip: AGENT,
      extra: [[`${TOP}/${AGENT}.tar`, readFileSync(tarFile)]],
    });
    const snap = buildSnapshot(await readBundle(packed));
    const r = runAnalyzers(snap);
    expect(r.findings.map((f) => [f.id, f.target])).toEqual([['podcidr-route-missing', 'worker-1']]);
    expect(r.findings[0]!.evidence.map((e) => e.source)).toContain(
      `${TOP}/${AGENT}/cilium-bugtool-20261206-080012/cmd/ip--4-r.md`,
    );
  });

  it('a hostile zip: a path that climbs out is refused with a code, a symbolic link is not followed', async () => {
    const link = await zipOf('healthy', {
      extra: [[`${TOP}/k8s-services-20261206-090000.yaml`, Buffer.from('/etc/passwd'), 0o120777]],
    });
    const raw = await readBundle(link);
    expect([...(raw.notes ?? [])].map((n) => n.message).join('\n')).toContain('a symbolic link: not followed');
    // yazl refuses to write "../", so the name is written in a safe shape and the bytes changed afterwards
    const climb = await zipOf('healthy', { extra: [[`${TOP}/xx/escape.yaml`, Buffer.from('x: 1\n')]] });
    const bytes = readFileSync(climb);
    writeFileSync(climb, Buffer.from(bytes.toString('latin1').replaceAll(`${TOP}/xx/`, `${TOP}/../`), 'latin1'));
    await expect(readBundle(climb)).rejects.toMatchObject({ code: 'ERR_UNREADABLE_ARCHIVE' });
    // not a zip at all: said as a zip, with the tool that checks one
    writeFileSync(climb, Buffer.alloc(3000, 7));
    await expect(readBundle(climb)).rejects.toThrow(/could not be read as a \.zip archive: .*unzip -t/);
  });

  it('the healthy capture gets no warning or critical finding', async () => {
    const r = runAnalyzers(buildSnapshot(await readBundle(dump('healthy'))));
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });

  it('nodes without KUBE-* chains are by design when Cilium replaces kube-proxy, a fault when it does not', async () => {
    const raw = await readBundle(dump('healthy'));
    for (const [k, v] of raw.files)
      if (k.endsWith('/iptables-save.txt')) raw.files.set(k, v.replace(/^.*KUBE-.*$/gm, '').replace(/^\n+/gm, '\n'));
    const cm = 'cluster/configmaps/cilium-config.yaml';
    const with_ = (kpr: string) => {
      raw.files.set(cm, raw.files.get(cm)!.replace(/kube-proxy-replacement: .*/, `kube-proxy-replacement: "${kpr}"`));
      return runAnalyzers(buildSnapshot(raw)).findings.filter((f) => f.id === 'kube-proxy-unhealthy');
    };
    expect(with_('false').map((f) => f.target)).toEqual(['worker-1', 'worker-2']);
    expect(with_('true')).toEqual([]);
    const snap = buildSnapshot(raw);
    expect(snap.hosts.every((h) => h.kind === 'node')).toBe(true);
  });
});
