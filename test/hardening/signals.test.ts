// A signal at the worst moment: while a collector pod or the DaemonSet is still being admitted (slow webhook),
// or while it runs. Whatever the signal (INT, TERM, HUP, QUIT), nothing privileged stays in the cluster, the
// partial output folder is gone, and the exit code says which signal it was (issue 11, items 8, 9).
import { spawn } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeApiServer } from '../../bench/fake-apiserver.js';
import { SIGNAL_EXIT } from '../../src/cleanup.js';
import { ROOT } from '../helpers.js';
import { tempDir } from '../tmp.js';
import { scriptReply } from '../collectors/k8s/script-reply.js';

const list = (items: unknown[]) => JSON.stringify({ kind: 'List', apiVersion: 'v1', items });
let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function interrupt(o: { daemonset: boolean; signal: NodeJS.Signals; when: 'admitting' | 'running' }) {
  server = await new FakeApiServer({
    objects: new Map([
      ['cluster/nodes.json', list([{ metadata: { name: 'worker-1' } }])],
      ['cluster/pods.json', list([])],
    ]),
    admissionDelayMs: o.when === 'admitting' ? 1500 : 0,
    exec: (c) => (c.command[0] === 'sh' && o.when === 'admitting' ? scriptReply(c) : { hang: true }),
  }).start();
  const dir = tempDir('sig-');
  writeFileSync(join(dir, 'config'), server.kubeconfig('c'));
  const child = spawn(
    process.execPath,
    [
      join(ROOT, 'bin', 'kube-netdiag'),
      'capture',
      '--kubeconfig',
      join(dir, 'config'),
      '--node',
      'worker-1',
      ...(o.daemonset ? ['--daemonset'] : []),
      '-o',
      join(dir, 'b'),
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let err = '';
  child.stderr.on('data', (c) => (err += String(c)));
  const exited = new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
  const ready =
    o.when === 'admitting' ? () => server!.requests.some((q) => q.method === 'POST') : () => server!.execs.length > 0;
  for (let i = 0; i < 300 && !ready(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(ready()).toBe(true);
  if (o.when === 'admitting') expect(server.leftovers()).toEqual([]); // the create has not landed yet
  child.kill(o.signal);
  const code = await exited;
  return { code, err, dir };
}

describe('signals during a cluster capture', () => {
  for (const daemonset of [false, true]) {
    it(`SIGINT while the ${daemonset ? 'DaemonSet' : 'collector pod'} is still being admitted: it is deleted once it lands`, async () => {
      const r = await interrupt({ daemonset, signal: 'SIGINT', when: 'admitting' });
      expect(r.code, r.err).toBe(130);
      // nothing appears later either: wait past the admission delay
      await new Promise((res) => setTimeout(res, 1800));
      expect(server!.leftovers()).toEqual([]);
      expect(r.err).not.toMatch(/could not delete/);
      expect(readdirSync(r.dir)).toEqual(['config']);
    });
  }
  for (const signal of ['SIGHUP', 'SIGQUIT', 'SIGTERM'] as const) {
    it(`${signal} while the collector pod runs: deleted, no partial folder, exit ${SIGNAL_EXIT[signal]}`, async () => {
      const r = await interrupt({ daemonset: false, signal, when: 'running' });
      expect(r.code, r.err).toBe(SIGNAL_EXIT[signal]);
      expect(server!.leftovers()).toEqual([]);
      expect(readdirSync(r.dir)).toEqual(['config']);
    });
  }
});

describe('an orphaned DaemonSet stops by itself', () => {
  it('its container command sleeps until the expiry and, once past it, exits at once (so it never runs again)', async () => {
    const { daemonSetManifest, EXPIRING_SLEEP } = await import('../../src/collectors/k8s/debug-pod.js');
    const now = Date.now();
    const ds = daemonSetManifest({ namespace: 'kube-system', image: 'i', deadlineS: 2, runId: 'abc' }, now) as {
      spec: { template: { spec: { containers: { command: string[] }[]; activeDeadlineSeconds?: number } } };
    };
    const cmd = ds.spec.template.spec.containers[0]!.command;
    expect(cmd.slice(0, 3)).toEqual(['sh', '-c', EXPIRING_SLEEP]);
    expect(Number(cmd[4])).toBe(Math.ceil(now / 1000) + 2);
    // the real shell: before the expiry it sleeps out the rest, after it exits 1 immediately
    const run = (exp: number) =>
      new Promise<{ code: number | null; ms: number }>((res) => {
        const t0 = Date.now();
        spawn('sh', ['-c', EXPIRING_SLEEP, 'kube-netdiag', String(exp)]).on('exit', (code) =>
          res({ code, ms: Date.now() - t0 }),
        );
      });
    const later = await run(Math.ceil(Date.now() / 1000) + 2);
    expect(later.code).toBe(0);
    expect(later.ms).toBeGreaterThan(900);
    const past = await run(Math.floor(Date.now() / 1000) - 5);
    expect(past.code).toBe(1);
    expect(past.ms).toBeLessThan(900);
  });
});
