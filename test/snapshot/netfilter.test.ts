// The iptables evaluator as table tests: three-valued matching (yes / no / maybe) and the walk through chains
// (jumps, RETURN, goto, policy, loops) on rulesets written as iptables-save prints them.
import { describe, expect, it } from 'vitest';
import { parseIp } from '../../src/net/ip.js';
import { parseIptablesSave } from '../../src/parsers/iptables-save.js';
import { applyMark, evaluate, type Packet, ruleMatches } from '../../src/snapshot/netfilter.js';
import { traceArrival } from '../../src/snapshot/trace/index.js';
import { snap } from '../helpers.js';

const ip = (s: string) => parseIp(s)!;
const rules = (table: string, chains: string, lines: string[]) =>
  parseIptablesSave(`*${table}\n${chains}\n${lines.join('\n')}\nCOMMIT\n`, 'f').value;
const one = (line: string) =>
  rules('filter', ':FORWARD ACCEPT [0:0]', [`-A FORWARD ${line}`])
    .tables.get('filter')!
    .chains.get('FORWARD')!.rules[0]!;

/** A pod's first packet to the Internet, forwarded from cni0 out of eth0. */
const pkt: Packet = {
  src: ip('10.244.0.7'),
  dst: ip('8.8.8.8'),
  proto: 'tcp',
  dport: 443,
  inIface: 'cni0',
  outIface: 'eth0',
  ctstate: 'NEW',
  mark: 0,
};

describe('ruleMatches', () => {
  it.each([
    ['-s 10.244.0.0/16 -j ACCEPT', 'yes'],
    ['! -s 10.244.0.0/16 -j ACCEPT', 'no'],
    ['-d 10.96.0.0/12 -j ACCEPT', 'no'],
    ['-i cni+ -o eth0 -j ACCEPT', 'yes'],
    ['-i eth0 -j ACCEPT', 'no'],
    ['-p udp -j ACCEPT', 'no'],
    ['-p tcp -m tcp --dport 400:500 -j ACCEPT', 'yes'],
    ['-p tcp -m tcp --dport 80 -j ACCEPT', 'no'],
    ['-m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT', 'no'],
    ['-m conntrack --ctstate NEW -j ACCEPT', 'yes'],
    ['-m mark --mark 0x4000/0x4000 -j ACCEPT', 'no'],
    ['-m mark ! --mark 0x4000/0x4000 -j RETURN', 'yes'],
    ['-m addrtype --dst-type LOCAL -j ACCEPT', 'maybe'],
    ['-m comment --comment "x" -j ACCEPT', 'yes'],
  ])('%s → %s', (line, want) => expect(ruleMatches(one(line), pkt)).toBe(want));
  it('what the packet does not say is maybe, never yes', () => {
    expect(ruleMatches(one('-s 10.0.0.0/8 -j ACCEPT'), {})).toBe('maybe');
    expect(ruleMatches(one('-i eth0 -j ACCEPT'), {})).toBe('maybe');
    expect(ruleMatches(one('-m conntrack --ctstate NEW -j ACCEPT'), {})).toBe('maybe');
  });
});

describe('evaluate', () => {
  const fwd = (policy: string, lines: string[], extra = '') =>
    rules('filter', `:FORWARD ${policy} [0:0]\n${extra}`, lines);
  it.each([
    ['DROP policy, nothing accepts', 'DROP', [], 'DROP', true],
    ['DROP policy, an accept for the bridge', 'DROP', ['-A FORWARD -i cni0 -j ACCEPT'], 'ACCEPT', true],
    [
      'a user chain accepts',
      'DROP',
      ['-A FORWARD -j FLANNEL-FWD', '-A FLANNEL-FWD -s 10.244.0.0/16 -j ACCEPT'],
      'ACCEPT',
      true,
    ],
    [
      'RETURN comes back to the caller',
      'DROP',
      [
        '-A FORWARD -j KUBE-FORWARD',
        '-A KUBE-FORWARD -m mark ! --mark 0x4000/0x4000 -j RETURN',
        '-A KUBE-FORWARD -j ACCEPT',
      ],
      'DROP',
      true,
    ],
    [
      'an unknown match before the verdict leaves it uncertain',
      'ACCEPT',
      ['-A FORWARD -m addrtype --dst-type LOCAL -j DROP'],
      'ACCEPT',
      false,
    ],
    ['LOG does not end the walk', 'ACCEPT', ['-A FORWARD -j LOG', '-A FORWARD -o eth0 -j REJECT'], 'REJECT', true],
  ])('%s → %s', (_what, policy, lines, verdict, certain) => {
    const chains = lines.some((l) => l.includes('FLANNEL-FWD'))
      ? ':FLANNEL-FWD - [0:0]'
      : lines.some((l) => l.includes('KUBE-FORWARD'))
        ? ':KUBE-FORWARD - [0:0]'
        : '';
    const v = evaluate(fwd(policy, lines as string[], chains), 'filter', 'FORWARD', pkt);
    expect({ verdict: v.verdict, certain: v.certain }).toEqual({ verdict, certain });
  });
  it('a goto that falls off its chain ends at the policy of the calling chain', () => {
    const rs = fwd('DROP', ['-A FORWARD -g EMPTY', '-A FORWARD -j ACCEPT'], ':EMPTY - [0:0]');
    expect(evaluate(rs, 'filter', 'FORWARD', pkt).verdict).toBe('DROP');
  });
  it('chains that jump to each other give an uncertain verdict, not a hang', () => {
    const rs = fwd('ACCEPT', ['-A FORWARD -j A', '-A A -j B', '-A B -j A'], ':A - [0:0]\n:B - [0:0]');
    expect(evaluate(rs, 'filter', 'FORWARD', pkt)).toMatchObject({ verdict: 'ACCEPT', certain: false });
  });
  it('nat: the first DNAT that matches decides, and names its rule', () => {
    const rs = rules('nat', ':PREROUTING ACCEPT [0:0]', [
      '-A PREROUTING -p tcp -m tcp --dport 80 -j DNAT --to-destination 10.0.0.9:80',
      '-A PREROUTING -p tcp -m tcp --dport 443 -j DNAT --to-destination 10.0.0.8:443',
    ]);
    const v = evaluate(rs, 'nat', 'PREROUTING', pkt);
    expect(v.verdict).toBe('DNAT');
    expect(v.rule?.targetOpts.get('to-destination')?.toString()).toContain('10.0.0.8:443');
  });
});

