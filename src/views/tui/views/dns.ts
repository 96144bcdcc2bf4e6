// :dns — how the selected host resolves a name (/ or `:dns NAME` picks it), from the one DNS model
// (src/snapshot/dns.ts) the analyzers use.
import { msg, text } from '../../../i18n/lang.js';
import type { NssService } from '../../../parsers/nsswitch-conf.js';
import { lookup as dnsLookup } from '../../../snapshot/dns.js';
import { fit, scrolled } from '../text.js';
import { defineView, scrollBy, type ViewCtx } from './view.js';

export interface DnsState {
  name?: string;
  scroll: number;
}

// resolv.conf, the hosts line of nsswitch.conf, and the queries a lookup of the chosen name sends.
export function dnsLines({ snap, host: h, st, s, size, p }: ViewCtx<DnsState>): string[] {
  const lang = st.lang;
  const w = size.width;
  if (!h) return [fit(msg(lang, text('no host selected', '沒有選擇主機')), w)];
  const out: string[] = [
    p('bold', fit(`${h.id}: DNS  (${msg(lang, text('/ sets the name to resolve', '/ 輸入要解析的名稱'))})`, w)),
  ];
  const rc = h.resolv;
  if (!rc)
    out.push(
      p('critical', fit(msg(lang, text('resolv.conf: not collected or absent', 'resolv.conf：未擷取或不存在')), w)),
    );
  else {
    out.push(
      fit(
        `nameserver: ${rc.nameservers.map((n) => n.address).join(', ') || msg(lang, text('(none: glibc asks 127.0.0.1)', '（無：glibc 會問 127.0.0.1）'))}`,
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
  const look = dnsLookup(h, s.name);
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
              `（沒有 hosts 設定：glibc 預設為「${written(order.services)}」）`,
            ),
          )
        : msg(lang, text('(nsswitch.conf not collected: order unknown)', '（未擷取 nsswitch.conf：查詢順序不明）'));
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
              'nsswitch 的 hosts 沒有 DNS 來源：上面的查詢根本不會送出',
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
              `nsswitch 在 ${b.stop.name}${b.action} 就停止：上面的查詢根本不會送出`,
            ),
          ),
          w,
        ),
      ),
    );
  return scrolled(out, s.scroll, size.height);
}

export const dnsView = defineView({
  name: 'dns',
  key: '5',
  help: text('resolv.conf, nsswitch, name expansion', 'resolv.conf、nsswitch、名稱展開'),
  init: (): DnsState => ({ scroll: 0 }),
  prompt: 'name',
  draw: dnsLines,
  update(m, { s }) {
    if (m.type === 'move') return { s: { ...s, scroll: scrollBy(s.scroll, m.delta) } };
    if (m.type === 'submit') {
      const { name: _, ...rest } = s;
      return { s: m.text.trim() ? { ...rest, name: m.text.trim() } : rest };
    }
    return { s };
  },
});

// This file's row in the registry (./index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredViews {
    dns: true;
  }
}
