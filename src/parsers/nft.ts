// Reads `nft list ruleset` (text) and `nft -j list ruleset` (JSON) into tables with sets, verdict maps and
// chains whose rules name their goto/jump targets and DNAT destinations.
//
// Sample (nftables 1.0.6, fixtures/reference/kube-proxy-nft.txt; docs/networking-facts.md §kube-proxy-nftables):
//   table ip kube-proxy {
//   	map service-ips {
//   		type ipv4_addr . inet_proto . inet_service : verdict
//   		elements = { 172.30.0.41 . tcp . 80 : goto service-ULMVA6XW-ns1/svc1/tcp/p80 }
//   	}
//   	chain service-ULMVA6XW-ns1/svc1/tcp/p80 {
//   		numgen random mod 2 vmap { 0 : goto endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80, 1 : goto endpoint-ZZZZZZZZ-ns1/svc1/tcp/p80__10.180.0.2/80 }
//   	}
//   	chain endpoint-5OJB2KTY-ns1/svc1/tcp/p80__10.180.0.1/80 {
//   		meta l4proto tcp dnat to 10.180.0.1:80
//   	}
//   }
// The JSON form is one line: {"nftables":[{"metainfo":…},{"table":…},{"map":{…,"elem":[[{"concat":["172.30.0.41","tcp",80]},{"goto":{"target":"service-…"}}]]}},{"rule":{"chain":…,"expr":[…]}}]}
import { rec } from '../json.js';
import { parseJsonOrWarn } from './json-lines.js';
import { Warnings, guard, splitLines } from './lines.js';
import { elemText, ruleText } from './nft-json-expr.js';
import type { ParseResult, Source } from './types.js';

export interface NftElem {
  key: string[];
  /** goto/jump target of a verdict map element, or the verdict itself (drop, accept). */
  verdict: string;
  target?: string;
  comment?: string;
  src: Source;
}

export interface NftRule {
  gotos: string[];
  dnat?: string;
  /** The whole statement as written (text form; a statement may span lines). */
  text?: string;
  src: Source;
}

/** A base chain: where netfilter calls it (`type nat hook postrouting priority srcnat; policy accept;`). */
export interface NftBase {
  type: string;
  hook: string;
  /** Numeric priority (named ones resolved: raw -300, mangle -150, dstnat -100, filter 0, security 50, srcnat 100). */
  priority: number;
  policy: string;
  src: Source;
}

export interface NftTable {
  family: string;
  name: string;
  maps: Map<string, NftElem[]>;
  /** Named sets with their elements (addresses, ports, ...), text form. */
  sets?: Map<string, string[]>;
  chains: Map<string, NftRule[]>;
  /** Base chains by name. */
  bases?: Map<string, NftBase>;
}

const PRIORITIES: Record<string, number> = {
  raw: -300,
  mangle: -150,
  dstnat: -100,
  filter: 0,
  security: 50,
  srcnat: 100,
};

// "type nat hook postrouting priority srcnat; policy accept;" → the base chain, or undefined.
function baseOf(line: string, src: Source): NftBase | undefined {
  const m = /^type (\w+) hook (\w+)(?: device \S+)? priority ([\w-]+)(?: ?([+-]) ?(\d+))?;(?: policy (\w+);)?/.exec(
    line,
  );
  if (!m) return undefined;
  const base = /^-?\d+$/.test(m[3]!) ? Number(m[3]) : PRIORITIES[m[3]!];
  if (base === undefined) return undefined;
  const off = m[5] ? Number(m[5]) * (m[4] === '-' ? -1 : 1) : 0;
  return { type: m[1]!, hook: m[2]!, priority: base + off, policy: m[6] ?? 'accept', src };
}

export type NftRuleset = NftTable[];

const ELEM = /^(.+?)(?:\s+comment\s+"([^"]*)")?\s*:\s*(?:(goto|jump)\s+(\S+)|(\w+))$/;

