// capture / diagnose / lab as a user runs them, on real namespaces.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/collectors/runner.js';
import { Lab, labSupport } from '../../src/labs/engine.js';
import { bridgeNat } from '../../src/labs/scenarios/bridge-nat.js';
import { ROOT } from '../helpers.js';
import { asNobody } from '../nobody.js';
import { tempDir } from '../tmp.js';

process.env.KUBE_NETDIAG_LAB_STATE = tempDir('labstate-');
const { runCli } = await import('../cli-io.js');

const support = await labSupport();
if (!support.ok && process.env.CI === 'true')
  throw new Error(`CI=true but the live CLI tests cannot run: ${support.reason}`);
if (!support.ok) process.stderr.write(`\n[skip] test/cli/live: ${support.reason}\n`);

const cli = (argv: string[]) => runCli(argv);

const labNamespaces = async (): Promise<string[]> =>
  (await run(['ip', 'netns', 'list'])).stdout
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter((n) => n.startsWith('kndlab'));

describe.skipIf(!support.ok)(`live commands${support.ok ? '' : ` (skipped: ${support.reason})`}`, () => {
  const lab = new Lab();
  afterAll(async () => {
    await lab.down();
    await cli(['lab', 'down']);
  });

  it('capture → .tar.gz → analyze gives what diagnose gives', async () => {
    await bridgeNat.build(lab, ['no-masquerade']);
    const ns = lab.hosts.flatMap((h) => ['--netns', lab.ns(h)]);
    const tgz = join(tempDir('cap-'), 'incident.tar.gz');
    const cap = await cli(['capture', ...ns, '-o', tgz]);
    expect(cap.code).toBe(0);
    expect(cap.err).toMatch(/wrote .*incident\.tar\.gz \(4 hosts, redacted\)/);
    const analyzed = await cli(['analyze', tgz, '-o', 'json']);
    const diagnosed = await cli(['diagnose', ...ns, '-q', '-o', 'json']);
    expect(analyzed.code).toBe(1);
    expect(diagnosed.code).toBe(1);
    const ids = (s: string) =>
      (JSON.parse(s) as { findings: { id: string; target: string }[] }).findings.map((f) => `${f.id}@${f.target}`);
    expect(ids(diagnosed.out)).toEqual([`masquerade-missing@${lab.ns('host')}`]);
    expect(ids(analyzed.out)).toEqual(ids(diagnosed.out));
  });
  it('diagnose --probe turns "no route problem" into "never replies" for namespaces behind the missing NAT', async () => {
    const r = await cli([
      'diagnose',
      '--netns',
      lab.ns('blue'),
      '--netns',
      lab.ns('host'),
      '--probe',
      '-q',
      '-o',
      'json',
      '--fail-on',
      'critical',
    ]);
    const f = (JSON.parse(r.out) as { findings: { id: string; target: string; title: string }[] }).findings;
    expect(f.find((x) => x.target === lab.ns('blue'))?.title).toMatch(/never replies/);
    expect(r.code).toBe(1);
  });
  it('lab up / list / down through the state file', async () => {
    const up = await cli(['lab', 'up', 'manual-cni', '--fault', 'lo-down']);
    expect(up.code).toBe(0);
    expect(up.out).toMatch(/container-lo\s+FAILS/);
    expect(up.out).toMatch(/node→container\s+ok/);
    const prefix = /Lab is up: (kndlab\w+)/.exec(up.out)![1]!;
    expect(await labNamespaces()).toEqual(expect.arrayContaining([`${prefix}-node`, `${prefix}-container`]));
    expect((await cli(['lab', 'list'])).out).toContain(`${prefix}  manual-cni --fault lo-down`);
    const down = await cli(['lab', 'down', prefix]);
    expect(down.out).toContain(`removed: ${prefix}`);
    expect(await labNamespaces()).not.toEqual(expect.arrayContaining([`${prefix}-node`]));
  });
  it('lab usage errors: unknown scenario or fault exit 2', async () => {
    expect((await cli(['lab', 'up', 'nope'])).code).toBe(2);
    expect((await cli(['lab', 'up', 'manual-cni', '--fault', 'nope'])).err).toMatch(/no fault "nope"/);
  });
  it('lab as a non-root user: refused with the reason', async () => {
    const r = await asNobody(['lab', 'up', 'manual-cni']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/need root.*ERR_LAB_UNSUPPORTED/);
  });
  it('Ctrl-C during lab up removes what was already built', async () => {
    const before = await labNamespaces();
    const child = spawn(process.execPath, [join(ROOT, 'bin', 'kube-netdiag'), 'lab', 'up', 'bridge-nat'], {
      stdio: 'ignore',
      env: { ...process.env },
    });
    // wait until the build has created something, then interrupt it
    const fresh = async () => (await labNamespaces()).filter((n) => !before.includes(n));
    let mine: string[] = [];
    for (let i = 0; i < 200 && mine.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 10));
      mine = await fresh();
    }
    expect(mine.length).toBeGreaterThan(0);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(130);
    // only this child's namespaces are checked: another lab on the same machine is not ours to judge
    const prefix = mine[0]!.split('-')[0]!;
    expect((await labNamespaces()).filter((n) => n.startsWith(`${prefix}-`))).toEqual([]);
  });
});
