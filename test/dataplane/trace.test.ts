// The tracer on captures: each lab fault ends where the kernel ends it, with the deciding line; forks carry their
// probability or assumption; requests resolve Services and pods; the CLI prints and exits by the verdict.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAnalyzers } from '../../src/analyzers/index.js';
import { readBundle } from '../../src/bundle/read.js';
import { parseIp } from '../../src/net/ip.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { trace, traceArrival } from '../../src/snapshot/trace/index.js';
import type { Path } from '../../src/snapshot/trace/packet.js';
import { TraceSpecError, resolveFrom, resolveTo } from '../../src/snapshot/trace/request.js';
import type { Snapshot } from '../../src/snapshot/types.js';
import { renderTraceJson, renderTraceText, traceVerdict } from '../../src/views/trace.js';
import { runCli } from '../cli-io.js';
import { ROOT, d, snap } from '../helpers.js';

const fixture = async (rel: string): Promise<Snapshot> => buildSnapshot(await readBundle(join(ROOT, 'fixtures', rel)));
const ip = (s: string) => parseIp(s)!;
const ping = (s: Snapshot, from: string, to: string): Path[] =>
  trace(s, { from: s.byId.get(from)!, dst: ip(to), proto: 'icmp', replies: true, listening: () => false });
const rules = (p: Path, host: string): string[] =>
  p.steps.flatMap((s) => (s.kind === 'rule' && s.host === host ? [`${s.table} ${s.chain} ${s.src.text}`] : []));

describe('lab faults, traced (bridge-nat)', () => {
  it('healthy: red reaches outside, masqueraded by host, and the echo reply comes back un-NATed', async () => {
    const [p, ...more] = ping(await fixture('bridge-nat/healthy'), 'red', '192.168.1.3');
    expect(more).toEqual([]);
    expect(p!.end).toMatchObject({ kind: 'delivered', host: 'outside', dst: '192.168.1.3' });
    expect(p!.pkt.src).toEqual(ip('192.168.1.2'));
    expect(rules(p!, 'host')).toEqual(['nat POSTROUTING -A POSTROUTING -s 192.168.15.0/24 -j MASQUERADE']);
    expect(p!.reply?.end).toMatchObject({ kind: 'delivered', host: 'red', dst: '192.168.15.1' });
    expect(p!.reply?.steps.some((s) => s.kind === 'note' && s.why.code === 'undo-snat')).toBe(true);
  });
  it('no-masquerade: the request arrives with the private source, and outside has no route back', async () => {
    const [p] = ping(await fixture('bridge-nat/no-masquerade'), 'red', '192.168.1.3');
    expect(p!.end).toMatchObject({ kind: 'delivered', host: 'outside' });
    expect(p!.pkt.src).toEqual(ip('192.168.15.1'));
    expect(p!.reply?.end).toEqual({ kind: 'no-route', host: 'outside' });
  });
  it('forward-drop: the FORWARD policy line decides', async () => {
    const [p] = ping(await fixture('bridge-nat/forward-drop'), 'red', '192.168.1.3');
    expect(p!.end).toMatchObject({
      kind: 'dropped',
      host: 'host',
      by: 'policy',
      src: { text: ':FORWARD DROP [8:548]', line: 4 },
    });
  });
  it('ip-forward-off: the kernel drops it without an answer', async () => {
    const [p] = ping(await fixture('bridge-nat/ip-forward-off'), 'red', '192.168.1.3');
    expect(p!.end).toMatchObject({
      kind: 'dropped',
      by: 'kernel',
      rejected: false,
      reason: { code: 'not-forwarding' },
    });
    expect(p!.reply).toBeUndefined();
  });
  it('bridge-down: the gateway behind the bridge never answers ARP, and the sender hears of it', async () => {
    const [p] = ping(await fixture('bridge-nat/bridge-down'), 'red', '192.168.1.3');
    expect(p!.end).toMatchObject({ kind: 'neighbour-unreachable', host: 'red', nexthop: '192.168.15.5' });
    expect(p!.end.kind === 'neighbour-unreachable' && p!.end.reason.code).toBe('bridge-down');
    expect(p!.reply?.pkt.icmp).toEqual([3, 1]);
  });
});

