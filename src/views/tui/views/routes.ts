// :routes — the routing table; with a destination (/ or `:routes ADDR`), the route the kernel picks and whether
// its next hop works.
import { msg, plural, text } from '../../../i18n/lang.js';
import type { Route } from '../../../model.js';
import { parseIp } from '../../../net/ip.js';
import { lookup, routeProblem } from '../../../snapshot/routing.js';
import { fit, scrolled } from '../text.js';
import { defineView, scrollBy, type ViewCtx } from './view.js';

export interface RoutesState {
  dest?: string;
  scroll: number;
}

// A route as `ip route` prints it (the :routes view and describe).
export const routeText = (r: Route): string =>
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

function draw({ snap, host: h, st, s, size, p }: ViewCtx<RoutesState>): string[] {
  const lang = st.lang;
  if (!h) return [fit(msg(lang, text('no host selected', '沒有選擇主機')), size.width)];
  const routes = h.routes ?? [];
  const out = [
    p(
      'bold',
      fit(
        `${h.id}: ${plural(lang, routes.length, { en: ['route', 'routes'], 'zh-TW': '條路由' })}  (${msg(lang, text('/ sets a destination', '/ 輸入目的地'))})`,
        size.width,
      ),
    ),
  ];
  let chosen: Route | undefined;
  if (s.dest) {
    const ip = parseIp(s.dest);
    if (!ip)
      out.push(p('warning', fit(`${s.dest}: ${msg(lang, text('not an IP address', '不是 IP 位址'))}`, size.width)));
    else {
      chosen = lookup(h, ip);
      if (!chosen)
        out.push(
          p(
            'critical',
            fit(
              `${s.dest} → ${msg(lang, text('no route: the kernel answers "Network is unreachable"', '沒有路由：核心會回覆「Network is unreachable」'))}`,
              size.width,
            ),
          ),
        );
      else {
        const prob = routeProblem(snap, h, chosen);
        out.push(
          p(
            prob ? 'critical' : 'ok',
            fit(`${s.dest} → ${routeText(chosen)}${prob ? `  ✗ ${prob.kind}` : '  ✓'}`, size.width),
          ),
        );
      }
    }
  }
  out.push('');
  const rows = routes.map((r) => ({ r, text: fit(`${r === chosen ? '▶ ' : '  '}${routeText(r)}`, size.width) }));
  for (const x of scrolled(rows, s.scroll, size.height - out.length))
    out.push(x.r === chosen ? p('hit', x.text) : x.text);
  if (routes.length === 0) out.push(fit(msg(lang, text('no routes collected', '沒有擷取到路由')), size.width));
  return out;
}

export const routesView = defineView({
  name: 'routes',
  key: '3',
  help: text('routing table, route lookup', '路由表與路由查詢'),
  init: (): RoutesState => ({ scroll: 0 }),
  prompt: 'dest',
  draw,
  update(m, { s }) {
    if (m.type === 'move') return { s: { ...s, scroll: scrollBy(s.scroll, m.delta) } };
    if (m.type === 'submit') {
      const { dest: _, ...rest } = s;
      return { s: m.text.trim() ? { ...rest, dest: m.text.trim() } : rest };
    }
    return { s };
  },
});

// This file's row in the registry (./index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredViews {
    routes: true;
  }
}
