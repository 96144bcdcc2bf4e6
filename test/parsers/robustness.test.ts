// Every parser returns what it could read plus warnings, and never throws, whatever it is fed.
import { describe, expect, it } from 'vitest';
import { ARTIFACT_TABLE, type ArtifactRow } from '../../src/bundle/artifacts.js';
import { parseCorefile } from '../../src/parsers/corefile.js';
import { parseFibTrie } from '../../src/parsers/fib-trie.js';
import { parseIpRoute } from '../../src/parsers/ip-route.js';
import { parseK8sList } from '../../src/parsers/k8s-list.js';
import { parseKubeProxyConfig } from '../../src/parsers/kube-proxy-config.js';
import type { Parser } from '../../src/parsers/types.js';
import { fixture } from '../helpers.js';

// Every parser of the artifact table, and those of files read inside others (cluster lists, ConfigMap keys).
const PARSERS: Record<string, Parser<unknown>> = {
  ...Object.fromEntries(
    (ARTIFACT_TABLE as readonly ArtifactRow[]).flatMap((r) => (r.parse ? [[r.name, r.parse]] : [])),
  ),
  'fib_trie.txt': parseFibTrie,
  'cluster/*.json': parseK8sList,
  Corefile: parseCorefile,
  'config.conf': parseKubeProxyConfig,
};

// Deterministic pseudo-random bytes (no flaky seeds).
function rng(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

const REAL = [
  'bridge-nat/healthy/hosts/host/ip-addr.txt',
  'bridge-nat/healthy/hosts/host/iptables-save.txt',
  'bridge-nat/healthy/hosts/host/ip-route.txt',
  'bridge-nat/healthy/hosts/blue/resolv.conf',
]
  .map(fixture)
  .join('\n');

describe('parsers survive bad input', () => {
  const r = rng(42);
  const inputs: [string, string][] = [
    ['empty', ''],
    ['only newlines', '\n\n\r\n'],
    ['binary', Buffer.from(Array.from({ length: 2000 }, () => Math.floor(r() * 256))).toString('latin1')],
    ['huge line', 'x'.repeat(200_000)],
    ['truncated real capture', REAL.slice(0, Math.floor(REAL.length * 0.37))],
    [
      'shuffled real lines',
      REAL.split('\n')
        .sort(() => r() - 0.5)
        .join('\n'),
    ],
    ['json-ish', '[{"ifname": 3, "addr_info": "x", "dst": null}, null, "s"]'],
    ['deep json', '['.repeat(5000)],
  ];
  for (const [pname, parse] of Object.entries(PARSERS)) {
    it(`${pname}: never throws, not even inside (no "parser failed"), and every warning has file and line`, () => {
      for (const [what, text] of inputs) {
        const res = parse(text, 'hosts/x/file');
        // nothing readable is allowed only with a warning saying so
        if (res.value === undefined) expect(res.warnings.length, what).toBeGreaterThan(0);
        // guard() turns a throw into a "parser failed" warning: that is a bug in the parser, not bad input
        expect(
          res.warnings.filter((w) => w.message.startsWith('parser failed')),
          what,
        ).toEqual([]);
        for (const w of res.warnings) {
          expect(w.file).toBe('hosts/x/file');
          expect(typeof w.line).toBe('number');
        }
      }
    });
  }
  it('warnings are capped per file', () => {
    const res = parseIpRoute('garbage\n'.repeat(10_000), 'f');
    expect(res.warnings.length).toBe(201);
    expect(res.warnings.at(-1)!.message).toMatch(/9800 more warnings/);
  });
});