describe('Services, traced (k8s-hostgw)', () => {
  it('a pod to a ClusterIP: DNAT to each endpoint with its probability, all delivered to a web pod', async () => {
    const s = await fixture('k8s-hostgw/healthy');
    const to = resolveTo(s, 'svc/default/web');
    const paths = trace(s, {
      from: resolveFrom(s, 'pod/default/client'),
      dst: to.dst,
      proto: to.proto,
      dport: to.dport!,
    });
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.reduce((a, p) => a + p.probability, 0)).toBeCloseTo(1, 6);
    for (const p of paths) {
      expect(p.end.kind).toBe('delivered');
      expect(p.steps.some((x) => x.kind === 'rule' && x.target === 'DNAT')).toBe(true);
      expect(p.assumptions).toEqual([]);
    }
    const pods = s.cluster!.pods.filter((p) => p.labels.app === 'web').flatMap((p) => p.podIPs);
    for (const p of paths) expect(pods).toContain(p.end.kind === 'delivered' ? p.end.dst : '');
  });
  it('names that resolve nothing say what exists', async () => {
    const s = await fixture('k8s-hostgw/healthy');
    expect(() => resolveFrom(s, 'pod/default/nope')).toThrow(/not a captured host.*worker-1/);
    expect(() => resolveTo(s, 'svc/default/nope')).toThrow(TraceSpecError);
    expect(() => resolveTo(s, 'svc/default/web:nope')).toThrow(/has no port nope/);
    expect(() => resolveTo(s, '10.0.0.1:99999')).toThrow(/not a port/);
    expect(resolveTo(s, '10.0.0.1:53/udp')).toMatchObject({ proto: 'udp', dport: 53 });
  });
});

const NODE = d(`
  1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
      inet 127.0.0.1/8 scope host lo
  2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
      inet 192.168.56.11/24 brd 192.168.56.255 scope global eth0
  3: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
      inet 10.244.0.1/24 brd 10.244.0.255 scope global cni0
`);
const ROUTES = 'default via 192.168.56.1 dev eth0\n10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1\n';
const arrive = (s: Snapshot, proto: 'tcp' | 'udp' = 'tcp', dport = 443): Path[] =>
  traceArrival(s, {
    at: s.byId.get('node')!,
    iface: 'cni0',
    src: ip('10.244.0.5'),
    dst: ip('203.0.113.10'),
    proto,
    dport,
  });

describe('what the model does not know, it says', () => {
  it('an unknown match forks the path, each side naming its assumption, and the verdict is undecided', () => {
    const s = snap({
      'hosts/node/ip-addr.txt': NODE,
      'hosts/node/ip-route.txt': ROUTES,
      'hosts/node/sysctl.txt': 'net.ipv4.ip_forward = 1\n',
      'hosts/node/iptables-save.txt':
        '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A FORWARD -m set --match-set blocked src -j DROP\nCOMMIT\n',
    });
    const paths = arrive(s);
    expect(paths.map((p) => p.end.kind).sort()).toEqual(['dropped', 'leaves']);
    expect(paths.map((p) => p.assumptions[0]?.code).sort()).toEqual(['assume-match', 'assume-no-match']);
    expect(traceVerdict(paths)).toBe('undecided');
  });
  it('iptables not captured is not "no rules", and forwarding not captured is not "on"', () => {
    const paths = arrive(snap({ 'hosts/node/ip-addr.txt': NODE, 'hosts/node/ip-route.txt': ROUTES }));
    expect(paths).toHaveLength(1);
    expect(paths[0]!.assumptions.map((a) => a.code).sort()).toEqual(['assume-forwarding', 'assume-no-rules']);
    expect(traceVerdict(paths)).toBe('undecided');
  });
  it('routes not captured end the path as unknown, never as "no route"', () => {
    const s = snap({ 'hosts/node/ip-addr.txt': NODE, 'hosts/node/iptables-save.txt': '' });
    const [p] = trace(s, { from: s.byId.get('node')!, dst: ip('203.0.113.10'), proto: 'icmp' });
    expect(p!.end).toMatchObject({ kind: 'unknown', reason: { code: 'not-collected' } });
  });
  it('chains that jump into each other end as unknown, quickly', () => {
    const loop =
      '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n:A - [0:0]\n:B - [0:0]\n' +
      '-A FORWARD -j A\n-A A -j B\n-A B -j A\nCOMMIT\n';
    const s = snap({
      'hosts/node/ip-addr.txt': NODE,
      'hosts/node/ip-route.txt': ROUTES,
      'hosts/node/sysctl.txt': 'net.ipv4.ip_forward = 1\n',
      'hosts/node/iptables-save.txt': loop,
    });
    const [p] = arrive(s);
    expect(p!.end).toMatchObject({ kind: 'unknown', reason: { code: 'too-deep' } });
  });
});

