// Pod exec over WebSocket against a local server speaking v5/v4.channel.k8s.io: output channels, the exit code
// from the status channel, missing binaries, commands that hang, and refused upgrades.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type ExecReply, FakeApiServer, status } from '../../../bench/fake-apiserver.js';
import { connect } from '../../../src/collectors/k8s/connect.js';
import { classifyStatus, execInPod, execPath } from '../../../src/collectors/k8s/exec.js';
import { collectPodByExec } from '../../../src/collectors/k8s/pod-exec.js';
import { limiter } from '../../../src/collectors/limit.js';
import { tempDir } from '../../tmp.js';

const pod = {
  metadata: { name: 'client', namespace: 'default' },
  spec: { nodeName: 'worker-1', containers: [{ name: 'app' }] },
  status: { phase: 'Running', podIP: '10.244.0.9' },
};
const objects = new Map([['cluster/pods.json', JSON.stringify({ kind: 'List', apiVersion: 'v1', items: [pod] })]]);

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

async function start(
  exec: (cmd: string[]) => ExecReply,
  extra: Partial<ConstructorParameters<typeof FakeApiServer>[0]> = {},
) {
  server = await new FakeApiServer({ objects, exec: (c) => exec(c.command), ...extra }).start();
  const dir = tempDir('exec-');
  writeFileSync(join(dir, 'config'), server.kubeconfig());
  return connect({ kubeconfig: join(dir, 'config') });
}

describe('exec over the channel protocol', () => {
  it("builds kubectl's URL: one command parameter per argv element", () => {
    expect(execPath({ namespace: 'default', pod: 'client', container: 'app', command: ['ip', '-j', 'addr'] })).toBe(
      '/api/v1/namespaces/default/pods/client/exec?command=ip&command=-j&command=addr&container=app&stdout=true&stderr=true',
    );
  });
  for (const proto of ['v5.channel.k8s.io', 'v4.channel.k8s.io']) {
    it(`${proto}: stdout and stderr apart, exit 0 from the status channel, big output in many frames`, async () => {
      const big = 'x'.repeat(200_000);
      const conn = await start(() => ({ stdout: big, stderr: 'warning: something\n' }), { protocols: [proto] });
      const r = await execInPod(conn, { namespace: 'default', pod: 'client', command: ['cat', '/big'] });
      expect(r).toMatchObject({ ok: true, exitCode: 0, protocol: proto, stderr: 'warning: something\n' });
      expect(r.stdout).toBe(big);
      expect(server!.execs[0]!.command).toEqual(['cat', '/big']);
    });
  }
  it('a non-zero exit code comes from the NonZeroExitCode status', async () => {
    const conn = await start(() => ({ stderr: 'cat: /etc/nsswitch.conf: No such file or directory\n', exitCode: 1 }));
    const r = await execInPod(conn, { namespace: 'default', pod: 'client', command: ['cat', '/etc/nsswitch.conf'] });
    expect(r).toMatchObject({
      ok: false,
      exitCode: 1,
      reason: 'failed',
      message: 'cat: /etc/nsswitch.conf: No such file or directory',
    });
  });
  it("a binary the image lacks: the runtime's InternalError is classified missing-binary", async () => {
    const conn = await start(() => ({ missing: 'ip' }));
    const r = await execInPod(conn, { namespace: 'default', pod: 'client', command: ['ip', 'route'] });
    expect(r).toMatchObject({ ok: false, reason: 'missing-binary' });
    expect(r.message).toMatch(/exec: "ip": executable file not found in \$PATH/);
  });
  it('a command that hangs: the client deadline closes the connection', async () => {
    const conn = await start(() => ({ hang: true }));
    const t0 = Date.now();
    const r = await execInPod(conn, {
      namespace: 'default',
      pod: 'client',
      command: ['sleep', '1000'],
      timeoutMs: 300,
    });
    expect(r).toMatchObject({ ok: false, reason: 'timeout' });
    expect(Date.now() - t0).toBeLessThan(5000);
  });
  it('refused upgrades: 403 (RBAC) and 404 (pod gone) carry the API message', async () => {
    const conn = await start(() => ({}), {
      intercept: (m) =>
        m === 'EXEC'
          ? {
              status: 403,
              body: status(
                403,
                'Forbidden',
                'pods "client" is forbidden: User "viewer" cannot create resource "pods/exec" in API group "" in the namespace "default"',
              ),
            }
          : undefined,
    });
    const r = await execInPod(conn, { namespace: 'default', pod: 'client', command: ['true'] });
    expect(r).toMatchObject({ ok: false, reason: 'forbidden' });
    expect(r.message).toMatch(/cannot create resource "pods\/exec"/);
    await server!.stop();
    const conn2 = await start(() => ({}));
    expect(await execInPod(conn2, { namespace: 'default', pod: 'gone', command: ['true'] })).toMatchObject({
      ok: false,
      reason: 'not-found',
    });
  });
  it('an API server that is not there: unreachable, not a throw', async () => {
    const conn = await start(() => ({}));
    await server!.stop();
    expect(await execInPod(conn, { namespace: 'default', pod: 'client', command: ['true'] })).toMatchObject({
      ok: false,
      reason: 'unreachable',
    });
  });
  it('status classification: timeout(1) gave up (124), shell "not found" (127)', () => {
    const st = (code: number) => ({
      status: 'Failure',
      reason: 'NonZeroExitCode',
      details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
    });
    expect(classifyStatus(st(124), '')).toMatchObject({ reason: 'timeout', exitCode: 124 });
    expect(classifyStatus(st(127), 'sh: ip: not found')).toMatchObject({ reason: 'missing-binary' });
    expect(classifyStatus({ status: 'Success' }, '')).toEqual({ ok: true, exitCode: 0 });
  });
});

