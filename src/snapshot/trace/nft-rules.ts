// Turns an nftables table (`nft list ruleset` text) into the same rule graph the iptables chains are walked as:
// each statement becomes a rule with matches and a target, vmap lookups and `numgen random` become one rule per
// element (the random ones with kube-proxy's probabilities), and a statement the model does not read keeps an
// unknown match, so the walk forks there and says so (docs/networking-facts.md §kube-proxy-nftables).
import type { Chain, Rule, Ruleset, Table } from '../../parsers/iptables-model.js';
import type { NftBase, NftElem, NftTable } from '../../parsers/nft.js';
import type { Source } from '../../parsers/types.js';
import {
  type Draft,
  SELECTORS2,
  STATEMENTS,
  m,
  markMatch,
  markSet,
  neg,
  rejectWith,
  select,
  words,
} from './nft-words.js';

/** A base chain of an nft table, as the tracer runs it at its hook. */
export interface NftHookChain {
  table: string;
  chain: string;
  base: NftBase;
}

/** One nft table as a walkable ruleset (its one "table" is the nft table), with its base chains. */
export interface NftGraph {
  rs: Ruleset;
  name: string;
  bases: NftHookChain[];
}

// The rules one nft statement stands for (several for a vmap or numgen), in order.
function translate(text: string, t: NftTable, chain: string, src: Source, index: () => number): Rule[] {
  const w = words(text);
  const d: Draft = { matches: [] };
  const out: Rule[] = [];
  const unknown = (what: string): void => void d.matches.push(m(`nft ${what}`, []));
  const rule = (draft: Draft, target?: string, opts: [string, string][] = [], goto = false): Rule => ({
    table: t.name,
    chain,
    index: index(),
    ...(draft.source ? { source: draft.source } : {}),
    ...(draft.destination ? { destination: draft.destination } : {}),
    ...(draft.protocol ? { protocol: draft.protocol } : {}),
    ...(draft.inIface ? { inIface: draft.inIface } : {}),
    ...(draft.outIface ? { outIface: draft.outIface } : {}),
    ...(draft.comment !== undefined ? { comment: draft.comment } : {}),
    matches: [...draft.matches],
    ...(target ? { target } : {}),
    goto,
    targetOpts: new Map(opts),
    src,
  });
  const copy = (x: Draft): Draft => ({ ...x, matches: [...x.matches] });
  let k = 0;
  let done = false;
  while (k < w.length && !done) {
    const a = w[k]!;
    const two = `${a} ${w[k + 1] ?? ''}`;
    if (a === 'counter' || a === 'accept' || a === 'drop' || a === 'return' || a === 'continue') {
      if (a === 'counter') {
        k++;
        if (w[k] === 'packets') k += 4;
        continue;
      }
      if (a !== 'continue') out.push(rule(d, a.toUpperCase()));
      done = true;
      continue;
    }
    if (a === 'comment') {
      // kept as iptables keeps it: kube-proxy's comments name the Service a rule is for
      const c = (w[k + 1] ?? '').replace(/^"(.*)"$/, '$1');
      d.comment = c;
      d.matches.push(m('comment', [['comment', neg(c, false)]]));
      k += 2;
      continue;
    }
    if (a === 'jump' || a === 'goto') {
      out.push(rule(d, w[k + 1] ?? '', [], a === 'goto'));
      done = true;
      continue;
    }
    if (a === 'reject') {
      out.push(rule(d, 'REJECT', w[k + 1] === 'with' ? [['reject-with', rejectWith(w.slice(k + 2))]] : []));
      done = true;
      continue;
    }
    if (a === 'masquerade' || a === 'notrack') {
      out.push(rule(d, a === 'masquerade' ? 'MASQUERADE' : 'NOTRACK'));
      done = true;
      continue;
    }
    if ((a === 'dnat' || a === 'snat') && (w[k + 1] === 'to' || w[k + 2] === 'to')) {
      const to = w[k + 1] === 'to' ? w[k + 2] : w[k + 3];
      out.push(rule(d, a.toUpperCase(), [[a === 'dnat' ? 'to-destination' : 'to-source', to ?? '']]));
      done = true;
      continue;
    }
    if (a === 'redirect') {
      const port = w[k + 1] === 'to' ? w[k + 2]?.replace(/^:/, '') : undefined;
      out.push(rule(d, 'REDIRECT', port ? [['to-ports', port]] : []));
      done = true;
      continue;
    }
    if ((two === 'meta mark' || two === 'ct mark') && w[k + 2] === 'set') {
      // meta mark set 0x1 | mark or 0x2 | mark and 0xfffffffe | meta mark | 0x4000 | ct mark; ct mark set 0x1 | mark
      const n = markSet(w, k + 3);
      const ct = two === 'ct mark';
      if (!n) {
        unknown(w.slice(k).join(' '));
        k = w.length;
        continue;
      }
      if (n.from === 'ct' && !ct) out.push(rule(copy(d), 'CONNMARK', [['restore-mark', '']]));
      else if (n.from === 'mark' && ct && n.xmark === '0x0/0x0')
        out.push(rule(copy(d), 'CONNMARK', [['save-mark', '']]));
      else if (n.from === 'const') out.push(rule(copy(d), ct ? 'CONNMARK' : 'MARK', [['set-xmark', n.xmark]]));
      else if (n.from === 'mark' && !ct) out.push(rule(copy(d), 'MARK', [['set-xmark', n.xmark]]));
      else unknown(w.slice(k, k + 3 + n.used).join(' '));
      k += 3 + n.used;
      continue;
    }
    if (two === 'meta mark' || two === 'ct mark') {
      // meta mark 0x1 | != 0x1 | & 0x4000 == 0x4000; ct mark 0x1 | and 0x10 != 0x10
      const mm = markMatch(w, k + 2);
      if (!mm) {
        unknown(w.slice(k, k + 3).join(' '));
        k += 3;
        continue;
      }
      d.matches.push(m(two === 'ct mark' ? 'connmark' : 'mark', [['mark', neg(mm.spec, mm.neg)]]));
      k += 2 + mm.used;
      continue;
    }
    if (two === 'meta random' && w[k + 2] === '&' && w[k + 4] === '<') {
      // iptables-nft's `-m statistic --mode random --probability P`: a 31-bit draw below P × 2^31
      const below = Number(w[k + 5]);
      if (Number(w[k + 3]) === 0x7fffffff && Number.isFinite(below))
        d.matches.push(
          m('statistic', [
            ['mode', neg('random', false)],
            ['probability', neg(String(below / 2 ** 31), false)],
          ]),
        );
      else unknown(w.slice(k, k + 6).join(' '));
      k += 6;
      continue;
    }
    if (two === 'icmp type') {
      const isNeg = w[k + 2] === '!=';
      const v = w[k + (isNeg ? 3 : 2)] ?? '';
      if (v.startsWith('{') || v.startsWith('@')) unknown(w.slice(k, k + (isNeg ? 4 : 3)).join(' '));
      else {
        d.protocol ??= neg('icmp', false);
        d.matches.push(m('icmp', [['icmp-type', neg(v, isNeg)]]));
      }
      k += isNeg ? 4 : 3;
      continue;
    }
    if (a === 'ct' && w[k + 1] === 'state') {
      const isNeg = w[k + 2] === '!=' || w[k + 2] === '!';
      const v = w[k + (isNeg ? 3 : 2)] ?? '';
      const states = v
        .replace(/[{}\s]/g, '')
        .split(',')
        .filter(Boolean)
        .map((x) => x.toUpperCase());
      d.matches.push(m('conntrack', [['ctstate', neg(states.join(','), isNeg)]]));
      k += isNeg ? 4 : 3;
      continue;
    }
    if (a === 'fib' && (w[k + 1] === 'daddr' || w[k + 1] === 'saddr') && w[k + 2] === 'type') {
      const isNeg = w[k + 3] === '!=';
      const v = (w[k + (isNeg ? 4 : 3)] ?? '').replace(/[{}\s]/g, '').toUpperCase();
      d.matches.push(m('addrtype', [[w[k + 1] === 'daddr' ? 'dst-type' : 'src-type', neg(v, isNeg)]]));
      k += isNeg ? 5 : 4;
      continue;
    }
    if (a === 'numgen' && w[k + 1] === 'random' && w[k + 2] === 'mod' && w[k + 4] === 'vmap') {
      // one rule per bucket: bucket i of n is taken with probability 1/(n-i) of what is left, like kube-proxy's
      const n = Number(w[k + 3]);
      const elems = (w[k + 5] ?? '')
        .replace(/^\{|\}$/g, '')
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean);
      elems.forEach((e, i) => {
        const mm = /^\d+\s*:\s*(goto|jump)\s+(\S+)$/.exec(e);
        const r = copy(d);
        if (i < elems.length - 1)
          r.matches.push(
            m('statistic', [
              ['mode', neg('random', false)],
              ['probability', neg(String(1 / (n - i)), false)],
            ]),
          );
        if (mm) out.push(rule(r, mm[2], [], mm[1] === 'goto'));
        else {
          r.matches.push(m(`nft numgen element ${e}`, []));
          out.push(rule(r));
        }
      });
      done = true;
      continue;
    }
    // a selector: `ip daddr X`, `th dport != 80`, or a concatenation `ip daddr . meta l4proto . th dport vmap @m`
    const sel: string[] = [];
    let j = k;
    for (;;) {
      const s2 = `${w[j] ?? ''} ${w[j + 1] ?? ''}`;
      const one = w[j] ?? '';
      if (SELECTORS2.includes(s2)) {
        sel.push(s2);
        j += 2;
      } else if (SELECTORS2.includes(one)) {
        sel.push(one);
        j += 1;
      } else break;
      if (w[j] !== '.') break;
      j++;
    }
    if (sel.length === 0) {
      // not read: everything up to the next verdict or statement the model knows is an unknown match
      let e = k + 1;
      while (e < w.length && !STATEMENTS.has(w[e]!)) e++;
      unknown(w.slice(k, e).join(' '));
      k = e;
      continue;
    }
    if (w[j] === 'vmap') {
      const ref = w[j + 1] ?? '';
      const elems: { key: string[]; verdict: string; target?: string }[] = ref.startsWith('@')
        ? (t.maps.get(ref.slice(1)) ?? []).map((e: NftElem) => ({
            key: e.key,
            verdict: e.verdict,
            ...(e.target ? { target: e.target } : {}),
          }))
        : ref
            .replace(/^\{|\}$/g, '')
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)
            .map((x) => {
              const mm = /^(.+?)\s*:\s*(?:(goto|jump)\s+(\S+)|(\w+))$/.exec(x);
              return mm
                ? {
                    key: mm[1]!.split(' . ').map((y) => y.trim()),
                    verdict: mm[2] ?? mm[4]!,
                    ...(mm[3] ? { target: mm[3] } : {}),
                  }
                : { key: [], verdict: '?' };
            });
      for (const e of elems) {
        const r = copy(d);
        let ok = e.key.length === sel.length;
        sel.forEach((s3, i) => {
          ok = ok && select(r, s3, e.key[i] ?? '', false);
        });
        if (!ok) r.matches.push(m(`nft vmap ${ref}`, []));
        if (e.target) out.push(rule(r, e.target, [], e.verdict === 'goto'));
        else out.push(rule(r, e.verdict.toUpperCase()));
      }
      done = true;
      continue;
    }
    if (sel.length !== 1) {
      unknown(w.slice(k).join(' '));
      out.push(rule(d));
      done = true;
      continue;
    }
    const isNeg = w[j] === '!=';
    const value = w[j + (isNeg ? 1 : 0) + (w[j] === '==' ? 1 : 0)] ?? '';
    if (value.startsWith('@') && !isNeg) {
      // a named set: one rule per element (first match wins, so the walk is the same)
      const els = t.sets?.get(value.slice(1));
      if (!els) {
        unknown(`${sel[0]} ${value}`);
        k = j + 1;
        continue;
      }
      const rest = w.slice(j + 1).join(' ');
      for (const el of els) {
        const sub = translate(rest, t, chain, src, index);
        for (const r of sub) {
          const dd = copy(d);
          if (!select(dd, sel[0]!, el, false)) dd.matches.push(m(`nft ${sel[0]} ${value}`, []));
          out.push({
            ...r,
            ...(dd.source ? { source: dd.source } : {}),
            ...(dd.destination ? { destination: dd.destination } : {}),
            matches: [...dd.matches, ...r.matches],
          });
        }
      }
      done = true;
      continue;
    }
    const ports = /^(tcp|udp|th) (dport|sport)$/.exec(sel[0]!);
    if (value.startsWith('{') && ports) {
      // an anonymous set of ports: iptables' multiport
      const proto = ports[1] === 'th' ? d.protocol?.value : ports[1];
      const list = value.replace(/[{}\s]/g, '').replace(/-/g, ':');
      if (proto === 'tcp' || proto === 'udp') {
        d.protocol ??= neg(proto, false);
        d.matches.push(m('multiport', [[ports[2] === 'dport' ? 'dports' : 'sports', neg(list, isNeg)]]));
      } else unknown(`${sel[0]} ${isNeg ? '!= ' : ''}${value}`);
    } else if (value.startsWith('@') || value.startsWith('{') || !select(d, sel[0]!, value, isNeg))
      unknown(`${sel[0]} ${isNeg ? '!= ' : ''}${value}`);
    k = j + (isNeg ? 2 : 1) + (w[j] === '==' ? 1 : 0);
  }
  if (!done) out.push(rule(d));
  return out;
}

