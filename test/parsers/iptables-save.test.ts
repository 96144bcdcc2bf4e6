import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eachRule, matchOpt, ruleTarget } from '../../src/parsers/iptables-model.js';
import { parseIptablesSave, tokenize } from '../../src/parsers/iptables-save.js';
import { fixture } from '../helpers.js';

// docs/networking-facts.md §iptables-save-format ([lab] iptables-save of kube-proxy's own test rules, iptables 1.8.9)
const KUBE = [
  '*nat',
  ':PREROUTING ACCEPT [0:0]',
  ':POSTROUTING ACCEPT [0:0]',
  ':KUBE-MARK-MASQ - [0:0]',
  ':KUBE-POSTROUTING - [0:0]',
  '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
  '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
  '-A KUBE-FW-NUKIZ6OKUXPJNT4C -m comment --comment "other traffic to ns5/svc5:p80 will be dropped by KUBE-PROXY-FIREWALL"',
  '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
  '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
  '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
  '-A KUBE-SEP-I77PXRDZVX7PMWMN -p tcp -m comment --comment "ns5/svc5:p80" -m recent --set --name KUBE-SEP-I77PXRDZVX7PMWMN --mask 255.255.255.255 --rsource -m tcp -j DNAT --to-destination 10.180.0.3:80',
  '-A KUBE-SVC-4SW47YFZTEDKD3PK ! -s 10.0.0.0/8 -d 172.30.0.44/32 -p tcp -m comment --comment "ns4/svc4:p80 cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ',
  '-A KUBE-SVC-4SW47YFZTEDKD3PK -m comment --comment "ns4/svc4:p80 -> 10.180.0.4:80" -m statistic --mode random --probability 0.50000000000 -j KUBE-SEP-UKSFD7AGPMPPLUHC',
  'COMMIT',
  '*filter',
  ':FORWARD DROP [12:720]',
  '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
  '-A KUBE-FORWARD -m conntrack --ctstate INVALID -m nfacct --nfacct-name  ct_state_invalid_dropped_pkts -j DROP',
  'COMMIT',
].join('\n');

describe('parseIptablesSave (docs/networking-facts.md §iptables-save-format, §iptables-list-format canonical forms)', () => {
  const { value: rs, warnings } = parseIptablesSave(KUBE, 'iptables-save.txt');
  const nat = rs.tables.get('nat')!;
  const filter = rs.tables.get('filter')!;
  it('tables, chains, policies and counters', () => {
    expect(warnings).toEqual([]);
    expect([...rs.tables.keys()]).toEqual(['nat', 'filter']);
    expect(nat.committed && filter.committed).toBe(true);
    expect(filter.chains.get('FORWARD')).toMatchObject({ policy: 'DROP', counters: [12, 720], builtin: true });
    expect(nat.chains.get('KUBE-MARK-MASQ')!.policy).toBeUndefined();
  });
  it('negation on -s and on match options', () => {
    const r = nat.chains.get('KUBE-SVC-4SW47YFZTEDKD3PK')!.rules[0]!;
    expect(r.source).toEqual({ value: '10.0.0.0/8', neg: true });
    expect(r.destination).toEqual({ value: '172.30.0.44/32', neg: false });
    expect(r.comment).toBe('ns4/svc4:p80 cluster IP');
    expect(matchOpt(r, 'tcp', 'dport')).toEqual({ value: '80', neg: false });
    const ret = nat.chains.get('KUBE-POSTROUTING')!.rules[0]!;
    expect(matchOpt(ret, 'mark', 'mark')).toEqual({ value: '0x4000/0x4000', neg: true });
    const fw = filter.chains.get('KUBE-FIREWALL')!.rules[0]!;
    expect(matchOpt(fw, 'conntrack', 'ctstate')).toEqual({ value: 'RELATED,ESTABLISHED,DNAT', neg: true });
  });
  it('targets with options, flag options, and a rule without a target', () => {
    const sep = nat.chains.get('KUBE-SEP-I77PXRDZVX7PMWMN')!.rules[0]!;
    expect(sep.target).toBe('DNAT');
    expect(sep.targetOpts.get('to-destination')).toBe('10.180.0.3:80');
    expect(matchOpt(sep, 'recent', 'rsource')).toEqual({ value: '', neg: false });
    expect(nat.chains.get('KUBE-POSTROUTING')!.rules[1]!.targetOpts.has('random-fully')).toBe(true);
    expect(nat.chains.get('KUBE-FW-NUKIZ6OKUXPJNT4C')!.rules[0]!.target).toBeUndefined();
    expect(matchOpt(nat.chains.get('KUBE-SVC-4SW47YFZTEDKD3PK')!.rules[1]!, 'statistic', 'probability')!.value).toBe(
      '0.50000000000',
    );
  });
  it('runs of spaces (real dumps: "--nfacct-name  x")', () => {
    expect(matchOpt(filter.chains.get('KUBE-FORWARD')!.rules[0]!, 'nfacct', 'nfacct-name')!.value).toBe(
      'ct_state_invalid_dropped_pkts',
    );
  });
  it('every rule keeps its file and line', () => {
    const r = nat.chains.get('KUBE-MARK-MASQ')!.rules[0]!;
    expect(r.src).toEqual({
      file: 'iptables-save.txt',
      line: 9,
      text: '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
    });
    expect(r.index).toBe(1);
  });
});

