// Every parser returns what it could read plus warnings, and never throws, whatever it is fed.
import { describe, expect, it } from 'vitest';
import { parseArpN } from '../../src/parsers/arp-n.js';
import { parseHosts } from '../../src/parsers/hosts.js';
import { parseIfconfig } from '../../src/parsers/ifconfig.js';
import { parseIpAddr } from '../../src/parsers/ip-addr.js';
import { parseIpAddrJson } from '../../src/parsers/ip-addr-json.js';
import { parseIpNeigh, parseIpNeighJson } from '../../src/parsers/ip-neigh.js';
import { parseIpRoute } from '../../src/parsers/ip-route.js';
import { parseIpRouteJson } from '../../src/parsers/ip-route-json.js';
import { parseIpRule } from '../../src/parsers/ip-rule.js';
import { parseIptablesList } from '../../src/parsers/iptables-list.js';
import { parseIptablesSave } from '../../src/parsers/iptables-save.js';
import { parseNsswitch } from '../../src/parsers/nsswitch-conf.js';
import { parseResolvConf } from '../../src/parsers/resolv-conf.js';
import { parseRouteN } from '../../src/parsers/route-n.js';
import { parseSs } from '../../src/parsers/ss.js';
import { parseSysctl } from '../../src/parsers/sysctl.js';
import { parseFibTrie } from '../../src/parsers/fib-trie.js';
import { parseProcNetRoute } from '../../src/parsers/proc-net-route.js';
import { parseSysClassNet } from '../../src/parsers/sys-class-net.js';
import type { Parser } from '../../src/parsers/types.js';
import { fixture } from '../helpers.js';

const PARSERS: Record<string, Parser<unknown>> = {
  parseIpAddr,
  parseIpAddrJson,
  parseIpRoute,
  parseIpRouteJson,
  parseIpNeigh,
  parseIpNeighJson,
  parseIpRule,
  parseIfconfig,
  parseRouteN,
  parseArpN,
  parseIptablesSave,
  parseIptablesList,
  parseSysctl,
  parseResolvConf,
  parseNsswitch,
  parseHosts,
  parseSs,
  parseProcNetRoute,
  parseFibTrie,
  parseSysClassNet,
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
    it(`${pname} never throws and reports warnings with file and line`, () => {
      for (const [, text] of inputs) {
        const res = parse(text, 'hosts/x/file');
        expect(res.value).toBeDefined();
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