describe('the pod exec plan', () => {
  const sched = limiter(4);
  it('wraps every command in a remote timeout and prefers ip -j', async () => {
    const conn = await start((c) => ({ stdout: c.includes('-j') ? '[]' : 'nameserver 10.96.0.10\n' }));
    const cap = await collectPodByExec(
      conn,
      { namespace: 'default', name: 'client' },
      { commandTimeoutS: 7, schedule: sched },
    );
    expect(cap.needsFallback).toBe(false);
    expect([...cap.files.keys()].sort()).toEqual([
      'hosts',
      'ip-addr.json',
      'ip-neigh.json',
      'ip-route.json',
      'nsswitch.conf',
      'resolv.conf',
    ]);
    expect(server!.execs.every((e) => e.command[0] === 'timeout' && e.command[1] === '7')).toBe(true);
  });
  it('an image without timeout or ip: runs bare, falls back to /sys and /proc through sh and cat', async () => {
    const conn = await start((c) => {
      if (c[0] === 'timeout') return { missing: 'timeout' };
      if (['ip', 'ifconfig', 'route'].includes(c[0]!)) return { missing: c[0]! };
      if (c[0] === 'sh') return { stdout: '==> /sys/class/net/eth0/flags <==\n0x1003\n' };
      if (c[1] === '/proc/net/route')
        return {
          stdout:
            'Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\neth0\t00000000\t0100F40A\t0003\t0\t0\t0\t00000000\t0\t0\t0\n',
        };
      if (c[1] === '/proc/net/fib_trie') return { stdout: 'Main:\n  |-- 10.244.0.9\n     /32 host LOCAL\n' };
      if (c[1] === '/etc/nsswitch.conf')
        return { stderr: "cat: can't open '/etc/nsswitch.conf': No such file or directory\n", exitCode: 1 };
      return { stdout: 'nameserver 10.96.0.10\n' };
    });
    const cap = await collectPodByExec(
      conn,
      { namespace: 'default', name: 'client' },
      { commandTimeoutS: 5, schedule: sched },
    );
    expect(cap.needsFallback).toBe(false);
    expect([...cap.files.keys()].sort()).toEqual([
      'fib_trie.txt',
      'hosts',
      'proc-net-route.txt',
      'resolv.conf',
      'sys-class-net.txt',
    ]);
    expect(cap.errors.find((e) => e.artifact === 'nsswitch.conf')).toMatchObject({ reason: 'absent' });
    // a fact a fallback delivered, and an optional fact whose tools are absent, are not errors
    expect(cap.errors.map((e) => e.artifact)).toEqual(['nsswitch.conf']);
    // the first command learned that `timeout` is missing; later ones run bare
    expect(server!.execs.filter((e) => e.command[0] === 'timeout')).toHaveLength(1);
  });
  it('a distroless image (nothing runs): asks for the next route, says why', async () => {
    const conn = await start((c) => ({ missing: c[0]! }));
    const cap = await collectPodByExec(
      conn,
      { namespace: 'default', name: 'client' },
      { commandTimeoutS: 5, schedule: sched },
    );
    expect(cap.needsFallback).toBe(true);
    expect(cap.why).toMatch(/none of ip, ifconfig, route, sh or cat/);
  });
  it('exec forbidden: stops at the first command instead of trying every fallback', async () => {
    const conn = await start(() => ({}), {
      intercept: (m) =>
        m === 'EXEC'
          ? {
              status: 403,
              body: status(403, 'Forbidden', 'pods "client" is forbidden: cannot create resource "pods/exec"'),
            }
          : undefined,
    });
    const cap = await collectPodByExec(
      conn,
      { namespace: 'default', name: 'client' },
      { commandTimeoutS: 5, schedule: sched },
    );
    expect(server!.requests.filter((r) => r.method === 'EXEC')).toHaveLength(1);
    expect(cap).toMatchObject({ needsFallback: true });
    expect(cap.why).toMatch(/forbidden/);
  });
});
