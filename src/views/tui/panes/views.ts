// The views reachable by key and `:` command, each as the visible lines of one pane:
// :raw (collected files), :routes (table + where a destination goes), :nat (chains as a tree),
// :dns (resolver configuration and how a name is expanded), :topology (namespaces, veths, bridges, uplinks).
import { msg, text } from '../../../i18n/lang.js';
import type { Interface, Route } from '../../../model.js';
import { parseIp } from '../../../net/ip.js';
import type { Rule } from '../../../parsers/iptables-model.js';
import type { NssService } from '../../../parsers/nsswitch-conf.js';
import { lookup as dnsLookup } from '../../../snapshot/dns.js';
import { defaultRoute, lookup, routeProblem } from '../../../snapshot/routing.js';
import type { Host, Snapshot } from '../../../snapshot/types.js';
import type { UiState } from '../model.js';
import { type Painter, fit, scrolled, windowOf } from '../text.js';
import type { Size } from './main.js';

// Files a :raw view lists for a host (or the cluster objects when no host is selected).
export function rawFiles(snap: Snapshot, hostId: string | undefined): string[] {
  const prefix = hostId ? `hosts/${hostId}/` : 'cluster/';
  return [...snap.files.keys()].filter((k) => k.startsWith(prefix)).sort();
}

// :raw — the selected file with line numbers; lines matching the search are highlighted.
export function rawLines(snap: Snapshot, hostId: string | undefined, st: UiState, size: Size, p: Painter): string[] {
  const files = rawFiles(snap, hostId);
  const lang = st.lang;
  if (files.length === 0)
    return [fit(msg(lang, text('no files collected for this target', '這個目標沒有擷取到檔案')), size.width)];
  const idx = Math.min(st.raw.file, files.length - 1);
  const file = files[idx]!;
  const tabs = files.map((f, i) => (i === idx ? `[${f.split('/').pop()}]` : f.split('/').pop())).join(' ');
  const lines = (snap.files.get(file) ?? '').split('\n');
  const numW = String(lines.length).length;
  const out = [
    p(
      'bold',
      fit(
        `${file}  (${idx + 1}/${files.length}, ←/→ ${msg(lang, text('file', '檔案'))}${st.raw.search ? `, /${st.raw.search}/` : ''})`,
        size.width,
      ),
    ),
    p('dim', fit(tabs, size.width)),
  ];
  const body = size.height - out.length;
  const top = Math.max(0, Math.min(st.raw.scroll, Math.max(0, lines.length - body)));
  const needle = st.raw.search.toLowerCase();
  for (let i = top; i < Math.min(lines.length, top + body); i++) {
    const row = fit(`${String(i + 1).padStart(numW)} │ ${lines[i]}`, size.width);
    out.push(needle && lines[i]!.toLowerCase().includes(needle) ? p('hit', row) : row);
  }
  return out;
}

// The next line (0-based) at or after `from` holding the search text, wrapping around; -1 when none.
export function nextMatch(text: string, search: string, from: number): number {
  if (!search) return -1;
  const lines = text.split('\n');
  const s = search.toLowerCase();
  for (let k = 0; k < lines.length; k++) {
    const i = (from + k) % lines.length;
    if (lines[i]!.toLowerCase().includes(s)) return i;
  }
  return -1;
}

const routeText = (r: Route): string =>
  [
    r.type !== 'unicast' ? r.type : '',
    r.dstText,
    r.gateway ? `via ${r.gateway}` : '',
    r.dev ? `dev ${r.dev}` : '',
    r.protocol ? `proto ${r.protocol}` : '',
    r.scope ? `scope ${r.scope}` : '',
    r.prefsrc ? `src ${r.prefsrc}` : '',
    r.metric !== undefined ? `metric ${r.metric}` : '',
    r.table && r.table !== 'main' ? `table ${r.table}` : '',
    ...r.flags,
  ]
    .filter(Boolean)
    .join(' ');

