import { describe, expect, it } from 'vitest';
import { readExtras } from '../../src/parsers/iptables-list-extras.js';
import { parseIptablesList } from '../../src/parsers/iptables-list.js';
import type { Rule } from '../../src/parsers/iptables-model.js';
import { d } from '../helpers.js';

describe('parseIptablesList (docs/networking-facts.md §iptables-list-format)', () => {
  it('iptables 1.8.9 numeric prot column, -v counters, negated source, comment and dpt', () => {
    const text = d(`
      Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)
       pkts bytes target     prot opt in     out     source               destination         
          0     0 KUBE-SERVICES  0    --  *      *       0.0.0.0/0            0.0.0.0/0            /* kubernetes service portals */

      Chain POSTROUTING (policy ACCEPT 12K packets, 3M bytes)
       pkts bytes target     prot opt in     out     source               destination         
          4   240 MASQUERADE  0    --  *      !docker0  172.17.0.0/16        0.0.0.0/0           

      Chain KUBE-SVC-4SW47YFZTEDKD3PK (2 references)
       pkts bytes target     prot opt in     out     source               destination         
          0     0 KUBE-MARK-MASQ  6    --  *      *      !10.0.0.0/8           172.30.0.44          /* ns4/svc4:p80 cluster IP */ tcp dpt:80
          0     0            0    --  *      *       0.0.0.0/0            0.0.0.0/0            /* other traffic to ns5/svc5:p80 will be dropped by KUBE-PROXY-FIREWALL */
    `);
    const { value, warnings } = parseIptablesList(text, 'iptables-L.txt');
    expect(warnings).toEqual([]);
    const nat = value.tables.get('nat')!;
    expect(nat.chains.get('POSTROUTING')!.counters).toEqual([12000, 3000000]);
    const masq = nat.chains.get('POSTROUTING')!.rules[0]!;
    expect(masq).toMatchObject({
      target: 'MASQUERADE',
      outIface: { value: 'docker0', neg: true },
      source: { value: '172.17.0.0/16', neg: false },
      counters: [4, 240],
    });
    const svc = nat.chains.get('KUBE-SVC-4SW47YFZTEDKD3PK')!.rules;
    expect(svc[0]).toMatchObject({
      protocol: { value: 'tcp', neg: false },
      source: { value: '10.0.0.0/8', neg: true },
      comment: 'ns4/svc4:p80 cluster IP',
    });
    expect(svc[1]!.target).toBeUndefined();
  });
  it('names in the prot column (1.8.10), no -v, several tables concatenated', () => {
    const text = d(`
      Chain INPUT (policy ACCEPT)
      target     prot opt source               destination         

      Chain FORWARD (policy DROP)
      target     prot opt source               destination         
      ACCEPT     all  --  anywhere             anywhere             ctstate RELATED,ESTABLISHED
      REJECT     tcp  --  anywhere             172.30.0.46          /* ns6/svc6:p80 has no endpoints */ tcp dpt:http reject-with icmp-port-unreachable

      Chain OUTPUT (policy ACCEPT)
      target     prot opt source               destination         

      Chain PREROUTING (policy ACCEPT)
      target     prot opt source               destination         
      DNAT       tcp  --  anywhere             anywhere             tcp dpt:8080 to:172.17.0.2:80

      Chain INPUT (policy ACCEPT)
      target     prot opt source               destination         

      Chain OUTPUT (policy ACCEPT)
      target     prot opt source               destination         

      Chain POSTROUTING (policy ACCEPT)
      target     prot opt source               destination         
    `);
    const { value, warnings } = parseIptablesList(text, 'f');
    expect(warnings).toEqual([]);
    expect(value.tables.get('filter')!.chains.get('FORWARD')!.policy).toBe('DROP');
    const rej = value.tables.get('filter')!.chains.get('FORWARD')!.rules[1]!;
    expect(rej.targetOpts.get('reject-with')).toBe('icmp-port-unreachable');
    const dnat = value.tables.get('nat')!.chains.get('PREROUTING')!.rules[0]!;
    expect(dnat.targetOpts.get('to-destination')).toBe('172.17.0.2:80');
  });
  it('rules before any chain and short lines are warnings', () => {
    const r = parseIptablesList('ACCEPT all -- x\nChain X (1 references)\nACCEPT all\n', 'f');
    expect(r.warnings.map((w) => w.line)).toEqual([1, 3]);
  });
});

