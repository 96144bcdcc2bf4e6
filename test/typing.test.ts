// What the compiler refuses (npm test runs tsc over this file): each `@ts-expect-error` below must be an error,
// or tsc fails with "unused directive". So a misspelt id, a missing text or a wrong placeholder cannot build.
import { expect, it } from 'vitest';
import { defineAnalyzer } from '../src/analyzers/define.js';
import type { FindingId } from '../src/analyzers/index.js';
import type { FindingRef } from '../src/labs/scenario.js';
import type { ScenarioFault } from '../src/labs/scenarios/index.js';
import type { ViewName } from '../src/views/tui/views/index.js';

it('ids, texts and placeholders are checked by the compiler', () => {
  const ok: FindingId = 'interface-down';
  // @ts-expect-error a finding id that no analyzer defines
  const typo: FindingId = 'interface-dwn';
  const ref: FindingRef = 'bridge-down@host';
  // @ts-expect-error a fault expectation naming an unknown finding
  const badRef: FindingRef = 'bridge-dwn@host';
  const pair: ScenarioFault = { scenario: 'bridge-nat', fault: 'veth-down' };
  // @ts-expect-error a fault the scenario does not have
  const badPair: ScenarioFault = { scenario: 'bridge-nat', fault: 'coredns-down' };
  const view: ViewName = 'dns';
  // @ts-expect-error a view that is not in the registry
  const badView: ViewName = 'dnss';
  const a = defineAnalyzer({
    id: 'typing-sample',
    summary: { en: 's', 'zh-TW': 's' },
    variants: {
      one: { severity: 'info', title: { en: '{host} t', 'zh-TW': '{host} t' }, explanation: { en: 'e', 'zh-TW': 'e' } },
    },
    run(_snap, finding) {
      return [
        finding('one', { target: 'x', params: { host: 'x' }, evidence: [], fix: [] }),
        // @ts-expect-error a param the variant's texts do not use
        finding('one', { target: 'x', params: { host: 'x', extra: 1 }, evidence: [], fix: [] }),
        // @ts-expect-error a placeholder left unfilled
        finding('one', { target: 'x', params: {}, evidence: [], fix: [] }),
        // @ts-expect-error a variant that does not exist
        finding('three', { target: 'x', params: { host: 'x' }, evidence: [], fix: [] }),
      ];
    },
  });
  const b = defineAnalyzer({
    id: 'typing-sample-2',
    summary: { en: 's', 'zh-TW': 's' },
    variants: {
      // @ts-expect-error a variant without its Traditional Chinese text
      two: { severity: 'info', title: { en: 't' }, explanation: { en: 'e', 'zh-TW': 'e' } },
    },
    run: () => [],
  });
  expect([b.id, ok, typo, ref, badRef, pair.fault, badPair.fault, view, badView, a.id]).toHaveLength(10);
});