// :routes — the routing table; with a destination, the route the kernel picks and whether its next hop works.
export function routesLines(snap: Snapshot, h: Host | undefined, st: UiState, size: Size, p: Painter): string[] {
  const lang = st.lang;
  if (!h) return [fit(msg(lang, text('no host selected', '沒有選擇主機')), size.width)];
  const routes = h.routes ?? [];
  const out = [
    p(
      'bold',
      fit(
        `${h.id}: ${routes.length} ${msg(lang, text('routes', '條路由'))}  (${msg(lang, text('/ sets a destination', '/ 輸入目的地'))})`,
        size.width,
      ),
    ),
  ];
  let chosen: Route | undefined;
  if (st.routes.dest) {
    const ip = parseIp(st.routes.dest);
    if (!ip)
      out.push(
        p('warning', fit(`${st.routes.dest}: ${msg(lang, text('not an IP address', '不是 IP 位址'))}`, size.width)),
      );
    else {
      chosen = lookup(h, ip);
      if (!chosen)
        out.push(
          p(
            'critical',
            fit(
              `${st.routes.dest} → ${msg(lang, text('no route: the kernel answers "Network is unreachable"', '沒有路由:核心會回覆「Network is unreachable」'))}`,
              size.width,
            ),
          ),
        );
      else {
        const prob = routeProblem(snap, h, chosen);
        out.push(
          p(
            prob ? 'critical' : 'ok',
            fit(`${st.routes.dest} → ${routeText(chosen)}${prob ? `  ✗ ${prob.kind}` : '  ✓'}`, size.width),
          ),
        );
      }
    }
  }
  out.push('');
  const rows = routes.map((r) => ({ r, text: fit(`${r === chosen ? '▶ ' : '  '}${routeText(r)}`, size.width) }));
  for (const x of scrolled(rows, st.routes.scroll, size.height - out.length))
    out.push(x.r === chosen ? p('hit', x.text) : x.text);
  if (routes.length === 0) out.push(fit(msg(lang, text('no routes collected', '沒有擷取到路由')), size.width));
  return out;
}

export interface NatRow {
  key: string;
  depth: number;
  label: string;
  /** A chain that can be opened below this row. */
  opens?: string;
  dnat?: boolean;
}

const HOOKS = ['PREROUTING', 'INPUT', 'FORWARD', 'OUTPUT', 'POSTROUTING'];

