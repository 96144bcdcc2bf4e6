import { describe, expect, it } from 'vitest';
import { fromNft } from '../../src/snapshot/k8s/programmed.js';
import { ruleText } from '../../src/parsers/nft-json-expr.js';
import { parseNftJson, parseNftText } from '../../src/parsers/nft.js';
import { fixture } from '../helpers.js';

// fixtures/reference/kube-proxy-nft.{txt,json}: docs/networking-facts.md §kube-proxy-nftables's table loaded with the real nft 1.0.6
// and read back (scripts/make-reference-fixtures.ts).
for (const [form, parse, file] of [
  ['text', parseNftText, 'reference/kube-proxy-nft.txt'],
  ['json', parseNftJson, 'reference/kube-proxy-nft.json'],
] as const) {
  describe(`nft ${form} (docs/networking-facts.md §kube-proxy-nftables)`, () => {
    const { value, warnings } = parse(fixture(file), file);
    it('tables, verdict maps with comments, chains with gotos and DNAT', () => {
      expect(warnings).toEqual([]);
      const t = value.find((x) => x.name === 'kube-proxy')!;
      expect(t.family).toBe('ip');
      expect(t.maps.get('service-ips')!.map((e) => [e.key.join(' . '), e.target])).toEqual([
        ['172.30.0.41 . tcp . 80', 'service-ULMVA6XW-ns1/svc1/tcp/p80'],
      ]);
      expect(t.maps.get('no-endpoint-services')![0]).toMatchObject({
        key: ['172.30.0.46', 'tcp', '80'],
        target: 'reject-chain',
        comment: 'ns6/svc6:p80',
      });
      expect(t.chains.get('service-ULMVA6XW-ns1/svc1/tcp/p80')!.flatMap((r) => r.gotos)).toEqual([
        'mark-for-masquerade',
        'endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80',
        'endpoint-ZZZZZZZZ-ns1/svc1/tcp/p80__10.180.0.2/80',
      ]);
      expect(
        t.chains
          .get('endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80')!
          .map((r) => r.dnat)
          .filter(Boolean),
      ).toEqual(['10.180.0.1:80']);
    });
    it('as kube-proxy state: ClusterIP ports with their endpoints, and node ports', () => {
      const view = fromNft(value)!;
      expect([...view.services.keys()]).toEqual(['172.30.0.41:80/TCP']);
      expect(
        view.services
          .get('172.30.0.41:80/TCP')!
          .endpoints()
          .map((e) => e.endpoint),
      ).toEqual(['10.180.0.1:80', '10.180.0.2:80']);
      expect([...view.nodePorts]).toEqual(['3001/TCP']);
    });
  });
}

describe('nft bad input', () => {
  it('garbage and truncation are warnings, never throws', () => {
    expect(parseNftJson('{"nftables": [', 'f').warnings[0]!.message).toMatch(/not valid JSON/);
    expect(parseNftJson('{"x":1}', 'f').warnings[0]!.message).toMatch(/nftables/);
    const cut = fixture('reference/kube-proxy-nft.txt').slice(0, 600);
    expect(() => parseNftText(cut, 'f')).not.toThrow();
    expect(parseNftText('garbage line\n', 'f').warnings).toHaveLength(1);
  });
});

describe('the JSON form written back as text (src/parsers/nft-json-expr.ts)', () => {
  it('the sample at the top of the module reads as nft prints it', () => {
    const sample = [
      { match: { op: '==', left: { '&': [{ meta: { key: 'mark' } }, 16384] }, right: 0 } },
      { return: null },
    ];
    expect(ruleText(sample)).toBe('meta mark & 0x00004000 == 0x00000000 return');
  });
  it("every rule of the reference table reads as the text form's statement", () => {
    const json = parseNftJson(fixture('reference/kube-proxy-nft.json'), 'nft.json').value[0]!;
    const text = parseNftText(fixture('reference/kube-proxy-nft.txt'), 'nft.txt').value[0]!;
    for (const [chain, rules] of text.chains) {
      // the text form prints `masquerade fully-random` and element comments that the reader does not need
      const want = rules.map((r) => r.text!.replace(' fully-random', ''));
      expect(json.chains.get(chain)!.map((r) => r.text)).toEqual(want);
    }
    expect(json.bases?.get('masquerading')).toMatchObject({ type: 'nat', hook: 'postrouting', priority: 100 });
    expect(json.sets?.get('cluster-ips')).toEqual(['172.30.0.41', '172.30.0.46']);
  });
  it('what it cannot write stays visibly unknown', () => {
    expect(ruleText([{ xt: { type: 'match', name: 'conntrack' } }, { accept: null }])).toBe(
      'xt match "conntrack" accept',
    );
    expect(ruleText([{ limit: { rate: 10, per: 'second' } }, { drop: null }])).toBe('json limit drop');
  });
});
