// natTargets: where each nat chain sends packets, read once per ruleset (docs/networking-facts.md §iptables-save-format,
// §kube-proxy-iptables-chains).
import { describe, expect, it } from 'vitest';
import { parseIptablesSave } from '../../src/parsers/iptables-save.js';
import { natTargets } from '../../src/snapshot/nat-targets.js';

const SAVE = [
  '*nat', // 1
  ':PREROUTING ACCEPT [0:0]',
  ':POSTROUTING ACCEPT [0:0]',
  ':KUBE-SVC-A - [0:0]',
  ':KUBE-SEP-1 - [0:0]', // 5
  ':KUBE-MARK-MASQ - [0:0]',
  '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SVC-A',
  '-A POSTROUTING -s 10.0.0.0/24 -j MASQUERADE',
  '-A KUBE-SVC-A -m comment --comment "ns/a:http -> 10.1.0.5:80" -m statistic --mode random -j KUBE-SEP-1',
  '-A KUBE-SVC-A -j KUBE-MISSING', // 10
  '-A KUBE-SEP-1 -s 10.1.0.5/32 -j KUBE-MARK-MASQ',
  '-A KUBE-SEP-1 -p tcp -m tcp -j DNAT --to-destination 10.1.0.5:80',
  '-A KUBE-SEP-1 -p tcp --bogus -j DNAT --to 10.1.0.6:80',
  '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
  'COMMIT', // 15
  '',
].join('\n');

describe('natTargets', () => {
  it("each chain's DNATs (with the line that proves them) and its jumps to declared user chains, in rule order", () => {
    const rs = parseIptablesSave(SAVE, 'iptables-save.txt').value;
    const strip = (rs2: typeof rs, chain: string) =>
      natTargets(rs2, chain).map((t) => ({ ...t, src: t.src && `${t.src.line}: ${t.src.text}` }));
    expect(strip(rs, 'PREROUTING')).toEqual([
      { index: 1, target: 'KUBE-SVC-A', toDestination: undefined, to: undefined, src: undefined },
    ]);
    // a builtin target (MASQUERADE) and a jump to a chain nobody declared are neither
    expect(strip(rs, 'POSTROUTING')).toEqual([]);
    expect(strip(rs, 'KUBE-SVC-A').map((t) => t.target)).toEqual(['KUBE-SEP-1']);
    expect(strip(rs, 'KUBE-SEP-1')).toEqual([
      { index: 1, target: 'KUBE-MARK-MASQ', toDestination: undefined, to: undefined, src: undefined },
      {
        index: 2,
        target: 'DNAT',
        toDestination: '10.1.0.5:80',
        to: undefined,
        src: '12: -A KUBE-SEP-1 -p tcp -m tcp -j DNAT --to-destination 10.1.0.5:80',
      },
      {
        index: 3,
        target: 'DNAT',
        toDestination: undefined,
        to: '10.1.0.6:80',
        src: '13: -A KUBE-SEP-1 -p tcp --bogus -j DNAT --to 10.1.0.6:80',
      },
    ]);
    expect(strip(rs, 'NO-SUCH-CHAIN')).toEqual([]);
  });
  it('the answers are read once per ruleset and kept; a rule read for its target reports its problem once', () => {
    const rs = parseIptablesSave(SAVE, 'f').value;
    expect(natTargets(rs, 'KUBE-SEP-1')).toBe(natTargets(rs, 'KUBE-SEP-1'));
    // every chain was read on the first ask: the bad option of line 13 is reported once, citing its line
    expect(rs.lateWarnings).toEqual([
      {
        file: 'f',
        line: 13,
        message: 'option --bogus outside any -m match',
        text: '-A KUBE-SEP-1 -p tcp --bogus -j DNAT --to 10.1.0.6:80',
      },
    ]);
    // decoding the whole rule later finds the same problem: it is not reported again
    for (const r of rs.tables.get('nat')!.chains.get('KUBE-SEP-1')!.rules) void r.matches;
    expect(rs.lateWarnings).toHaveLength(1);
  });
  it('chains whose rules were already built give the same answers', () => {
    const lazy = parseIptablesSave(SAVE, 'f').value;
    const built = parseIptablesSave(SAVE, 'f').value;
    for (const c of built.tables.get('nat')!.chains.values()) void c.rules;
    for (const chain of ['PREROUTING', 'KUBE-SVC-A', 'KUBE-SEP-1'])
      expect(natTargets(built, chain)).toEqual(natTargets(lazy, chain));
  });
  it('a ruleset without a nat table has no targets', () => {
    const rs = parseIptablesSave('*filter\n-A INPUT -j ACCEPT\nCOMMIT\n', 'f').value;
    expect(natTargets(rs, 'INPUT')).toEqual([]);
  });
});
