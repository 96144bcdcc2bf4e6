// Every live exercise on the real kernel: built broken, `lab check` says not fixed; the fix kube-netdiag prints
// (typed with the lab's real names, as the learner would) is applied; `lab check` then says fixed.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fixText } from '../../src/analyzers/types.js';
import { run } from '../../src/collectors/runner.js';
import { captureLab } from '../../src/labs/capture.js';
import { checkLab } from '../../src/labs/check.js';
import { Lab, labSupport } from '../../src/labs/engine.js';
import { scenario } from '../../src/labs/scenarios/index.js';
import { EXERCISES, type Exercise } from '../../src/learn/exercises.js';
import { reportFromSnapshot } from '../../src/report.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { tempDir } from '../tmp.js';

process.env.KUBE_NETDIAG_LAB_STATE = tempDir('labstate-');
const { kn, runCli } = await import('../cli-io.js');

const support = await labSupport();
if (!support.ok && process.env.CI === 'true')
  throw new Error(`CI=true but the exercise lab tests cannot run: ${support.reason}`);
if (!support.ok) process.stderr.write(`\n[skip] test/labs/exercises-live: ${support.reason}\n`);

// A fix as printed on a capture (short names) → as typed on the live lab (real namespace names).
function typed(cmd: string, lab: Lab): string {
  return cmd
    .replace(/\{(\w[\w.-]*)\}/g, (_, h: string) => lab.ns(h))
    .replace(/ip netns exec (\S+)/g, (m, h: string) => (lab.hosts.includes(h) ? `ip netns exec ${lab.ns(h)}` : m))
    .replace(/\/etc\/netns\/([^/\s]+)\//g, (m, h: string) => (lab.hosts.includes(h) ? `/etc/netns/${lab.ns(h)}/` : m));
}

async function fixesFor(e: Exercise, lab: Lab): Promise<string[]> {
  if (e.labFix) return e.labFix.map((c) => typed(c, lab));
  const report = reportFromSnapshot(buildSnapshot(await captureLab(lab, 'test')));
  const f = report.findings.find((x) => `${x.id}@${x.target}` === e.answer);
  expect(f, `${e.answer} on the live lab`).toBeDefined();
  return f!.fix.map((c) => typed(fixText(c), lab));
}

describe.skipIf(!support.ok)(`live exercises${support.ok ? '' : ` (skipped: ${support.reason})`}`, () => {
  for (const e of EXERCISES.filter((x) => x.live)) {
    it(`${e.id}: broken → apply the printed fix → lab check passes`, async () => {
      const lab = new Lab();
      try {
        const sc = scenario(e.scenario)!;
        await sc.build(lab, [e.fault]);
        const before = await checkLab(lab, sc, e.answer);
        expect(before.fixed, JSON.stringify(before)).toBe(false);
        // the learner's loop: apply the fix of the answer, check, and fix whatever `lab check` still reports
        let after = before;
        for (let round = 0; round < 3 && !after.fixed; round++) {
          // (each command once: two findings may print the same fix)
          const cmds = [
            ...new Set(
              round === 0
                ? await fixesFor(e, lab)
                : after.findings.flatMap((f) => f.fix.map((c) => typed(fixText(c), lab))),
            ),
          ];
          for (const cmd of cmds) {
            const r = await run(['sh', '-c', cmd]);
            expect(r.ok, `${cmd}: ${r.stderr}`).toBe(true);
          }
          after = await checkLab(lab, sc, e.answer);
          if (process.env.KND_DEBUG)
            console.log(
              e.id,
              round,
              cmds,
              after.failing,
              after.findings.map((f) => `${f.id}@${f.target}`),
            );
        }
        expect({ failing: after.failing, findings: after.findings.map((f) => `${f.id}@${f.target}`) }).toEqual({
          failing: [],
          findings: [],
        });
        expect(after.fixed).toBe(true);
      } finally {
        await lab.down();
      }
    });
  }

  describe('the lab commands as a learner runs them', () => {
    const xdg = tempDir('xdg-');
    const cli = (argv: string[]) => runCli(argv, { env: { XDG_CONFIG_HOME: xdg } });
    afterAll(async () => {
      await cli(['lab', 'down']);
    });
    it('lab up EXERCISE → check (1, the symptom only) → shell → hint → fix → check (0, progress saved) → reset → down', async () => {
      const up = await cli(['lab', 'up', 'no-masquerade']);
      expect(up.code).toBe(0);
      const prefix = /Lab is up: (\S+)/.exec(up.out)![1]!;
      expect(up.out).toMatch(/No egress: MASQUERADE is missing/);
      expect(up.out).toContain(`ip netns exec ${prefix}-blue ping -n -c 1 -W 2 192.168.1.3`);
      const c1 = await cli(['lab', 'check']);
      expect(c1.code).toBe(1);
      // what still fails, as a user sees it; never the finding that explains it
      expect(c1.out).toMatch(/still failing: blue pings 192\.168\.1\.3/);
      expect(c1.out).not.toMatch(/masquerade/i);
      // a shell in the lab, its prompt naming the host; what it runs runs in that namespace
      const sh = await kn(
        ['lab', 'shell', 'blue'],
        { XDG_CONFIG_HOME: xdg, KUBE_NETDIAG_LAB_STATE: process.env.KUBE_NETDIAG_LAB_STATE! },
        30_000,
        'ip -br addr | grep -c veth-blue\nexit 4\n',
      );
      expect(sh.code).toBe(4);
      expect(sh.out).toMatch(/^1$/m);
      expect(sh.err).toMatch(/\[lab blue\]/);
      expect((await cli(['lab', 'hint'])).out).toMatch(/^1\/2: /);
      expect((await cli(['lab', 'hint'])).out).toContain(
        `2/2: Read the nat table: \`ip netns exec ${prefix}-host iptables -t nat -nvL POSTROUTING\``,
      );
      expect((await cli(['lab', 'hint'])).out).toMatch(/No more hints/);
      const fix = await run([
        'ip',
        'netns',
        'exec',
        `${prefix}-host`,
        'iptables',
        '-t',
        'nat',
        '-A',
        'POSTROUTING',
        '-s',
        '192.168.15.0/24',
        '-o',
        'eth0',
        '-j',
        'MASQUERADE',
      ]);
      expect(fix.ok).toBe(true);
      const c2 = await cli(['lab', 'check', prefix]);
      expect(c2.out).toMatch(/Fixed: every check passes/);
      expect(c2.code).toBe(0);
      const progress = JSON.parse(readFileSync(join(xdg, 'kube-netdiag', 'learn.json'), 'utf8'));
      expect(progress.exercises['no-masquerade'].labFixedAt).toMatch(/^\d{4}-/);
      expect((await cli(['lab', 'reset'])).out).toContain(`Lab is up: ${prefix}`);
      expect((await cli(['lab', 'check'])).code).toBe(1);
      expect((await cli(['lab', 'down'])).code).toBe(0);
      expect((await run(['ip', 'netns', 'list'])).stdout).not.toContain(prefix);
    });
    it('a cluster exercise has no live lab: lab up says to use learn', async () => {
      const r = await cli(['lab', 'up', 'coredns-loop']);
      expect(r.code).toBe(2);
    });
  });
});
