// Issue 12 in the terminal UI (in-process, fake TTY): a target that gave nothing is marked in the tree and the
// header, and selecting it says why instead of "no findings".
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { fakeIo } from '../cli-io.js';
import { ROOT } from '../helpers.js';
import { tempDir } from '../tmp.js';

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
};

describe('coverage in the TUI', () => {
  it('the header counts what was not collected; the tree marks it; its findings pane gives the reason', async () => {
    const dir = join(tempDir('trust-tui-'), 'b');
    cpSync(join(ROOT, 'fixtures', 'bridge-nat', 'healthy'), dir, { recursive: true });
    mkdirSync(join(dir, 'hosts', 'ghost'));
    writeFileSync(join(dir, 'hosts', 'ghost', 'host.json'), '{"kind":"netns","name":"ghost","netns":"ghost"}\n');
    writeFileSync(
      join(dir, 'hosts', 'ghost', 'errors.json'),
      JSON.stringify([
        {
          artifact: '*',
          command: 'ip netns exec ghost',
          reason: 'not-found',
          message: 'network namespace ghost does not exist',
        },
      ]),
    );
    const t = fakeIo({ tty: true, env: { HOME: '/nonexistent' }, cwd: ROOT });
    const code = main(['tui', '--bundle', dir], { io: t.io });
    await until(() => t.flat().includes('1notcollected'));
    expect(t.flat()).toMatch(/✗ghost\(netns\)/);
    // focus starts on the findings; shift-tab goes back to the tree, sorted by name: all, blue, ghost
    t.stdin.write('\x1b[Z');
    await new Promise((r) => setTimeout(r, 50));
    t.stdin.write('j');
    t.stdin.write('j');
    await until(() => t.flat().includes('notcollected:'));
    expect(t.flat()).toContain('networknamespaceghostdoesn');
    t.stdin.write('q');
    expect(await code).toBe(0);
  });
});