/** A pod's veth on the node's bridge: cni0 is then a bridge with pods behind it. */
const PORT =
  '4: veth1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master cni0 state UP group default\n';

// A node whose pods sit on cni0 (10.180.0.0/24), its kube-proxy rules in nft only (one ruleset file given).
const nftNode = (file: string, text: string): Snapshot =>
  snap({
    'hosts/node/host.json': '{"kind":"node","name":"node"}',
    'hosts/node/ip-addr.txt': `${NODE.replace('10.244.0.1/24 brd 10.244.0.255', '10.180.0.254/24 brd 10.180.0.255')}${PORT}`,
    'hosts/node/ip-route.txt':
      'default via 192.168.56.1 dev eth0\n10.180.0.0/24 dev cni0 proto kernel scope link src 10.180.0.254\n192.168.56.0/24 dev eth0 proto kernel scope link src 192.168.56.11\n',
    'hosts/node/sysctl.txt': 'net.ipv4.ip_forward = 1\n',
    'hosts/node/iptables-save.txt': '',
    [`hosts/node/${file}`]: text,
  });

describe('kube-proxy in nftables mode', () => {
  const node = (): Snapshot =>
    nftNode('nft.txt', readFileSync(join(ROOT, 'fixtures/reference/kube-proxy.nft'), 'utf8'));
  it("a ClusterIP is DNATed by kube-proxy's nft table: one path per numgen bucket, each citing its line", () => {
    const s = node();
    const paths = traceArrival(s, {
      at: s.byId.get('node')!,
      iface: 'cni0',
      src: ip('10.180.0.9'),
      dst: ip('172.30.0.41'),
      proto: 'tcp',
      dport: 80,
    });
    expect(paths.map((p) => p.probability)).toEqual([0.5, 0.5]);
    const dnats = paths.map((p) => p.steps.find((x) => x.kind === 'rule' && x.target === 'DNAT'));
    expect(dnats.map((x) => x?.kind === 'rule' && x.src.text).sort()).toEqual([
      'meta l4proto tcp dnat to 10.180.0.1:80',
      'meta l4proto tcp dnat to 10.180.0.2:80',
    ]);
    for (const p of paths) expect(p.assumptions).toEqual([]);
  });
  it("a pod's own connection out is not masqueraded (mark 0 returns) and masquerade-missing cites that line", () => {
    const s = node();
    const [p] = traceArrival(s, {
      at: s.byId.get('node')!,
      iface: 'cni0',
      src: ip('10.180.0.9'),
      dst: ip('203.0.113.10'),
      proto: 'tcp',
      dport: 443,
    });
    expect(p!.end).toMatchObject({ kind: 'leaves', host: 'node', iface: 'eth0' });
    expect(p!.pkt.src).toEqual(ip('10.180.0.9'));
    const fs = runAnalyzers(s).findings.filter((f) => f.id === 'masquerade-missing');
    expect(fs).toHaveLength(1);
    expect(fs[0]!.evidence.map((e) => e.text)).toContain('meta mark & 0x00004000 == 0x00000000 return');
  });
});

