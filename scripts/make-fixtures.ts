// Regenerates fixtures/<scenario>/<healthy|fault>/ and fixtures/demo from real network namespaces (root, Linux):
// builds each lab scenario once per fault, runs its ground-truth checks (as someone who noticed the failure
// would have), captures it with the live collector, records what failed in bundle.json, and tears it down.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION } from '../src/cli/main.js';
import { writeBundleDir } from '../src/bundle/write.js';
import { captureLab } from '../src/labs/capture.js';
import { run } from '../src/collectors/runner.js';
import { exerciseForLab } from '../src/learn/exercises.js';
import { failingChecks } from '../src/labs/checks.js';
import { Lab, labSupport, teardownOnSignals } from '../src/labs/engine.js';
import type { Scenario } from '../src/labs/scenario.js';
import { bridgeNat } from '../src/labs/scenarios/bridge-nat.js';
import { ALL_SCENARIOS } from '../src/labs/scenarios/index.js';

/** The demo shows several faults at once, each on a different part of the bridge-nat lab. */
export const DEMO_FAULTS = ['no-masquerade', 'no-default-route', 'nsswitch-files-only', 'dnat-wrong-target'];

async function one(root: string, name: string, sc: Scenario, faults: string[], active: Lab[]): Promise<void> {
  const lab = new Lab();
  active.push(lab);
  try {
    await sc.build(lab, faults);
    const failing = await failingChecks(lab, sc.checks);
    const bundle = await captureLab(lab, `kube-netdiag ${VERSION} (scripts/make-fixtures.ts)`);
    // an exercise's symptom: its failing command, run in the lab, with what it really printed
    const ex = exerciseForLab(sc.id, faults);
    if (ex) {
      // one try of one second per query, so a dead nameserver fails in seconds; the message is the same
      const r = await run(
        ['ip', 'netns', 'exec', lab.ns(ex.symptom.host), 'env', 'RES_OPTIONS=timeout:1 attempts:1', ...ex.symptom.argv],
        { timeoutMs: 30_000 },
      );
      const output = `${r.stdout}${r.stderr}`.split(`${lab.prefix}-`).join('');
      bundle.files.set(
        'learn/symptom.json',
        `${JSON.stringify({ command: ex.symptom.display, output, exitCode: r.exitCode ?? (r.ok ? 0 : 1) }, null, 2)}\n`,
      );
    }
    const manifest = JSON.parse(bundle.files.get('bundle.json')!) as Record<string, unknown>;
    manifest.lab = { scenario: sc.id, faults, checks: sc.checks.map((c) => c.name), failing };
    bundle.files.set('bundle.json', `${JSON.stringify(manifest, null, 2)}\n`);
    await writeBundleDir(bundle, join(root, name));
    process.stdout.write(`wrote ${join(root, name)} (failing: ${failing.join(', ') || 'none'})\n`);
    if (sc.id === 'k8s-calico') await calicoDiags(lab, root, faults[0] ?? 'healthy');
  } finally {
    await lab.down();
    active.splice(active.indexOf(lab), 1);
  }
}

// What `calicoctl node diags` on worker-1 would pack (fixtures/calico-diags/<fault>/diagnostics/): its commands
// run for real in the node's namespace, stdout and stderr together as calicoctl keeps them.
async function calicoDiags(lab: Lab, root: string, fault: string): Promise<void> {
  const dir = join(root, 'calico-diags', fault, 'diagnostics');
  mkdirSync(dir, { recursive: true });
  const cmds: [string, string[]][] = [
    ['ipv4_addr', ['ip', '-4', 'addr']],
    ['ipv4_route', ['ip', '-4', 'route']],
    ['ipv4_tables', ['iptables-save', '-c']],
    ['ipv6_tables', ['ip6tables-save', '-c']],
  ];
  for (const [file, argv] of cmds) {
    const r = await run(['ip', 'netns', 'exec', lab.ns('worker-1'), ...argv], { timeoutMs: 30_000 });
    writeFileSync(join(dir, file), `${r.stdout}${r.stderr}`.split(`${lab.prefix}-`).join(''));
  }
  // the namespace shares this machine's hostname: the node's name is written instead
  writeFileSync(join(dir, 'hostname'), 'worker-1\n');
  process.stdout.write(`wrote ${dir}\n`);
}

async function mainScript(): Promise<void> {
  const ok = await labSupport();
  if (!ok.ok) {
    process.stderr.write(`make-fixtures: cannot build labs: ${ok.reason}\n`);
    process.exit(2);
  }
  const root = join(process.cwd(), 'fixtures');
  const active: Lab[] = [];
  const off = teardownOnSignals(() => active);
  try {
    const only = process.argv.slice(2);
    const jobs: [string, Scenario, string[]][] = [];
    for (const sc of ALL_SCENARIOS) {
      jobs.push([`${sc.id}/healthy`, sc, []]);
      for (const f of Object.keys(sc.faults)) jobs.push([`${sc.id}/${f}`, sc, [f]]);
    }
    jobs.push(['demo', bridgeNat, DEMO_FAULTS]);
    for (const [name, sc, faults] of jobs)
      if (only.length === 0 || only.some((o) => name.startsWith(o))) await one(root, name, sc, faults, active);
  } finally {
    off();
  }
}

await mainScript();
