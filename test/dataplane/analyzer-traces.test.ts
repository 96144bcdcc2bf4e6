// Reachability findings stand on traces. For the Service analyzers: a node's own connection to a ClusterIP, and an
// outside client's to a NodePort; for a DNAT rule: a packet built to meet it. What the rules seem to say only picks
// the candidates; the trace decides and is the proof.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAnalyzers } from '../../src/analyzers/index.js';
import { programmedNodes } from '../../src/analyzers/k8s.js';
import type { RawFinding } from '../../src/analyzers/types.js';
import { readBundle } from '../../src/bundle/read.js';
import { parseIp } from '../../src/net/ip.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { listeningFromSockets, trace } from '../../src/snapshot/trace/index.js';
import { traceVerdict } from '../../src/views/trace.js';
import { ROOT } from '../helpers.js';

async function findingsOf(rel: string, edit?: (files: Map<string, string>) => void): Promise<Finding[]> {
  const raw = await readBundle(join(ROOT, 'fixtures', rel));
  edit?.(raw.files);
  return runAnalyzers(buildSnapshot(raw)).findings;
}
type Finding = RawFinding;
const one = (fs: Finding[], id: string, target: string): Finding => {
  const f = fs.find((x) => x.id === id && x.target === target);
  expect(f, `${id}@${target}`).toBeDefined();
  return f!;
};

