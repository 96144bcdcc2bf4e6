// `capture -o OUT` never deletes or overwrites what kube-netdiag did not write; flags and the connection are checked
// before anything is written; a failed capture leaves OUT as it was and no partial folder behind (issue 11, items 1, 3).
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planOutput } from '../../src/bundle/output.js';
import { runCli } from '../cli-io.js';
import { tempDir } from '../tmp.js';

// a quick target: this machine (as root in CI; without root it still writes what it may read)
const quick = ['--local', '--timeout', '2', '-q'];
const listing = (d: string): string[] => readdirSync(d).sort();

describe('capture -o: what is already there', () => {
  it("a folder with the user's files is refused, untouched, and no partial folder is left beside it", async () => {
    const parent = tempDir('out-');
    const out = join(parent, 'notes');
    mkdirSync(out);
    writeFileSync(join(out, 'thesis.txt'), 'years of work\n');
    const r = await runCli(['capture', ...quick, '-o', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /will not write to .*notes: it is a folder that holds files kube-netdiag did not write.*--force to replace it \[ERR_OUTPUT_REFUSED\]/,
    );
    expect(readFileSync(join(out, 'thesis.txt'), 'utf8')).toBe('years of work\n');
    expect(listing(parent)).toEqual(['notes']);
  });
  it('-o . / .. / the current folder / the home folder are refused even with --force', async () => {
    for (const out of ['.', '..', process.cwd(), '/']) {
      const r = await runCli(['capture', ...quick, '--force', '-o', out]);
      expect(r.code, out).toBe(2);
      expect(r.err).toMatch(/current folder, a folder above it, or the home folder/);
    }
    expect(existsSync(join(process.cwd(), 'package.json'))).toBe(true);
  });
  it('an existing file is refused (not replaced) without --force, and replaced with it', async () => {
    const parent = tempDir('out-');
    const file = join(parent, 'report.txt');
    writeFileSync(file, 'keep me\n');
    const r = await runCli(['capture', ...quick, '-o', file]);
    expect(r.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('keep me\n');
    const tgz = join(parent, 'old.tar.gz');
    writeFileSync(tgz, 'not an archive of ours\n');
    expect((await runCli(['capture', ...quick, '-o', tgz])).code).toBe(2);
    expect(readFileSync(tgz, 'utf8')).toBe('not an archive of ours\n');
    const forced = await runCli(['capture', ...quick, '--force', '-o', file]);
    expect(forced.code).toBe(0);
    expect(forced.err).toMatch(/replaced \(--force\)/);
    expect(existsSync(join(file, 'bundle.json'))).toBe(true);
    expect(listing(parent)).toEqual(['old.tar.gz', 'report.txt']);
  });
  it('a previous bundle (folder or archive) is replaced; a missing parent folder is refused', async () => {
    const parent = tempDir('out-');
    const dir = join(parent, 'b');
    const tgz = join(parent, 'b.tgz');
    for (const out of [dir, tgz]) {
      expect((await runCli(['capture', ...quick, '-o', out])).code).toBe(0);
      const again = await runCli(['capture', ...quick, '-o', out]);
      expect(again.code).toBe(0);
      expect(again.err).toMatch(/replaced the previous bundle/);
    }
    expect(listing(parent)).toEqual(['b', 'b.tgz']);
    // a user file added to a bundle folder makes it no longer ours
    writeFileSync(join(dir, 'my-notes.md'), 'mine\n');
    expect((await runCli(['capture', ...quick, '-o', dir])).code).toBe(2);
    expect(readFileSync(join(dir, 'my-notes.md'), 'utf8')).toBe('mine\n');
    const r = await runCli(['capture', ...quick, '-o', join(parent, 'no', 'such', 'b')]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/does not exist.*mkdir -p/);
    expect(existsSync(join(parent, 'no'))).toBe(false);
  });
  it('a bad context fails before anything is written: the previous bundle stays as it was', async () => {
    const parent = tempDir('out-');
    const dir = join(parent, 'b');
    expect((await runCli(['capture', ...quick, '-o', dir])).code).toBe(0);
    const before = readFileSync(join(dir, 'bundle.json'), 'utf8');
    const kc = join(parent, 'config');
    writeFileSync(
      kc,
      'apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]\nusers: [{name: u, user: {token: x}}]\ncontexts: [{name: real, context: {cluster: c, user: u}}]\ncurrent-context: real\n',
    );
    const r = await runCli(['capture', '--kubeconfig', kc, '--context', 'nope', '-o', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/context "nope" is not in the kubeconfig/);
    expect(readFileSync(join(dir, 'bundle.json'), 'utf8')).toBe(before);
    expect(listing(parent)).toEqual(['b', 'config']);
  });
  it('planOutput writes nothing while deciding', async () => {
    const parent = tempDir('out-');
    await expect(planOutput(join(parent, 'x'))).resolves.toMatchObject({ tar: false });
    await expect(planOutput(join(parent, 'x.tgz'))).resolves.toMatchObject({ tar: true });
    expect(listing(parent)).toEqual([]);
  });
});

describe('numeric flags stay within what timers can hold', () => {
  it('--timeout / --node-timeout above the limits, or a fractional --concurrency, are usage errors', async () => {
    const parent = tempDir('out-');
    for (const flags of [
      ['--timeout', String(2 ** 31)],
      ['--node-timeout', '1e12'],
      ['--concurrency', '2.5'],
      ['--timeout', 'Infinity'],
    ]) {
      const r = await runCli(['capture', '--pid', '1', ...flags, '-o', join(parent, 'b')]);
      expect(r.code, flags.join(' ')).toBe(2);
      expect(r.err).toMatch(/must be (a number|a whole number) from .* \[ERR_USAGE\]/);
    }
    expect(listing(parent)).toEqual([]);
  });
});

describe('capture tells a failed or unclean capture apart from a good one (exit 3)', () => {
  const list = (items: unknown[]) => JSON.stringify({ kind: 'List', apiVersion: 'v1', items });
  const nodes = new Map([
    ['cluster/nodes.json', list([{ metadata: { name: 'worker-1' } }, { metadata: { name: 'worker-2' } }])],
    ['cluster/pods.json', list([])],
  ]);
  it('a target that does not exist: the bundle is written, and the exit says nothing came from it', async () => {
    const parent = tempDir('out-');
    const r = await runCli(['capture', '--pid', '999999', '--timeout', '2', '-q', '-o', join(parent, 'b')]);
    expect(r.code).toBe(3);
    expect(r.err).toContain('0 of 1 target collected');
    expect(r.err).toContain('not collected: pid-999999: process 999999 does not exist');
    expect(existsSync(join(parent, 'b', 'hosts', 'pid-999999', 'errors.json'))).toBe(true);
  });
  it('every node failed (its collector image never pulls): exit 3, not 0', async () => {
    const { FakeApiServer } = await import('../../bench/fake-apiserver.js');
    const server = await new FakeApiServer({ objects: nodes, badImages: ['nicolaka/netshoot:v0.13'] }).start();
    try {
      const dir = tempDir('out-');
      writeFileSync(join(dir, 'config'), server.kubeconfig('c'));
      const r = await runCli([
        'capture',
        '--kubeconfig',
        join(dir, 'config'),
        '--all-nodes',
        '-q',
        '-o',
        join(dir, 'b'),
      ]);
      expect(r.code).toBe(3);
      expect(r.err).toContain('1 of 3 targets collected'); // the cluster's lists came; neither node did
      expect(r.err).toMatch(/not collected: worker-1: .*\n {2}not collected: worker-2: /);
      expect(server.leftovers()).toEqual([]);
    } finally {
      await server.stop();
    }
  });
  it('a collector pod that cannot be deleted: named, with the command to remove it, and exit 3', async () => {
    const { FakeApiServer, status } = await import('../../bench/fake-apiserver.js');
    const server = await new FakeApiServer({
      objects: nodes,
      exec: (c) =>
        c.command[0] === 'sh'
          ? (
              require('../collectors/k8s/script-reply.js') as typeof import('../collectors/k8s/script-reply.js')
            ).scriptReply(c)
          : { stdout: '' },
      intercept: (m, p) =>
        m === 'DELETE' && /\/pods\//.test(p)
          ? { status: 500, body: status(500, 'InternalError', 'etcdserver: request timed out') }
          : undefined,
    }).start();
    try {
      const dir = tempDir('out-');
      writeFileSync(join(dir, 'config'), server.kubeconfig('c'));
      const r = await runCli([
        'capture',
        '--kubeconfig',
        join(dir, 'config'),
        '--node',
        'worker-1',
        '-q',
        '-o',
        join(dir, 'b'),
      ]);
      expect(r.code).toBe(3);
      const [left] = server.leftovers();
      const name = left!.split('/')[1];
      expect(r.err).toContain(`kubectl delete pod -n kube-system ${name}`);
    } finally {
      await server.stop();
    }
  });
});
