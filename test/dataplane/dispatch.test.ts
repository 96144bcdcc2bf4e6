// The tracer passes over rules of a long chain that cannot match the packet's destination (dispatch.ts). Sound only if
// every rule it passes over is one the matcher says a definite no to: checked on seeded chains of mixed rules.
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../src/net/ip.js';
import { parseIptablesSave } from '../../src/parsers/iptables-save.js';
import { nextCandidate } from '../../src/snapshot/trace/dispatch.js';
import { matchRule } from '../../src/snapshot/trace/match.js';
import type { Pkt } from '../../src/snapshot/trace/packet.js';

function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

describe('dispatch: the rules passed over are exactly rules that cannot match', () => {
  it('200 seeded chains of 64-300 rules, 20 packets each: every skipped rule is a definite no, every kept rule is reached', () => {
    let skipped = 0;
    let kept = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed);
      const addr = (): string => `10.96.0.${Math.floor(r() * 12)}`;
      const dsts = [
        () => `-d ${addr()}/32`,
        () => `-d ${addr()}`,
        () => `! -d ${addr()}/32`,
        () => `-d 10.96.0.0/28`,
        () => `-d fd00::${Math.floor(r() * 3)}/128`,
        () => `-d not-an-address`,
        () => '',
      ];
      const lines = ['*nat', ':PREROUTING ACCEPT [0:0]', ':X - [0:0]'];
      const n = 64 + Math.floor(r() * 237);
      for (let k = 0; k < n; k++) {
        const d = dsts[Math.floor(r() * dsts.length)]!();
        const p = r() < 0.5 ? ' -p tcp -m tcp --dport 80' : r() < 0.5 ? ' -p udp' : '';
        const s = r() < 0.2 ? ' -s 10.244.0.0/16' : '';
        lines.push(`-A X${s} ${d}${p} -j ACCEPT`.replace(/ +/g, ' '));
      }
      lines.push('COMMIT', '');
      const chain = parseIptablesSave(lines.join('\n'), 'f').value.tables.get('nat')!.chains.get('X')!;
      expect(chain.rules.length).toBe(n);
      for (let q = 0; q < 20; q++) {
        const pkt: Pkt = {
          src: parseIp(r() < 0.5 ? '10.244.1.2' : '192.168.1.2')!,
          dst: parseIp(r() < 0.8 ? addr() : 'fd00::1')!,
          proto: r() < 0.5 ? 'tcp' : 'udp',
          sport: 40000,
          dport: 80,
          mark: 0,
        } as Pkt;
        const ctx = { bridged: false, ctState: 'NEW', addrType: () => 'UNICAST' } as never;
        let i = 0;
        while (i < n) {
          const next = nextCandidate(chain, i, pkt.dst);
          expect(next).toBeGreaterThanOrEqual(i);
          for (let j = i; j < next; j++) {
            expect(matchRule(chain.rules[j]!, pkt, ctx).kind, `seed ${seed} rule ${j + 1}`).toBe('no');
            skipped++;
          }
          if (next < n) kept++;
          i = next + 1;
        }
      }
    }
    expect(skipped).toBeGreaterThan(10_000);
    expect(kept).toBeGreaterThan(10_000);
  });
  it('chains shorter than 64 rules are walked rule by rule', () => {
    const c = parseIptablesSave('*nat\n:X - [0:0]\n-A X -d 10.0.0.1/32 -j ACCEPT\nCOMMIT\n', 'f')
      .value.tables.get('nat')!
      .chains.get('X')!;
    expect(nextCandidate(c, 0, parseIp('10.0.0.2')!)).toBe(0);
  });
});
