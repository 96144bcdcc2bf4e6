// DNS mode (`trace --probe dns:NAME`) on the lab fixtures, whose DNS checks really ran `getent hosts` in the kernel:
// the lookup plan (nsswitch order, /etc/hosts, search list and ndots, servers), each query's packet hop by hop with
// the answer back, and the NetworkPolicy egress a pod's CNI would enforce (docs/networking-facts.md §nsswitch,
// §resolv-conf, §netpol-dns).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBundle } from '../../src/bundle/read.js';
import { parseIp } from '../../src/net/ip.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { traceDns } from '../../src/snapshot/trace/dns.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { renderDnsJson, renderDnsText, verdictOf } from '../../src/views/trace-dns.js';
import { runCli } from '../cli-io.js';
import { ROOT, d, snap } from '../helpers.js';

const load = async (rel: string): Promise<Snapshot> => buildSnapshot(await readBundle(join(ROOT, 'fixtures', rel)));

describe('DNS mode on captured labs', () => {
  it('a pod asks the kube-dns ClusterIP: search list first (ndots 5), DNAT to each CoreDNS pod, answer back', async () => {
    const s = await load('k8s-hostgw/healthy');
    const dns = traceDns(s, s.byId.get('default.client')!, 'web');
    expect(verdictOf(dns)).toBe('resolves');
    expect(dns.lookup.queries[0]).toBe('web.default.svc.cluster.local.');
    expect(dns.lookup.ndots).toBe(5);
    expect(dns.servers.map((x) => x.server)).toEqual(['10.96.0.10']);
    const ends = dns.servers[0]!.paths.map((p) => (p.end.kind === 'delivered' ? p.end.dst : p.end.kind)).sort();
    expect(ends).toEqual(['10.244.1.4', '10.244.1.5']);
    for (const p of dns.servers[0]!.paths) {
      expect(p.reply?.end).toMatchObject({ kind: 'delivered', host: 'default.client' });
      // the answer comes back from the ClusterIP the pod asked: conntrack undid the DNAT
      expect(p.reply?.pkt.src).toEqual(parseIp('10.96.0.10'));
    }
    expect(dns.servers[0]!.policy).toBeUndefined();
  });
  it('a default-deny egress policy drops the query after DNAT, and says which policy', async () => {
    const s = await load('k8s-hostgw/netpol-deny-egress');
    const dns = traceDns(s, s.byId.get('default.client')!, 'web');
    expect(verdictOf(dns)).toBe('fails');
    expect(dns.servers[0]!.policy).toMatchObject({
      allowed: false,
      policies: [{ name: 'default/default-deny-egress' }],
    });
    expect(renderDnsText({ name: 'web', source: 's', dns }, 'en', 200)).toMatch(
      /NetworkPolicy default\/default-deny-egress selects the pod for Egress and no rule allows UDP to 10\.244\.1\.\d:53/,
    );
  });
  it('no CoreDNS endpoints: kube-proxy rejects the query on the node', async () => {
    const s = await load('k8s-hostgw/coredns-down');
    const dns = traceDns(s, s.byId.get('default.client')!, 'web');
    expect(verdictOf(dns)).toBe('fails');
    expect(dns.servers[0]!.paths[0]!.end).toMatchObject({ kind: 'dropped', host: 'worker-1', rejected: true });
  });
  it('hosts: files — no query is ever sent', async () => {
    const s = await load('bridge-nat/nsswitch-files-only');
    const dns = traceDns(s, s.byId.get('blue')!, 'web.lab.test');
    expect(dns.local).toBe('blocked');
    expect(dns.servers).toEqual([]);
    expect(verdictOf(dns)).toBe('fails');
  });
  it('/etc/hosts answers before DNS', async () => {
    const s = await load('bridge-nat/hosts-override');
    const dns = traceDns(s, s.byId.get('blue')!, 'web.lab.test');
    expect(dns.local).toBe('hosts-file');
    expect(dns.lookup.hostsAnswer).toMatchObject({ address: '192.168.1.99' });
    expect(verdictOf(dns)).toBe('resolves');
  });
  it('no nameserver line: glibc asks 127.0.0.1, where nothing listens, and the port-unreachable comes back', async () => {
    const s = await load('bridge-nat/no-nameserver');
    const dns = traceDns(s, s.byId.get('blue')!, 'web.lab.test');
    expect(dns.asked).toBe('default');
    expect(dns.servers[0]!.server).toBe('127.0.0.1');
    expect(dns.servers[0]!.paths[0]!.reply?.pkt.icmp).toEqual([3, 3]);
    expect(verdictOf(dns)).toBe('fails');
  });
  it('what was not collected is not called healthy', () => {
    const s = snap({
      'hosts/a/ip-addr.txt': d(`
        1: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP
            inet 10.0.0.2/24 scope global eth0
      `),
      'hosts/a/ip-route.txt':
        'default via 10.0.0.1 dev eth0\n10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2\n',
    });
    const dns = traceDns(s, s.byId.get('a')!, 'example.com');
    expect(verdictOf(dns)).toBe('undecided');
    expect(dns.unknowns.map((u) => u.params?.what)).toEqual([
      'nsswitch.conf (whether files or DNS comes first)',
      'resolv.conf',
    ]);
  });
  it('one server asked directly (like dig @server), and the JSON form', async () => {
    const s = await load('k8s-hostgw/healthy');
    const dns = traceDns(s, s.byId.get('default.client')!, 'web', parseIp('10.244.1.4')!);
    expect(dns.asked).toBe('direct');
    expect(verdictOf(dns)).toBe('resolves');
    const json = JSON.parse(renderDnsJson({ name: 'web', source: 's', dns }, 'zh-TW')) as {
      verdict: string;
      lookup: { queries: string[] };
      servers: { server: string; verdict: string; paths: { end: { text: string } }[] }[];
    };
    expect(json.verdict).toBe('resolves');
    expect(json.servers[0]).toMatchObject({ server: '10.244.1.4', verdict: 'reaches' });
    expect(json.servers[0]!.paths[0]!.end.text).toMatch(/^送達 kube-system\.coredns-a/);
  });
});

describe('kube-netdiag trace --probe dns:NAME', () => {
  it('exits 0 when the name resolves, 1 when it cannot, 2 on a bad probe; zh-TW text uses full-width marks', async () => {
    const ok = await runCli([
      'trace',
      join(ROOT, 'fixtures/k8s-hostgw/healthy'),
      '--from',
      'pod/default/client',
      '--probe',
      'dns:web',
    ]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('DNS lookup of web on default.client');
    expect(ok.out).toContain('hosts/default.client/resolv.conf:');
    const bad = await runCli([
      'trace',
      join(ROOT, 'fixtures/k8s-hostgw/coredns-down'),
      '--from',
      'default.client',
      '--probe',
      'dns:web',
      '--lang',
      'zh-TW',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('解析失敗');
    expect(bad.out).not.toMatch(/[\u4e00-\u9fff][,:;()]|[,:;()][\u4e00-\u9fff]/);
    const usage = await runCli(['trace', join(ROOT, 'fixtures/k8s-hostgw/healthy'), '--probe', 'web']);
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/--probe takes dns:NAME/);
  });
});
