// Reading what someone passes in: bounded memory whatever the archive holds, no blocking on pipes or devices,
// coded exits instead of stack traces, and text in other encodings read as what it says (issue 11, items 13, 14).
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_FILE, decodeText, readBundle } from '../../src/bundle/read.js';
import { runCli } from '../cli-io.js';
import { fixture } from '../helpers.js';
import { tempDir } from '../tmp.js';

const NAT = fixture('bridge-nat/healthy/hosts/host/iptables-save.txt');

describe('encodings', () => {
  it('UTF-8 BOM, UTF-16 LE/BE with and without BOM decode to the same text; binary junk is unreadable', () => {
    const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(NAT)]);
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NAT, 'utf16le')]);
    const be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(NAT, 'utf16le').swap16()]);
    for (const b of [bom, le, be, Buffer.from(NAT, 'utf16le')]) expect(decodeText(b)).toBe(NAT);
    expect(decodeText(Buffer.from(Array.from({ length: 5000 }, (_, i) => (i * 7919) % 256)))).toBeUndefined();
  });
  it('a BOM before *nat or a UTF-16 capture gives the same findings as the plain file, not "no NAT rule at all"', async () => {
    const dir = tempDir('enc-');
    const plain = join(dir, 'plain-iptables-save.txt');
    writeFileSync(plain, NAT);
    const expected = JSON.parse((await runCli(['analyze', plain, '-o', 'json', '--fail-on', 'none'])).out).findings;
    for (const [name, buf] of [
      ['bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(NAT)])],
      ['utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NAT, 'utf16le')])],
    ] as const) {
      writeFileSync(join(dir, name), buf);
      const r = await runCli(['analyze', join(dir, name), '-o', 'json', '--fail-on', 'none']);
      expect(r.code, r.err).toBe(0);
      expect(JSON.parse(r.out).findings).toEqual(expected);
      expect(JSON.parse(r.out).warnings).toEqual([]);
    }
  });
  it('an unreadable artifact is "not collected (unreadable)", never evidence that the rules are absent', async () => {
    const dir = tempDir('enc-');
    const host = join(dir, 'b', 'hosts', 'gw');
    mkdirSync(host, { recursive: true });
    writeFileSync(
      join(host, 'iptables-save.txt'),
      Buffer.from(Array.from({ length: 9000 }, (_, i) => (i * 131) % 256)),
    );
    writeFileSync(
      join(host, 'ip-route.txt'),
      'default via 10.0.0.1 dev eth0\n10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.5\n',
    );
    const r = await runCli(['analyze', join(dir, 'b'), '-o', 'json', '--fail-on', 'none']);
    expect(r.code, r.err).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.hosts[0].notCollected).toContainEqual({
      artifact: 'iptables-save.txt',
      reason: 'unreadable: not text in a known encoding',
    });
    expect(doc.findings.filter((f: { id: string }) => /masquerade|forward/.test(f.id))).toEqual([]);
  });
});

