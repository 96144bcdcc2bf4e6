// The lab engine's promises: unique names, nothing left behind on any path, one teardown however it is asked.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/collectors/runner.js';
import { Lab, labSupport } from '../../src/labs/engine.js';
import { bridgeNat } from '../../src/labs/scenarios/bridge-nat.js';

const support = await labSupport();
if (!support.ok && process.env.CI === 'true')
  throw new Error(`CI=true but the lab engine tests cannot run: ${support.reason}`);
if (!support.ok) process.stderr.write(`\n[skip] test/labs/engine: ${support.reason}\n`);

const present = async (prefix: string): Promise<string[]> =>
  (await run(['ip', 'netns', 'list'])).stdout
    .split('\n')
    .map((l) => l.split(' ')[0]!)
    .filter((n) => n.startsWith(`${prefix}-`));

describe.skipIf(!support.ok)(`lab engine${support.ok ? '' : ` (skipped: ${support.reason})`}`, () => {
  it('two labs never share a name', () => {
    expect(new Lab().prefix).not.toBe(new Lab().prefix);
  });
  it('a failed build still removes what it created, /etc/netns included', async () => {
    const lab = new Lab();
    await lab.addHost('x');
    expect(existsSync(`/etc/netns/${lab.ns('x')}`)).toBe(true);
    await expect(lab.ip('x', 'link', 'set', 'nonexistent0', 'up')).rejects.toThrow(/nonexistent0/);
    await lab.down();
    expect(await present(lab.prefix)).toEqual([]);
    expect(existsSync(`/etc/netns/${lab.ns('x')}`)).toBe(false);
  });
  it('teardown while a build is running: the build stops, nothing survives, both callers wait for one teardown', async () => {
    for (const delay of [20, 80, 160]) {
      const lab = new Lab();
      const build = bridgeNat.build(lab, []).then(
        () => 'finished',
        (e: Error) => e.message,
      );
      await new Promise((r) => setTimeout(r, delay));
      const [a, b] = [lab.down(), lab.down()];
      expect(a).toBe(b);
      await a;
      const outcome = await build;
      expect(
        outcome === 'finished' || /being torn down|Cannot open|No such|does not exist|nothing listens/i.test(outcome),
      ).toBe(true);
      expect(await present(lab.prefix)).toEqual([]);
      await expect(lab.addHost('late')).rejects.toThrow(/being torn down/);
    }
  });
});
