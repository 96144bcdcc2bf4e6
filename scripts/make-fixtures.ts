// Regenerates fixtures/lab/* and fixtures/demo from real network namespaces (root, Linux):
// builds the material's lab once per fault, captures it in the bundle layout, tears it down.
import { join } from 'node:path';
import { VERSION } from '../src/cli/main.js';
import { Lab, labSupport, teardownOnSignals } from '../src/labs/engine.js';
import { writeBundleDir } from '../src/bundle/write.js';
import { captureLab } from '../src/labs/capture.js';
import { FAULTS, type Fault, buildMaterialLab } from '../src/labs/material-lab.js';

/** The demo shows several faults at once, each on a different part of the lab. */
export const DEMO_FAULTS: Fault[] = ['no-masquerade', 'no-default-route', 'nsswitch-files-only', 'dnat-wrong-target'];

async function one(root: string, name: string, faults: readonly Fault[], active: Lab[]): Promise<void> {
  const lab = new Lab();
  active.push(lab);
  try {
    await buildMaterialLab(lab, faults);
    const bundle = await captureLab(lab, `kube-netdiag ${VERSION} (scripts/make-fixtures.ts: ${faults.length ? faults.join(',') : 'healthy'})`);
    writeBundleDir(bundle, join(root, name));
    process.stdout.write(`wrote ${join(root, name)}\n`);
  } finally {
    await lab.down();
    active.splice(active.indexOf(lab), 1);
  }
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
    const jobs: [string, readonly Fault[]][] = [['lab/healthy', []], ...FAULTS.map((f): [string, Fault[]] => [`lab/${f}`, [f]]), ['demo', DEMO_FAULTS]];
    for (const [name, faults] of jobs) if (only.length === 0 || only.includes(name)) await one(root, name, faults, active);
  } finally {
    off();
  }
}

await mainScript();
