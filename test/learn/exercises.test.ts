// The exercises can never drift from the tool: each walkthrough's right answer is a finding the analyzers
// report on the exercise's own fixture, and every wrong choice is one they do not report there.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAUSES, causeOf } from '../../src/learn/causes.js';
import { CKA, EXERCISES, exercise, exerciseForLab, fixtureOf } from '../../src/learn/exercises.js';
import { choicesOf, judge, loadWalkthrough, toolsOf } from '../../src/learn/walkthrough.js';
import { scenario } from '../../src/labs/scenarios/index.js';
import { ROOT } from '../helpers.js';

const FIX = join(ROOT, 'fixtures');

describe('the exercise catalog', () => {
  it('covers every failure case of the material and the cluster side', () => {
    const cases = [
      'interface-down',
      'missing-prefix',
      'bridge-down',
      'no-masquerade',
      'ip-forward-off',
      'no-default-gateway',
      'no-nameserver',
      'nsswitch-no-dns',
      'hosts-shadow',
      'docker-dnat-wrong',
      'docker-network-none',
      'cni-veth-down',
      'cni-lo-down',
      'forward-drop',
      'svc-no-endpoints',
      'kube-proxy-stale',
      'pod-dns-mismatch',
      'coredns-loop',
      'netpol-blocks-dns',
    ];
    expect(EXERCISES.map((e) => e.id).sort()).toEqual(cases.sort());
  });
  it("CKA relevance follows the material's table: switching low, routing and default gateway medium, NAT high", () => {
    expect([CKA.switching.level, CKA.routing.level, CKA.gateway.level, CKA.nat.level]).toEqual([
      'low',
      'medium',
      'medium',
      'high',
    ]);
  });
  it('every text exists in both languages; live labs have hints; every cause has a label and an evidence hint', () => {
    for (const e of EXERCISES) {
      for (const t of [e.title, e.story, e.why]) expect(t.en.length > 10 && t['zh-TW'].length > 5, e.id).toBe(true);
      if (e.live) expect(e.hints.length, e.id).toBeGreaterThanOrEqual(2);
      for (const id of [e.answer.split('@')[0]!, ...e.distractors]) expect(causeOf(id), `${e.id}: ${id}`).toBeDefined();
      expect(scenario(e.scenario)?.faults[e.fault], e.id).toBeDefined();
      expect(exerciseForLab(e.scenario, [e.fault])?.id).toBe(e.id);
    }
    for (const c of Object.values(CAUSES))
      expect(c.label.en && c.label['zh-TW'] && c.hint.en && c.hint['zh-TW']).toBeTruthy();
  });
});

describe('each walkthrough against its fixture', () => {
  for (const e of EXERCISES) {
    it(`${e.id}: the answer is reported, no distractor is, the symptom is the real output`, async () => {
      const w = await loadWalkthrough(e, FIX, 'en');
      expect(w.finding, `${e.answer} on fixtures/${fixtureOf(e)}`).toBeDefined();
      const reported = new Set<string>(w.report.findings.map((f) => f.id));
      expect(e.distractors.filter((d) => reported.has(d))).toEqual([]);
      const sym = JSON.parse(readFileSync(join(FIX, fixtureOf(e), 'learn', 'symptom.json'), 'utf8'));
      expect(sym.command).toBe(e.symptom.display);
      expect(sym.output.length).toBeGreaterThan(0);
      expect(w.symptom).toEqual(sym);
      // the choices: the answer among the distractors, in a fixed order
      expect(w.choices.map((c) => c.id).sort()).toEqual([e.answer.split('@')[0], ...e.distractors].sort());
      expect(choicesOf(e, 'en')).toEqual(w.choices);
      // a wrong pick gets a hint about evidence that never names the right cause
      const wrong = judge(e, e.distractors[0]!, 'en');
      expect(wrong).toEqual({ correct: false, hint: CAUSES[e.distractors[0]!]!.hint.en });
      expect(judge(e, e.answer.split('@')[0]!, 'en')).toEqual({ correct: true });
      // the toolbox shows what each command printed, byte for byte
      expect(w.tools.length).toBeGreaterThan(3);
      for (const t of w.tools)
        expect(w.snapshot.files.get(t.file)).toBe(readFileSync(join(FIX, fixtureOf(e), t.file), 'utf8'));
    });
  }
  it('toolbox commands are typed the way the learner would: in the namespace, on the node, or with kubectl', async () => {
    const w = await loadWalkthrough(exercise('no-masquerade')!, FIX, 'en');
    expect(w.tools.find((t) => t.file === 'hosts/host/iptables-save.txt')!.command).toBe(
      'ip netns exec host iptables-save',
    );
    expect(w.tools.find((t) => t.file === 'hosts/blue/resolv.conf')!.command).toBe(
      'ip netns exec blue cat /etc/resolv.conf',
    );
    const k = await loadWalkthrough(exercise('pod-dns-mismatch')!, FIX, 'en');
    expect(k.tools.find((t) => t.file === 'hosts/default.client/resolv.conf')!.command).toBe(
      'kubectl exec -n default client -- cat /etc/resolv.conf',
    );
    expect(k.tools.find((t) => t.file === 'hosts/worker-1/iptables-save.txt')!.command).toBe(
      '[worker-1]$ iptables-save',
    );
    expect(k.tools.find((t) => t.file === 'cluster/services.json')!.command).toBe('kubectl get services -A -o json');
    expect(toolsOf(k.snapshot).some((t) => t.host === 'lan')).toBe(false);
  });
});
