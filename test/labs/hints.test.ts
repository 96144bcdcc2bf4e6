// Graded hints for a lab opened by scenario and fault (src/labs/hints.ts): the symptom first, where to look next,
// the command that names it last; the first never names the fault.
import { describe, expect, it } from 'vitest';
import { scenarioHints } from '../../src/labs/hints.js';
import { ALL_SCENARIOS } from '../../src/labs/scenarios/index.js';

describe('scenario lab hints', () => {
  it('every fault of every scenario gets graded hints: the symptom first (naming no finding), the command last', () => {
    for (const sc of ALL_SCENARIOS)
      for (const [fault, spec] of Object.entries(sc.faults)) {
        const hints = scenarioHints(sc, [fault], 'kube-netdiag diagnose --netns x');
        expect(hints.length, `${sc.id}/${fault}`).toBeGreaterThanOrEqual(2);
        expect(hints.at(-1)!.en).toContain('kube-netdiag diagnose --netns x');
        for (const ref of spec.expect) {
          const id = ref.split('@')[0]!;
          expect(hints[0]!.en, `${sc.id}/${fault}`).not.toContain(id);
        }
        for (const h of hints) expect(h['zh-TW']).not.toBe('');
      }
  });
});
