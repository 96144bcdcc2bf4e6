// Writes one rule of `nft -j list ruleset` back as the statement `nft list ruleset` prints for it, so the JSON form
// and the text form are read by one reader. Expressions it does not know are written as `json NAME`, which the
// reader takes as an unknown match (the trace forks on it); iptables-nft's `xt` expressions carry no options in
// JSON and stay unknown the same way.
//
// Sample (nftables 1.0.6, fixtures/reference/kube-proxy-nft.json, one rule of chain `masquerading`):
//   [{"match": {"op": "==", "left": {"&": [{"meta": {"key": "mark"}}, 16384]}, "right": 0}}, {"return": null}]
// is written as
//   meta mark & 0x00004000 == 0x00000000 return

type J = Record<string, unknown>;
const rec = (v: unknown): J => (v && typeof v === 'object' && !Array.isArray(v) ? (v as J) : {});
const hex = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}`;

/** Keys whose values the text form prints as 32-bit hex (marks). */
const HEX_KEYS = new Set(['meta mark', 'ct mark']);
/** Keys whose values the text form quotes (interface names). */
const QUOTED = new Set(['iifname', 'oifname']);

// The left side of a match, as text: `ip saddr`, `meta l4proto`, `iifname`, `ct state`, `fib daddr type`, ...
function leftText(v: unknown): string | undefined {
  const o = rec(v);
  if (o.payload) {
    const p = rec(o.payload);
    return typeof p.protocol === 'string' && typeof p.field === 'string' ? `${p.protocol} ${p.field}` : undefined;
  }
  if (o.meta) {
    const k = String(rec(o.meta).key);
    return k === 'iifname' || k === 'oifname' || k === 'iif' || k === 'oif' ? k : `meta ${k}`;
  }
  if (o.ct) return `ct ${String(rec(o.ct).key)}`;
  if (o.fib) {
    const f = rec(o.fib);
    const flags = Array.isArray(f.flags) ? f.flags.map(String) : [String(f.flags)];
    const side = flags.find((x) => x === 'daddr' || x === 'saddr');
    return side && f.result === 'type' ? `fib ${side} type` : undefined;
  }
  if (Array.isArray(o.concat)) {
    const parts = o.concat.map(leftText);
    return parts.every((x) => x !== undefined) ? parts.join(' . ') : undefined;
  }
  if (o.numgen) {
    const n = rec(o.numgen);
    return `numgen ${String(n.mode)} mod ${String(n.mod)}`;
  }
  return undefined;
}

// A value, as text, for the key it is compared with.
function valueText(v: unknown, key: string): string | undefined {
  if (typeof v === 'number') return HEX_KEYS.has(key) ? hex(v) : String(v);
  if (typeof v === 'string') return QUOTED.has(key) ? `"${v}"` : v;
  if (Array.isArray(v)) {
    // ct state { established, related } is written without braces as a list
    const parts = v.map((x) => valueText(x, key));
    return parts.every((x) => x !== undefined) ? parts.join(',') : undefined;
  }
  const o = rec(v);
  if (o.prefix) {
    const p = rec(o.prefix);
    return `${String(p.addr)}/${String(p.len)}`;
  }
  if (Array.isArray(o.range) && o.range.length === 2) return `${String(o.range[0])}-${String(o.range[1])}`;
  if (Array.isArray(o.concat)) {
    const parts = o.concat.map((x) => valueText(x, ''));
    return parts.every((x) => x !== undefined) ? parts.join(' . ') : undefined;
  }
  if (o.elem) return valueText(rec(o.elem).val, key);
  if (o.set !== undefined) {
    const items = Array.isArray(o.set) ? o.set : [o.set];
    const parts = items.map((x) => valueText(x, key));
    return parts.every((x) => x !== undefined) ? `{ ${parts.join(', ')} }` : undefined;
  }
  return undefined;
}

// A verdict object ({accept: null}, {goto: {target}}) as text.
function verdictText(v: unknown): string | undefined {
  const o = rec(v);
  for (const k of ['accept', 'drop', 'return', 'continue']) if (k in o) return k;
  for (const k of ['jump', 'goto']) if (o[k]) return `${k} ${String(rec(o[k]).target)}`;
  return undefined;
}

// `meta mark | 0x4000`, `ct mark`, `0x1`: what a mangle statement writes.
function mangleValue(v: unknown, key: string): string | undefined {
  if (typeof v === 'number') return hex(v);
  const o = rec(v);
  for (const op of ['|', '^', '&']) {
    const pair = o[op];
    if (Array.isArray(pair) && pair.length === 2) {
      const l = leftText(pair[0]);
      return l && typeof pair[1] === 'number' ? `${l} ${op} ${hex(pair[1])}` : undefined;
    }
  }
  const l = leftText(v);
  return l ?? valueText(v, key);
}

// One expression of a rule as text.
function exprText(e: unknown): string {
  const o = rec(e);
  const name = Object.keys(o)[0] ?? '?';
  const v = o[name];
  const unknown = `json ${name}`;
  switch (name) {
    case 'match': {
      const m = rec(v);
      const op = String(m.op);
      const left = rec(m.left);
      if (Array.isArray(left['&']) && left['&'].length === 2) {
        const l = leftText(left['&'][0]);
        const mask = left['&'][1];
        if (!l || typeof mask !== 'number' || typeof m.right !== 'number') return unknown;
        return `${l} & ${hex(mask)} ${op === 'in' ? '==' : op} ${hex(m.right)}`;
      }
      const l = leftText(m.left);
      const r = valueText(m.right, l ?? '');
      if (!l || r === undefined) return unknown;
      if (op === '==' || op === 'in') return `${l} ${r}`;
      if (op === '!=') return `${l} != ${r}`;
      return `${l} ${op} ${r}`;
    }
    case 'counter':
      return 'counter';
    case 'accept':
    case 'drop':
    case 'return':
    case 'continue':
      return name;
    case 'jump':
    case 'goto':
      return `${name} ${String(rec(v).target)}`;
    case 'vmap': {
      const m = rec(v);
      const key = leftText(m.key);
      if (!key) return unknown;
      if (typeof m.data === 'string') return `${key} vmap ${m.data}`;
      const items = rec(m.data).set;
      if (!Array.isArray(items)) return unknown;
      const parts = items.map((pair) => {
        if (!Array.isArray(pair) || pair.length !== 2) return undefined;
        const k = valueText(pair[0], '');
        const d = verdictText(pair[1]);
        return k !== undefined && d ? `${k} : ${d}` : undefined;
      });
      return parts.every((x) => x) ? `${key} vmap { ${parts.join(', ')} }` : unknown;
    }
    case 'mangle': {
      const m = rec(v);
      const key = leftText(m.key);
      const val = key ? mangleValue(m.value, key) : undefined;
      return key && val ? `${key} set ${val}` : unknown;
    }
    case 'masquerade':
      return 'masquerade';
    case 'notrack':
      return 'notrack';
    case 'snat':
    case 'dnat': {
      const n = rec(v);
      if (typeof n.addr !== 'string') return unknown;
      return `${name} to ${n.addr}${n.port === undefined ? '' : `:${String(n.port)}`}`;
    }
    case 'redirect': {
      const n = rec(v);
      return n.port === undefined ? 'redirect' : `redirect to :${String(n.port)}`;
    }
    case 'reject': {
      const r = rec(v);
      if (r.type === 'tcp reset') return 'reject with tcp reset';
      // nft's default, which the text form leaves unsaid
      if (r.type === 'icmp' && r.expr === 'port-unreachable') return 'reject';
      if (typeof r.expr === 'string') return `reject with ${String(r.type ?? 'icmp')} type ${r.expr}`;
      return 'reject';
    }
    case 'xt': {
      const x = rec(v);
      return `xt ${String(x.type)} "${String(x.name)}"`;
    }
    default:
      return unknown;
  }
}

// A set element (`"10.0.0.1"`, `{"prefix": …}`, `{"elem": {"val": …, "comment": …}}`) as text.
export function elemText(e: unknown): string | undefined {
  return valueText(e, '');
}

// A rule's expressions as the statement text prints.
export function ruleText(expr: unknown): string {
  return Array.isArray(expr) ? expr.map(exprText).join(' ') : 'json rule';
}
