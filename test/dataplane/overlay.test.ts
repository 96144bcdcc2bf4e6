// The VXLAN overlay against the kernel: two nodes joined by a veth underlay, each with a flannel-style VXLAN device
// (a /32 address, a permanent neighbour entry and an FDB entry per remote node) and a pod behind a veth. Each case
// breaks one thing, real pings are sent, and the trace must say what the kernel did and where
// (docs/networking-facts.md §overlay).
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../src/collectors/runner.js';
import { captureLab } from '../../src/labs/capture.js';
import { Lab, labSupport } from '../../src/labs/engine.js';
import { parseIp } from '../../src/net/ip.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { trace } from '../../src/snapshot/trace/index.js';
import type { Path } from '../../src/snapshot/trace/packet.js';
import { traceVerdict } from '../../src/views/trace.js';

const support = await labSupport();
if (!support.ok && process.env.CI === 'true')
  throw new Error(`CI=true but the overlay kernel test cannot run: ${support.reason}`);
if (!support.ok) process.stderr.write(`\n[skip] test/dataplane/overlay: ${support.reason}\n`);

type Fault = 'none' | 'input-drops-vxlan' | 'neighbour-missing' | 'vni-mismatch' | 'far-vtep-down' | 'wrong-port';

const NODES = [
  { id: 'n1', under: '192.168.77.1', vtep: '10.77.1.0', pod: '10.77.1.2', gw: '10.77.1.1', mac: '02:77:00:00:00:01' },
  { id: 'n2', under: '192.168.77.2', vtep: '10.77.2.0', pod: '10.77.2.2', gw: '10.77.2.1', mac: '02:77:00:00:00:02' },
] as const;

async function build(lab: Lab, fault: Fault): Promise<void> {
  for (const id of ['n1', 'n2', 'p1', 'p2']) {
    await lab.addHost(id);
    await lab.ip(id, 'link', 'set', 'lo', 'up');
  }
  await lab.veth(
    { host: 'n1', name: 'eth0', mac: '02:77:01:00:00:01' },
    { host: 'n2', name: 'eth0', mac: '02:77:01:00:00:02' },
  );
  for (const [k, n] of NODES.entries()) {
    const pod = `p${k + 1}`;
    await lab.exec(n.id, ['sysctl', '-q', '-w', 'net.ipv4.ip_forward=1', 'net.ipv4.conf.all.rp_filter=0']);
    await lab.ip(n.id, 'addr', 'add', `${n.under}/24`, 'dev', 'eth0');
    await lab.ip(n.id, 'link', 'set', 'eth0', 'up');
    const id = fault === 'vni-mismatch' && n.id === 'n2' ? '43' : '42';
    const port = fault === 'wrong-port' && n.id === 'n2' ? '4789' : '8472';
    const vx = ['type', 'vxlan', 'id', id, 'local', n.under, 'dstport', port, 'nolearning'];
    await lab.ip(n.id, 'link', 'add', 'flannel.1', 'address', n.mac, ...vx);
    await lab.ip(n.id, 'addr', 'add', `${n.vtep}/32`, 'dev', 'flannel.1');
    if (!(fault === 'far-vtep-down' && n.id === 'n2')) await lab.ip(n.id, 'link', 'set', 'flannel.1', 'up');
    await lab.veth(
      { host: n.id, name: 'vethpod', mac: `02:77:02:00:00:0${k + 1}` },
      { host: pod, name: 'eth0', mac: `02:77:03:00:00:0${k + 1}` },
    );
    await lab.ip(n.id, 'addr', 'add', `${n.gw}/24`, 'dev', 'vethpod');
    await lab.ip(n.id, 'link', 'set', 'vethpod', 'up');
    await lab.ip(pod, 'addr', 'add', `${n.pod}/24`, 'dev', 'eth0');
    await lab.ip(pod, 'link', 'set', 'eth0', 'up');
    await lab.ip(pod, 'route', 'add', 'default', 'via', n.gw);
  }
  for (const [k, n] of NODES.entries()) {
    const other = NODES[1 - k]!;
    // the remote link only exists once the device is up: the route goes in regardless of the far node's state
    if (!(fault === 'far-vtep-down' && n.id === 'n2'))
      await lab.ip(
        n.id,
        'route',
        'add',
        `${other.vtep.replace(/\.0$/, '.0/24')}`,
        'via',
        other.vtep,
        'dev',
        'flannel.1',
        'onlink',
      );
    if (!(fault === 'neighbour-missing' && n.id === 'n1'))
      await lab.ip(n.id, 'neigh', 'replace', other.vtep, 'lladdr', other.mac, 'dev', 'flannel.1', 'nud', 'permanent');
    await lab.exec(n.id, ['bridge', 'fdb', 'append', other.mac, 'dev', 'flannel.1', 'dst', other.under]);
    await lab.exec(n.id, [
      'sysctl',
      '-q',
      '-w',
      'net/ipv4/neigh/flannel.1/retrans_time_ms=10',
      'net/ipv4/neigh/flannel.1/mcast_solicit=2',
    ]);
  }
  if (fault === 'input-drops-vxlan')
    await lab.exec('n2', ['iptables', '-A', 'INPUT', '-p', 'udp', '--dport', '8472', '-j', 'DROP']);
}

