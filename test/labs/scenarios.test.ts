// Holds the analyzers to the kernel: every scenario × fault is built in fresh namespaces, checked with real
// traffic between the lab's own namespaces, collected with the live collector, and analyzed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SEVERITY_RANK } from '../../src/analyzers/types.js';
import { runAnalyzers } from '../../src/analyzers/index.js';
import { run } from '../../src/collectors/runner.js';
import { failingChecks } from '../../src/labs/checks.js';
import { captureLab } from '../../src/labs/capture.js';
import { Lab, labEnv, labSupport } from '../../src/labs/engine.js';
import { breaksFor } from '../../src/labs/scenario.js';
import { ALL_SCENARIOS } from '../../src/labs/scenarios/index.js';
import { buildSnapshot } from '../../src/snapshot/build.js';

const support = await labSupport();
if (!support.ok && process.env.CI === 'true')
  throw new Error(`CI=true but the kernel lab tests cannot run: ${support.reason}`);
if (!support.ok) process.stderr.write(`\n[skip] test/labs/scenarios: ${support.reason}\n`);

async function rootState(): Promise<string> {
  const parts = await Promise.all(
    [['ip', 'addr'], ['ip', 'route'], ['ip', 'rule'], ['iptables-save'], ['sysctl', 'net.ipv4.ip_forward']].map((a) =>
      run(a),
    ),
  );
  return parts
    .map((p) =>
      p.stdout
        .split('\n')
        .filter((l) => !l.startsWith('#'))
        .join('\n'),
    )
    .join('\n----\n');
}

describe.skipIf(!support.ok)(
  `lab scenarios on the real kernel${support.ok ? '' : ` (skipped: ${support.reason})`}`,
  () => {
    let before = '';
    const prefixes: string[] = [];
    beforeAll(async () => {
      before = await rootState();
    });
    afterAll(async () => {
      expect(await rootState()).toBe(before);
      // only this file's labs are checked: another lab on the same machine is not ours to judge
      const left = (await run(['ip', 'netns', 'list'])).stdout.split('\n').map((l) => l.split(' ')[0]!);
      expect(left.filter((n) => prefixes.some((p) => n.startsWith(`${p}-`)))).toEqual([]);
    });
    for (const sc of ALL_SCENARIOS) {
      for (const fault of ['(healthy)', ...Object.keys(sc.faults)]) {
        const spec = sc.faults[fault];
        it(`${sc.id} / ${fault}`, async () => {
          const lab = new Lab();
          prefixes.push(lab.prefix);
          try {
            await sc.build(lab, spec ? [fault] : []);
            const broken = await failingChecks(lab, sc.checks);
            const env = await labEnv(lab, sc.hosts[0]!);
            // the live collector as `diagnose` runs it: ip -j first, probes on
            const snap = buildSnapshot(await captureLab(lab, 'test', { prefer: 'json', redact: true }));
            const findings = runAnalyzers(snap).findings;
            const got = [
              ...new Set(
                findings
                  .filter((f) => f.severity !== 'info' || spec?.expect.some((e) => e.startsWith(`${f.id}@`)))
                  .map((f) => `${f.id}@${f.target}`),
              ),
            ].sort();
            if (process.env.KND_DEBUG) console.log(JSON.stringify({ case: `${sc.id}/${fault}`, broken, got }));
            expect({ broken, findings: got }).toEqual({
              broken: spec ? breaksFor(spec, env) : [],
              findings: [...(spec?.expect ?? [])].sort(),
            });
            if (!spec || (spec.breaks.length === 0 && !spec.apiOnly))
              expect(findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.critical)).toEqual([]);
            expect(snap.warnings).toEqual([]);
          } finally {
            await lab.down();
          }
        });
      }
    }
  },
);