describe('iptables-save edge cases', () => {
  it('comments with escaped quotes and backslashes, and values that look like options', () => {
    expect(tokenize('-A X -m comment --comment "say \\"hi\\" \\\\ now" -j ACCEPT')).toEqual([
      '-A',
      'X',
      '-m',
      'comment',
      '--comment',
      'say "hi" \\ now',
      '-j',
      'ACCEPT',
    ]);
    const r = parseIptablesSave(
      '*filter\n-A X -m comment --comment "-not-an-option" -j LOG --log-prefix "-x "\nCOMMIT\n',
      'f',
    );
    const rule = r.value.tables.get('filter')!.chains.get('X')!.rules[0]!;
    expect(rule.comment).toBe('-not-an-option');
    expect(rule.targetOpts.get('log-prefix')).toBe('-x ');
  });
  it('the hand-written tokenizer splits 5,000 seeded hostile lines as the regular expression it replaced', () => {
    // the reference: quoted words by a regular expression where a line has a quote, else a split on blanks
    const TOKEN = /"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g;
    const reference = (line: string): string[] => {
      if (!line.includes('"') && !line.includes("'")) return line.split(/\s+/).filter((x) => x !== '');
      const out: string[] = [];
      for (const m of line.matchAll(TOKEN)) {
        const q = m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2];
        if (q !== undefined) out.push(q.startsWith('-') || q === '!' ? `\u0001${q}` : q);
        else out.push(m[3]!);
      }
      return out;
    };
    const alphabet = [
      'a',
      '-',
      '!',
      ' ',
      ' ',
      '\t',
      '"',
      '"',
      "'",
      '\\',
      '\r',
      '\u2028',
      '\u00a0',
      '\u3000',
      'é',
      '\u0001',
      'j',
    ];
    let s = 7;
    const r = (): number => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let k = 0; k < 5000; k++) {
      let line = '';
      for (let n = Math.floor(r() * 24); n > 0; n--) line += alphabet[Math.floor(r() * alphabet.length)];
      expect(tokenize(line), JSON.stringify(line)).toEqual(reference(line));
    }
  });
  it('a target read alone (ruleTarget) is the fully decoded one, with the same warnings, in every fixture', () => {
    const files = (readdirSync('fixtures', { recursive: true }) as string[]).filter((f) =>
      /(^|\/)(ip6?tables-save|iptables)[^/]*\.txt$/.test(f),
    );
    expect(files.length).toBeGreaterThan(50);
    // and hostile lines: options without values, options outside any match, stray words
    const words = [
      '-s',
      '-d',
      '-m',
      'tcp',
      '--dport',
      '80',
      '-j',
      'DNAT',
      '--to-destination',
      '1.2.3.4:5',
      '!',
      '-g',
      'X',
      '-c',
      '1',
      '"q w"',
      '--to',
      '"-x y"',
      "'!'",
      '"a\\"b"',
      '--fragment',
      '-f',
      '--jump',
      '-5',
      '"--log-prefix"',
      "'--z'",
      '--set-counters',
      '-',
      '""',
      '--src',
      '-o',
      '--',
      '-fx',
    ];
    let seed = 3;
    const r = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    let hostile = '*nat\n';
    for (let k = 0; k < 2000; k++) {
      hostile += '-A H';
      for (let n = Math.floor(r() * 10); n > 0; n--) hostile += ` ${words[Math.floor(r() * words.length)]}`;
      hostile += '\n';
    }
    const texts = [...files.map((f) => readFileSync(join('fixtures', f), 'utf8')), `${hostile}COMMIT\n`];
    let rules = 0;
    let warned = 0;
    for (const text of texts) {
      const light = parseIptablesSave(text, 'f').value;
      const full = parseIptablesSave(text, 'f').value;
      for (const [tn, t] of light.tables)
        for (const [cn, c] of t.chains) {
          const got: unknown[] = [];
          eachRule(c, (x) => {
            const d = ruleTarget(x);
            got.push([x.index, d.target, d.goto, [...d.targetOpts]]);
          });
          const want = full.tables
            .get(tn)!
            .chains.get(cn)!
            .rules.map((x) => [x.index, x.target, x.goto, [...x.targetOpts]]);
          expect(got).toEqual(want);
          rules += want.length;
        }
      expect(light.lateWarnings).toEqual(full.lateWarnings);
      warned += light.lateWarnings!.length;
    }
    expect(warned).toBeGreaterThan(100);
    expect(rules).toBeGreaterThan(3000);
  });
  it('-g (goto) vs -j and -c counters in both positions', () => {
    const r = parseIptablesSave('*nat\n[5:300] -A PREROUTING -g DOCKER\n-A OUTPUT -j DOCKER -c 7 420\nCOMMIT\n', 'f');
    const nat = r.value.tables.get('nat')!;
    expect(nat.chains.get('PREROUTING')!.rules[0]).toMatchObject({ goto: true, target: 'DOCKER', counters: [5, 300] });
    expect(nat.chains.get('OUTPUT')!.rules[0]).toMatchObject({ goto: false, counters: [7, 420] });
  });
  it('iptables -S form (no table header) defaults to filter', () => {
    const r = parseIptablesSave('-P INPUT ACCEPT\n-P FORWARD DROP\n-N DOCKER\n-A FORWARD -o docker0 -j DOCKER\n', 'f');
    expect(r.warnings).toEqual([]);
    expect(r.value.tables.get('filter')!.chains.get('FORWARD')!.policy).toBe('DROP');
  });
  it('truncated capture: rules kept, missing COMMIT warned with the line', () => {
    const cut = KUBE.slice(0, KUBE.indexOf('COMMIT'));
    const r = parseIptablesSave(cut, 'iptables-save.txt');
    expect(r.value.tables.get('nat')!.chains.get('KUBE-POSTROUTING')!.rules).toHaveLength(2);
    expect(r.warnings.some((w) => /without COMMIT/.test(w.message))).toBe(true);
  });
  it('garbage lines are warnings; binary is skipped', () => {
    const r = parseIptablesSave('*filter\nhello world\n-A\n\u0000\u0001binary\n-A FORWARD -j ACCEPT\nCOMMIT\n', 'f');
    expect(r.value.tables.get('filter')!.chains.get('FORWARD')!.rules).toHaveLength(1);
    expect(r.warnings.map((w) => w.line)).toEqual([2, 3, 4]);
  });
  it('reads the real capture of the lab host (fixtures/bridge-nat/healthy)', () => {
    const r = parseIptablesSave(fixture('bridge-nat/healthy/hosts/host/iptables-save.txt'), 'f');
    expect(r.warnings).toEqual([]);
    const masq = r.value.tables.get('nat')!.chains.get('POSTROUTING')!.rules[0]!;
    expect(masq).toMatchObject({ target: 'MASQUERADE', source: { value: '192.168.15.0/24', neg: false } });
  });
});