// An nft table as a ruleset: every chain (base chains keep their policy), every statement as rules.
export function nftGraph(t: NftTable): NftGraph {
  const chains = new Map<string, Chain>();
  const table: Table = { name: t.name, chains, committed: true };
  for (const [name, rules] of t.chains) {
    const base = t.bases?.get(name);
    const list: Rule[] = [];
    let n = 0;
    for (const r of rules) {
      if (r.text === undefined) {
        // the JSON form's expressions are not read: the rule is there, what it does is unknown
        list.push({
          table: t.name,
          chain: name,
          index: ++n,
          matches: [{ name: 'nft (JSON rule)', opts: new Map() }],
          goto: false,
          targetOpts: new Map(),
          src: r.src,
        });
        continue;
      }
      // every rule one statement stands for keeps the statement's position: the kernel counts the statement
      const at = ++n;
      list.push(...translate(r.text, t, name, r.src, () => at));
    }
    chains.set(name, {
      name,
      builtin: false,
      ...(base ? { policy: base.policy.toUpperCase() } : {}),
      rules: list,
      ...(base ? { src: base.src } : {}),
    });
  }
  const bases = [...(t.bases ?? new Map<string, NftBase>())].map(([chain, base]) => ({ table: t.name, chain, base }));
  return { rs: { tables: new Map([[t.name, table]]), format: 'save' }, name: t.name, bases };
}

/** The tables iptables-nft makes (`iptables` on an nf_tables host writes these, in family ip). */
export const IPTABLES_NFT_TABLES = new Set(['filter', 'nat', 'mangle', 'raw', 'security']);

// An nf_tables host captured only with `nft list ruleset`: its iptables-nft tables as the iptables ruleset, so
// what reads iptables (analyzers, the tracer) reads them; undefined when it has none.
export function iptablesFromNft(tables: NftTable[]): Ruleset | undefined {
  const mine = tables.filter((t) => t.family === 'ip' && IPTABLES_NFT_TABLES.has(t.name) && (t.bases?.size ?? 0) > 0);
  if (mine.length === 0) return undefined;
  const rs: Ruleset = { tables: new Map(), format: 'save' };
  for (const t of mine) {
    const g = nftGraph(t).rs.tables.get(t.name)!;
    for (const c of g.chains.values()) if (t.bases?.has(c.name)) (c as { builtin: boolean }).builtin = true;
    rs.tables.set(t.name, g);
  }
  return rs;
}
