// /proc/net/route, /proc/net/fib_trie and /sys/class/net: the fallbacks for pod images without `ip`.
// Samples are real captures from a kernel 6.1 namespace (v0 10.244.1.7/24 with a default route, v1 192.168.9.2/30).
import { SYS_CLASS_NET } from '../../src/bundle/artifacts.js';
import { afterAll, describe, expect, it } from 'vitest';
import { runAnalyzers } from '../../src/analyzers/index.js';
import { run } from '../../src/collectors/runner.js';
import { Lab, labSupport } from '../../src/labs/engine.js';
import { manualCni } from '../../src/labs/scenarios/manual-cni.js';
import { parseFibTrie } from '../../src/parsers/fib-trie.js';
import { hexToIpv4, parseProcNetRoute } from '../../src/parsers/proc-net-route.js';
import { parseSysClassNet } from '../../src/parsers/sys-class-net.js';
import { snap } from '../helpers.js';

const ROUTE =
  `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT                                                       
v0\t00000000\t0101F40A\t0003\t0\t0\t0\t00000000\t0\t0\t0                                                                               
v0\t0001F40A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0                                                                               
v1\t0009A8C0\t00000000\t0001\t0\t0\t0\t FCFFFFFF\t0\t0\t0                                                                               
`.replace('\t FCFF', '\tFCFF');

const FIB = `Main:
  +-- 0.0.0.0/0 3 0 5
     +-- 0.0.0.0/4 2 0 2
        |-- 0.0.0.0
           /0 universe UNICAST
        +-- 10.244.1.0/24 2 0 2
           +-- 10.244.1.0/29 2 0 2
              |-- 10.244.1.0
                 /24 link UNICAST
              |-- 10.244.1.7
                 /32 host LOCAL
           |-- 10.244.1.255
              /32 link BROADCAST
     +-- 127.0.0.0/8 2 0 2
        +-- 127.0.0.0/31 1 0 0
           |-- 127.0.0.0
              /8 host LOCAL
           |-- 127.0.0.1
              /32 host LOCAL
        |-- 127.255.255.255
           /32 link BROADCAST
     +-- 192.168.9.0/30 2 0 1
        |-- 192.168.9.0
           /30 link UNICAST
        |-- 192.168.9.2
           /32 host LOCAL
        |-- 192.168.9.3
           /32 link BROADCAST
Local:
  +-- 0.0.0.0/0 3 0 5
     +-- 10.244.1.0/24 2 0 2
        |-- 10.244.1.7
           /32 host LOCAL
`;

const attrs = (name: string, v: Record<string, string>): string =>
  Object.entries(v)
    .map(([k, x]) => `==> /sys/class/net/${name}/${k} <==\n${x}\n`)
    .join('\n');
const SYS = [
  attrs('lo', {
    address: '00:00:00:00:00:00',
    operstate: 'unknown',
    mtu: '65536',
    ifindex: '1',
    iflink: '1',
    flags: '0x9',
    carrier: '1',
  }),
  attrs('v0', {
    address: '16:7c:7d:65:f8:ae',
    operstate: 'up',
    mtu: '1500',
    ifindex: '3',
    iflink: '2',
    flags: '0x1003',
    carrier: '1',
  }),
  attrs('v1', {
    address: 'ee:1e:56:a0:c1:a2',
    operstate: 'down',
    mtu: '1500',
    ifindex: '2',
    iflink: '3',
    flags: '0x1002',
  }),
  "head: error reading '/sys/class/net/v1/carrier': Invalid argument\n",
].join('\n');

describe('/proc/net/route', () => {
  it('decodes little-endian hex and RTF flags', () => {
    expect(hexToIpv4('0101F40A')).toBe('10.244.1.1');
    expect(hexToIpv4('zz')).toBeNull();
    const r = parseProcNetRoute(ROUTE, 'proc-net-route.txt');
    expect(r.warnings).toEqual([]);
    expect(r.value.map((x) => [x.dstText, x.gateway ?? '-', x.dev, x.scope ?? '-'])).toEqual([
      ['default', '10.244.1.1', 'v0', '-'],
      ['10.244.1.0/24', '-', 'v0', 'link'],
      ['192.168.9.0/30', '-', 'v1', 'link'],
    ]);
    expect(r.value[0]!.src.line).toBe(2);
  });
  it('truncated and garbled lines are warnings with their line', () => {
    const r = parseProcNetRoute(
      `${ROUTE}v0\t0001F40A\t000\nv0\tXXXXXXXX\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\nv0\t0001F40A\t00000000\t0001\t0\t0\t0\t00FF00FF\t0\t0\t0\n`,
      'r',
    );
    expect(r.value).toHaveLength(3);
    expect(r.warnings.map((w) => w.line)).toEqual([5, 6, 7]);
  });
});

describe('/proc/net/fib_trie', () => {
  it('lists each local address once, citing its leaf line', () => {
    const r = parseFibTrie(FIB, 'fib_trie.txt');
    expect(r.warnings).toEqual([]);
    expect(r.value.map((l) => `${l.ip}/${l.prefix}`)).toEqual([
      '10.244.1.7/32',
      '127.0.0.0/8',
      '127.0.0.1/32',
      '192.168.9.2/32',
    ]);
    expect(r.value[0]!.src).toMatchObject({ line: 10, text: '              |-- 10.244.1.7' });
  });
  it('an entry with no leaf before it, and junk, are warnings', () => {
    const r = parseFibTrie('Main:\n   /32 host LOCAL\n  garbage here\n', 'f');
    expect(r.value).toEqual([]);
    expect(r.warnings.map((w) => w.line)).toEqual([2, 3]);
  });
});

