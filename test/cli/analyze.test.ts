import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { create as tarCreate } from 'tar';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli-io.js';
import { ROOT, fixture } from '../helpers.js';
import { tempDir } from '../tmp.js';

const cli = (argv: string[], env: NodeJS.ProcessEnv = {}, tty = false) => runCli(argv, { env, tty });

const FX = (n: string) => join(ROOT, 'fixtures', n);

describe('kube-netdiag analyze', () => {
  it('healthy bundle: exit 0, every host listed', async () => {
    const r = await cli(['analyze', FX('bridge-nat/healthy')]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/4 hosts · 0 critical · 0 warning · 0 info/);
  });
  it('--fail-on decides the exit code', async () => {
    expect((await cli(['analyze', FX('bridge-nat/hosts-override')])).code).toBe(0);
    expect((await cli(['analyze', FX('bridge-nat/hosts-override'), '--fail-on', 'info'])).code).toBe(1);
    expect((await cli(['analyze', FX('demo'), '--fail-on', 'none'])).code).toBe(0);
    expect((await cli(['analyze', FX('demo')])).code).toBe(1);
  });
  it('JSON is the stable machine format', async () => {
    const r = await cli(['analyze', FX('bridge-nat/no-masquerade'), '-o', 'json']);
    const doc = JSON.parse(r.out);
    expect(Object.keys(doc)).toEqual(expect.arrayContaining(['findings', 'hosts', 'warnings']));
    expect(Object.keys(doc.findings[0]).sort()).toEqual([
      'evidence',
      'explanation',
      'fix',
      'id',
      'notes',
      'severity',
      'target',
      'title',
      'trace',
    ]);
    // a reachability finding keeps the traced packet that decided it: the steps with their file and line
    expect(doc.findings[0].id).toBe('masquerade-missing');
    expect(doc.findings[0].trace).toMatchObject({ from: 'host v-net-0 192.168.15.2', to: '203.0.113.10:443/tcp' });
    expect(doc.findings[0].trace.paths[0].steps.some((s: { kind: string }) => s.kind === 'route')).toBe(true);
    expect(doc.findings[0].evidence[0]).toEqual({
      source: expect.any(String),
      line: expect.any(Number),
      text: expect.any(String),
    });
    expect(doc.hosts.map((h: { id: string }) => h.id)).toEqual(['blue', 'host', 'outside', 'red']);
  });
  it('Markdown has a summary table and fenced fixes', async () => {
    const r = await cli(['analyze', FX('bridge-nat/bridge-down'), '-o', 'markdown']);
    expect(r.out).toMatch(/\| critical \| `bridge-down` \| host \|/);
    expect(r.out).toContain('```sh\nip netns exec host ip link set v-net-0 up\n```');
  });
  it('colours only on a TTY and never with NO_COLOR', async () => {
    expect((await cli(['analyze', FX('bridge-nat/bridge-down')], {}, true)).out).toContain('\x1b[');
    expect((await cli(['analyze', FX('bridge-nat/bridge-down')], { NO_COLOR: '1' }, true)).out).not.toContain('\x1b[');
    expect((await cli(['analyze', FX('bridge-nat/bridge-down')], {}, false)).out).not.toContain('\x1b[');
  });
  it('Traditional Chinese from --lang or LANG', async () => {
    expect((await cli(['analyze', FX('bridge-nat/bridge-down'), '--lang', 'zh-TW'])).out).toContain(
      '上的 bridge v-net-0 處於 DOWN 狀態',
    );
    expect((await cli(['analyze', FX('bridge-nat/bridge-down')], { LANG: 'zh_TW.UTF-8' })).out).toContain('證據');
    expect((await cli(['analyze', FX('bridge-nat/bridge-down')], { LANG: 'en_US.UTF-8' })).out).toContain(
      'Bridge v-net-0 on host is down',
    );
  });
  it('a .tar.gz bundle with a single top folder', async () => {
    const dir = tempDir('t-');
    const tgz = join(dir, 'b.tar.gz');
    await tarCreate({ gzip: true, file: tgz, cwd: join(ROOT, 'fixtures', 'bridge-nat') }, ['no-masquerade']);
    const r = await cli(['analyze', tgz, '-o', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).findings.map((f: { id: string }) => f.id)).toEqual(['masquerade-missing']);
  });
  it('single files, recognised by name or by content', async () => {
    const dir = tempDir('t-');
    writeFileSync(join(dir, 'resolv.conf'), 'search lab.test\n');
    const r1 = await cli(['analyze', join(dir, 'resolv.conf'), '-o', 'json']);
    expect(JSON.parse(r1.out).findings[0].id).toBe('dns-no-nameserver');
    writeFileSync(join(dir, 'capture.out'), fixture('bridge-nat/nsswitch-files-only/hosts/blue/nsswitch.conf'));
    expect(JSON.parse((await cli(['analyze', join(dir, 'capture.out'), '-o', 'json'])).out).findings[0].id).toBe(
      'nsswitch-no-dns',
    );
    writeFileSync(join(dir, 'rules'), fixture('bridge-nat/healthy/hosts/host/iptables-save.txt'));
    expect((await cli(['analyze', join(dir, 'rules')])).code).toBe(0);
  });
  it('a folder of artifacts without hosts/ is one host named after the folder', async () => {
    const r = await cli(['analyze', FX('bridge-nat/no-default-route/hosts/blue'), '-o', 'json']);
    expect(JSON.parse(r.out).hosts[0].id).toBe('blue');
  });
  it('usage and input errors: exit 2 with one clear line', async () => {
    const missing = await cli(['analyze', '/nonexistent/bundle']);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/does not exist.*ERR_INPUT_NOT_FOUND/);
    const dir = tempDir('t-');
    writeFileSync(join(dir, 'notes.txt'), 'just some words\n');
    expect((await cli(['analyze', join(dir, 'notes.txt')])).err).toMatch(/ERR_NOT_A_BUNDLE/);
    writeFileSync(join(dir, 'bad.tar.gz'), 'not gzip at all');
    const bad = await cli(['analyze', join(dir, 'bad.tar.gz')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/ERR_UNREADABLE_ARCHIVE|ERR_NOT_A_BUNDLE/);
    expect((await cli(['analyze', FX('demo'), '-o', 'yaml'])).code).toBe(2);
    expect((await cli(['frobnicate'])).code).toBe(2);
  });
  it('--help per command and --version', async () => {
    expect((await cli(['analyze', '--help'])).out).toMatch(/--fail-on <severity>/);
    expect((await cli(['--version'])).out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });
  it('demo analyzes the bundled multi-fault capture and exits 0 (a demonstration, not a verdict), also piped', async () => {
    const r = await cli(['demo', '-o', 'json']);
    expect(r.code).toBe(0);
    const found = (JSON.parse(r.out) as { findings: { id: string; target: string }[] }).findings;
    expect(found.map((f) => `${f.id}@${f.target}`).sort()).toEqual([
      'dnat-target-unknown@host',
      'dns-nameserver-unreachable@blue',
      'masquerade-missing@host',
      'no-default-route@blue',
      'nsswitch-no-dns@blue',
    ]);
  });
});