describe('Service findings carry the trace that decides them', () => {
  it('service-not-programmed: the node sends to the ClusterIP untranslated, and the trace shows it leave', async () => {
    const f = one(await findingsOf('k8s-hostgw/kube-proxy-stale'), 'service-not-programmed', 'worker-1');
    expect(f.trace).toMatchObject({ from: 'worker-1', to: '10.96.100.10:80/tcp' });
    const p = f.trace!.paths[0]!;
    expect(p.steps.some((s) => s.kind === 'rule' && s.target === 'DNAT')).toBe(false);
    expect(p.end).toMatchObject({ kind: 'no-route', host: 'lan' });
    // the jump into KUBE-SERVICES it passed through, without a rule there for the Service
    expect(f.evidence.map((e) => e.text)).toContain(
      '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    );
  });
  it('endpoints-stale: the trace follows the DNAT to the gone pod and dies on the bridge', async () => {
    const f = one(await findingsOf('k8s-hostgw/endpoints-stale'), 'endpoints-stale', 'worker-1');
    expect(f.trace!.paths.map((p) => p.end)).toEqual([
      expect.objectContaining({ kind: 'neighbour-unreachable', host: 'worker-1', nexthop: '10.244.0.99' }),
    ]);
  });
  it('nodeport-not-programmed: an outside client connecting to the NodePort reaches the node itself, no pod', async () => {
    const f = one(await findingsOf('k8s-hostgw/nodeport-missing'), 'nodeport-not-programmed', 'worker-2');
    expect(f.trace).toMatchObject({ to: '192.168.56.11:30080/tcp' });
    expect(f.trace!.paths.map((p) => p.end)).toEqual([
      expect.objectContaining({ kind: 'delivered', host: 'worker-2', dst: '192.168.56.11' }),
    ]);
  });
  it('a rule kube-proxy did not comment still translates: the trace clears what the rule reading missed', async () => {
    const edit = (files: Map<string, string>): void => {
      const k = 'hosts/worker-1/iptables-save.txt';
      files.set(k, files.get(k)!.replaceAll('-m comment --comment "default/web cluster IP" ', ''));
    };
    const raw = await readBundle(join(ROOT, 'fixtures/k8s-hostgw/healthy'));
    edit(raw.files);
    const snap = buildSnapshot(raw);
    // reading kube-proxy's rules by their comments, worker-1 seems not to have the Service
    const view = programmedNodes(snap).find((n) => n.host.id === 'worker-1')!.view;
    expect(view.services.has('10.96.100.10:80/TCP')).toBe(false);
    // but the packet is translated, so nothing is reported
    expect(runAnalyzers(snap).findings.filter((f) => f.id === 'service-not-programmed')).toEqual([]);
  });
  it('dnat-target-unknown: a packet built to meet the DNAT rule is traced to the ARP nobody answers', async () => {
    const f = one(await findingsOf('docker-bridge/dnat-wrong-target'), 'dnat-target-unknown', 'host');
    expect(f.trace).toMatchObject({ from: '203.0.113.10 → host eth0', to: '192.168.1.2:8080/tcp' });
    const p = f.trace!.paths[0]!;
    expect(p.steps.some((s) => s.kind === 'rule' && s.target === 'DNAT' && s.src.line === f.evidence[0]!.line)).toBe(
      true,
    );
    expect(p.end).toMatchObject({ kind: 'neighbour-unreachable', host: 'host', nexthop: '172.17.0.9' });
  });
  it('gateway-unreachable: a connection out by the route dies at the next hop nobody on the bridge answers for', async () => {
    const f = one(await findingsOf('bridge-nat/gateway-wrong'), 'gateway-unreachable', 'blue');
    expect(f.trace!.paths.map((p) => p.end)).toEqual([
      expect.objectContaining({
        kind: 'neighbour-unreachable',
        host: 'blue',
        reason: expect.objectContaining({ code: 'nobody-on-bridge' }),
      }),
    ]);
  });
  it('bridge-nf-call-iptables-disabled: a pod reaches a Service endpoint on its own bridge; the answer skips conntrack', async () => {
    const f = one(await findingsOf('k8s-hostgw/br-netfilter-off'), 'bridge-nf-call-iptables-disabled', 'worker-1');
    expect(f.trace).toMatchObject({ from: 'default.client', to: '10.96.100.10:80/tcp (default/web)' });
    const p = f.trace!.paths[0]!;
    expect(p.end).toMatchObject({ kind: 'delivered', host: 'default.web-1' });
    // the SYN-ACK comes back from the pod's own address, not the ClusterIP the client wrote to
    expect(p.reply).toMatchObject({ stray: true, end: { kind: 'delivered', host: 'default.client' } });
    // and with the bridge passing frames through iptables, the same connection's answer is un-NATed and taken
    const healthy = buildSnapshot(await readBundle(join(ROOT, 'fixtures/k8s-hostgw/healthy')));
    const paths = trace(healthy, {
      from: healthy.byId.get('default.client')!,
      dst: parseIp('10.96.100.10')!,
      proto: 'tcp',
      dport: 80,
      replies: true,
      listening: listeningFromSockets,
    });
    expect(traceVerdict(paths)).toBe('reaches');
  });
  it("netpol-blocks-dns: the pod's own query, traced after DNAT to a CoreDNS pod, is what the policy drops", async () => {
    const f = one(await findingsOf('k8s-hostgw/netpol-deny-egress'), 'netpol-blocks-dns', 'default.client');
    expect(f.trace).toMatchObject({ from: 'default.client', to: '10.96.0.10:53/udp (DNS)' });
    const ends = f.trace!.paths.map((p) => (p.end.kind === 'delivered' ? p.end.host : p.end.kind)).sort();
    expect(ends).toEqual(['kube-system.coredns-a', 'kube-system.coredns-b']);
  });
  it('forward-blocked between bridge ports: one container connects to the other and FORWARD drops the frame', async () => {
    const fs = await findingsOf('docker-bridge/forward-drop');
    const f = fs.find((x) => x.id === 'forward-blocked' && x.trace?.from === 'c2');
    expect(f?.trace).toMatchObject({ to: '172.17.0.2:80/tcp' });
    expect(f!.trace!.paths.map((p) => p.end)).toEqual([
      expect.objectContaining({ kind: 'dropped', host: 'host', by: 'policy' }),
    ]);
    expect(f!.trace!.paths[0]!.steps.some((s) => s.kind === 'bridge' && s.netfilter)).toBe(true);
  });
});
