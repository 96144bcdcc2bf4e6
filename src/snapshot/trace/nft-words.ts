// The words of one nft statement as the reader takes them apart: selectors with their values (`ip daddr`,
// `tcp dport != { 22, 80 }`), mark and ct-mark comparisons and settings folded into iptables' forms, reject
// wordings; shared by the statement reader (nft-rules.ts).
import type { Match, NegValue } from '../../parsers/iptables-model.js';

export const neg = (value: string, n: boolean): NegValue => ({ value, neg: n });

// Split a statement into words, keeping `{ … }` groups and quoted strings whole.
export function words(s: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  let quote = false;
  for (const ch of s) {
    if (ch === '"') quote = !quote;
    if (!quote && ch === '{') depth++;
    if (!quote && ch === '}') depth--;
    if (ch === ' ' && depth === 0 && !quote) {
      if (cur) out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

const unquote = (s: string): string => s.replace(/^"(.*)"$/, '$1').replace(/\*$/, '+');

export interface Draft {
  comment?: string;
  source?: NegValue;
  destination?: NegValue;
  protocol?: NegValue;
  inIface?: NegValue;
  outIface?: NegValue;
  matches: Match[];
}

export const m = (name: string, opts: [string, NegValue][]): Match => ({ name, opts: new Map(opts) });

// Apply one selector (`ip daddr`, `th dport`, ...) with a value to a draft; false when the selector is not read.
export function select(d: Draft, sel: string, value: string, isNeg: boolean): boolean {
  const v = value.replace(/-/g, ':');
  switch (sel) {
    case 'ip saddr':
      d.source = neg(value, isNeg);
      return true;
    case 'ip daddr':
      d.destination = neg(value, isNeg);
      return true;
    case 'meta l4proto':
    case 'ip protocol':
      d.protocol = neg(value, isNeg);
      return true;
    case 'iifname':
    case 'iif':
      d.inIface = neg(unquote(value), isNeg);
      return true;
    case 'oifname':
    case 'oif':
      d.outIface = neg(unquote(value), isNeg);
      return true;
    case 'tcp dport':
    case 'udp dport':
    case 'tcp sport':
    case 'udp sport':
    case 'th dport':
    case 'th sport': {
      const [l4, field] = sel.split(' ') as [string, string];
      const proto = l4 === 'th' ? d.protocol?.value : l4;
      if (proto !== 'tcp' && proto !== 'udp') return false;
      if (l4 !== 'th') d.protocol ??= neg(proto, false);
      d.matches.push(m(proto, [[field, neg(v, isNeg)]]));
      return true;
    }
    default:
      return false;
  }
}

// `reject with icmp type host-unreachable` / `icmp host-unreachable` / `tcp reset`: iptables' --reject-with.
export function rejectWith(w: string[]): string {
  if (w[0] === 'tcp' && w[1] === 'reset') return 'tcp-reset';
  if ((w[0] === 'icmp' || w[0] === 'icmpx') && w[1] === 'type' && w[2]) return `icmp-${w[2]}`;
  // native rules print it without "type": `reject with icmp host-unreachable`
  if ((w[0] === 'icmp' || w[0] === 'icmpx') && w[1] && w[1] !== 'type') return `icmp-${w[1]}`;
  return w.join(' ');
}

// The value a `meta mark set` / `ct mark set` writes: a constant, or the mark (or ct mark) through and/or/xor
// steps, folded into iptables' --set-xmark VALUE/MASK (new = (old & ~MASK) ^ VALUE). `used`: words read.
export function markSet(
  w: string[],
  at: number,
): { from: 'const' | 'mark' | 'ct'; xmark: string; used: number } | undefined {
  const num = (s: string | undefined): number | undefined =>
    s !== undefined && /^(0x[0-9a-f]+|\d+)$/i.test(s) ? Number(s) : undefined;
  const c = num(w[at]);
  if (c !== undefined) return { from: 'const', xmark: `0x${c.toString(16)}/0xffffffff`, used: 1 };
  let k = at;
  let from: 'mark' | 'ct';
  if (w[k] === 'mark') {
    from = 'mark';
    k += 1;
  } else if (w[k] === 'meta' && w[k + 1] === 'mark') {
    from = 'mark';
    k += 2;
  } else if (w[k] === 'ct' && w[k + 1] === 'mark') {
    from = 'ct';
    k += 2;
  } else return undefined;
  let keep = 0xffffffff;
  let xv = 0;
  for (;;) {
    const op = w[k];
    const v = num(w[k + 1]);
    if (v === undefined || !op) break;
    if (op === 'and' || op === '&') {
      keep = (keep & v) >>> 0;
      xv = (xv & v) >>> 0;
    } else if (op === 'or' || op === '|') {
      keep = (keep & ~v) >>> 0;
      xv = ((xv & ~v) | v) >>> 0;
    } else if (op === 'xor' || op === '^') xv = (xv ^ v) >>> 0;
    else break;
    k += 2;
  }
  if (from === 'ct' && (keep !== 0xffffffff || xv !== 0)) return undefined;
  return { from, xmark: `0x${xv.toString(16)}/0x${(~keep >>> 0).toString(16)}`, used: k - at };
}

// A mark comparison after `meta mark` / `ct mark`: `0x1`, `!= 0x1`, `& 0x4000 == 0x4000`, `and 0x10 != 0x10`.
export function markMatch(w: string[], at: number): { spec: string; neg: boolean; used: number } | undefined {
  const isNum = (s: string | undefined): s is string => s !== undefined && /^(0x[0-9a-f]+|\d+)$/i.test(s);
  if (w[at] === '&' || w[at] === 'and') {
    const [mask, op, val] = [w[at + 1], w[at + 2], w[at + 3]];
    if (!isNum(mask) || !isNum(val) || (op !== '==' && op !== '!=')) return undefined;
    return { spec: `${val}/${mask}`, neg: op === '!=', used: 4 };
  }
  const isNeg = w[at] === '!=';
  if (w[at] === '==' || isNeg) return isNum(w[at + 1]) ? { spec: w[at + 1]!, neg: isNeg, used: 2 } : undefined;
  return isNum(w[at]) ? { spec: w[at]!, neg: false, used: 1 } : undefined;
}

/** Words that start a verdict or a statement this module reads. */
export const STATEMENTS = new Set([
  'accept',
  'drop',
  'return',
  'continue',
  'jump',
  'goto',
  'reject',
  'masquerade',
  'notrack',
  'dnat',
  'snat',
  'redirect',
  'counter',
]);

const SELECTORS = ['ip saddr', 'ip daddr', 'meta l4proto', 'ip protocol', 'tcp dport', 'udp dport', 'tcp sport'];
export const SELECTORS2 = [...SELECTORS, 'udp sport', 'th dport', 'th sport', 'iifname', 'oifname', 'iif', 'oif'];