// :nat's rows: built-in chains of each table, their rules, and (when expanded) the chains they jump to,
// down to DNAT targets; a KUBE-SVC/EXT/FW chain carries the Service comment of the rule jumping to it.
export function natRows(h: Host | undefined, expanded: Set<string>): NatRow[] {
  const rs = h?.iptables;
  if (!rs) return [];
  const rows: NatRow[] = [];
  const visit = (table: string, chain: string, path: string, depth: number, seen: Set<string>): void => {
    const c = rs.tables.get(table)?.chains.get(chain);
    if (!c) return;
    c.rules.forEach((r: Rule, i) => {
      const key = `${path}#${i}`;
      const target = r.target ?? '';
      const isChain = !!rs.tables.get(table)?.chains.has(target) && !seen.has(target);
      // the verdict first (what the rule does), then what it matches, so a narrow pane still shows the point
      const matches = r.src.text
        .replace(/^-A \S+ /, '')
        .replace(/ -[jg] \S+.*$/, '')
        .replace(/-m comment --comment (?:"[^"]*"|\S+) ?/, '')
        .trim();
      const to = r.targetOpts.get('to-destination') ?? r.targetOpts.get('to');
      const svc =
        /^KUBE-(SVC|EXT|FW|SVL|XLB)-/.test(target) && r.comment
          ? ` ⟵ ${r.comment}`
          : r.comment
            ? ` "${r.comment}"`
            : '';
      const verdict =
        target === 'DNAT' ? `DNAT ⇒ ${to ?? '?'}` : target ? `${isChain ? '→ ' : ''}${target}` : '(no target)';
      rows.push({
        key,
        depth,
        label: `${verdict}${svc}${matches ? `  ${matches}` : ''}`,
        ...(isChain ? { opens: target } : {}),
        ...(target === 'DNAT' ? { dnat: true } : {}),
      });
      if (isChain && expanded.has(key)) visit(table, target, key, depth + 1, new Set([...seen, target]));
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

// :nat — the rows around the cursor; ▸ closed chain, ▾ open chain.
export function natLines(h: Host | undefined, st: UiState, size: Size, p: Painter): string[] {
  const lang = st.lang;
  if (!h?.iptables)
    return [
      fit(
        h?.nft
          ? msg(
              lang,
              text(
                'this host uses nftables: see :raw nft.json / nft.txt',
                '這台主機使用 nftables:請看 :raw 的 nft.json / nft.txt',
              ),
            )
          : msg(lang, text('no iptables rules collected for this host', '這台主機沒有擷取到 iptables 規則')),
        size.width,
      ),
    ];
  const rows = natRows(h, st.nat.expanded);
  const out = [
    p(
      'bold',
      fit(`${h.id}: iptables  (${msg(lang, text('enter opens/closes a chain', 'enter 展開/收合鏈'))})`, size.width),
    ),
  ];
  const { top, items } = windowOf(rows, st.nat.cursor, size.height - 1);
  items.forEach((r, i) => {
    const icon = r.opens ? (st.nat.expanded.has(r.key) ? '▾ ' : '▸ ') : '  ';
    const text = fit(`${'  '.repeat(r.depth)}${icon}${r.label}`, size.width);
    out.push(
      top + i === st.nat.cursor ? p('sel', text) : r.depth === 0 ? p('bold', text) : r.dnat ? p('ok', text) : text,
    );
  });
  return out;
}

// :dns — resolv.conf, the hosts line of nsswitch.conf, and the queries a lookup of the chosen name sends.
export function dnsLines(snap: Snapshot, h: Host | undefined, st: UiState, size: Size, p: Painter): string[] {
  const lang = st.lang;
  const w = size.width;
  if (!h) return [fit(msg(lang, text('no host selected', '沒有選擇主機')), w)];
  const out: string[] = [
    p('bold', fit(`${h.id}: DNS  (${msg(lang, text('/ sets the name to resolve', '/ 輸入要解析的名稱'))})`, w)),
  ];
  const rc = h.resolv;
  if (!rc)
    out.push(
      p('critical', fit(msg(lang, text('resolv.conf: not collected or absent', 'resolv.conf:未擷取或不存在')), w)),
    );
  else {
    out.push(
      fit(
        `nameserver: ${rc.nameservers.map((n) => n.address).join(', ') || msg(lang, text('(none: glibc asks 127.0.0.1)', '(無:glibc 會問 127.0.0.1)'))}`,
        w,
      ),
    );
    out.push(fit(`search: ${rc.search.join(' ') || '-'}`, w));
    out.push(
      fit(
        `options: ${[...rc.options].map(([k, v]) => (v.value !== undefined ? `${k}:${v.value}` : k)).join(' ') || '-'}`,
        w,
      ),
    );
  }
  const look = dnsLookup(h, st.dns.name);
  const order = look.order;
  const written = (ss: NssService[]) =>
    ss
      .map(
        (s) => s.name + s.actions.map((a) => `[${a.negated ? '!' : ''}${a.status.toUpperCase()}=${a.action}]`).join(''),
      )
      .join(' ');
  const orderText =
    order.kind === 'written'
      ? written(order.services)
      : order.kind === 'default'
        ? msg(
            lang,
            text(
              `(no hosts line: glibc default "${written(order.services)}")`,
              `(沒有 hosts 設定:glibc 預設為「${written(order.services)}」)`,
            ),
          )
        : msg(lang, text('(nsswitch.conf not collected: order unknown)', '(未擷取 nsswitch.conf:查詢順序不明)'));
  out.push(fit(`nsswitch hosts: ${orderText}`, w));
  const cluster = snap.cluster;
  const kubeDns = cluster?.services.find((s) => s.namespace === 'kube-system' && s.name === 'kube-dns');
  if (kubeDns?.clusterIPs[0]) out.push(fit(`kube-dns ClusterIP: ${kubeDns.clusterIPs.join(', ')}`, w));
  out.push('');
  out.push(p('title', fit(`${msg(lang, text('looking up', '查詢'))} "${look.name}" (ndots:${look.ndots})`, w, false)));
  if (look.hostsAnswer)
    out.push(
      p(
        'warning',
        fit(
          `/etc/hosts: ${look.name} → ${look.hostsAnswer.address} (${msg(lang, text('answered before DNS is asked', '在詢問 DNS 之前就回答了'))})`,
          w,
        ),
      ),
    );
  const ns = look.servers;
  const first = ns[0] ?? '127.0.0.1';
  for (const [i, q] of look.queries.entries())
    out.push(
      fit(
        `${String(i + 1).padStart(2)}. ${q}  → ${first}${ns.length > 1 ? ` (${msg(lang, text('then', '逾時後再問'))} ${ns.slice(1).join(', ')})` : ''}`,
        w,
      ),
    );
  const b = look.blocked;
  if (b === 'no-dns')
    out.push(
      p(
        'critical',
        fit(
          msg(
            lang,
            text(
              'nsswitch has no DNS source for hosts: these queries are never sent',
              'nsswitch 的 hosts 沒有 DNS 來源:上面的查詢根本不會送出',
            ),
          ),
          w,
        ),
      ),
    );
  else if (b)
    out.push(
      p(
        'critical',
        fit(
          msg(
            lang,
            text(
              `nsswitch stops at ${b.stop.name}${b.action}: these queries are never sent`,
              `nsswitch 在 ${b.stop.name}${b.action} 就停止:上面的查詢根本不會送出`,
            ),
          ),
          w,
        ),
      ),
    );
  return scrolled(out, st.dns.scroll, size.height);
}

const addrs = (i: Interface): string =>
  i.addresses
    .filter((a) => a.family === 4)
    .map((a) => `${a.local}/${a.prefix}`)
    .join(',');
const state = (i: Interface, p: Painter): string =>
  i.adminUp && i.carrier !== false ? p('ok', 'UP') : p('down', i.adminUp ? 'NO-CARRIER' : 'DOWN');

// :topology — each layer-2 segment drawn as its bridge with ports, or a veth pair; then uplinks and loners.
export function topologyLines(snap: Snapshot, st: UiState, size: Size, p: Painter): string[] {
  const lang = st.lang;
  const w = size.width;
  const out: string[] = [
    p(
      'bold',
      fit(
        `${msg(lang, text('topology', '拓樸'))}: ${snap.hosts.length} ${msg(lang, text('namespaces', '個 namespace'))}, ${snap.segments.length} ${msg(lang, text('segments', '個網段'))}`,
        w,
      ),
    ),
  ];
  const line = (text: string, iface?: Interface): void =>
    void out.push(iface ? `${fit(text, Math.max(4, w - 12))} ${state(iface, p)}` : fit(text, w));
  const linked = new Set<string>();
  for (const seg of snap.segments) {
    const bridge = seg.ports.find((x) => x.iface.kind === 'bridge');
    const members = seg.ports.filter((x) => x !== bridge);
    for (const x of seg.ports) linked.add(x.host.id);
    if (bridge) {
      line(
        `┌─ ${msg(lang, text('bridge', 'bridge'))} ${bridge.host.id}:${bridge.iface.name} ${addrs(bridge.iface)}`,
        bridge.iface,
      );
      // the bridge's ports, each with the far end of its veth; anything else on the segment after them
      const ports = members.filter((m) => m.host === bridge.host && m.iface.master === bridge.iface.name);
      const farEnds = new Set(ports.map((m) => snap.peerOf.get(m.iface)?.iface));
      const rest = members.filter((m) => !ports.includes(m) && !farEnds.has(m.iface));
      const all = [...ports, ...rest];
      all.forEach((m, i) => {
        const peer = snap.peerOf.get(m.iface);
        const last = i === all.length - 1;
        const text = peer
          ? `${last ? '└' : '├'}── ${m.iface.name} ⇄ ${peer.host.id}:${peer.iface.name} ${addrs(peer.iface)}`
          : `${last ? '└' : '├'}── ${m.host.id}:${m.iface.name} ${addrs(m.iface)}`;
        // a port is only as good as its worse end
        const worse = peer && !(peer.iface.adminUp && peer.iface.carrier !== false) ? peer.iface : m.iface;
        line(text, worse);
      });
    } else if (seg.ports.length === 2 && snap.peerOf.get(seg.ports[0]!.iface)) {
      const [a, b] = seg.ports as [(typeof seg.ports)[0], (typeof seg.ports)[0]];
      line(
        `●─ ${a.host.id}:${a.iface.name} ${addrs(a.iface)} ⇄ ${b.host.id}:${b.iface.name} ${addrs(b.iface)}  (veth)`,
        a.iface.adminUp && a.iface.carrier !== false ? b.iface : a.iface,
      );
    } else {
      line(
        `┌─ ${seg.inferred ? msg(lang, text('shared subnet (inferred)', '共用子網段(推斷)')) : msg(lang, text('segment', '網段'))} ${seg.id}`,
      );
      for (const [i, m] of seg.ports.entries())
        line(`${i === seg.ports.length - 1 ? '└' : '├'}── ${m.host.id}:${m.iface.name} ${addrs(m.iface)}`, m.iface);
    }
  }
  out.push('');
  for (const h of snap.hosts) {
    const d = defaultRoute(h);
    if (d)
      line(
        `↑ ${h.id}: ${msg(lang, text('uplink', '對外'))} ${d.gateway ? `via ${d.gateway} ` : ''}dev ${d.dev ?? '?'}`,
        h.interfaces?.find((i) => i.name === d.dev),
      );
    else if (!linked.has(h.id)) line(`○ ${h.id}: ${msg(lang, text('no links captured', '沒有擷取到連線'))}`);
  }
  return scrolled(out, st.topology.scroll, size.height);
}
