// Real kernel: the fixture script's lab, built in uniquely named namespaces, checked with real traffic
// between the lab's own namespaces, captured, analyzed and removed, leaving the root namespace untouched.
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAnalyzers } from '../../src/analyzers/index.js';
import { run } from '../../src/collectors/runner.js';
import { captureLab } from '../../src/labs/capture.js';
import { Lab, labSupport } from '../../src/labs/engine.js';
import { type Fault, buildMaterialLab } from '../../src/labs/scenarios/bridge-nat.js';
import { buildSnapshot } from '../../src/snapshot/build.js';

const support = await labSupport();
const reason = support.ok ? '' : support.reason;
if (!support.ok) {
  if (process.env.CI === 'true') throw new Error(`CI=true but the kernel lab tests cannot run: ${reason}`);
  process.stderr.write(`\n[skip] test/labs: ${reason}\n`);
}

// The root namespace's view, minus iptables-save's timestamp comments.
async function rootState(): Promise<string> {
  const parts = await Promise.all([['ip', 'addr'], ['ip', 'route'], ['ip', 'rule'], ['iptables-save'], ['sysctl', 'net.ipv4.ip_forward']].map((a) => run(a)));
  return parts.map((p) => p.stdout.split('\n').filter((l) => !l.startsWith('#')).join('\n')).join('\n----\n');
}

async function ping(lab: Lab, from: string, to: string): Promise<boolean> {
  return (await run(['ip', 'netns', 'exec', lab.ns(from), 'ping', '-c', '1', '-W', '1', to], { timeoutMs: 5000 })).ok;
}

async function labCase(faults: Fault[]) {
  const lab = new Lab();
  try {
    await buildMaterialLab(lab, faults);
    const truth = { blueToOutside: await ping(lab, 'blue', '192.168.1.3'), redToBlue: await ping(lab, 'red', '192.168.15.2') };
    const snap = buildSnapshot(await captureLab(lab, 'test'));
    return { truth, ids: runAnalyzers(snap).findings.map((f) => `${f.id}@${f.target}`), prefix: lab.prefix };
  } finally {
    await lab.down();
  }
}

describe.skipIf(!support.ok)(`material lab on the real kernel${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let before = '';
  beforeAll(async () => {
    before = await rootState();
  });
  afterAll(async () => {
    // byte-identical root namespace after everything above
    expect(await rootState()).toBe(before);
  });

  it('healthy: traffic flows and nothing is reported', async () => {
    const r = await labCase([]);
    expect(r.truth).toEqual({ blueToOutside: true, redToBlue: true });
    expect(r.ids).toEqual([]);
    expect((await run(['ip', 'netns', 'list'])).stdout).not.toContain(r.prefix);
    expect(existsSync(`/etc/netns/${r.prefix}-blue`)).toBe(false);
  });
  it('no-masquerade: blue cannot reach outside, and masquerade-missing says why', async () => {
    const r = await labCase(['no-masquerade']);
    expect(r.truth).toEqual({ blueToOutside: false, redToBlue: true });
    expect(r.ids).toEqual(['masquerade-missing@host']);
  });
  it('no-default-route: blue cannot reach outside; no-default-route on blue', async () => {
    const r = await labCase(['no-default-route']);
    expect(r.truth.blueToOutside).toBe(false);
    expect(r.ids).toContain('no-default-route@blue');
  });
  it('a failed build still removes what it created', async () => {
    const lab = new Lab();
    await lab.addHost('x');
    await expect(lab.ip('x', 'link', 'set', 'nonexistent0', 'up')).rejects.toThrow(/nonexistent0/);
    await lab.down();
    expect((await run(['ip', 'netns', 'list'])).stdout).not.toContain(lab.prefix);
  });
});
