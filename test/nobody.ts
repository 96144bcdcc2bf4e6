// Runs the compiled CLI as the unprivileged user `nobody`, from a place that user can read: a checkout inside a
// private folder (e.g. one made by `mktemp -d`) is copied once to a world-readable temp folder first.
import { chmodSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { run, type RunResult } from '../src/collectors/runner.js';
import { ROOT } from './helpers.js';
import { tempDir } from './tmp.js';

const AS_NOBODY = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups'];
let home: string | undefined;

// The folder holding bin/, dist/ and node_modules/ that `nobody` can enter.
async function readableRoot(): Promise<string> {
  if (home) return home;
  const probe = await run([
    ...AS_NOBODY,
    'env',
    '-C',
    '/',
    process.execPath,
    '-e',
    'require("fs").accessSync(process.argv[1])',
    join(ROOT, 'dist', 'bundle', 'cli', 'main.js'),
  ]);
  if (probe.ok) return (home = ROOT);
  const d = tempDir('readable-root-');
  chmodSync(d, 0o755);
  for (const part of ['bin', 'dist', 'node_modules', 'package.json'])
    cpSync(join(ROOT, part), join(d, part), { recursive: true });
  return (home = d);
}

// `kube-netdiag …args` as nobody, with that folder as the working directory (the test's own may be private).
export async function asNobody(args: string[], opts: { timeoutMs?: number } = {}): Promise<RunResult> {
  const root = await readableRoot();
  return run([...AS_NOBODY, 'env', '-C', root, process.execPath, join(root, 'bin', 'kube-netdiag'), ...args], opts);
}
