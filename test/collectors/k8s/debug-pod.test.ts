// Collector pods and DaemonSets against a local API server: their spec, and their removal on success, on error,
// on a deadline and on SIGINT; leftovers of a crashed run; --read-only; bounded concurrency.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeApiServer, type FakeOptions, status } from '../../../bench/fake-apiserver.js';
import { type ClusterCollectOptions, collectCluster } from '../../../src/collectors/k8s/cluster.js';
import { connect } from '../../../src/collectors/k8s/connect.js';
import { CreatedObjects, EXPIRES, MANAGED_BY } from '../../../src/collectors/k8s/debug-pod.js';
import { ROOT } from '../../helpers.js';
import { scriptReply } from './script-reply.js';
import { tempDir } from '../../tmp.js';

// biome-ignore lint/suspicious/noExplicitAny: the test walks untyped API request bodies
type R = Record<string, any>;
const list = (items: unknown[]) =>
  JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: { resourceVersion: '' }, items });
const node = (name: string) => ({
  metadata: { name },
  spec: { podCIDR: '10.244.0.0/24' },
  status: { conditions: [{ type: 'Ready', status: 'True' }] },
});
const appPod = (name: string, nodeName: string, ip: string) => ({
  metadata: { name, namespace: 'default' },
  spec: { nodeName, containers: [{ name: 'app', image: 'app:1' }] },
  status: {
    phase: 'Running',
    podIP: ip,
    containerStatuses: [{ name: 'app', containerID: `containerd://${name}0000`, state: { running: {} } }],
  },
});

function objects(nodes: number, pods: R[] = []): Map<string, string> {
  return new Map([
    ['cluster/nodes.json', list(Array.from({ length: nodes }, (_, i) => node(`worker-${i + 1}`)))],
    ['cluster/pods.json', list(pods)],
  ]);
}

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function setup(o: FakeOptions) {
  server = await new FakeApiServer({
    exec: (c) => (c.command[0] === 'sh' ? scriptReply(c) : { stdout: '' }),
    ...o,
  }).start();
  const dir = tempDir('dbg-');
  writeFileSync(join(dir, 'config'), server.kubeconfig('fake-ctx'));
  const conn = connect({ kubeconfig: join(dir, 'config') });
  const files = new Map<string, string>();
  const created = new CreatedObjects(conn);
  const opts = (x: Partial<ClusterCollectOptions>): ClusterCollectOptions => ({
    pods: [],
    namespace: 'default',
    allNamespaces: false,
    nodes: [],
    allNodes: false,
    readOnly: false,
    daemonset: false,
    debugNamespace: 'kube-system',
    concurrency: 8,
    nodeTimeoutMs: 10_000,
    commandTimeoutS: 5,
    redact: true,
    created,
    sink: (p, t) => void files.set(p, t),
    ...x,
  });
  return { conn, files, created, opts, kubeconfig: join(dir, 'config') };
}

const posts = () => server!.requests.filter((r) => r.method === 'POST');
const deletes = () => server!.requests.filter((r) => r.method === 'DELETE');

describe('-l SELECTOR', () => {
  it('a refused pod list is said (it was silently ignored), and a hostNetwork pod is left to its node', async () => {
    let refuse = true;
    const probe = {
      ...appPod('probe', 'worker-1', '192.168.56.10'),
      metadata: { name: 'probe', namespace: 'default', labels: { app: 'probe' } },
    };
    const s = await setup({
      objects: objects(1, [{ ...probe, spec: { ...probe.spec, hostNetwork: true } }]),
      intercept: (m, p) =>
        refuse && m === 'GET' && p === '/api/v1/namespaces/default/pods'
          ? { status: 403, body: status(403, 'Forbidden', 'pods is forbidden: User "dev" cannot list resource "pods"') }
          : undefined,
    });
    const refused = await collectCluster(s.conn, s.opts({ selector: 'app=web' }));
    expect(refused.problems).toContain('--selector app=web: pods is forbidden: User "dev" cannot list resource "pods"');
    refuse = false;
    const hostNet = await collectCluster(s.conn, s.opts({ selector: 'app=probe' }));
    expect(hostNet.problems).toContain('--selector app=probe matched no pod in namespace default');
    expect(hostNet.problems.filter((x) => x.startsWith('--selector app=probe:'))).toEqual([]);
  });
});