describe('kube-proxy in IPVS mode (docs/networking-facts.md §kube-proxy-ipvs)', () => {
  // the ClusterIPs sit on kube-ipvs0 (so they are local), `ipvsadm -Ln` lists the virtual servers
  const node = (): Snapshot =>
    snap({
      'hosts/node/host.json': '{"kind":"node","name":"node"}',
      'hosts/node/ip-addr.txt': `${NODE}${PORT}5: kube-ipvs0: <BROADCAST,NOARP> mtu 1500 qdisc noop state DOWN group default\n    inet 10.96.0.10/32 scope global kube-ipvs0\n    inet 10.96.0.20/32 scope global kube-ipvs0\n`,
      'hosts/node/ip-route.txt': `${ROUTES}10.244.1.0/24 via 192.168.56.12 dev eth0\n192.168.56.0/24 dev eth0 proto kernel scope link src 192.168.56.11\n`,
      'hosts/node/sysctl.txt': 'net.ipv4.ip_forward = 1\n',
      'hosts/node/iptables-save.txt':
        '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\nCOMMIT\n',
      'hosts/node/ipvsadm.txt': [
        'IP Virtual Server version 1.2.1 (size=4096)',
        'Prot LocalAddress:Port Scheduler Flags',
        '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
        'UDP  10.96.0.10:53 rr',
        '  -> 10.244.0.7:53                Masq    1      0          0',
        '  -> 10.244.1.8:53                Masq    1      0          0',
        'TCP  10.96.0.20:80 rr',
        '',
      ].join('\n'),
    });
  it("a pod's query to a virtual server goes to each real server, half each, after filter INPUT", () => {
    const s = node();
    const paths = traceArrival(s, {
      at: s.byId.get('node')!,
      iface: 'cni0',
      src: ip('10.244.0.5'),
      dst: ip('10.96.0.10'),
      proto: 'udp',
      dport: 53,
    });
    expect(paths.map((p) => p.probability)).toEqual([0.5, 0.5]);
    const via = paths.map((p) => p.steps.find((x) => x.kind === 'ipvs'));
    expect(via.map((x) => x?.kind === 'ipvs' && x.effect).sort()).toEqual([
      'Masq 10.96.0.10:53 → 10.244.0.7:53',
      'Masq 10.96.0.10:53 → 10.244.1.8:53',
    ]);
    // filter INPUT saw it first (addressed to the ClusterIP), filter OUTPUT after (addressed to the pod)
    const order = paths[0]!.steps.flatMap((x) =>
      x.kind === 'policy' || x.kind === 'ipvs' ? [x.kind === 'ipvs' ? 'ipvs' : x.chain] : [],
    );
    expect(order).toEqual(['INPUT', 'ipvs', 'OUTPUT']);
    const remote = paths.find((p) => p.pkt.dst.value === ip('10.244.1.8').value)!;
    expect(remote.end).toMatchObject({ kind: 'leaves', iface: 'eth0', nexthop: '192.168.56.12' });
  });
  it('a virtual server with no real server answers port unreachable', () => {
    const s = node();
    const paths = trace(s, { from: s.byId.get('node')!, dst: ip('10.96.0.20'), proto: 'tcp', dport: 80 });
    expect(paths.map((p) => p.end)).toEqual([
      expect.objectContaining({
        kind: 'dropped',
        rejected: true,
        reason: expect.objectContaining({ code: 'ipvs-no-dest' }),
      }),
    ]);
  });
  it("the node's own connection is taken after nat OUTPUT and routed again to the real server", () => {
    const s = node();
    const paths = trace(s, { from: s.byId.get('node')!, dst: ip('10.96.0.10'), proto: 'udp', dport: 53 });
    expect(paths.map((p) => (p.end.kind === 'leaves' ? p.end.iface : p.end.kind)).sort()).toEqual(['cni0', 'eth0']);
    expect(paths.every((p) => p.steps.some((x) => x.kind === 'ipvs'))).toBe(true);
  });
});