describe('marks (iptables-extensions MARK and mark)', () => {
  const mangle = (line: string) =>
    rules('mangle', ':PREROUTING ACCEPT [0:0]', [`-A PREROUTING ${line}`])
      .tables.get('mangle')!
      .chains.get('PREROUTING')!.rules[0]!;
  it.each([
    ['-j MARK --set-xmark 0x4000/0x4000', 0, 0x4000],
    ['-j MARK --set-xmark 0x4000/0x0', 0x4000, 0],
    ['-j MARK --set-mark 0x1', 0xff, 0x1],
    ['-j MARK --set-mark 0x10/0xf0', 0xff, 0x1f],
    ['-j MARK --or-mark 0x4000', 0x1, 0x4001],
    ['-j MARK --and-mark 0xff', 0x4001, 0x1],
    ['-j MARK --xor-mark 0x4000', 0x4000, 0],
  ])('%s on %i → %i', (line, before, after) => expect(applyMark(mangle(line), before)).toBe(after));
  it('addrtype --dst-type LOCAL is decided when the packet says whether its destination is local', () => {
    const local = one('-m addrtype --dst-type LOCAL -j ACCEPT');
    expect(ruleMatches(local, { dstLocal: false })).toBe('no');
    expect(ruleMatches(local, { dstLocal: true })).toBe('yes');
    expect(ruleMatches(local, {})).toBe('maybe');
  });
  // kube-proxy's nat chains as they are on a node (docs/networking-facts.md §pod-egress-nat), followed by the tracer
  const NAT = [
    '*nat',
    ':PREROUTING ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n:KUBE-NODEPORTS - [0:0]',
    ':KUBE-SVC-X - [0:0]\n:KUBE-MARK-MASQ - [0:0]',
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A KUBE-SERVICES -d 10.96.0.10/32 -p udp -m udp --dport 53 -j KUBE-SVC-X',
    '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
    '-A KUBE-NODEPORTS -p tcp -m tcp --dport 30080 -j KUBE-MARK-MASQ',
    '-A KUBE-SVC-X ! -s 10.244.0.0/16 -d 10.96.0.10/32 -j KUBE-MARK-MASQ',
    '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
    'COMMIT',
    '',
  ].join('\n');
  const node = snap({
    'hosts/node/ip-addr.txt':
      '1: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\n    inet 192.168.56.11/24 scope global eth0\n' +
      '2: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\n    inet 10.244.0.1/24 scope global cni0\n',
    'hosts/node/ip-route.txt':
      'default via 192.168.56.1 dev eth0\n192.168.56.0/24 dev eth0 scope link\n10.244.0.0/24 dev cni0 scope link\n',
    'hosts/node/sysctl.txt': 'net.ipv4.ip_forward = 1\n',
    'hosts/node/iptables-save.txt': NAT,
  });
  const markOf = (iface: string, src: string, dst: string, dport: number): number[] =>
    traceArrival(node, {
      at: node.byId.get('node')!,
      iface,
      src: ip(src),
      dst: ip(dst),
      proto: 'tcp',
      dport,
      stopAtExit: true,
    }).map((p) => p.pkt.mark);
  it('a pod going to the Internet keeps mark 0; an outside client to a node port gets 0x4000', () => {
    expect(markOf('cni0', '10.244.0.9', '8.8.8.8', 443)).toEqual([0]);
    expect(markOf('eth0', '192.168.56.1', '192.168.56.11', 30080)).toEqual([0x4000]);
    // the node-port number alone does not mark: the destination must be one of the node's own addresses
    expect(markOf('cni0', '10.244.0.9', '8.8.8.8', 30080)).toEqual([0]);
  });
});
