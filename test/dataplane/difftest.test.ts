// The data-plane model against the real kernel (docs/dataplane-difftest.md): fixed seeds, each a generated set of
// namespaces, links, routes and iptables rules; every packet's per-rule counters must equal one traced path's.
import { describe, expect, it } from 'vitest';
import { type PacketResult, judge, pathCounts, runSeed } from '../../scripts/difftest/compare.js';
import { generate } from '../../scripts/difftest/gen.js';
import { run } from '../../src/collectors/runner.js';
import { labSupport } from '../../src/labs/engine.js';

const support = await labSupport();
if (!support.ok && process.env.CI === 'true')
  throw new Error(`CI=true but the differential test cannot run: ${support.reason}`);
if (!support.ok) process.stderr.write(`\n[skip] test/dataplane/difftest: ${support.reason}\n`);

/** 40 seeds × 8 packets: the fixed set CI runs (npm run difftest runs any other). */
const SEEDS = Array.from({ length: 40 }, (_, k) => k + 1);
/** The same rules read from `nft list ruleset` instead: 15 other seeds (npm run difftest -- --nft runs any). */
const NFT_SEEDS = Array.from({ length: 15 }, (_, k) => k + 101);
/** From `iptables -L -n -v` (npm run difftest -- --list). */
const LIST_SEEDS = Array.from({ length: 15 }, (_, k) => k + 201);
/** Loaded as nft's own rules and read from `nft list ruleset` (npm run difftest -- --native). */
const NATIVE_SEEDS = Array.from({ length: 15 }, (_, k) => k + 301);
const PACKETS = 8;

const line = (r: PacketResult): string =>
  `seed ${r.seed} #${r.index} ${r.packet.from} → ${r.packet.dst} ${r.packet.proto}: ${r.verdict}\n  ${(r.diff ?? []).join('\n  ')}`;

describe('the judge', () => {
  it('the same seed always generates the same case', () => {
    expect(JSON.stringify(generate(7))).toBe(JSON.stringify(generate(7)));
    expect(JSON.stringify(generate(7))).not.toBe(JSON.stringify(generate(8)));
  });
  it('a kernel count the model did not predict is a disagreement', () => {
    const path = {
      steps: [
        {
          kind: 'rule' as const,
          host: 'n0',
          table: 'filter',
          hook: 'INPUT',
          chain: 'INPUT',
          index: 1,
          src: { file: 'f', line: 1, text: '' },
        },
      ],
      end: { kind: 'no-route' as const, host: 'n0' },
      probability: 1,
      assumptions: [],
      pkt: {
        src: { family: 4 as const, value: 1n },
        dst: { family: 4 as const, value: 2n },
        proto: 'icmp' as const,
        mark: 0,
        ttl: 64,
      },
    };
    expect(judge(new Map([['n0 filter INPUT 1', 1]]), [path]).verdict).toBe('agree');
    expect(judge(new Map([['n0 filter INPUT 1', 2]]), [path]).verdict).toBe('disagree');
    expect(judge(new Map([['n0 filter INPUT 2', 1]]), [path]).diff).toEqual([
      'n0 filter INPUT 1: kernel 0, model 1  ',
      'n0 filter INPUT 2: kernel 1, model 0  ',
    ]);
    expect(pathCounts(path).get('n0 filter INPUT 1')).toBe(1);
  });
});

describe.skipIf(!support.ok)(`the model against the kernel${support.ok ? '' : ` (skipped: ${support.reason})`}`, () => {
  const seen: PacketResult[] = [];
  it.each(SEEDS)(
    'seed %i: each packet moves exactly the counters of one traced path',
    async (seed) => {
      const res = await runSeed(seed, PACKETS);
      seen.push(...res);
      expect(res.filter((r) => r.verdict !== 'agree').map(line)).toEqual([]);
      // every namespace of the case is gone
      const prefix = res[0]!.prefix;
      expect((await run(['ip', 'netns', 'list'])).stdout.split('\n').filter((n) => n.startsWith(`${prefix}-`))).toEqual(
        [],
      );
    },
    120_000,
  );
  it('the fixed seeds sent at least 300 packets, with forks, NAT and replies among them', () => {
    expect(seen.length).toBeGreaterThanOrEqual(300);
    expect(seen.some((r) => r.paths.length > 1)).toBe(true);
    expect(
      seen.some((r) =>
        r.paths.some((p) => p.steps.some((s) => s.kind === 'rule' && /NAT|MASQ|REDIRECT/.test(s.target ?? ''))),
      ),
    ).toBe(true);
    expect(seen.some((r) => r.paths.some((p) => p.end.kind === 'delivered' && p.reply))).toBe(true);
  });
});

// the same kernel rules captured two other ways (nft's own listing, `iptables -L -n -v` of every table), and the
// same rules loaded as nft's own rather than through iptables
for (const { syntax, what, seeds } of [
  { syntax: 'nft' as const, what: 'nft.txt', seeds: NFT_SEEDS },
  { syntax: 'list' as const, what: 'iptables-L.txt', seeds: LIST_SEEDS },
  { syntax: 'native' as const, what: 'nft.txt', seeds: NATIVE_SEEDS },
])
  describe.skipIf(!support.ok)(
    `the model reading ${what}, against the kernel${support.ok ? '' : ` (skipped: ${support.reason})`}`,
    () => {
      const seen: PacketResult[] = [];
      it.each(seeds)(
        `seed %i (${syntax}): each packet moves exactly the counters of one traced path`,
        async (seed) => {
          const res = await runSeed(seed, PACKETS, syntax);
          seen.push(...res);
          expect(res.filter((r) => r.verdict !== 'agree').map(line)).toEqual([]);
        },
        120_000,
      );
      it(`the ${syntax} seeds sent ${seeds.length * PACKETS} packets, and the rules walked came from ${what}`, () => {
        expect(seen.length).toBe(seeds.length * PACKETS);
        const files = new Set(
          seen.flatMap((r) => r.paths.flatMap((p) => p.steps.flatMap((x) => (x.kind === 'rule' ? [x.src.file] : [])))),
        );
        expect(files.size).toBeGreaterThan(0);
        expect([...files].every((f) => f.endsWith(what))).toBe(true);
      });
    },
  );