describe('/sys/class/net', () => {
  it('reads flags, state, MTU, MAC and the veth peer index', () => {
    const r = parseSysClassNet(SYS, 'sys-class-net.txt');
    expect(r.warnings).toEqual([]);
    const [lo, v0, v1] = r.value;
    expect(lo).toMatchObject({ name: 'lo', kind: 'loopback', adminUp: true, index: 1, mtu: 65536 });
    expect(lo!.peerIndex).toBeUndefined();
    expect(v0).toMatchObject({
      name: 'v0',
      adminUp: true,
      carrier: true,
      peerIndex: 2,
      mac: '16:7c:7d:65:f8:ae',
      flags: ['UP', 'BROADCAST', 'MULTICAST', 'LOWER_UP'],
    });
    expect(v1).toMatchObject({ name: 'v1', adminUp: false, carrier: false, operState: 'DOWN' });
    expect(v1!.src.text).toBe('0x1002');
  });
  it('a value before any header is a warning', () => {
    expect(parseSysClassNet('0x1003\n', 'f').warnings[0]).toMatchObject({ line: 1 });
  });
});

describe('a host folder with only the /proc and /sys files', () => {
  it('gets interfaces with addresses placed by the connected routes, and routes', () => {
    const s = snap({
      'hosts/p/sys-class-net.txt': SYS,
      'hosts/p/proc-net-route.txt': ROUTE,
      'hosts/p/fib_trie.txt': FIB,
    });
    const h = s.byId.get('p')!;
    expect(h.interfaces!.map((i) => `${i.name}:${i.addresses.map((a) => `${a.local}/${a.prefix}`).join(',')}`)).toEqual(
      ['lo:127.0.0.1/8', 'v0:10.244.1.7/24', 'v1:192.168.9.2/30'],
    );
    expect(h.routes!.find((r) => r.dstText === 'default')!.gateway).toBe('10.244.1.1');
    expect(h.files).toContain('hosts/p/fib_trie.txt');
  });
});

// The kernel check: the same namespace read with `ip -j` and with /proc + /sys gives the same findings.
const support = await labSupport();
if (!support.ok && process.env.CI === 'true')
  throw new Error(`CI=true but the /proc fallback kernel test cannot run: ${support.reason}`);
if (!support.ok) process.stderr.write(`\n[skip] test/parsers/proc (kernel part): ${support.reason}\n`);

describe.skipIf(!support.ok)(
  `/proc fallbacks against the real kernel${support.ok ? '' : ` (skipped: ${support.reason})`}`,
  () => {
    const labs: Lab[] = [];
    afterAll(async () => {
      for (const l of labs.splice(0)) await l.down();
    });
    const inNs = async (ns: string, argv: string[]): Promise<string> =>
      (await run(['ip', 'netns', 'exec', ns, ...argv])).stdout;
    const SYS_CMD = SYS_CLASS_NET;

    for (const fault of ['', 'veth-down', 'lo-down', 'missing-prefix'] as const) {
      it(`manual-cni ${fault || 'healthy'}: /proc findings equal ip -j findings for the container`, async () => {
        const lab = new Lab();
        labs.push(lab);
        await manualCni.build(lab, fault ? [fault] : []);
        const ns = lab.ns('container');
        const common = {
          'hosts/c/resolv.conf': 'nameserver 10.1.1.1\n',
          'hosts/c/host.json': '{"kind":"pod","name":"c"}',
        };
        const viaIp = snap({
          ...common,
          'hosts/c/ip-addr.json': await inNs(ns, ['ip', '-j', '-d', 'addr']),
          'hosts/c/ip-route.json': await inNs(ns, ['ip', '-j', 'route']),
        });
        const viaProc = snap({
          ...common,
          'hosts/c/sys-class-net.txt': await inNs(ns, ['sh', '-c', SYS_CMD]),
          'hosts/c/proc-net-route.txt': await inNs(ns, ['cat', '/proc/net/route']),
          'hosts/c/fib_trie.txt': await inNs(ns, ['cat', '/proc/net/fib_trie']),
        });
        const ids = (s: ReturnType<typeof snap>) =>
          runAnalyzers(s)
            .findings.map((f) => f.id)
            .sort();
        expect(ids(viaProc)).toEqual(ids(viaIp));
        if (fault) expect(ids(viaProc).length).toBeGreaterThan(0);
        const up = (s: ReturnType<typeof snap>) =>
          s.byId
            .get('c')!
            .interfaces!.map(
              (i) =>
                `${i.name}:${i.adminUp}:${i.addresses.filter((a) => a.family === 4).map((a) => `${a.local}/${a.prefix}`)}`,
            )
            .sort();
        // an address on a link that is down has no LOCAL leaf in the fib: only then may /proc see less
        if (fault !== 'veth-down' && fault !== 'lo-down') expect(up(viaProc)).toEqual(up(viaIp));
        await lab.down();
      });
    }
  },
);
