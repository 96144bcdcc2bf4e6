// `npm run difftest -- --seed S --cases N [--packets P] [--verbose]`: the differential test on demand.
import { labSupport, teardownOnSignals } from '../../src/labs/engine.js';
import { LIVE } from './kernel.js';
import type { Step } from '../../src/snapshot/trace/packet.js';
import { type PacketResult, runSeed } from './compare.js';

function arg(name: string, d: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : d;
}

function stepLine(s: Step): string {
  switch (s.kind) {
    case 'rule':
      return `${s.host} ${s.table} ${s.chain} ${s.index} ${s.src.text}${s.effect ? ` [${s.effect}]` : ''}`;
    case 'policy':
      return `${s.host} ${s.table} ${s.chain} policy ${s.policy}`;
    case 'route':
      return `${s.host} route ${s.type} ${s.dst} dev ${s.dev ?? '-'} via ${s.gateway ?? '-'}`;
    default:
      return `${s.host} ${s.kind} ${JSON.stringify(s)}`;
  }
}

const seed = arg('seed', 1);
const cases = arg('cases', 300);
const per = arg('packets', 8);
const verbose = process.argv.includes('--verbose');
/** `--nft` / `--list`: the model reads the rules from `nft list ruleset` / `iptables -L -n -v` instead;
 *  `--native`: the rules are loaded as nft's own (translated) and read from `nft list ruleset`. */
const syntax = process.argv.includes('--nft')
  ? 'nft'
  : process.argv.includes('--list')
    ? 'list'
    : process.argv.includes('--native')
      ? 'native'
      : 'iptables';
const ok = await labSupport();
if (!ok.ok) {
  console.error(`difftest needs network namespaces: ${ok.reason}`);
  process.exit(2);
}
// Ctrl-C or SIGTERM halfway: the case being built or sent is torn down before the process exits
teardownOnSignals(() => [...LIVE].map((k) => k.lab));
const t0 = Date.now();
const all: PacketResult[] = [];
for (let s = seed; all.length < cases; s++) {
  const res = await runSeed(s, Math.min(per, cases - all.length), syntax).catch((e: Error) => {
    // a signal tore the case down mid-build: the signal handler finishes the cleanup and exits 130
    if (/being torn down/.test(e.message)) return new Promise<never>(() => {});
    throw e;
  });
  all.push(...res);
  for (const r of res) {
    if (r.verdict === 'agree' && !verbose) continue;
    const p = r.packet;
    console.log(
      `seed ${r.seed} #${r.index} ${p.from} → ${p.dst} ${p.proto}${p.dport ? `:${p.dport}` : ''}: ${r.verdict}`,
    );
    for (const d of r.diff ?? []) console.log(`    ${d}`);
    // what an unsupported packet's paths rest on: the match or fact the model did not read
    if (r.verdict === 'unsupported')
      for (const a of new Set(r.paths.flatMap((x) => x.assumptions.map((y) => JSON.stringify(y.params ?? y.code)))))
        console.log(`    assumed: ${a}`);
    if (verbose || r.verdict === 'disagree')
      for (const path of r.paths) {
        console.log(`    model: ${path.end.kind} ${JSON.stringify(path.end)} p=${path.probability}`);
        if (!process.argv.includes('--steps')) continue;
        for (const [label, steps] of [
          ['', path.steps],
          ['reply ', path.reply?.steps ?? []],
        ] as const)
          for (const s of steps) console.log(`      ${label}${stepLine(s)}`);
      }
  }
}
const n = (v: string): number => all.filter((r) => r.verdict === v).length;
const supported = n('agree') + n('disagree');
console.log(
  `difftest: ${all.length} packets from seeds ${seed}…, ${n('agree')} agree, ${n('disagree')} disagree, ` +
    `${n('unsupported')} unsupported; agreement ${supported ? ((100 * n('agree')) / supported).toFixed(1) : '—'}% ` +
    `in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
);
process.exit(n('disagree') > 0 ? 1 : 0);
