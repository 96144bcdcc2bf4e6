// Issue 12: a target that was never reached is reported as not collected, with why, and the exit code says so —
// never "no findings", exit 0. Real processes, as a user runs them; none of these needs root or a namespace.
import { cpSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers.js';
import { tempDir } from '../tmp.js';
import { NO_STACK, kn } from '../cli-io.js';

const missing = `knd-missing-${process.pid}`;

describe('live targets that cannot be reached', () => {
  it('diagnose --netns that does not exist: not collected, the cause in the report, exit 3', async () => {
    const r = await kn(['diagnose', '--netns', missing]);
    expect(r.code).toBe(3);
    expect(r.out).toContain('0 of 1 target collected');
    expect(r.out).toMatch(
      /Not diagnosed[^\n]*\n\s+knd-missing-\d+ \(netns\): network namespace knd-missing-\d+ does not exist/,
    );
    // one line, not a no-findings verdict, and no pointer to an errors.json that diagnose never writes
    expect(r.out).not.toMatch(/no findings|errors\.json/);
    expect(r.err).not.toMatch(/errors\.json/);
    expect(r.err).not.toMatch(NO_STACK);
  });
  it('diagnose --pid of a process that does not exist: exit 3 and "process N does not exist"', async () => {
    const r = await kn(['diagnose', '--pid', '999999999', '-o', 'json']);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.out) as { coverage: unknown[]; findings: unknown[] };
    expect(doc.coverage).toEqual([
      {
        target: 'pid-999999999',
        kind: 'container',
        status: 'not-collected',
        reason: 'process 999999999 does not exist',
        missing: [],
      },
    ]);
    expect(doc.findings).toEqual([]);
  });
  it('diagnose --docker for a container that cannot be resolved: one cause, said once, exit 3', async () => {
    const r = await kn(['diagnose', '--docker', missing]);
    expect(r.code).toBe(3);
    const cause =
      /docker container knd-missing-\d+: (the docker CLI is not installed|the docker daemon is not running[^\n]*|no container named [^\n]*|permission denied[^\n]*)/;
    const flat = r.out.replace(/\n\s+/g, ' ');
    expect(flat).toMatch(cause);
    expect(flat.match(/docker container knd-missing/g)).toHaveLength(1);
  });
  it('--allow-partial judges what was collected: 0 here (nothing was collected, nothing was found)', async () => {
    const r = await kn(['diagnose', '--netns', missing, '--allow-partial']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Not diagnosed');
  });
  it('capture writes the reason into the bundle; analyze of that bundle shows the same coverage and exit 3', async () => {
    const dir = tempDir('trust-');
    const c = await kn(['capture', '--netns', missing, '-q', '-o', join(dir, 'b')]);
    expect(c.code).toBe(3);
    expect(c.err).toContain(`not collected: ${missing}: network namespace ${missing} does not exist`);
    expect(c.err).toContain('incomplete capture; exit 3 (--allow-partial accepts it)');
    const a = await kn(['analyze', join(dir, 'b'), '-o', 'json']);
    expect(a.code).toBe(3);
    expect((JSON.parse(a.out) as { coverage: { reason: string }[] }).coverage[0]!.reason).toBe(
      `network namespace ${missing} does not exist (ip netns list shows the names)`,
    );
    const ok = await kn(['capture', '--netns', missing, '-q', '--allow-partial', '--force', '-o', join(dir, 'b')]);
    expect(ok.code).toBe(0);
  });
});

describe('exit codes on a bundle with findings and a target that gave nothing', () => {
  // a real fixture with a critical finding, plus a host whose capture recorded only why it failed
  const bundle = (): string => {
    const dir = join(tempDir('trust-'), 'b');
    cpSync(join(ROOT, 'fixtures', 'bridge-nat', 'no-default-route'), dir, { recursive: true });
    mkdirSync(join(dir, 'hosts', 'ghost'));
    writeFileSync(join(dir, 'hosts', 'ghost', 'host.json'), '{"kind":"netns","name":"ghost","netns":"ghost"}\n');
    writeFileSync(
      join(dir, 'hosts', 'ghost', 'errors.json'),
      JSON.stringify([
        {
          artifact: '*',
          command: 'ip netns exec ghost',
          reason: 'not-found',
          message: 'network namespace ghost does not exist',
        },
      ]),
    );
    return dir;
  };
  it('3 wins over 1; --allow-partial gives 1; with --fail-on none, 0', async () => {
    const dir = bundle();
    expect((await kn(['analyze', dir])).code).toBe(3);
    expect((await kn(['analyze', dir, '--allow-partial'])).code).toBe(1);
    expect((await kn(['analyze', dir, '--allow-partial', '--fail-on', 'none'])).code).toBe(0);
  });
  it('text, markdown and JSON all say what was not diagnosed, and the findings on the rest are still printed', async () => {
    const dir = bundle();
    const text = await kn(['analyze', dir]);
    expect(text.out).toMatch(/\d+ of \d+ targets collected/);
    expect(text.out).toContain('ghost (netns): network namespace ghost does not exist');
    expect(text.out).toContain('no-default-route');
    expect(text.out).not.toMatch(/^ghost \(netns\)\s+no findings/m);
    const md = await kn(['analyze', dir, '-o', 'markdown']);
    expect(md.out).toMatch(
      /## Not diagnosed[^\n]*\n\n- \*\*ghost\*\* \(netns\): network namespace ghost does not exist/,
    );
    const json = JSON.parse((await kn(['analyze', dir, '-o', 'json'])).out) as {
      coverage: { target: string; status: string }[];
    };
    expect(json.coverage.find((c) => c.target === 'ghost')).toMatchObject({ status: 'not-collected' });
    expect(json.coverage.filter((c) => c.status !== 'not-collected').length).toBe(json.coverage.length - 1);
  });
  it('--help documents the exit codes and --allow-partial', async () => {
    for (const cmd of ['analyze', 'diagnose']) {
      const h = await kn([cmd, '--help']);
      expect(h.out).toMatch(/Exit codes:\n\s+0 .*\n\s+1 .*\n\s+2 .*\n\s+3\s+incomplete/);
      expect(h.out).toContain('--allow-partial');
    }
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toMatch(/--allow-partial/);
  });
  it('demo exits 0 piped, whatever it finds (a demonstration, not a verdict)', async () => {
    const r = await kn(['demo']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/CRITICAL/);
  });
});

describe('hostile capture records', () => {
  it('errors.json and cluster/errors.json from someone else: bounded, known names only, no control characters', async () => {
    const dir = join(tempDir('trust-'), 'b');
    mkdirSync(join(dir, 'hosts', 'evil'), { recursive: true });
    mkdirSync(join(dir, 'cluster'));
    writeFileSync(
      join(dir, 'bundle.json'),
      JSON.stringify({ format: 1, redacted: true, cluster: { context: 'c', server: 'https://10.0.0.1:6443' } }),
    );
    writeFileSync(join(dir, 'hosts', 'evil', 'host.json'), '{"kind":"netns"}');
    writeFileSync(
      join(dir, 'hosts', 'evil', 'errors.json'),
      JSON.stringify([{ artifact: '*', message: `\x1b]0;pwned\x07\x1b[2J${'A'.repeat(100_000)}` }]),
    );
    const kinds = Array.from({ length: 5000 }, (_, i) => ({ kind: `made-up-${i}`, message: 'nope' }));
    writeFileSync(
      join(dir, 'cluster', 'errors.json'),
      JSON.stringify([...kinds, { kind: 'pods', status: 403, reason: 'Forbidden', message: 'pods is forbidden' }]),
    );
    writeFileSync(join(dir, 'cluster', 'nodes.json'), JSON.stringify({ kind: 'List', apiVersion: 'v1', items: [] }));
    const r = await kn(['analyze', dir]);
    expect(r.code).toBe(3);
    expect(r.out).not.toMatch(/\x1b|\x07/);
    expect(r.out).not.toContain('made-up-');
    expect(r.out).toMatch(/pods: Forbidden \(HTTP 403\): pods is forbidden/);
    expect(r.out.length).toBeLessThan(20_000); // the 100 000-character message is cut to 1000
    const json = JSON.parse((await kn(['analyze', dir, '-o', 'json'])).out) as {
      coverage: { target: string; reason?: string }[];
    };
    expect(json.coverage.find((c) => c.target === 'evil')!.reason!.length).toBeLessThanOrEqual(1000);
  });
  it('an errors.json that is not an array is a parse warning, never a crash', async () => {
    const dir = join(tempDir('trust-'), 'b');
    cpSync(join(ROOT, 'fixtures', 'bridge-nat', 'healthy'), dir, { recursive: true });
    writeFileSync(join(dir, 'hosts', 'blue', 'errors.json'), '{"artifact":"*"}');
    const r = await kn(['analyze', dir, '-o', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.out) as { warnings: { file: string; message: string }[] }).warnings).toContainEqual(
      expect.objectContaining({ file: 'hosts/blue/errors.json', message: 'not a JSON array' }),
    );
  });
});

