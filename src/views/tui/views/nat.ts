// :nat — iptables chains as a tree, from the hooks down to DNAT targets; enter opens and closes a chain.
import { msg, text } from '../../../i18n/lang.js';
import { type Rule, ruleTarget } from '../../../parsers/iptables-model.js';
import type { Host } from '../../../snapshot/types.js';
import { clamp } from '../model.js';
import { fit, windowOf } from '../text.js';
import { defineView, type ViewCtx } from './view.js';

export interface NatState {
  expanded: Set<string>;
  cursor: number;
}

export interface NatRow {
  key: string;
  depth: number;
  /** What the row says (a rule's is worked out when first read: only the rows on screen are ever drawn). */
  readonly label: string;
  /** A chain that can be opened below this row. */
  opens?: string;
  dnat?: boolean;
}

// A rule's words for its row: the verdict first (what the rule does), then what it matches, so a narrow pane still
// shows the point.
function ruleLabel(r: Rule, isChain: boolean): string {
  const target = r.target ?? '';
  const matches = r.src.text
    .replace(/^-A \S+ /, '')
    .replace(/ -[jg] \S+.*$/, '')
    .replace(/-m comment --comment (?:"[^"]*"|\S+) ?/, '')
    .trim();
  const to = r.targetOpts.get('to-destination') ?? r.targetOpts.get('to');
  const svc =
    /^KUBE-(SVC|EXT|FW|SVL|XLB)-/.test(target) && r.comment ? ` ⟵ ${r.comment}` : r.comment ? ` "${r.comment}"` : '';
  const verdict =
    target === 'DNAT' ? `DNAT ⇒ ${to ?? '?'}` : target ? `${isChain ? '→ ' : ''}${target}` : '(no target)';
  return `${verdict}${svc}${matches ? `  ${matches}` : ''}`;
}

/** One rule's row: the rule is read (where it goes, then its words) only when the row is drawn or opened. */
class RuleRow implements NatRow {
  private text: string | undefined;
  private to: { target: string; chain: boolean } | undefined;
  constructor(
    readonly key: string,
    readonly depth: number,
    private readonly rule: Rule,
    /** Whether a target names a chain this row may open (one of the table's, not already on the path). */
    private readonly opensChain: (target: string) => boolean,
  ) {}
  private get where(): { target: string; chain: boolean } {
    if (!this.to) {
      const target = ruleTarget(this.rule).target ?? '';
      this.to = { target, chain: this.opensChain(target) };
    }
    return this.to;
  }
  get opens(): string | undefined {
    return this.where.chain ? this.where.target : undefined;
  }
  get dnat(): boolean | undefined {
    return this.where.target === 'DNAT' || undefined;
  }
  get label(): string {
    return (this.text ??= ruleLabel(this.rule, this.where.chain));
  }
}

const HOOKS = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

/** The rows last built for an expanded set (the set is replaced, never changed, when a chain opens or closes). */
const built = new WeakMap<Set<string>, { host: Host | undefined; rows: NatRow[] }>();

// :nat's rows: built-in chains of each table, their rules, and (when expanded) the chains they jump to,
// down to DNAT targets; a KUBE-SVC/EXT/FW chain carries the Service comment of the rule jumping to it. Built once per
// host and expanded set: a key that only moves the cursor through 10,000 Services rebuilds nothing.
export function natRows(h: Host | undefined, expanded: Set<string>): NatRow[] {
  const known = built.get(expanded);
  if (known && known.host === h) return known.rows;
  const rows = buildRows(h, expanded);
  built.set(expanded, { host: h, rows });
  return rows;
}

function buildRows(h: Host | undefined, expanded: Set<string>): NatRow[] {
  const rs = h?.iptables;
  if (!rs) return [];
  const rows: NatRow[] = [];
  const visit = (table: string, chain: string, path: string, depth: number, seen: Set<string>): void => {
    const c = rs.tables.get(table)?.chains.get(chain);
    if (!c) return;
    const opensChain = (target: string): boolean => !!rs.tables.get(table)?.chains.has(target) && !seen.has(target);
    c.rules.forEach((r: Rule, i) => {
      const key = `${path}#${i}`;
      // nothing of the rule is read here: a chain of 10,000 Services opens without decoding them
      const row = new RuleRow(key, depth, r, opensChain);
      rows.push(row);
      const into = expanded.has(key) ? row.opens : undefined;
      if (into !== undefined) visit(table, into, key, depth + 1, new Set([...seen, into]));
    });
  };
  for (const table of ['raw', 'mangle', 'nat', 'filter']) {
    const tb = rs.tables.get(table);
    if (!tb) continue;
    for (const hook of HOOKS) {
      const c = tb.chains.get(hook);
      if (!c) continue;
      const key = `${table}:${hook}`;
      rows.push({
        key,
        depth: 0,
        label: `${table} ${hook}${c.policy ? ` (policy ${c.policy})` : ''} — ${c.rules.length} rule(s)`,
        opens: hook,
      });
      if (expanded.has(key)) visit(table, hook, key, 1, new Set([hook]));
    }
  }
  return rows;
}

// The rows around the cursor; ▸ closed chain, ▾ open chain.
function draw({ host: h, st, s, size, p }: ViewCtx<NatState>): string[] {
  const lang = st.lang;
  if (!h?.iptables)
    return [
      fit(
        h?.nft
          ? msg(
              lang,
              text(
                'this host uses nftables: see :raw nft.json / nft.txt',
                '這台主機使用 nftables：請看 :raw 的 nft.json / nft.txt',
              ),
            )
          : msg(lang, text('no iptables rules collected for this host', '這台主機沒有擷取到 iptables 規則')),
        size.width,
      ),
    ];
  const rows = natRows(h, s.expanded);
  const out = [
    p(
      'bold',
      fit(`${h.id}: iptables  (${msg(lang, text('enter opens/closes a chain', 'enter 展開/收合鏈'))})`, size.width),
    ),
  ];
  const { top, items } = windowOf(rows, s.cursor, size.height - 1);
  items.forEach((r, i) => {
    const icon = r.opens ? (s.expanded.has(r.key) ? '▾ ' : '▸ ') : '  ';
    const text = fit(`${'  '.repeat(r.depth)}${icon}${r.label}`, size.width);
    out.push(top + i === s.cursor ? p('sel', text) : r.depth === 0 ? p('bold', text) : r.dnat ? p('ok', text) : text);
  });
  return out;
}

export const natView = defineView({
  name: 'nat',
  key: '4',
  help: text('chains from the hooks down to DNAT', '從掛鉤一路到 DNAT 的鏈'),
  init: (): NatState => ({ expanded: new Set(), cursor: 0 }),
  draw,
  update(m, { host, s }) {
    const rows = natRows(host, s.expanded);
    if (m.type === 'move') {
      const n = Math.max(1, rows.length);
      const to = m.delta === 'top' ? 0 : m.delta === 'bottom' ? n - 1 : s.cursor + m.delta;
      return { s: { ...s, cursor: clamp(to, n) } };
    }
    if (m.type === 'enter') {
      const r = rows[s.cursor];
      if (!r?.opens) return { s };
      const expanded = new Set(s.expanded);
      if (expanded.has(r.key)) expanded.delete(r.key);
      else expanded.add(r.key);
      return { s: { ...s, expanded } };
    }
    return { s };
  },
});

// This file's row in the registry (./index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredViews {
    nat: true;
  }
}