describe('the JSON form of a ruleset traces as its text form does', () => {
  // fixtures/reference/kube-proxy-nft.{txt,json}: one kube-proxy nftables table, printed both ways by the real nft
  const node = (form: 'txt' | 'json'): Snapshot =>
    nftNode(`nft.${form}`, readFileSync(join(ROOT, `fixtures/reference/kube-proxy-nft.${form}`), 'utf8'));
  // a path without where each line was read (the two forms cite different files and lines)
  const shape = (paths: Path[]): unknown =>
    paths
      .map((p) => ({
        end: { ...p.end, src: undefined },
        probability: p.probability,
        assumptions: p.assumptions,
        steps: p.steps.map((x) => ({ ...x, src: undefined })),
      }))
      .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  it.each([
    ['a ClusterIP with two endpoints', '10.180.0.9', '172.30.0.41', 80],
    ['a Service without endpoints (rejected)', '10.180.0.9', '172.30.0.46', 80],
    ['a pod to the Internet (not masqueraded)', '10.180.0.9', '203.0.113.10', 443],
    ['the NodePort', '192.168.56.1', '192.168.56.11', 3001],
  ] as const)('%s', (_what, src, dst, dport) => {
    const run = (form: 'txt' | 'json'): Path[] => {
      const s = node(form);
      return traceArrival(s, {
        at: s.byId.get('node')!,
        iface: src.startsWith('192.') ? 'eth0' : 'cni0',
        src: ip(src),
        dst: ip(dst),
        proto: 'tcp',
        dport,
      });
    };
    const [txt, json] = [run('txt'), run('json')];
    expect(txt.some((p) => p.steps.some((x) => x.kind === 'rule' && x.table === 'kube-proxy'))).toBe(true);
    expect(json.every((p) => p.assumptions.length === 0)).toBe(true);
    expect(shape(json)).toEqual(shape(txt));
  });
});

describe("iptables-nft's rules as nft 1.0 prints them", () => {
  // the forms `nft list ruleset` (nftables 1.0.6) prints for rules loaded with iptables-nft-restore, as the
  // differential test captures them on this project's kernel (docs/dataplane-difftest.md §nft): MARK --set-xmark
  // 0x2/0x2, multiport, statistic, ! --ctstate and REJECT (interface and addresses fitted to this test's node)
  const NFT = d(`
    table ip mangle {
    	chain FORWARD {
    		type filter hook forward priority mangle; policy accept;
    		iifname "cni*" meta l4proto tcp tcp dport { 8080, 80 } counter packets 0 bytes 0 meta mark set mark or 0x2
    	}
    }
    table ip filter {
    	chain FORWARD {
    		type filter hook forward priority filter; policy accept;
    		meta l4proto udp meta random & 2147483647 < 1073741824 counter packets 0 bytes 0 accept
    		ct state ! invalid meta mark & 0x00000002 == 0x00000002 counter packets 0 bytes 0 reject with icmp type host-unreachable
    	}
    }
  `);
  const s = (): Snapshot =>
    snap({
      'hosts/node/ip-addr.txt': NODE,
      'hosts/node/ip-route.txt': ROUTES,
      'hosts/node/sysctl.txt': 'net.ipv4.ip_forward = 1\n',
      'hosts/node/nft.txt': NFT,
    });
  it('a mark set as "mark or 0x2" is what a later "meta mark & 0x2 == 0x2" sees; the REJECT answers as written', () => {
    const paths = arrive(s(), 'tcp', 80);
    expect(paths.map((p) => p.end)).toEqual([
      expect.objectContaining({ kind: 'dropped', rejected: true, rejectWith: 'icmp-host-unreachable' }),
    ]);
    const mark = paths[0]!.steps.find((x) => x.kind === 'rule' && x.table === 'mangle');
    expect(mark).toMatchObject({ target: 'MARK', effect: 'mark 0x0 → 0x2', index: 1 });
  });
  it('a port outside the set keeps no mark and passes', () => {
    expect(arrive(s(), 'tcp', 443).map((p) => p.end.kind)).toEqual(['leaves']);
  });
  it("meta random's threshold is a probability: two paths, half each", () => {
    const paths = arrive(s(), 'udp', 53);
    expect(paths.map((p) => p.probability).sort()).toEqual([0.5, 0.5]);
    expect(paths.every((p) => p.assumptions.length === 0)).toBe(true);
  });
});

