// `npm run bench`: parse and analyze a 10,000-service / 30,000-endpoint kube-proxy node and print figures.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { writeClusterBundle } from './cluster-gen.js';
import { kubeProxySave } from './kube-proxy-gen.js';
import { parseIptablesSave } from '../src/parsers/iptables-save.js';
import { parseIp } from '../src/net/ip.js';
import { analyzePath } from '../src/report.js';
import { traceArrival } from '../src/snapshot/trace/index.js';

function best(n: number, fn: () => void): number {
  let b = Infinity;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    b = Math.min(b, performance.now() - t);
  }
  return b;
}

const dir = mkdtempSync(join(tmpdir(), 'knd-bench-'));
try {
  const text = kubeProxySave(10_000, 30_000);
  const hostDir = join(dir, 'hosts', 'worker-1');
  mkdirSync(hostDir, { recursive: true });
  const file = join(hostDir, 'iptables-save.txt');
  writeFileSync(file, text);
  writeFileSync(
    join(hostDir, 'ip-addr.txt'),
    '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    inet 127.0.0.1/8 scope host lo\n2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n    inet 192.168.56.10/24 scope global eth0\n3: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000\n    inet 10.244.0.1/24 scope global cni0\n4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default qlen 1000\n    inet 10.244.0.0/32 scope global flannel.1\n',
  );
  writeFileSync(
    join(hostDir, 'ip-route.txt'),
    'default via 192.168.56.1 dev eth0 \n10.244.0.0/24 dev cni0 proto kernel scope link src 10.244.0.1 \n10.244.0.0/16 via 10.244.1.0 dev flannel.1 onlink \n192.168.56.0/24 dev eth0 proto kernel scope link src 192.168.56.10 \n',
  );
  const bytes = Buffer.byteLength(text);
  const lines = text.split('\n').length;
  const readSplit = best(5, () => void readFileSync(file, 'utf8').split('\n'));
  const rss0 = process.memoryUsage().rss;
  let parsed: ReturnType<typeof parseIptablesSave> | undefined;
  const parse = best(5, () => {
    parsed = parseIptablesSave(readFileSync(file, 'utf8'), 'iptables-save.txt');
  });
  // counted outside the timer: reading `rules` builds every rule object
  const rules = [...parsed!.value.tables.values()].reduce(
    (n, t) => n + [...t.chains.values()].reduce((m, c) => m + c.rules.length, 0),
    0,
  );
  const t0 = performance.now();
  const { report, snapshot } = await analyzePath(dir);
  const analyze = performance.now() - t0;
  // one packet traced from a pod (arriving on cni0) to the last Service of KUBE-SERVICES: its DNAT, one path per
  // endpoint; first call (the chains' rules are built on first use) and the best of 5 after
  const node = snapshot.byId.get('worker-1')!;
  const toLast = (): number =>
    traceArrival(snapshot, {
      at: node,
      iface: 'cni0',
      src: parseIp('10.244.0.5')!,
      dst: parseIp('10.96.39.15')!,
      proto: 'tcp',
      dport: 80,
    }).length;
  const t2 = performance.now();
  const tracePaths = toLast();
  const traceFirst = performance.now() - t2;
  const traceWarm = best(5, () => void toLast());
  const peak = process.resourceUsage().maxRSS / 1024;
  const mb = bytes / 1e6;
  const rows = [
    [
      'input',
      `${lines.toLocaleString('en')} lines, ${mb.toFixed(1)} MB, ${rules.toLocaleString('en')} rules (10,000 services / 30,000 endpoints)`,
    ],
    ['read + split (best of 5)', `${readSplit.toFixed(1)} ms`],
    ['parse iptables-save (best of 5)', `${parse.toFixed(1)} ms  = ${(mb / (parse / 1000)).toFixed(0)} MB/s`],
    ['parse / read+split ratio', `${(parse / readSplit).toFixed(2)}x  (target <= 4x)`],
    [
      'whole analyze of the bundle',
      `${analyze.toFixed(0)} ms  (target <= 2000 ms), ${report.findings.length} findings`,
    ],
    [
      'trace one packet to the last Service',
      `${traceFirst.toFixed(0)} ms first, ${traceWarm.toFixed(1)} ms after (${tracePaths} paths, one per endpoint)`,
    ],
    [
      'peak RSS',
      `${peak.toFixed(0)} MB (heap growth during parse ${((process.memoryUsage().rss - rss0) / 1e6).toFixed(0)} MB)`,
    ],
  ];
  for (const [k, v] of rows) process.stdout.write(`${k!.padEnd(34)} ${v}\n`);
  // what a user feels: the whole `analyze -o json` process on the 10k cluster bundle against a process that only
  // reads it (issue 17's measure: whole-process ratio <= 4, peak RSS <= 2x)
  {
    const wdir = join(dir, 'whole-10k');
    writeClusterBundle(wdir, 10_000);
    const { wholeProcess } = await import('./whole-process.js');
    const { tuiLargeFigures } = await import('./tui-paint.js');
    process.stdout.write('\nterminal UI on the 10,000-service cluster bundle (160x50 screen in memory)\n');
    for (const [k, v] of await tuiLargeFigures(wdir)) process.stdout.write(`${k.padEnd(38)} ${v}\n`);
    const w = wholeProcess(join(import.meta.dirname, '..', '..', 'bin', 'kube-netdiag'), wdir);
    process.stdout.write(
      `\nwhole process, 10,000-service cluster bundle (best of 5, alternating)\n${'read baseline'.padEnd(34)} ${w.read.wall.toFixed(2)} s wall, ${w.read.cpu.toFixed(2)} s CPU, ${w.read.rssMb.toFixed(0)} MB peak RSS\n${'kube-netdiag analyze -o json'.padEnd(34)} ${w.analyze.wall.toFixed(2)} s wall, ${w.analyze.cpu.toFixed(2)} s CPU, ${w.analyze.rssMb.toFixed(0)} MB peak RSS\n${'ratio'.padEnd(34)} ${(w.analyze.wall / w.read.wall).toFixed(1)}x wall, ${(w.analyze.cpu / w.read.cpu).toFixed(1)}x CPU (target <= 4x), ${(w.analyze.rssMb / w.read.rssMb).toFixed(1)}x RSS (target <= 2x)\n`,
    );
  }
  // whole processes at three sizes: time and memory should grow linearly in Services (lists on one line here, so
  // that the 50,000-Service pods list stays under the 128 MiB a bundle file may hold)
  {
    const { wholeProcess } = await import('./whole-process.js');
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'kube-netdiag');
    process.stdout.write(
      '\nwhole process by size (3 endpoints a Service)   wall      per 1k      peak RSS   MB per 1k above 1k\n',
    );
    let first: { n: number; rss: number } | undefined;
    for (const n of [1_000, 10_000, 50_000]) {
      const cdir = join(dir, `cluster-${n}`);
      writeClusterBundle(cdir, n, 0);
      const { analyze: a } = wholeProcess(bin, cdir, 2);
      rmSync(cdir, { recursive: true, force: true });
      first ??= { n, rss: a.rssMb };
      const perK = n > first.n ? ((a.rssMb - first.rss) / ((n - first.n) / 1000)).toFixed(2) : '-';
      process.stdout.write(
        `${`${n.toLocaleString('en')} Services / ${(n * 3).toLocaleString('en')} endpoints`.padEnd(48)} ${`${a.wall.toFixed(2)} s`.padEnd(9)} ${`${((a.wall / n) * 1e6).toFixed(0)} ms`.padEnd(11)} ${`${a.rssMb.toFixed(0)} MB`.padEnd(10)} ${perK}\n`,
      );
    }
  }
  // one host with long tables: cost should grow linearly in the lines of ip route and ip addr
  {
    const { wholeProcess } = await import('./whole-process.js');
    const { writeTablesBundle } = await import('./tables-gen.js');
    const bin = join(import.meta.dirname, '..', '..', 'bin', 'kube-netdiag');
    process.stdout.write('\none host, long ip route and ip addr (whole process)   wall      per 10k lines\n');
    for (const n of [10_000, 50_000, 100_000]) {
      const tdir = join(dir, `tables-${n}`);
      writeTablesBundle(tdir, n);
      const { analyze: a } = wholeProcess(bin, tdir, 2);
      rmSync(tdir, { recursive: true, force: true });
      process.stdout.write(
        `${`${n.toLocaleString('en')} route lines, ~${n.toLocaleString('en')} address lines`.padEnd(53)} ${`${a.wall.toFixed(2)} s`.padEnd(9)} ${((a.wall / n) * 1e4 * 1000).toFixed(0)} ms\n`,
      );
    }
  }
  // a cluster capture of many hosts (nodes with 30 pods each): cost should grow linearly in hosts
  process.stdout.write('\ncluster capture of many hosts (30 pods a node)   analyze    per 1k hosts\n');
  const { writeHostsBundle } = await import('./hosts-gen.js');
  for (const n of [1_000, 4_000, 16_000]) {
    const hdir = join(dir, `hosts-${n}`);
    writeHostsBundle(hdir, n);
    const t1 = performance.now();
    await analyzePath(hdir);
    const ms = performance.now() - t1;
    process.stdout.write(
      `${`${n.toLocaleString('en')} hosts`.padEnd(48)} ${`${ms.toFixed(0)} ms`.padEnd(10)} ${((ms / n) * 1000).toFixed(0)} ms\n`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

// The terminal UI: first paint and keypress cost.
{
  const { tuiFigures } = await import('./tui-paint.js');
  process.stdout.write('\nterminal UI (160x50 screen in memory)\n');
  for (const [k, v] of await tuiFigures(join(import.meta.dirname, '..', '..')))
    process.stdout.write(`${k.padEnd(38)} ${v}\n`);
}

// A simulated cluster capture at three sizes: time should follow nodes / concurrency × per-node time, and peak
// RSS should stay flat because every node's files go to disk as soon as they arrive.
{
  const { execFileSync } = await import('node:child_process');
  const script = join(import.meta.dirname, 'cluster-collect.js');
  process.stdout.write(
    '\nsimulated cluster capture (fake API, 150 ms exec latency, concurrency 8, 2,000-rule iptables-save per node)\n',
  );
  process.stdout.write(
    `${'nodes'.padEnd(7)} ${'total'.padEnd(9)} ${'per node'.padEnd(10)} ${'nodes/8 x per node'.padEnd(20)} ${'ratio'.padEnd(7)} ${'written'.padEnd(9)} peak RSS\n`,
  );
  for (const n of [100, 250, 500]) {
    const r = JSON.parse(
      execFileSync(process.execPath, [script, String(n), '150', '8'], { encoding: 'utf8' }),
    ) as Record<string, number>;
    process.stdout.write(
      `${String(n).padEnd(7)} ${`${(r.totalMs! / 1000).toFixed(1)} s`.padEnd(9)} ${`${r.perNodeMedianMs} ms`.padEnd(10)} ${`${(r.predictedMs! / 1000).toFixed(1)} s`.padEnd(20)} ${(r.totalMs! / r.predictedMs!).toFixed(2).padEnd(7)} ${`${(r.bytes! / 1e6).toFixed(0)} MB`.padEnd(9)} ${r.peakRssMb} MB${r.leftovers ? `  (${r.leftovers} LEFT BEHIND)` : ''}\n`,
    );
  }
}