describe('limits and odd paths', () => {
  it('an archive of junk streams through without being kept; only bundle files are read', async () => {
    const dir = tempDir('arch-');
    const top = join(dir, 'b');
    mkdirSync(join(top, 'hosts', 'gw'), { recursive: true });
    mkdirSync(join(top, 'junk'));
    writeFileSync(join(top, 'hosts', 'gw', 'iptables-save.txt'), NAT);
    // 24 MiB of noise (it does not compress) in files no bundle reader uses
    const noise = (await import('node:crypto')).randomBytes(4 * 1024 * 1024);
    for (let i = 0; i < 5; i++) writeFileSync(join(top, 'junk', `blob${i}.bin`), noise);
    writeFileSync(join(top, 'hosts', 'gw', 'core.dump'), noise);
    execFileSync('tar', ['-czf', join(dir, 'b.tgz'), '-C', dir, 'b']);
    const before = process.memoryUsage().rss;
    const b = await readBundle(join(dir, 'b.tgz'));
    expect([...b.files.keys()]).toEqual(['hosts/gw/iptables-save.txt']);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });
  it('a file over the per-file limit is listed as not collected with its size, the rest is analyzed', async () => {
    const dir = tempDir('big-');
    const host = join(dir, 'b', 'hosts', 'gw');
    mkdirSync(host, { recursive: true });
    writeFileSync(join(host, 'resolv.conf'), 'nameserver 10.0.0.2\n');
    // a sparse file: large on paper, no disk used
    execFileSync('truncate', ['-s', String(MAX_FILE + 1), join(host, 'iptables-save.txt')]);
    const r = await runCli(['analyze', join(dir, 'b'), '-o', 'json', '--fail-on', 'none']);
    expect(r.code, r.err).toBe(0);
    expect(JSON.parse(r.out).hosts[0].notCollected).toContainEqual({
      artifact: 'iptables-save.txt',
      reason: 'too large (128.0 MiB; the limit is 128.0 MiB a file)',
    });
    const one = await runCli(['analyze', join(host, 'iptables-save.txt')]);
    expect(one.code).toBe(2);
    expect(one.err).toMatch(/too large to analyze.*\[ERR_BUNDLE_TOO_LARGE\]/);
    expect(one.err).not.toMatch(/\n\s+at /);
  });
  it("a symbolic link inside a bundle folder is not followed (it could point at this machine's secrets)", async () => {
    const dir = tempDir('link-');
    const host = join(dir, 'b', 'hosts', 'gw');
    mkdirSync(host, { recursive: true });
    writeFileSync(join(dir, 'secret'), "nameserver 10.0.0.2\n# the operator's own file\n");
    symlinkSync(join(dir, 'secret'), join(host, 'resolv.conf'));
    writeFileSync(join(host, 'ip-route.txt'), 'default via 10.0.0.1 dev eth0\n');
    const r = await runCli(['analyze', join(dir, 'b'), '-o', 'json', '--fail-on', 'none']);
    expect(r.out).not.toContain('the operator');
    expect(JSON.parse(r.out).hosts[0].notCollected).toContainEqual({
      artifact: 'resolv.conf',
      reason: 'a symbolic link: not followed (it could point anywhere on this machine)',
    });
  });
  it('a FIFO or /dev/zero is refused at once with exit 2', async () => {
    const dir = tempDir('fifo-');
    execFileSync('mkfifo', [join(dir, 'iptables-save.txt')]);
    for (const p of [join(dir, 'iptables-save.txt'), '/dev/zero']) {
      const t0 = Date.now();
      const r = await runCli(['analyze', p]);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/not a regular file or folder .*\[ERR_NOT_A_FILE\]/);
      expect(Date.now() - t0).toBeLessThan(10_000);
    }
  });
  it('a truncated archive is a coded error, never a stack trace', async () => {
    const dir = tempDir('trunc-');
    execFileSync('tar', ['-czf', join(dir, 'b.tgz'), '-C', join(import.meta.dirname, '..', '..', 'fixtures'), 'demo']);
    const whole = (await import('node:fs')).readFileSync(join(dir, 'b.tgz'));
    writeFileSync(join(dir, 'cut.tgz'), whole.subarray(0, Math.floor(whole.length / 2)));
    const child = spawn(process.execPath, [
      join(import.meta.dirname, '..', '..', 'bin', 'kube-netdiag'),
      'analyze',
      join(dir, 'cut.tgz'),
    ]);
    let err = '';
    child.stderr.on('data', (c) => (err += String(c)));
    const code = await new Promise<number>((r) => child.on('close', (c) => r(c ?? -1)));
    expect(code).toBe(2);
    expect(err).toMatch(/\[ERR_UNREADABLE_ARCHIVE\]/);
    expect(err).not.toMatch(/\n\s+at /);
  });
});
