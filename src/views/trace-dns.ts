// DNS mode for people and programs: how the host looks the name up (order, /etc/hosts, the queries in order, the
// servers), then each nameserver's query traced hop by hop with the NetworkPolicy that applies to it.
import { type Lang, msg, text } from '../i18n/lang.js';
import type { Source } from '../parsers/types.js';
import { type DnsTrace, type DnsVerdict, dnsVerdict } from '../snapshot/trace/dns.js';
import { cleanLine } from '../text/clean.js';
import { pathsJson, pathsMarkdown, pathsText, traceVerdict, whyText } from './trace.js';
import { displayWidth } from './width.js';

export interface DnsResult {
  name: string;
  source: string;
  dns: DnsTrace;
}

const T = {
  title: text('DNS lookup of {name} on {host}', '在 {host} 上解析 {name}'),
  verdict: {
    resolves: text('the name resolves', '名稱可以解析'),
    fails: text('the lookup fails', '解析失敗'),
    undecided: text('the capture cannot decide the lookup', '擷取的資料不足以判定這次解析'),
  },
  order: text('order', '查詢順序'),
  orderDefault: text(
    "hosts: {services} (glibc's default: no hosts line)",
    'hosts: {services}（glibc 預設值：沒有 hosts 這一行）',
  ),
  orderUnknown: text('not known (nsswitch.conf not collected)', '未知（未擷取 nsswitch.conf）'),
  hostsFile: text('/etc/hosts', '/etc/hosts'),
  hostsAnswer: text(
    'answers first: {address} ({where}); no query is sent',
    '先回答：{address}（{where}），不會送出查詢',
  ),
  hostsNone: text('no line for {name}', '沒有 {name} 的項目'),
  blocked: text(
    'DNS is never asked: {service} {action} stops the lookup first',
    '永遠不會查詢 DNS：{service} {action} 先結束了查詢',
  ),
  noDns: text('DNS is never asked: the hosts line names no dns source', '永遠不會查詢 DNS：hosts 這一行沒有 dns 來源'),
  queries: text('queries', '查詢'),
  ndots: text('(ndots {ndots}: {first} first)', '（ndots {ndots}：先查{first}）'),
  searchFirst: text('the search list', '搜尋清單'),
  asWritten: text('the name as written', '原名稱'),
  servers: text('servers', '名稱伺服器'),
  defaultServer: text(
    "127.0.0.1 (glibc's default: resolv.conf names none)",
    '127.0.0.1（glibc 預設值：resolv.conf 沒有指定）',
  ),
  direct: text('{server} (asked directly, like dig @{server})', '{server}（直接詢問，如同 dig @{server}）'),
  noResolv: text('resolv.conf is absent on the host', '主機上沒有 resolv.conf'),
  server: text('Nameserver {n} of {total}, {server}', '名稱伺服器 {n}/{total}（{server}）'),
  serverOk: text('the query gets there and the answer comes back', '查詢能到達，回應也能回來'),
  serverFails: text('no answer from this server', '這台伺服器沒有回應'),
  serverUndecided: text('the capture cannot decide this server', '擷取的資料不足以判定這台伺服器'),
  waits: text(
    'glibc waits for its timeout (5 s by default) on each server that does not answer before asking the next',
    'glibc 會在每台沒有回應的伺服器上等到逾時（預設 5 秒）才改問下一台',
  ),
  policyBlocks: text(
    'NetworkPolicy {policies} selects the pod for Egress and no rule allows UDP to {to}: the CNI drops the query',
    'NetworkPolicy {policies} 對 Pod 啟用了 Egress 限制，沒有規則允許以 UDP 連到 {to}：CNI 會丟棄這個查詢',
  ),
  policyAllows: text(
    'NetworkPolicy {policy} (egress rule {rule}) allows UDP to {to}',
    'NetworkPolicy {policy}（第 {rule} 條 egress 規則）允許以 UDP 連到 {to}',
  ),
  unknown: text('not known', '未知'),
} as const;

const where = (s: Source | undefined): string => (s ? `${s.file}:${s.line}` : '');
const pad = (s: string, w: number): string => s + ' '.repeat(Math.max(0, w - displayWidth(s)));
const COLON = text(': ', '：');

/** The verdict of a DNS trace. */
export const verdictOf = (d: DnsTrace): DnsVerdict => dnsVerdict(d, traceVerdict);

