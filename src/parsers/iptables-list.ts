// Reads `iptables -L -n -v` (and `-t nat -L -n -v`, with or without -v/-n) into the same ruleset model.
//
// Sample (iptables v1.8.9, docs/networking-facts.md §iptables-list-format; 1.8.9 prints protocol numbers, 1.8.10 names):
//   Chain PREROUTING (policy ACCEPT 0 packets, 0 bytes)
//    pkts bytes target     prot opt in     out     source               destination
//       0     0 KUBE-SERVICES  0    --  *      *       0.0.0.0/0            0.0.0.0/0            /* kubernetes service portals */
//
//   Chain KUBE-SEP-I77PXRDZVX7PMWMN (2 references)
//       0     0 DNAT       6    --  *      *       0.0.0.0/0            0.0.0.0/0            /* ns5/svc5:p80 */ recent: SET name: KUBE-SEP-I77PXRDZVX7PMWMN side: source mask: 255.255.255.255 tcp to:10.180.0.3:80
//   Chain KUBE-SVC-4SW47YFZTEDKD3PK (2 references)
//       0     0 KUBE-MARK-MASQ  6    --  *      *      !10.0.0.0/8           172.30.0.44          /* ns4/svc4:p80 cluster IP */ tcp dpt:80
import { Warnings, eachLine, guard, src } from './lines.js';
import {
  BUILTIN,
  type Chain,
  type NegValue,
  type Rule,
  type Ruleset,
  type Table,
  chainOf,
  tableOf,
} from './iptables-model.js';
import { readExtras } from './iptables-list-extras.js';
import type { ParseResult } from './types.js';

const HOOK_ORDER = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];
const PROTO_NUM: Record<string, string> = {
  '0': 'all',
  '1': 'icmp',
  '6': 'tcp',
  '17': 'udp',
  '58': 'ipv6-icmp',
  '132': 'sctp',
  '47': 'gre',
  '50': 'esp',
  '4': 'ipencap',
};
const PROTOS = new Set([
  'all',
  'tcp',
  'udp',
  'icmp',
  'sctp',
  'udplite',
  'esp',
  'ah',
  'gre',
  'ipv6-icmp',
  'icmpv6',
  'ipencap',
  'mh',
]);
const CHAIN = /^Chain (\S+) \((?:policy (\S+)(?: (\d+[KMGT]?) packets, (\d+[KMGT]?) bytes)?|(\d+) references?)\)/;

// Which table a section of `iptables -L` output belongs to, from the built-in chains it lists.
function guessTable(builtins: Set<string>): string {
  if (builtins.has('FORWARD') && !builtins.has('PREROUTING')) return 'filter';
  if (builtins.has('FORWARD') && builtins.has('PREROUTING')) return 'mangle';
  if (builtins.has('POSTROUTING')) return 'nat';
  if (builtins.has('PREROUTING')) return 'raw';
  return 'filter';
}

// Expand "12K"/"3M" counters as iptables -L prints them.
function count(s: string | undefined): number {
  if (!s) return 0;
  const m = /^(\d+)([KMGT]?)$/.exec(s);
  if (!m) return 0;
  const mult = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12 }[m[2] as '' | 'K'] ?? 1;
  return Number(m[1]) * mult;
}

const neg = (s: string): NegValue => (s.startsWith('!') ? { value: s.slice(1), neg: true } : { value: s, neg: false });

