// The closing "tests: …" line must not read as clean when a hook failed or a whole file did not load: a small
// vitest run over files made to fail that way, with our reporter, is read back.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { run } from '../../src/collectors/runner.js';
import { ROOT } from '../helpers.js';
import { tempDir } from '../tmp.js';

it('counts a failed afterAll and a module that throws on load as errors', async () => {
  const d = tempDir('summary-');
  const reporter = join(ROOT, 'test', 'summary-reporter.ts');
  writeFileSync(
    join(d, 'vitest.config.mjs'),
    `export default { test: { globals: true, include: ['*.check.mjs'], reporters: [${JSON.stringify(reporter)}] } };\n`,
  );
  writeFileSync(
    join(d, 'hook.check.mjs'),
    "describe('s', () => { afterAll(() => { throw new Error('hook'); }); it('fine', () => {}); });\n",
  );
  writeFileSync(join(d, 'load.check.mjs'), "throw new Error('does not load');\n");
  writeFileSync(
    join(d, 'plain.check.mjs'),
    "it('passes', () => {}); it.skip('skipped', () => {}); it('fails', () => { throw new Error('x'); });\n",
  );
  const r = await run([process.execPath, join(ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--root', d], {
    timeoutMs: 60_000,
  });
  expect(r.exitCode).toBe(1);
  expect(r.stdout).toMatch(/^tests: 2 passed, 1 failed, 1 skipped, 2 errors$/m);
});