// Parse `nft list ruleset` text.
export function parseNftText(text: string, file: string): ParseResult<NftRuleset> {
  return guard(
    file,
    () => [],
    () => {
      const w = new Warnings(file);
      const out: NftRuleset = [];
      const lines = splitLines(text);
      let table: NftTable | undefined;
      let block: { kind: 'map' | 'set' | 'chain' | 'other'; name: string } | undefined;
      for (let i = 0; i < lines.length; i++) {
        let line = lines[i]!.trim();
        const first = i;
        if (line === '' || line.startsWith('#')) continue;
        // a statement whose braces open on this line and close later (long element lists, vmaps)
        while (
          (line.match(/\{/g)?.length ?? 0) > (line.match(/\}/g)?.length ?? 0) &&
          !/\{$/.test(line) &&
          i + 1 < lines.length
        )
          line += ` ${lines[++i]!.trim()}`;
        const src: Source = { file, line: first + 1, text: lines[first]!.trim() };
        let m: RegExpExecArray | null;
        if ((m = /^table (\w+) (\S+) \{$/.exec(line))) {
          table = { family: m[1]!, name: m[2]!, maps: new Map(), chains: new Map() };
          out.push(table);
        } else if ((m = /^(map|set|chain|flowtable|counter|quota|limit) (\S+) \{$/.exec(line)) && table) {
          block = { kind: m[1] === 'map' || m[1] === 'set' || m[1] === 'chain' ? m[1] : 'other', name: m[2]! };
          if (block.kind === 'map') table.maps.set(block.name, []);
          if (block.kind === 'chain') table.chains.set(block.name, []);
          if (block.kind === 'set') (table.sets ??= new Map()).set(block.name, []);
        } else if (block?.kind === 'set' && table && (m = /^elements = \{(.*)\}$/.exec(line))) {
          const els = m[1]!
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean);
          table.sets?.get(block.name)?.push(...els);
        } else if (line === '}') {
          if (block) block = undefined;
          else table = undefined;
        } else if (block?.kind === 'map' && (m = /^elements = \{(.*)\}$/.exec(line))) {
          for (const part of m[1]!
            .split(',')
            .map((x) => x.trim())
            .filter(Boolean)) {
            const e = ELEM.exec(part);
            if (!e) {
              w.add(first + 1, 'map element not understood', part);
              continue;
            }
            const el: NftElem = { key: e[1]!.split(' . ').map((x) => x.trim()), verdict: e[3] ?? e[5]!, src };
            if (e[4]) el.target = e[4];
            if (e[2] !== undefined) el.comment = e[2];
            table!.maps.get(block.name)!.push(el);
          }
        } else if (block?.kind === 'chain' && table) {
          if (line.startsWith('type ')) {
            const b = baseOf(line, src);
            if (b) (table.bases ??= new Map()).set(block.name, b);
            else w.add(first + 1, 'base chain header not understood', line);
            continue;
          }
          if (/^(policy |comment |counter$)/.test(line)) continue;
          const rule: NftRule = {
            gotos: [...line.matchAll(/\b(?:goto|jump) (\S+?)(?=[,}\s]|$)/g)].map((x) => x[1]!),
            text: line,
            src,
          };
          const d = /\bdnat (?:ip )?to (\S+)/.exec(line);
          if (d) rule.dnat = d[1];
          table.chains.get(block.name)!.push(rule);
        } else if (!block && table && /^(comment|flags) /.test(line)) {
          // table attributes
        } else if (!block || block.kind === 'other' || block.kind === 'set') {
          if (!table) w.add(first + 1, 'line outside any table', line);
        }
      }
      return { value: out, warnings: w.done() };
    },
  );
}

type J = Record<string, unknown>;

// Every {goto|jump:{target}} and the first {dnat:{addr,port}} inside a JSON expression.
function scan(v: unknown, gotos: string[], dnat: { v?: string }): void {
  if (Array.isArray(v)) {
    for (const x of v) scan(x, gotos, dnat);
    return;
  }
  if (!v || typeof v !== 'object') return;
  const o = v as J;
  for (const k of ['goto', 'jump'])
    if (o[k] && typeof rec(o[k]).target === 'string') gotos.push(rec(o[k]).target as string);
  if (o.dnat && !dnat.v) {
    const d = rec(o.dnat);
    if (d.addr !== undefined) dnat.v = d.port !== undefined ? `${String(d.addr)}:${String(d.port)}` : String(d.addr);
  }
  for (const x of Object.values(o)) scan(x, gotos, dnat);
}

const keyOf = (v: unknown): string[] => {
  const c = rec(v).concat;
  if (Array.isArray(c)) return c.map(String);
  const inner = rec(rec(v).elem).val;
  if (inner !== undefined) return keyOf(inner);
  return [String(v)];
};

// Parse `nft -j list ruleset` JSON (one line; evidence cites each object's JSON).
export function parseNftJson(text: string, file: string): ParseResult<NftRuleset> {
  return guard(
    file,
    () => [],
    () => {
      const w = new Warnings(file);
      const data = parseJsonOrWarn(text, w);
      if (data === undefined) return { value: [], warnings: w.done() };
      const items = rec(data).nftables;
      if (!Array.isArray(items)) {
        w.add(1, 'no "nftables" array');
        return { value: [], warnings: w.done() };
      }
      const tables = new Map<string, NftTable>();
      const tableOf = (o: J): NftTable | undefined => tables.get(`${String(o.family)} ${String(o.table)}`);
      const srcOf = (o: unknown): Source => {
        const t = JSON.stringify(o);
        return { file, line: 1, text: t.length > 300 ? `${t.slice(0, 300)}…` : t };
      };
      for (const it of items) {
        const o = rec(it);
        if (o.table) {
          const t = rec(o.table);
          tables.set(`${String(t.family)} ${String(t.name)}`, {
            family: String(t.family),
            name: String(t.name),
            maps: new Map(),
            chains: new Map(),
          });
        } else if (o.chain) {
          const c = rec(o.chain);
          const t = tableOf(c);
          if (!t) continue;
          t.chains.set(String(c.name), t.chains.get(String(c.name)) ?? []);
          if (typeof c.hook === 'string' && typeof c.type === 'string') {
            const prio = typeof c.prio === 'number' ? c.prio : PRIORITIES[String(c.prio)];
            if (prio === undefined) w.add(1, `base chain ${String(c.name)}: priority ${String(c.prio)} not understood`);
            else
              (t.bases ??= new Map()).set(String(c.name), {
                type: c.type,
                hook: c.hook,
                priority: prio,
                policy: typeof c.policy === 'string' ? c.policy : 'accept',
                src: srcOf(o.chain),
              });
          }
        } else if (o.set) {
          const st = rec(o.set);
          const t = tableOf(st);
          if (!t) continue;
          const els = (Array.isArray(st.elem) ? st.elem : []).map((e) => elemText(e));
          (t.sets ??= new Map()).set(
            String(st.name),
            els.filter((x): x is string => x !== undefined),
          );
        } else if (o.map) {
          const m = rec(o.map);
          const t = tableOf(m);
          if (!t) continue;
          const elems: NftElem[] = [];
          for (const pair of Array.isArray(m.elem) ? m.elem : []) {
            if (!Array.isArray(pair) || pair.length < 2) continue;
            const [k, v] = pair as [unknown, unknown];
            const gotos: string[] = [];
            scan(v, gotos, {});
            const el: NftElem = {
              key: keyOf(k),
              verdict: gotos.length ? (rec(v).goto ? 'goto' : 'jump') : (Object.keys(rec(v))[0] ?? String(v)),
              src: srcOf(pair),
            };
            if (gotos[0]) el.target = gotos[0];
            const comment = rec(rec(k).elem).comment;
            if (typeof comment === 'string') el.comment = comment;
            elems.push(el);
          }
          t.maps.set(String(m.name), elems);
        } else if (o.rule) {
          const r = rec(o.rule);
          const t = tableOf(r);
          if (!t) continue;
          const gotos: string[] = [];
          const dnat: { v?: string } = {};
          scan(r.expr, gotos, dnat);
          // the statement as the text form prints it, so one reader reads both forms
          const rule: NftRule = { gotos, text: ruleText(r.expr), src: srcOf(r.expr) };
          if (dnat.v) rule.dnat = dnat.v;
          const list = t.chains.get(String(r.chain)) ?? [];
          list.push(rule);
          t.chains.set(String(r.chain), list);
        }
      }
      return { value: [...tables.values()], warnings: w.done() };
    },
  );
}