const labs: Lab[] = [];
afterAll(async () => {
  await Promise.all(labs.map((l) => l.down()));
});

async function caseOf(fault: Fault): Promise<{ kernel: boolean; paths: Path[]; drops: string }> {
  const lab = new Lab();
  labs.push(lab);
  await build(lab, fault);
  const ping = await run(['ip', 'netns', 'exec', lab.ns('p1'), 'ping', '-n', '-c', '1', '-W', '1', NODES[1].pod]);
  const drops = (await run(['ip', 'netns', 'exec', lab.ns('n2'), 'iptables-save', '-c'])).stdout;
  const snap = buildSnapshot(await captureLab(lab, 'test/dataplane/overlay'));
  await lab.down();
  const paths = trace(snap, { from: snap.byId.get('p1')!, dst: parseIp(NODES[1].pod)!, proto: 'icmp', replies: true });
  return { kernel: ping.ok, paths, drops };
}

describe.skipIf(!support.ok)(
  `VXLAN overlay, model against kernel${support.ok ? '' : ` (skipped: ${support.reason})`}`,
  () => {
    it('healthy: the ping crosses the tunnel both ways, and so does the trace', async () => {
      const { kernel, paths } = await caseOf('none');
      expect(kernel).toBe(true);
      expect(traceVerdict(paths)).toBe('reaches');
      const steps = paths[0]!.steps;
      expect(steps.find((s) => s.kind === 'encap')).toMatchObject({ host: 'n1', iface: 'flannel.1', to: 'n2' });
      expect(steps.find((s) => s.kind === 'encap' && 'outer' in s)).toMatchObject({
        outer: expect.stringContaining('192.168.77.1:49152 → 192.168.77.2:8472 udp'),
      });
      expect(paths[0]!.end).toMatchObject({ kind: 'delivered', host: 'p2' });
    });
    it('the far node drops UDP 8472 in INPUT: the kernel counts the drop, the trace ends on that rule', async () => {
      const { kernel, paths, drops } = await caseOf('input-drops-vxlan');
      expect(kernel).toBe(false);
      expect(drops).toMatch(/\[[1-9]\d*:\d+\] -A INPUT -p udp -m udp --dport 8472 -j DROP/);
      expect(traceVerdict(paths)).toBe('fails');
      expect(paths.map((p) => p.end)).toEqual([
        expect.objectContaining({
          kind: 'dropped',
          host: 'n2',
          by: 'rule',
          src: expect.objectContaining({ text: expect.stringContaining('--dport 8472 -j DROP') }),
        }),
      ]);
      // nobody tells the pod: the lost packet was the tunnel's, not the pod's
      expect(paths[0]!.reply).toBeUndefined();
    });
    it('no neighbour entry for the far VTEP: ARP inside the tunnel finds nobody', async () => {
      const { kernel, paths } = await caseOf('neighbour-missing');
      expect(kernel).toBe(false);
      expect(paths[0]!.end).toMatchObject({
        kind: 'neighbour-unreachable',
        host: 'n1',
        reason: { code: 'vtep-no-neighbour' },
      });
    });
    it('the far device has another VXLAN id: the kernel drops the frame', async () => {
      const { kernel, paths } = await caseOf('vni-mismatch');
      expect(kernel).toBe(false);
      expect(paths[0]!.end).toMatchObject({ kind: 'dropped', host: 'n2', reason: { code: 'vni-mismatch' } });
    });
    it('the far device listens on another UDP port', async () => {
      const { kernel, paths } = await caseOf('wrong-port');
      expect(kernel).toBe(false);
      expect(paths[0]!.end).toMatchObject({ kind: 'dropped', host: 'n2', reason: { code: 'vxlan-port-mismatch' } });
    });
    it('the far VXLAN device is down', async () => {
      const { kernel, paths } = await caseOf('far-vtep-down');
      expect(kernel).toBe(false);
      expect(traceVerdict(paths)).toBe('fails');
    });
  },
);