describe('node collector pods', () => {
  it('the pod: privileged, hostNetwork + hostPID, pinned, tolerates every taint, stops by itself, labelled; deleted after success', async () => {
    let seen: R | undefined;
    const s = await setup({
      objects: objects(2, [appPod('client', 'worker-1', '10.244.0.9')]),
      intercept: (m, p, body) => void (m === 'POST' && p.endsWith('/pods') && (seen = body)),
    });
    const r = await collectCluster(s.conn, s.opts({ nodes: ['worker-1'] }));
    expect(seen!.spec).toMatchObject({
      nodeName: 'worker-1',
      hostNetwork: true,
      hostPID: true,
      restartPolicy: 'Never',
      tolerations: [{ operator: 'Exists' }],
    });
    expect(seen!.spec.activeDeadlineSeconds).toBeGreaterThan(10);
    expect(seen!.spec.containers[0].securityContext).toEqual({ privileged: true });
    expect(seen!.spec.containers[0].image).toBe('nicolaka/netshoot:v0.13');
    expect(seen!.metadata.labels[MANAGED_BY]).toBe('kube-netdiag');
    expect(Date.parse(seen!.metadata.annotations[EXPIRES])).toBeGreaterThan(Date.now());
    expect(server!.leftovers()).toEqual([]);
    expect(deletes()).toHaveLength(1);
    // the node, and the pod on it entered from the node
    expect(r.hosts.sort()).toEqual(['default.client', 'worker-1']);
    expect(JSON.parse(s.files.get('hosts/worker-1/host.json')!)).toEqual({ kind: 'node', name: 'worker-1' });
    expect(s.files.get('hosts/worker-1/ip-route.json')).toContain('192.168.56.1');
    expect(JSON.parse(s.files.get('hosts/worker-1/errors.json')!)).toEqual([
      {
        artifact: 'ipvsadm.txt',
        command: 'ipvsadm -Ln',
        reason: 'missing-binary',
        message: 'ipvsadm: command not found',
      },
    ]);
    expect(s.files.get('hosts/default.client/resolv.conf')).toBe('nameserver 10.96.0.10\n');
    // the script was asked for the pod by container id (runtime prefix removed) and IP
    expect(server!.execs[0]!.command.slice(6)).toEqual(['default.client', 'client0000', '10.244.0.9']);
  });
  it('deleted when the exec fails', async () => {
    const s = await setup({
      objects: objects(1),
      intercept: (m) =>
        m === 'EXEC'
          ? {
              status: 500,
              body: status(
                500,
                'InternalError',
                'error dialing backend: dial tcp 192.168.56.10:10250: connect: connection refused',
              ),
            }
          : undefined,
    });
    await collectCluster(s.conn, s.opts({ nodes: ['worker-1'] }));
    expect(server!.leftovers()).toEqual([]);
    expect(JSON.parse(s.files.get('hosts/worker-1/errors.json')!)[0].message).toMatch(
      /stopped early.*error dialing backend/,
    );
  });
  it('deleted when the node deadline passes: pod never pulls its image, or the script hangs', async () => {
    const s = await setup({ objects: objects(2), badImages: ['nicolaka/netshoot:v0.13'] });
    await collectCluster(s.conn, s.opts({ nodes: ['worker-1'] }));
    expect(server!.leftovers()).toEqual([]);
    expect(JSON.parse(s.files.get('hosts/worker-1/errors.json')!)[0].message).toMatch(/ImagePullBackOff/);
    await server!.stop();
    const t = await setup({ objects: objects(1), exec: () => ({ hang: true }) });
    const t0 = Date.now();
    await collectCluster(t.conn, t.opts({ nodes: ['worker-1'], nodeTimeoutMs: 1500 }));
    expect(Date.now() - t0).toBeLessThan(8000);
    expect(server!.leftovers()).toEqual([]);
    expect(JSON.parse(t.files.get('hosts/worker-1/errors.json')!)[0]).toMatchObject({ reason: 'timeout' });
  });
  it('creating the pod is forbidden (PodSecurity): the node says why with a remedy, the other node is collected', async () => {
    const s = await setup({
      objects: objects(2),
      intercept: (m, _p, body) =>
        m === 'POST' && (body as R)?.spec?.nodeName === 'worker-2'
          ? {
              status: 403,
              body: status(
                403,
                'Forbidden',
                'pods "netdiag-x" is forbidden: violates PodSecurity "baseline:latest": host namespaces (hostNetwork=true, hostPID=true), privileged (container "netdiag" must not set securityContext.privileged=true)',
              ),
            }
          : undefined,
    });
    await collectCluster(s.conn, s.opts({ allNodes: true }));
    const err = JSON.parse(s.files.get('hosts/worker-2/errors.json')!)[0];
    expect(err.reason).toBe('forbidden');
    expect(err.message).toMatch(/violates PodSecurity.*Remedy: use --read-only/);
    expect(s.files.has('hosts/worker-1/ip-route.json')).toBe(true);
    expect(server!.leftovers()).toEqual([]);
  });
  it('--all-nodes: at most --concurrency collector pods exist at once, all removed', async () => {
    let live = 0;
    let peak = 0;
    const s = await setup({
      objects: objects(12),
      intercept: (m, p) => {
        if (m === 'POST' && p.endsWith('/pods')) peak = Math.max(peak, ++live);
        if (m === 'DELETE' && p.includes('/pods/')) live--;
        return undefined;
      },
      exec: (c) => ({ ...scriptReply(c), delayMs: 40 }),
    });
    const events: string[] = [];
    const r = await collectCluster(
      s.conn,
      s.opts({
        allNodes: true,
        concurrency: 3,
        onEvent: (e) => e.type === 'target-done' && events.push(`${e.done}/${e.total}`),
      }),
    );
    expect(r.hosts).toHaveLength(12);
    expect(peak).toBeLessThanOrEqual(3);
    expect(peak).toBeGreaterThan(1);
    expect(events.at(-1)).toBe('12/12');
    expect(server!.leftovers()).toEqual([]);
  });
  it("leftovers of a crashed run are removed; a live run's pod is not touched", async () => {
    const old = {
      metadata: {
        name: 'netdiag-dead00-abc',
        namespace: 'kube-system',
        labels: { [MANAGED_BY]: 'kube-netdiag' },
        annotations: { [EXPIRES]: '2026-01-01T00:00:00Z' },
      },
      spec: { nodeName: 'worker-1', containers: [{ name: 'netdiag' }] },
      status: { phase: 'Running' },
    };
    const busy = {
      metadata: {
        name: 'netdiag-busy00-abc',
        namespace: 'kube-system',
        labels: { [MANAGED_BY]: 'kube-netdiag' },
        annotations: { [EXPIRES]: new Date(Date.now() + 600_000).toISOString() },
      },
      spec: { nodeName: 'worker-1', containers: [{ name: 'netdiag' }] },
      status: { phase: 'Running' },
    };
    const s = await setup({ objects: objects(1, [old, busy]) });
    const r = await collectCluster(s.conn, s.opts({}));
    expect(r.sweptLeftovers).toEqual(['kube-system/netdiag-dead00-abc']);
    expect([...server!.pods.keys()]).toEqual(['kube-system/netdiag-busy00-abc']);
  });
  it('--read-only: nothing is created; nodes say why they were not collected; pods still by exec', async () => {
    const s = await setup({
      objects: objects(1, [appPod('client', 'worker-1', '10.244.0.9')]),
      exec: (c) => ({ stdout: c.command.includes('/etc/resolv.conf') ? 'nameserver 10.96.0.10\n' : '[]' }),
    });
    await collectCluster(s.conn, s.opts({ readOnly: true, nodes: ['worker-1'], pods: ['default/client'] }));
    expect(posts()).toEqual([]);
    expect(server!.requests.filter((r) => r.method === 'PATCH')).toEqual([]);
    expect(JSON.parse(s.files.get('hosts/worker-1/errors.json')!)[0]).toMatchObject({ reason: 'read-only' });
    expect(s.files.get('hosts/default.client/resolv.conf')).toBe('nameserver 10.96.0.10\n');
  });
  it('--daemonset: one DaemonSet, an exec per node, deleted with its pods', async () => {
    const s = await setup({ objects: objects(3) });
    const r = await collectCluster(s.conn, s.opts({ allNodes: true, daemonset: true }));
    expect(r.hosts.sort()).toEqual(['worker-1', 'worker-2', 'worker-3']);
    expect(posts().map((p) => p.path)).toEqual(['/apis/apps/v1/namespaces/kube-system/daemonsets']);
    expect(server!.execs.map((e) => e.pod).sort()).toHaveLength(3);
    expect(server!.leftovers()).toEqual([]);
    expect(server!.daemonsets.size).toBe(0);
  });
  it('a pod whose image has no tools: ephemeral debug container with --debug-image', async () => {
    const s = await setup({
      objects: objects(1, [appPod('distroless', 'worker-1', '10.244.0.5')]),
      exec: (c) =>
        c.container?.startsWith('netdiag-')
          ? {
              stdout:
                c.command.slice(-2).join('') === '/proc/1/root/etc/resolv.conf' ? 'nameserver 10.96.0.10\n' : '[]',
            }
          : { missing: c.command[0]! },
    });
    await collectCluster(s.conn, s.opts({ pods: ['default/distroless'], debugImage: 'busybox:1.36', readOnly: false }));
    const patch = server!.requests.find((r) => r.method === 'PATCH');
    expect(patch!.path).toBe('/api/v1/namespaces/default/pods/distroless/ephemeralcontainers');
    expect(s.files.get('hosts/default.distroless/ip-addr.json')).toBe('[]');
    // the target's own files through its PID namespace, links resolved inside that root (catroot ROOT PATH)
    expect(
      server!.execs.some(
        (e) => e.command.includes('catroot') && e.command.slice(-2).join(' ') === '/proc/1/root /etc/resolv.conf',
      ),
    ).toBe(true);
    expect(s.files.get('hosts/default.distroless/resolv.conf')).toBe('nameserver 10.96.0.10\n');
  });
  it('a pod whose image has no tools and no --debug-image: entered from its node', async () => {
    const s = await setup({
      objects: objects(1, [appPod('distroless', 'worker-1', '10.244.0.5')]),
      exec: (c) =>
        c.command[0] === 'sh' && c.pod.startsWith('netdiag-') ? scriptReply(c) : { missing: c.command[0]! },
    });
    const r = await collectCluster(s.conn, s.opts({ pods: ['default/distroless'] }));
    expect(r.hosts).toEqual(['default.distroless']); // the node itself was not asked for
    expect(s.files.get('hosts/default.distroless/resolv.conf')).toBe('nameserver 10.96.0.10\n');
    expect(server!.leftovers()).toEqual([]);
  });
});

