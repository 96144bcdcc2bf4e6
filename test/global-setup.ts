// Once per run: every test process gets its own temp folder (TMPDIR), which must be empty when the run ends, so
// the run checks only its own leftovers and never sees another run's.
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const own = mkdtempSync(join(tmpdir(), 'knd-run-'));
  // others may pass through (not list): tests that run a command as `nobody` use a 0777 folder inside
  chmodSync(own, 0o711);
  process.env.TMPDIR = own;
  return () => {
    const left = readdirSync(own);
    rmSync(own, { recursive: true, force: true });
    if (left.length > 0)
      throw new Error(
        `the test run left ${left.length} temp entr${left.length === 1 ? 'y' : 'ies'}: ${left.slice(0, 10).join(', ')}`,
      );
  };
}
