// The cost a user feels: one whole `kube-netdiag analyze BUNDLE -o json` process against a node process that only
// reads the same bundle (every file read, text split into lines, JSON parsed), both measured here, in one run.
import { spawnSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';

/** Wall and CPU seconds and peak RSS (MB) of one whole process. */
export interface ProcessCost {
  wall: number;
  cpu: number;
  rssMb: number;
}

// Loaded into the measured process: at exit it reports its own CPU time and peak RSS on stderr.
const REPORT = `data:text/javascript,process.on('exit',()=>{const r=process.resourceUsage();process.stderr.write('\\nKND '+(r.userCPUTime+r.systemCPUTime)+' '+r.maxRSS+'\\n')})`;

// The read baseline, as a script for `node -e`: read every file of the bundle, split text into lines, parse JSON.
const BASELINE = `
const { readFileSync, readdirSync } = require('node:fs');
const { join } = require('node:path');
const walk = (p) => readdirSync(p, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(p, e.name)) : [join(p, e.name)]));
let n = 0;
for (const f of walk(process.argv[1])) {
  const t = readFileSync(f, 'utf8');
  n += f.endsWith('.json') ? Object.keys(JSON.parse(t)).length : t.split('\\n').length;
}
`;

// One process run `runs` times; the best by wall time (the machine's noise only ever adds).
function measure(args: string[], runs: number): ProcessCost {
  let best: ProcessCost | undefined;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, ['--import', REPORT, ...args], {
      encoding: 'utf8',
      stdio: ['ignore', 'ignore', 'pipe'],
      maxBuffer: 1 << 24,
    });
    const wall = (performance.now() - t) / 1000;
    const m = /KND (\d+) (\d+)/.exec(r.stderr);
    if (!m) throw new Error(`could not measure node ${args.join(' ')}: ${r.stderr.slice(-300)}`);
    const c = { wall, cpu: Number(m[1]) / 1e6, rssMb: Number(m[2]) / 1024 };
    if (!best || c.wall < best.wall) best = c;
  }
  return best!;
}

// The whole-process figures of analyzing BUNDLE beside the read baseline's: the two alternate, `runs` times each, and
// the best of each is kept, so a noisy moment of a shared machine weighs on neither side alone.
export function wholeProcess(bin: string, bundle: string, runs = 5): { analyze: ProcessCost; read: ProcessCost } {
  let read: ProcessCost | undefined;
  let analyze: ProcessCost | undefined;
  const better = (a: ProcessCost | undefined, b: ProcessCost): ProcessCost => (a && a.wall <= b.wall ? a : b);
  for (let i = 0; i < runs; i++) {
    read = better(read, measure(['-e', BASELINE, bundle], 1));
    analyze = better(analyze, measure([bin, 'analyze', bundle, '-o', 'json'], 1));
  }
  return { read: read!, analyze: analyze! };
}