describe('nft statements the model does not read', () => {
  it('fork the path with the statement named, never decide it', () => {
    const s = snap({
      'hosts/node/ip-addr.txt': NODE,
      'hosts/node/ip-route.txt': ROUTES,
      'hosts/node/sysctl.txt': 'net.ipv4.ip_forward = 1\n',
      'hosts/node/iptables-save.txt': '',
      'hosts/node/nft.txt':
        'table inet fw {\n\tchain fwd {\n\t\ttype filter hook forward priority filter; policy accept;\n' +
        '\t\tlimit rate 10/second drop\n\t}\n}\n',
    });
    const paths = arrive(s);
    expect(paths.map((p) => p.end.kind).sort()).toEqual(['dropped', 'leaves']);
    expect(paths.flatMap((p) => p.assumptions.map((a) => a.params?.what))).toEqual([
      '-m nft limit rate 10/second',
      '-m nft limit rate 10/second',
    ]);
  });
});

describe('views and the command', () => {
  it('text fits the width in both languages; zh-TW uses full-width punctuation around its words', async () => {
    const s = await fixture('bridge-nat/healthy');
    const r = {
      from: 'red',
      to: '192.168.1.3',
      label: '192.168.1.3',
      proto: 'icmp',
      source: 'x',
      paths: ping(s, 'red', '192.168.1.3'),
    };
    for (const lang of ['en', 'zh-TW'] as const) {
      const out = renderTraceText(r, lang, 80);
      expect(
        out.split('\n').every((l) => [...l].reduce((w, c) => w + (/[\u2e80-\uffff]/.test(c) ? 2 : 1), 0) <= 80),
      ).toBe(true);
    }
    const zh = renderTraceText(r, 'zh-TW', 120);
    expect(zh).toContain('路徑 1/1：送達 outside（192.168.1.3，由 eth0 進入）');
    expect(zh).not.toMatch(/[\u4e00-\u9fff][,:;()]|[,:;()][\u4e00-\u9fff]/);
    const json = JSON.parse(renderTraceJson(r, 'en')) as { verdict: string; paths: { end: { text: string } }[] };
    expect(json.verdict).toBe('reaches');
    expect(json.paths[0]!.end.text).toBe('delivered to outside (192.168.1.3, in on eth0)');
  });
  it('kube-netdiag trace exits 0 when it gets there, 1 when it does not, 2 on a bad destination', async () => {
    const ok = await runCli([
      'trace',
      join(ROOT, 'fixtures/bridge-nat/healthy'),
      '--from',
      'red',
      '--to',
      '192.168.1.3',
    ]);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('hosts/host/iptables-save.txt:15');
    const bad = await runCli([
      'trace',
      join(ROOT, 'fixtures/bridge-nat/forward-drop'),
      '--from',
      'red',
      '--to',
      '192.168.1.3:80/tcp',
    ]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('dropped on host by the chain policy at hosts/host/iptables-save.txt:4');
    const usage = await runCli([
      'trace',
      join(ROOT, 'fixtures/bridge-nat/healthy'),
      '--from',
      'red',
      '--to',
      'nowhere',
    ]);
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/--to nowhere/);
  });
});