describe('secrets in the reasons', () => {
  it('a not-collected reason that echoes a secret is masked in the report of a bundle not marked redacted', async () => {
    const dir = join(tempDir('trust-'), 'b');
    mkdirSync(join(dir, 'hosts', 'db'), { recursive: true });
    writeFileSync(join(dir, 'hosts', 'db', 'host.json'), '{"kind":"netns"}');
    writeFileSync(
      join(dir, 'hosts', 'db', 'errors.json'),
      JSON.stringify([{ artifact: '*', message: 'connect failed: password=planted-hunter2' }]),
    );
    for (const o of ['text', 'json', 'markdown']) {
      const r = await kn(['analyze', dir, '-o', o]);
      expect(r.code).toBe(3);
      expect(r.out).toContain('connect failed');
      expect(r.out).not.toContain('planted-hunter2');
    }
  });
  it('capture masks errors.json like every artifact: a namespace name that carries a secret does not survive', async () => {
    const dir = tempDir('trust-');
    const c = await kn(['capture', '--netns', 'token=planted-abc123', '-q', '-o', join(dir, 'b')]);
    expect(c.code).toBe(3);
    const { readdirSync } = await import('node:fs');
    const [host] = readdirSync(join(dir, 'b', 'hosts'));
    expect(readFileSync(join(dir, 'b', 'hosts', host!, 'errors.json'), 'utf8')).not.toContain('planted-abc123');
  });
});

describe('no stack traces', () => {
  it('a file-system failure is one coded line (ERR_SYSTEM), not "unexpected error" and a stack', async () => {
    // /proc takes no new folder: the capture's staging folder cannot be made there
    const r = await kn(['capture', '--netns', missing, '-q', '-o', `/proc/knd-out-${process.pid}`]);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(NO_STACK);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(
      /^kube-netdiag: mkdir \/proc\/\.knd-out-\d+\.knd-partial-[0-9a-f]+ failed: ENOENT .*\[ERR_SYSTEM\]$/,
    );
  });
});