// Parse `iptables -L [-n] [-v]` output, possibly several tables concatenated.
export function parseIptablesList(text: string, file: string): ParseResult<Ruleset> {
  const empty = (): Ruleset => ({ tables: new Map(), format: 'list' });
  return guard(file, empty, () => {
    const w = new Warnings(file);
    const rs = empty();
    // rules are collected per section first; the section's table is known once its built-in chains are seen
    interface Section {
      chains: Chain[];
      builtins: Set<string>;
      hint?: string;
    }
    const sections: Section[] = [{ chains: [], builtins: new Set() }];
    let sec = sections[0]!;
    let chain: Chain | undefined;
    let verbose = false;
    let hint: string | undefined;
    eachLine(text, w, (line, i) => {
      if (line.trim() === '') return;
      const h = /(?:^#|^\$|\biptables\b).*?(?:-t\s+|table:?\s*)(nat|filter|mangle|raw|security)\b/i.exec(line);
      if (h && !line.startsWith('Chain') && !/^\s*\d/.test(line)) {
        hint = h[1]!.toLowerCase();
        if (sec.chains.length > 0) {
          sec = { chains: [], builtins: new Set() };
          sections.push(sec);
        }
        sec.hint = hint;
        return;
      }
      const c = CHAIN.exec(line);
      if (c) {
        const name = c[1]!;
        // iptables -L prints a table's built-in chains in hook order; going back in that order starts a new table
        const order = HOOK_ORDER.indexOf(name);
        const last = Math.max(-1, ...[...sec.builtins].map((b) => HOOK_ORDER.indexOf(b)));
        // older iptables print nat's built-in chains as PREROUTING, POSTROUTING, OUTPUT: that OUTPUT is still nat
        const oldNatOrder =
          name === 'OUTPUT' &&
          sec.builtins.has('POSTROUTING') &&
          !sec.builtins.has('OUTPUT') &&
          !sec.builtins.has('FORWARD') &&
          !sec.builtins.has('INPUT');
        if (order >= 0 && order <= last && !oldNatOrder) {
          sec = { chains: [], builtins: new Set() };
          sections.push(sec);
        }
        if (BUILTIN.has(name)) sec.builtins.add(name);
        chain = { name, builtin: BUILTIN.has(name), rules: [], src: src(file, i, line) };
        if (c[2]) chain.policy = c[2];
        if (c[3] !== undefined) chain.counters = [count(c[3]), count(c[4])];
        sec.chains.push(chain);
        return;
      }
      const t = line.trim().split(/\s+/);
      if (t[0] === 'target' || (t[0] === 'pkts' && t[1] === 'bytes')) {
        verbose = t[0] === 'pkts';
        return;
      }
      if (!chain) return w.add(i + 1, 'rule before any "Chain" header', line);
      const rule = readListRule(line, t, verbose, chain, src(file, i, line), w);
      if (rule) chain.rules.push(rule);
    });
    for (const s of sections) {
      if (s.chains.length === 0) continue;
      const tname = s.hint ?? guessTable(s.builtins);
      const table: Table = tableOf(rs, tname);
      table.committed = true;
      for (const ch of s.chains) {
        const dst = chainOf(table, ch.name);
        if (ch.policy !== undefined) dst.policy = ch.policy;
        if (ch.counters !== undefined) dst.counters = ch.counters;
        dst.src = ch.src;
        for (const r of ch.rules) dst.rules.push({ ...r, table: tname, index: dst.rules.length + 1 });
      }
    }
    return { value: rs, warnings: w.done() };
  });
}

function readListRule(
  line: string,
  t: string[],
  verbose: boolean,
  chain: Chain,
  s: Rule['src'],
  w: Warnings,
): Rule | undefined {
  let k = 0;
  let counters: [number, number] | undefined;
  if (verbose) {
    counters = [count(t[0]), count(t[1])];
    k = 2;
  }
  let target: string | undefined = t[k];
  // a rule without a target leaves the column empty: the next token is then the protocol
  const isProto = (x: string | undefined): boolean =>
    x !== undefined && (PROTOS.has(x.replace(/^!/, '')) || /^!?\d+$/.test(x));
  if (isProto(t[k]) && /^(--|-f|!f)$/.test(t[k + 1] ?? '') && !isProto(t[k + 1])) target = undefined;
  else k++;
  const prot = t[k++];
  const opt = t[k++];
  if (!prot || !opt || !/^(--|-f|!f)$/.test(opt)) {
    w.add(s.line, 'rule columns not understood', line);
    return undefined;
  }
  let inI: string | undefined;
  let outI: string | undefined;
  if (verbose) {
    inI = t[k++];
    outI = t[k++];
  }
  const source = t[k++];
  const dest = t[k++];
  if (!source || !dest) {
    w.add(s.line, 'rule has no source/destination columns (truncated?)', line);
    return undefined;
  }
  const rule: Rule = {
    table: '',
    chain: chain.name,
    index: chain.rules.length + 1,
    matches: [],
    goto: false,
    targetOpts: new Map(),
    src: s,
  };
  if (target) rule.target = target;
  if (counters) rule.counters = counters;
  const p = neg(prot);
  p.value = PROTO_NUM[p.value] ?? p.value;
  if (p.value !== 'all') rule.protocol = p;
  if (opt === '-f') rule.fragment = true;
  if (inI && inI !== '*') rule.inIface = neg(inI);
  if (outI && outI !== '*') rule.outIface = neg(outI);
  if (source !== '0.0.0.0/0' && source !== 'anywhere' && source !== '::/0') rule.source = neg(source);
  if (dest !== '0.0.0.0/0' && dest !== 'anywhere' && dest !== '::/0') rule.destination = neg(dest);
  // everything after the columns: comment and match/target details as iptables prints them
  readExtras(t.slice(k).join(' '), rule);
  return rule;
}
