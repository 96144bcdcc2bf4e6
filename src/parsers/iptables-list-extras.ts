// Reads what `iptables -L -n -v` prints after a rule's columns — each match's and the target's options in
// iptables' own short words — back into the options iptables-save would have written, so a rule read from `-L`
// walks like the same rule read from iptables-save. What is not read stays as an `extra` match (the trace forks).
//
// Sample (iptables v1.8.9, nf_tables backend, as the differential test captures it; docs/dataplane-difftest.md
// §list), each line's part after the address columns:
//   mark match 0x2/0x2 ADDRTYPE match src-type LOCAL
//   connmark match ! 0x10/0x10 MARK or 0x4000
//   udp dpts:50:100 /* case rule */ statistic mode random probability 0.50000000000 to:10.100.0.1:53
//   multiport dports !22,80 [goto]
//   icmp !type 8 ! ctstate RELATED,ESTABLISHED reject-with icmp-host-unreachable
import type { Match, NegValue, Rule } from './iptables-model.js';

const m = (name: string, opts: [string, NegValue][]): Match => ({ name, opts: new Map(opts) });
const v = (value: string, neg = false): NegValue => ({ value, neg });

/** One pattern: a regular expression anchored at the start of what is left, and what it adds to the rule. */
type Reader = [RegExp, (x: RegExpExecArray, r: Rule) => void];

const READERS: Reader[] = [
  [
    /^\/\* (.*?) \*\//,
    (x, r) => {
      r.comment = x[1];
      r.matches.push(m('comment', [['comment', v(x[1]!)]]));
    },
  ],
  [/^\[goto\]/, (_x, r) => void Object.assign(r, { goto: true })],
  [
    /^(tcp|udp|sctp) (dpts?|spts?):(!)?(\S+)/,
    (x, r) => {
      const field = x[2]!.startsWith('d') ? 'dport' : 'sport';
      r.matches.push(m(x[1]!, [[field, v(x[4]!, !!x[3])]]));
    },
  ],
  [/^multiport (dports|sports|ports) (!)?(\S+)/, (x, r) => r.matches.push(m('multiport', [[x[1]!, v(x[3]!, !!x[2])]]))],
  [
    /^icmp(?:type| (!)type) (\d+)(?: code (\d+))?/,
    (x, r) => {
      r.matches.push(m('icmp', [['icmp-type', v(x[3] === undefined ? x[2]! : `${x[2]}/${x[3]}`, !!x[1])]]));
    },
  ],
  [/^(! )?(ctstate|state) (\S+)/, (x, r) => r.matches.push(m('conntrack', [['ctstate', v(x[3]!, !!x[1])]]))],
  [/^mark match (! )?(\S+)/, (x, r) => r.matches.push(m('mark', [['mark', v(x[2]!, !!x[1])]]))],
  [/^connmark match (! )?(\S+)/, (x, r) => r.matches.push(m('connmark', [['mark', v(x[2]!, !!x[1])]]))],
  [
    /^ADDRTYPE match((?: (?:src|dst)-type !?\S+)+)/,
    (x, r) => {
      const opts: [string, NegValue][] = [...x[1]!.matchAll(/(src|dst)-type (!)?(\S+)/g)].map((y) => [
        `${y[1]}-type`,
        v(y[3]!, !!y[2]),
      ]);
      r.matches.push(m('addrtype', opts));
    },
  ],
  [
    /^statistic mode random (! )?probability (\S+)/,
    (x, r) => {
      r.matches.push(
        m('statistic', [
          ['mode', v('random')],
          ['probability', v(String(Number(x[2])), !!x[1])],
        ]),
      );
    },
  ],
  [
    /^PHYSDEV match((?: (?:!\s)?--physdev-\S+(?: [^-\s]\S*)?)+)/,
    (x, r) => {
      const opts: [string, NegValue][] = [...x[1]!.matchAll(/(! )?--(physdev-\S+)(?: ([^-\s]\S*))?/g)].map((y) => [
        y[2]!,
        v(y[3] ?? '', !!y[1]),
      ]);
      r.matches.push(m('physdev', opts));
    },
  ],
  // targets
  [
    /^MARK (set|xset|or|and|xor) (\S+)/,
    (x, r) => {
      const val = x[2]!;
      if (x[1] === 'set') r.targetOpts.set('set-xmark', `${val}/0xffffffff`);
      else if (x[1] === 'xset') r.targetOpts.set('set-xmark', val);
      else r.targetOpts.set(`${x[1]}-mark`, val);
    },
  ],
  [
    /^CONNMARK (set|xset) (\S+)/,
    (x, r) => {
      r.targetOpts.set('set-xmark', x[1] === 'set' ? `${x[2]}/0xffffffff` : x[2]!);
    },
  ],
  [
    /^CONNMARK (save|restore)(?: (nfmask|ctmask) (\S+) (nfmask|ctmask) ~?(\S+))?/,
    (x, r) => {
      r.targetOpts.set(`${x[1]}-mark`, '');
      if (x[2]) r.targetOpts.set(x[2], x[3]!);
      if (x[4]) r.targetOpts.set(x[4], x[5]!);
    },
  ],
  // CT --notrack prints "NOTRACK" (iptables-nft) or "CT notrack" (legacy)
  [/^(?:CT notrack|NOTRACK)\b/, (_x, r) => r.targetOpts.set('notrack', '')],
  [/^to:(\S+)/, (x, r) => r.targetOpts.set(r.target === 'SNAT' ? 'to-source' : 'to-destination', x[1]!)],
  [/^reject-with (\S+)/, (x, r) => r.targetOpts.set('reject-with', x[1]!)],
  [/^(?:redir|masq) ports:? (\S+)/, (x, r) => r.targetOpts.set('to-ports', x[1]!)],
  [/^random-fully\b/, (_x, r) => r.targetOpts.set('random-fully', '')],
];

// Read `rest` (what follows the columns) into the rule; what no reader takes is kept as one `extra` match.
export function readExtras(rest: string, r: Rule): void {
  let s = rest.trim();
  const left: string[] = [];
  while (s) {
    let hit = false;
    for (const [re, apply] of READERS) {
      const x = re.exec(s);
      if (!x) continue;
      apply(x, r);
      s = s.slice(x[0].length).trim();
      hit = true;
      break;
    }
    if (hit) continue;
    // not read: one word goes to the leftovers
    const sp = s.indexOf(' ');
    left.push(sp < 0 ? s : s.slice(0, sp));
    s = sp < 0 ? '' : s.slice(sp + 1).trim();
  }
  if (left.length > 0) r.matches.push(m('extra', [['text', v(left.join(' '))]]));
}
