// `capture` / `diagnose` with pods and nodes, against the local API server: the header names context, server and
// version; progress per target; files stream into the output directory; the bundle analyzes.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeApiServer } from '../../bench/fake-apiserver.js';
import { runCli } from '../cli-io.js';
import { scriptReply } from '../collectors/k8s/script-reply.js';
import { tempDir } from '../tmp.js';

const cli = (argv: string[]) => runCli(argv);

const list = (items: unknown[]) => JSON.stringify({ kind: 'List', apiVersion: 'v1', items });
let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function fake() {
  const objects = new Map([
    [
      'cluster/nodes.json',
      list(
        ['worker-1', 'worker-2', 'worker-3'].map((name) => ({
          metadata: { name },
          spec: { podCIDR: '10.244.0.0/24' },
        })),
      ),
    ],
    [
      'cluster/pods.json',
      list([
        {
          metadata: { name: 'client', namespace: 'shop', labels: { app: 'client' } },
          spec: { nodeName: 'worker-1', containers: [{ name: 'c' }] },
          status: { phase: 'Running', podIP: '10.244.0.9' },
        },
      ]),
    ],
  ]);
  server = await new FakeApiServer({
    objects,
    exec: (c) =>
      c.command[0] === 'sh'
        ? scriptReply(c)
        : {
            stdout: c.command.includes('/etc/resolv.conf')
              ? 'nameserver 10.96.0.10\nsearch shop.svc.cluster.local svc.cluster.local cluster.local\noptions ndots:5\n'
              : '[]',
          },
  }).start();
  const dir = tempDir('clilive-');
  writeFileSync(join(dir, 'config'), server.kubeconfig('staging'));
  return { kubeconfig: join(dir, 'config'), dir };
}

describe('capture / diagnose with pods and nodes', () => {
  it('capture --all-nodes: header, progress per node, files on disk, bundle.json names the cluster', async () => {
    const f = await fake();
    const out = join(f.dir, 'bundle');
    const r = await cli(['capture', '--kubeconfig', f.kubeconfig, '--all-nodes', '--concurrency', '2', '-o', out]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(`cluster: staging · ${server!.url} · v1.31.4`);
    expect(r.err).toMatch(/\[3\/3\] node worker-\d: 2 files, 1 not collected/);
    expect(r.err).toMatch(/\+1 pod entered from the node/);
    expect(JSON.parse(readFileSync(join(out, 'bundle.json'), 'utf8'))).toMatchObject({
      format: 1,
      redacted: true,
      cluster: { context: 'staging', server: server!.url, version: 'v1.31.4' },
    });
    for (const n of ['worker-1', 'worker-2', 'worker-3'])
      expect(existsSync(join(out, 'hosts', n, 'ip-route.json'))).toBe(true);
    expect(readFileSync(join(out, 'hosts', 'shop.client', 'resolv.conf'), 'utf8')).toBe('nameserver 10.96.0.10\n');
    expect(server!.leftovers()).toEqual([]);
    const a = await cli(['analyze', out, '-o', 'json']);
    expect(JSON.parse(a.out).source.cluster).toEqual({ context: 'staging', server: server!.url, version: 'v1.31.4' });
  });
  it('diagnose --pod -n --read-only: exec only, the report header shows context, server and version', async () => {
    const f = await fake();
    const r = await cli([
      'diagnose',
      '--kubeconfig',
      f.kubeconfig,
      '-n',
      'shop',
      '--pod',
      'client',
      '--read-only',
      '--fail-on',
      'none',
    ]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`kube-netdiag: staging (${server!.url}) [staging · ${server!.url} · v1.31.4]`);
    expect(r.err).toContain('· read-only');
    expect(r.err).toMatch(/\[1\/1\] pod shop\.client: 6 files/);
    expect(server!.requests.filter((q) => q.method === 'POST' || q.method === 'DELETE')).toEqual([]);
  });
  it('a pod that does not exist and a selector that matches nothing are said plainly', async () => {
    const f = await fake();
    const r = await cli([
      'diagnose',
      '--kubeconfig',
      f.kubeconfig,
      '--pod',
      'shop/nope',
      '-l',
      'app=ghost',
      '-A',
      '--read-only',
      '-o',
      'json',
      '--fail-on',
      'none',
    ]);
    expect(r.err).toMatch(/--selector app=ghost matched no pod/);
    const doc = JSON.parse(r.out);
    expect(doc.hosts.find((h: { id: string }) => h.id === 'shop.nope').notCollected[0].reason).toMatch(
      /pods "nope" not found/,
    );
  });
});