describe('Ctrl-C during a capture', () => {
  it('SIGINT while the collector pod runs: the pod is deleted before the process exits 130', async () => {
    const s = await setup({ objects: objects(1), exec: () => ({ hang: true }) });
    const out = join(tempDir('sigint-'), 'b');
    const bin = join(ROOT, 'bin', 'kube-netdiag');
    if (!existsSync(join(ROOT, 'dist', 'bundle', 'cli', 'main.js')))
      throw new Error('run `npm run build` first (npm test does)');
    const child = spawn(
      process.execPath,
      [bin, 'capture', '--kubeconfig', s.kubeconfig, '--node', 'worker-1', '-o', out],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let err = '';
    child.stderr.on('data', (c) => (err += String(c)));
    // wait for the exec to start (the pod exists and is running), then interrupt
    for (let i = 0; i < 200 && server!.execs.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(server!.leftovers()).toHaveLength(1);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((r) => child.on('exit', (c) => r(c)));
    expect(code).toBe(130);
    expect(err).toMatch(/SIGINT: cleaning up/);
    expect(server!.leftovers()).toEqual([]);
    expect(deletes()).toHaveLength(1);
  });
});

describe('redaction of what the cluster returns', () => {
  it('a planted token in a ConfigMap, an env var and a command output never reaches the bundle', async () => {
    const cm = {
      metadata: { name: 'kube-proxy', namespace: 'kube-system' },
      data: { 'kubeconfig.conf': 'users:\n- name: default\n  user:\n    token: planted-cm-token\n' },
    };
    const withEnv = {
      ...appPod('client', 'worker-1', '10.244.0.9'),
      spec: {
        nodeName: 'worker-1',
        containers: [{ name: 'app', env: [{ name: 'API_KEY', value: 'planted-env-value' }] }],
      },
    };
    const o = objects(1, [withEnv]);
    o.set('cluster/configmaps.json', list([cm]));
    const s = await setup({
      objects: o,
      exec: (c) =>
        c.command[0] === 'sh' ? scriptReply(c, '# Authorization: Bearer planted-output-token\n') : { stdout: '' },
    });
    await collectCluster(s.conn, s.opts({ nodes: ['worker-1'] }));
    const all = [...s.files.values()].join('\n');
    for (const planted of ['planted-cm-token', 'planted-env-value', 'planted-output-token', 'planted-kube-token'])
      expect(all).not.toContain(planted);
    // kube-proxy's kubeconfig.conf is never read by an analyzer, so it is never kept
    expect(JSON.parse(s.files.get('cluster/configmaps.json')!).items[0].data).toEqual({});
    expect(s.files.get('hosts/worker-1/hosts')).toContain('Bearer [REDACTED]');
  });
});