describe('iptables-save storage (rules are built when a chain is first read)', () => {
  it('chains interleaved out of declaration order keep rule order, indexes and lines', () => {
    const text = [
      '*nat',
      ':PREROUTING ACCEPT [0:0]',
      ':A - [0:0]',
      ':B - [0:0]',
      '-A B -j RETURN',
      '-A A -s 10.0.0.1/32 -j ACCEPT',
      '-A B -d 10.0.0.2/32 -j ACCEPT',
      '-A A -j RETURN',
      '-A PREROUTING -j A',
      'COMMIT',
    ].join('\n');
    const { value, warnings } = parseIptablesSave(text, 'f');
    expect(warnings).toEqual([]);
    const nat = value.tables.get('nat')!;
    const a = nat.chains.get('A')!.rules;
    const b = nat.chains.get('B')!.rules;
    expect(a.map((r) => [r.index, r.src.line, r.target])).toEqual([
      [1, 6, 'ACCEPT'],
      [2, 8, 'RETURN'],
    ]);
    expect(b.map((r) => [r.index, r.src.line, r.target])).toEqual([
      [1, 5, 'RETURN'],
      [2, 7, 'ACCEPT'],
    ]);
    expect(nat.chains.get('A')!.src).toEqual({ file: 'f', line: 3, text: ':A - [0:0]' });
    expect(nat.chains.get('PREROUTING')!.rules[0]!.table).toBe('nat');
  });
  it('undeclared chains, a chain name that prefixes another, and detail warnings reported late', () => {
    const { value } = parseIptablesSave(
      '*filter\n-A KUBE-SVC -j ACCEPT\n-A KUBE-SVC-X -j DROP\n-A KUBE-SVC --bogus\nCOMMIT\n',
      'f',
    );
    const f = value.tables.get('filter')!;
    expect(f.chains.get('KUBE-SVC')!.rules.map((r) => r.src.line)).toEqual([2, 4]);
    // options are decoded on first use; their problems are reported from then on
    expect(value.lateWarnings).toEqual([]);
    expect(f.chains.get('KUBE-SVC')!.rules.map((r) => r.target)).toEqual(['ACCEPT', undefined]);
    expect(f.chains.get('KUBE-SVC-X')!.rules[0]!.target).toBe('DROP');
    expect(value.lateWarnings).toEqual([
      { file: 'f', line: 4, message: 'option --bogus outside any -m match', text: '-A KUBE-SVC --bogus' },
    ]);
  });
  it('rules appended after a chain was read are still numbered in order', () => {
    const { value } = parseIptablesSave('*filter\n-A X -j ACCEPT\nCOMMIT\n', 'f');
    const x = value.tables.get('filter')!.chains.get('X')!;
    expect(x.rules).toHaveLength(1);
  });
});

describe("kube-proxy's own input syntax (docs/networking-facts.md §iptables-save-format)", () => {
  it('options after -p/-d still belong to the last -m module', () => {
    const r = parseIptablesSave(
      '*nat\n-A KUBE-SERVICES -m comment --comment "ns1/svc1:p80 cluster IP" -m tcp -p tcp -d 172.30.0.41 --dport 80 -j KUBE-SVC-XPGD46QRK7WJZT7O\nCOMMIT\n',
      'f',
    );
    const rule = r.value.tables.get('nat')!.chains.get('KUBE-SERVICES')!.rules[0]!;
    expect(matchOpt(rule, 'tcp', 'dport')).toEqual({ value: '80', neg: false });
    expect(rule.destination).toEqual({ value: '172.30.0.41', neg: false });
    expect(r.value.lateWarnings).toEqual([]);
  });
});