describe('what -L prints after the columns (src/parsers/iptables-list-extras.ts)', () => {
  const read = (rest: string, target?: string): Rule => {
    const r: Rule = {
      table: 'x',
      chain: 'X',
      index: 1,
      matches: [],
      goto: false,
      targetOpts: new Map(),
      src: { file: 'f', line: 1, text: '' },
      ...(target ? { target } : {}),
    };
    readExtras(rest, r);
    return r;
  };
  const opts = (r: Rule): unknown =>
    r.matches.map((x) => [
      x.name,
      Object.fromEntries([...x.opts].map(([k, v]) => [k, `${v.neg ? '!' : ''}${v.value}`])),
    ]);
  it('the sample lines at the top of the module read as iptables-save would have written them', () => {
    expect(opts(read('mark match 0x2/0x2 ADDRTYPE match src-type LOCAL'))).toEqual([
      ['mark', { mark: '0x2/0x2' }],
      ['addrtype', { 'src-type': 'LOCAL' }],
    ]);
    const mark = read('connmark match ! 0x10/0x10 MARK or 0x4000', 'MARK');
    expect(opts(mark)).toEqual([['connmark', { mark: '!0x10/0x10' }]]);
    expect([...mark.targetOpts]).toEqual([['or-mark', '0x4000']]);
    const dnat = read(
      'udp dpts:50:100 /* case rule */ statistic mode random probability 0.50000000000 to:10.100.0.1:53',
      'DNAT',
    );
    expect(opts(dnat)).toEqual([
      ['udp', { dport: '50:100' }],
      ['comment', { comment: 'case rule' }],
      ['statistic', { mode: 'random', probability: '0.5' }],
    ]);
    expect(dnat.targetOpts.get('to-destination')).toBe('10.100.0.1:53');
    const go = read('multiport dports !22,80 [goto]', 'X1');
    expect(go.goto).toBe(true);
    expect(opts(go)).toEqual([['multiport', { dports: '!22,80' }]]);
    const rej = read('icmp !type 8 ! ctstate RELATED,ESTABLISHED reject-with icmp-host-unreachable', 'REJECT');
    expect(opts(rej)).toEqual([
      ['icmp', { 'icmp-type': '!8' }],
      ['conntrack', { ctstate: '!RELATED,ESTABLISHED' }],
    ]);
    expect(rej.targetOpts.get('reject-with')).toBe('icmp-host-unreachable');
  });
  it('words it does not know stay visible as one unknown match', () => {
    expect(opts(read('limit: avg 3/hour burst 5 tcp dpt:22'))).toEqual([
      ['tcp', { dport: '22' }],
      ['extra', { text: 'limit: avg 3/hour burst 5' }],
    ]);
  });
});

describe('iptables -L of nat in the older order (issue 15)', () => {
  // docs/networking-facts.md §iptables-list-format: a nat table without INPUT lists PREROUTING, POSTROUTING, OUTPUT
  const text = d(`
    Chain PREROUTING (policy ACCEPT)
    target     prot opt source               destination
    DOCKER     all  --  0.0.0.0/0            0.0.0.0/0            ADDRTYPE match dst-type LOCAL

    Chain POSTROUTING (policy ACCEPT)
    target     prot opt source               destination
    MASQUERADE  all  --  172.17.0.0/16        0.0.0.0/0

    Chain OUTPUT (policy ACCEPT)
    target     prot opt source               destination
    DOCKER     all  --  0.0.0.0/0           !127.0.0.0/8          ADDRTYPE match dst-type LOCAL

    Chain DOCKER (2 references)
    target     prot opt source               destination
    RETURN     all  --  0.0.0.0/0            0.0.0.0/0
  `);
  it('OUTPUT and DOCKER stay in the nat table, nothing lands in a guessed filter table', () => {
    const { value } = parseIptablesList(text, 'f');
    expect([...value.tables.keys()]).toEqual(['nat']);
    expect([...value.tables.get('nat')!.chains.keys()]).toEqual(['PREROUTING', 'POSTROUTING', 'OUTPUT', 'DOCKER']);
  });
});
