// The live collector against the real kernel, including the ways collection goes wrong.
import { localHostId } from '../../src/collectors/target.js';
import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { collect } from '../../src/collectors/collect.js';
import { discoverNamespaces } from '../../src/collectors/discover.js';
import { run } from '../../src/collectors/runner.js';
import { Lab, labSupport } from '../../src/labs/engine.js';
import { k8sVxlan } from '../../src/labs/scenarios/k8s-cluster.js';
import { manualCni } from '../../src/labs/scenarios/manual-cni.js';
import { parseIp } from '../../src/net/ip.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { trace } from '../../src/snapshot/trace/index.js';
import { asNobody } from '../nobody.js';
import { tempDir } from '../tmp.js';

const support = await labSupport();
if (!support.ok && process.env.CI === 'true')
  throw new Error(`CI=true but the collector tests cannot run: ${support.reason}`);
if (!support.ok) process.stderr.write(`\n[skip] test/collectors/collect: ${support.reason}\n`);

const errorsOf = (b: Awaited<ReturnType<typeof collect>>, host: string) =>
  JSON.parse(b.files.get(`hosts/${host}/errors.json`) ?? '[]') as {
    artifact: string;
    reason: string;
    message: string;
  }[];

describe.skipIf(!support.ok)(`live collection${support.ok ? '' : ` (skipped: ${support.reason})`}`, () => {
  const labs: Lab[] = [];
  const savedPath = process.env.PATH;
  afterEach(async () => {
    process.env.PATH = savedPath;
    for (const l of labs.splice(0)) await l.down();
  });
  async function cni(): Promise<Lab> {
    const lab = new Lab();
    labs.push(lab);
    await manualCni.build(lab, []);
    return lab;
  }

  it('a netns target: JSON outputs first, files as the namespace sees them, host.json', async () => {
    const lab = await cni();
    const b = await collect([{ kind: 'netns', name: lab.ns('container') }]);
    const id = lab.ns('container');
    expect(
      [...b.files.keys()]
        .filter((k) => k.startsWith(`hosts/${id}/`))
        .map((k) => k.split('/')[2])
        .sort(),
    ).toEqual(
      expect.arrayContaining([
        'host.json',
        'hosts',
        'ip-addr.json',
        'ip-neigh.json',
        'ip-route.json',
        'ip-rule.txt',
        'iptables-save.txt',
        'nsswitch.conf',
        'resolv.conf',
        'ss.txt',
        'sysctl.txt',
      ]),
    );
    expect(b.files.get(`hosts/${id}/resolv.conf`)).toBe('nameserver 10.1.1.1\n');
    expect(JSON.parse(b.files.get(`hosts/${id}/host.json`)!)).toEqual({ kind: 'netns', name: id, netns: id });
    expect(JSON.parse(b.files.get('bundle.json')!)).toMatchObject({ format: 1, redacted: true });
  });
  it('JSON captures of several namespaces join each veth to its far end by netns id, even where ifindexes repeat', async () => {
    // k8s-vxlan: seven namespaces, each pod's eth0 is ifindex 2 and several node veths share ifindexes too
    const lab = new Lab();
    labs.push(lab);
    await k8sVxlan.build(lab, []);
    const ids = ['lan', 'worker-1', 'worker-2', 'default.client', 'default.web-1', 'kube-system.coredns-a'];
    const raw = await collect(ids.map((id) => ({ kind: 'netns' as const, name: lab.ns(id) })));
    expect(raw.files.get(`hosts/${lab.ns('default.client')}/netns-ids.txt`)).toContain(
      `(iproute2 netns name: ${lab.ns('worker-1')})`,
    );
    const snap = buildSnapshot(raw);
    const client = snap.byId.get(lab.ns('default.client'))!;
    const eth0 = client.interfaces!.find((i) => i.name === 'eth0')!;
    expect(eth0.linkNetns).toBeUndefined();
    expect(snap.peerOf.get(eth0)).toMatchObject({ host: { id: lab.ns('worker-1') }, iface: { name: 'vethclient' } });
    // and the packet follows: the client's ping to a pod on the other node crosses both nodes
    const paths = trace(snap, { from: client, dst: parseIp('10.244.1.4')!, proto: 'icmp' });
    expect(paths.map((p) => p.end)).toEqual([
      expect.objectContaining({ kind: 'delivered', host: lab.ns('kube-system.coredns-a') }),
    ]);
  });
  it('a namespace that vanishes mid-collection: per-target errors, the other target completes', async () => {
    const lab = await cni();
    let deleted = false;
    const b = await collect(
      [
        { kind: 'netns', name: lab.ns('container') },
        { kind: 'netns', name: lab.ns('node') },
      ],
      {
        concurrency: 1,
        onEvent: (e) => {
          if (!deleted && e.type === 'artifact' && e.hostId === lab.ns('container')) {
            deleted = true;
            void run(['ip', 'netns', 'del', lab.ns('container')]);
          }
        },
      },
    );
    expect(deleted).toBe(true);
    expect(errorsOf(b, lab.ns('container')).length).toBeGreaterThan(3);
    expect(errorsOf(b, lab.ns('node')).filter((e) => e.reason !== 'missing-binary')).toEqual([]);
    expect(b.files.has(`hosts/${lab.ns('node')}/ip-route.json`)).toBe(true);
  });
  it('a PID that has exited: one line says why, no command runs, the other target is still collected', async () => {
    const gone = spawn('true');
    await new Promise((r) => gone.on('exit', r));
    const lab = await cni();
    const b = await collect([
      { kind: 'pid', pid: gone.pid! },
      { kind: 'netns', name: lab.ns('node') },
    ]);
    const errs = errorsOf(b, `pid-${gone.pid}`);
    expect(errs).toEqual([
      expect.objectContaining({ artifact: '*', reason: 'not-found', message: `process ${gone.pid} does not exist` }),
    ]);
    expect([...b.files.keys()].filter((k) => k.startsWith(`hosts/pid-${gone.pid}/`)).sort()).toEqual([
      `hosts/pid-${gone.pid}/errors.json`,
      `hosts/pid-${gone.pid}/host.json`,
    ]);
    expect(b.files.has(`hosts/${lab.ns('node')}/ip-addr.json`)).toBe(true);
  });
  it('a process target reads the network view with nsenter and files from /proc/PID/root', async () => {
    const lab = await cni();
    const child = spawn('ip', ['netns', 'exec', lab.ns('container'), 'sleep', '30'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 200));
      const pid = Number((await run(['ip', 'netns', 'pids', lab.ns('container')])).stdout.trim().split(/\s+/)[0]);
      const b = await collect([{ kind: 'pid', pid }]);
      expect(
        JSON.parse(b.files.get(`hosts/pid-${pid}/ip-addr.json`)!).map((i: { ifname: string }) => i.ifname),
      ).toContain('veth-container');
      expect(JSON.parse(b.files.get(`hosts/pid-${pid}/host.json`)!)).toMatchObject({ kind: 'container', pid });
    } finally {
      child.kill('SIGKILL');
    }
  });
  it('a missing iptables binary and a hanging command: missing-binary and timeout, the rest still collected', async () => {
    const lab = await cni();
    const bin = tempDir('path-');
    for (const tool of ['ip', 'sysctl', 'ss', 'cat', 'nsenter']) {
      const real = (await run(['sh', '-c', `command -v ${tool}`])).stdout.trim();
      if (real) symlinkSync(real, join(bin, tool));
    }
    writeFileSync(join(bin, 'ip6tables-save'), '#!/bin/sh\nexec /bin/sleep 30\n');
    chmodSync(join(bin, 'ip6tables-save'), 0o755);
    process.env.PATH = bin;
    const b = await collect([{ kind: 'netns', name: lab.ns('node') }], { timeoutMs: 500 });
    const errs = errorsOf(b, lab.ns('node'));
    expect(errs.find((e) => e.artifact === 'iptables-save.txt')).toMatchObject({
      reason: 'missing-binary',
      command: 'iptables-save | iptables -L -n -v',
    });
    expect(errs.find((e) => e.artifact === 'ip6tables-save.txt')).toMatchObject({ reason: 'timeout' });
    expect(b.files.has(`hosts/${lab.ns('node')}/ip-route.json`)).toBe(true);
    expect(b.files.has(`hosts/${lab.ns('node')}/resolv.conf`)).toBe(true);
  });
  it('a non-root user: a clear per-target reason, and the local capture still writes a bundle', async () => {
    const lab = await cni();
    const out = tempDir('nobody-');
    chmodSync(out, 0o777);
    const r = await asNobody(['capture', '--local', '--netns', lab.ns('node'), '-q', '-o', join(out, 'b')], {
      timeoutMs: 60_000,
    });
    // the bundle is written; the namespace gave nothing to a non-root user, and the exit code says so (3)
    expect(r.exitCode).toBe(3);
    expect(r.stderr).toContain('1 of 2 targets collected');
    expect(r.stderr).toContain(`not collected: ${lab.ns('node')}: `);
    expect(r.stderr).toContain('incomplete capture; exit 3');
    const local = JSON.parse(readFileSync(join(out, 'b', 'hosts', localHostId(), 'errors.json'), 'utf8')) as {
      artifact: string;
      reason: string;
    }[];
    expect(local.find((e) => e.artifact === 'iptables-save.txt' || e.artifact === 'iptables-L.txt')?.reason).toBe(
      'permission',
    );
    expect(readFileSync(join(out, 'b', 'hosts', localHostId(), 'ip-addr.json'), 'utf8')).toContain('"ifname":"lo"');
    const ns = JSON.parse(readFileSync(join(out, 'b', 'hosts', lab.ns('node'), 'errors.json'), 'utf8')) as {
      reason: string;
    }[];
    expect(ns.length).toBeGreaterThan(5);
    expect(ns.every((e) => e.reason === 'permission' || e.reason === 'missing-binary')).toBe(true);
  });
  it('a docker target that cannot be resolved (no engine, no CLI, or not running): why, and the rest continues', async () => {
    const lab = await cni();
    const b = await collect([
      { kind: 'docker', container: 'knd-no-such-container' },
      { kind: 'netns', name: lab.ns('node') },
    ]);
    const errs = errorsOf(b, 'knd-no-such-container');
    expect(errs).toHaveLength(1);
    expect(errs[0]!.message).toMatch(/^docker container knd-no-such-container: /);
    expect(JSON.parse(b.files.get('hosts/knd-no-such-container/host.json')!)).toMatchObject({ kind: 'container' });
    expect(b.files.has(`hosts/${lab.ns('node')}/ip-addr.json`)).toBe(true);
  });
  it('--all-netns discovery: named namespaces and an unnamed one held by a process', async () => {
    const lab = await cni();
    const holder = spawn('ip', ['netns', 'exec', lab.ns('container'), 'sleep', '30'], { stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 200));
      const pid = Number((await run(['ip', 'netns', 'pids', lab.ns('container')])).stdout.trim().split(/\s+/)[0]);
      // drop the name: only the sleeping process keeps the namespace (and its veth) alive
      await run(['ip', 'netns', 'del', lab.ns('container')]);
      const { targets } = await discoverNamespaces();
      expect(targets).toEqual(
        expect.arrayContaining([
          { kind: 'netns', name: lab.ns('node') },
          { kind: 'pid', pid, label: `sleep-${pid}` },
        ]),
      );
    } finally {
      holder.kill('SIGKILL');
    }
  });
});