// The lookup plan as labelled lines (shared by text and Markdown).
function planLines(r: DnsResult, lang: Lang): { label: string; what: string; src?: string }[] {
  const d = r.dns;
  const l = d.lookup;
  const out: { label: string; what: string; src?: string }[] = [];
  const services = (s: { name: string }[]): string => s.map((x) => x.name).join(' ');
  if (l.order.kind === 'written')
    out.push({ label: msg(lang, T.order), what: `hosts: ${services(l.order.services)}`, src: where(l.order.src) });
  else if (l.order.kind === 'default')
    out.push({ label: msg(lang, T.order), what: msg(lang, T.orderDefault, { services: services(l.order.services) }) });
  else out.push({ label: msg(lang, T.order), what: msg(lang, T.orderUnknown) });
  if (l.hostsAnswer)
    out.push({
      label: msg(lang, T.hostsFile),
      what: msg(lang, T.hostsAnswer, { address: l.hostsAnswer.address, where: where(l.hostsAnswer.src) }),
    });
  else out.push({ label: msg(lang, T.hostsFile), what: msg(lang, T.hostsNone, { name: l.name }) });
  if (l.blocked === 'no-dns') out.push({ label: 'nsswitch', what: msg(lang, T.noDns) });
  else if (l.blocked)
    out.push({
      label: 'nsswitch',
      what: msg(lang, T.blocked, { service: l.blocked.stop.name, action: l.blocked.action || `(${l.blocked.status})` }),
    });
  const dots = (l.name.match(/\./g) ?? []).length;
  const first = msg(lang, dots >= l.ndots ? T.asWritten : T.searchFirst);
  if (!d.local || d.local === 'no-resolv-conf')
    out.push({
      label: msg(lang, T.queries),
      what: `${l.queries.join(', ')} ${msg(lang, T.ndots, { ndots: l.ndots, first })}`,
    });
  if (d.local === 'no-resolv-conf') out.push({ label: msg(lang, T.servers), what: msg(lang, T.noResolv) });
  const names = d.servers.map((s) => s.server).join(', ');
  if (d.asked === 'default') out.push({ label: msg(lang, T.servers), what: msg(lang, T.defaultServer) });
  else if (d.asked === 'direct')
    out.push({ label: msg(lang, T.servers), what: msg(lang, T.direct, { server: names }) });
  else if (d.servers.length > 0) out.push({ label: msg(lang, T.servers), what: names, src: where(d.servers[0]!.src) });
  for (const u of d.unknowns) out.push({ label: msg(lang, T.unknown), what: whyText(u, lang) });
  return out;
}

function serverHead(r: DnsResult, k: number, lang: Lang): string[] {
  const s = r.dns.servers[k]!;
  const v = s.policy && !s.policy.allowed ? 'fails' : traceVerdict(s.paths);
  const head = msg(lang, T.server, { n: k + 1, total: r.dns.servers.length, server: s.server });
  const says = msg(lang, v === 'reaches' ? T.serverOk : v === 'fails' ? T.serverFails : T.serverUndecided);
  const out = [`${head}${msg(lang, COLON)}${says}`];
  const p = s.policy;
  if (p && !p.allowed)
    out.push(msg(lang, T.policyBlocks, { policies: p.policies.map((x) => x.name).join(', '), to: p.to }));
  else if (p?.allowedBy)
    out.push(msg(lang, T.policyAllows, { policy: p.allowedBy.name, rule: p.allowedBy.rule + 1, to: p.to }));
  return out;
}

// DNS mode as terminal text.
export function renderDnsText(r: DnsResult, lang: Lang, width = 100): string {
  const out = [msg(lang, T.title, { name: cleanLine(r.name), host: cleanLine(r.dns.host) })];
  out.push(msg(lang, T.verdict[verdictOf(r.dns)]), '');
  for (const l of planLines(r, lang)) {
    const line = `  ${pad(l.label, 12)} ${cleanLine(l.what)}${l.src ? `  ${l.src}` : ''}`;
    out.push(displayWidth(line) > width ? `${line.slice(0, Math.max(0, width - 1))}…` : line);
  }
  const fails = r.dns.servers.map((s) => (s.policy && !s.policy.allowed ? 'fails' : traceVerdict(s.paths)));
  if (fails[0] !== 'reaches' && fails.includes('reaches')) out.push('', msg(lang, T.waits));
  r.dns.servers.forEach((s, k) => {
    out.push('', ...serverHead(r, k, lang).map(cleanLine));
    out.push(...pathsText(s.paths, lang, width, '  '));
  });
  return `${out.join('\n')}\n`;
}

// DNS mode as Markdown.
export function renderDnsMarkdown(r: DnsResult, lang: Lang): string {
  const out = [`# ${msg(lang, T.title, { name: cleanLine(r.name), host: cleanLine(r.dns.host) })}`, ''];
  out.push(`**${msg(lang, T.verdict[verdictOf(r.dns)])}**`, '');
  for (const l of planLines(r, lang))
    out.push(`- **${l.label}**: ${cleanLine(l.what)}${l.src ? ` (\`${l.src}\`)` : ''}`);
  out.push('');
  r.dns.servers.forEach((s, k) => {
    const [head, ...more] = serverHead(r, k, lang);
    out.push(`## ${cleanLine(head!)}`, '', ...more.map((m) => `${cleanLine(m)}\n`));
    out.push(...pathsMarkdown(s.paths, lang, '###'));
  });
  return `${out.join('\n')}\n`;
}

// DNS mode as stable JSON.
export function renderDnsJson(r: DnsResult, lang: Lang): string {
  const d = r.dns;
  const l = d.lookup;
  const doc = {
    from: d.host,
    name: r.name,
    source: r.source,
    verdict: verdictOf(d),
    lookup: {
      order: l.order.kind === 'unknown' ? null : l.order.services.map((s) => s.name),
      orderSource: l.order.kind === 'written' ? l.order.src : null,
      hostsAnswer: l.hostsAnswer ?? null,
      blocked: l.blocked === undefined ? null : l.blocked === 'no-dns' ? 'no-dns' : l.blocked.stop.name,
      ndots: l.ndots,
      queries: l.queries,
      local: d.local ?? null,
      asked: d.asked ?? null,
    },
    unknowns: d.unknowns.map((u) => ({ ...u, text: whyText(u, lang) })),
    servers: d.servers.map((s) => ({
      server: s.server,
      source: s.src ?? null,
      verdict: s.policy && !s.policy.allowed ? 'fails' : traceVerdict(s.paths),
      policy: s.policy ?? null,
      paths: pathsJson(s.paths, lang),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
