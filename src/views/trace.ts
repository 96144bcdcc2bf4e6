// A trace for people (text, Markdown) and for programs (JSON): each path hop by hop, every deciding line with its
// file and line, how it ends, and what came back. Views never trace; they print what src/snapshot/trace found.
import { type Lang, type Text, msg, plural, text } from '../i18n/lang.js';
import type { TraceProof } from '../analyzers/types.js';
import type { Answer, End, Path, Step } from '../snapshot/trace/packet.js';
import { WHY, type Why } from '../snapshot/trace/why.js';
import { cleanLine } from '../text/clean.js';
import { displayWidth } from './width.js';

/** What `kube-netdiag trace` prints about: the request as typed and every path found. */
export interface TraceResult {
  from: string;
  to: string;
  /** What the destination is ("svc/default/web:http"). */
  label: string;
  proto: string;
  source: string;
  paths: Path[];
}

export type TraceVerdict = 'reaches' | 'fails' | 'undecided';

// reaches: every path is delivered or leaves the capture towards its destination, and what answers it (when it was
// traced) gets back; fails: some path or its answer dies on the way; undecided: the capture cannot settle some path
// (an unknown match or a fact not collected).
export function traceVerdict(paths: Path[]): TraceVerdict {
  if (paths.some((p) => p.end.kind === 'unknown' || p.reply?.end.kind === 'unknown' || p.assumptions.length > 0))
    return 'undecided';
  const there = (p: Path): boolean => p.end.kind === 'delivered' || p.end.kind === 'leaves';
  // a reset or an ICMP error that comes back is an answer, but a refusal: the connection does not work
  const refused = (a: Answer): boolean =>
    !!a.pkt.tcpFlags?.includes('RST') || (a.pkt.proto === 'icmp' && a.pkt.icmp?.[0] !== 0);
  const back = (p: Path): boolean =>
    !p.reply ||
    ((p.reply.end.kind === 'delivered' || p.reply.end.kind === 'leaves') && !refused(p.reply) && !p.reply.stray);
  return paths.every((p) => there(p) && back(p)) ? 'reaches' : 'fails';
}

const T = {
  title: text('Trace {from} → {to} ({proto})', '追蹤 {from} → {to}（{proto}）'),
  proof: text('A new connection from {from} to {to}', '從 {from} 到 {to} 的新連線'),
  verdict: {
    reaches: text('the packet gets there', '封包能到達'),
    fails: text('the packet or its answer does not get through on every path', '並非每條路徑的封包或回應都能通過'),
    undecided: text('the capture cannot decide every path', '擷取的資料不足以判定每條路徑'),
  },
  path: text('Path {n} of {total}', '路徑 {n}/{total}'),
  share: text('({pct}% of such packets)', '（此類封包的 {pct}%）'),
  count: text('{verdict} ({paths})', '{verdict}（{paths}）'),
  assumed: text('assumed', '假設'),
  reply: text('reply', '回應'),
  stray: text(
    '— but not from the address and port it was sent to, so no socket takes it',
    '——但來源不是當初送往的位址與連接埠，沒有任何 socket 會收下',
  ),
  sends: text('sends', '送出'),
  in: text('in', '進入'),
  out: text('out', '送出介面'),
  route: text('route', '路由'),
  bridge: text('bridge', '橋接'),
  note: text('note', '說明'),
  encap: text('tunnel', '封裝'),
  encapWhat: text('{iface} wraps it in {outer} to {to}', '{iface} 將它封裝成 {outer}，送往 {to}'),
  decap: text('unwrapped', '解封裝'),
  exit: text('{iface}, next hop {nexthop}', '{iface}，下一跳 {nexthop}'),
  port: text(' (from port {port})', '（來自連接埠 {port}）'),
  noRoute: text('no route', '沒有路由'),
  end: {
    delivered: text('delivered to {host} ({dst}, in on {iface})', '送達 {host}（{dst}，由 {iface} 進入）'),
    droppedRule: text('dropped on {host} by {where}', '在 {host} 被 {where} 丟棄'),
    rejectedRule: text('rejected on {host} by {where}: an error goes back', '在 {host} 被 {where} 拒絕：會回傳錯誤'),
    droppedPolicy: text('dropped on {host} by the chain policy at {where}', '在 {host} 被鏈的預設政策丟棄（{where}）'),
    droppedOther: text('dropped on {host}: {why}', '在 {host} 被丟棄：{why}'),
    noRoute: text('no route on {host} for the destination', '{host} 沒有通往目的地的路由'),
    neighbour: text(
      '{host} cannot reach next hop {nexthop} on {iface}: {why}',
      '{host} 無法經 {iface} 到達下一跳 {nexthop}：{why}',
    ),
    leaves: text(
      'leaves the capture from {host} {iface} (next hop {nexthop}) as {pkt}',
      '從 {host} 的 {iface} 離開擷取範圍（下一跳 {nexthop}），封包為 {pkt}',
    ),
    unknown: text('cannot decide on {host}: {why}', '無法在 {host} 判定：{why}'),
  },
} as const;

const where = (src: { file: string; line: number } | undefined): string => (src ? `${src.file}:${src.line}` : '?');

// A model's reason as a sentence in one language.
export function whyText(w: Why, lang: Lang): string {
  return msg(lang, WHY[w.code], w.params);
}

/** ": " in English, "：" in Chinese. */
const COLON = text(': ', '：');
const colon = (lang: Lang): string => msg(lang, COLON);

// How a path ends, in one sentence.
export function endText(e: End, lang: Lang): string {
  switch (e.kind) {
    case 'delivered':
      return msg(lang, T.end.delivered, { host: e.host, dst: e.dst, iface: e.iface });
    case 'dropped':
      if (e.by === 'rule' && !e.reason)
        return msg(lang, e.rejected ? T.end.rejectedRule : T.end.droppedRule, { host: e.host, where: where(e.src) });
      if (e.by === 'policy') return msg(lang, T.end.droppedPolicy, { host: e.host, where: where(e.src) });
      return msg(lang, T.end.droppedOther, { host: e.host, why: e.reason ? whyText(e.reason, lang) : where(e.src) });
    case 'no-route':
      return msg(lang, T.end.noRoute, { host: e.host });
    case 'neighbour-unreachable':
      return msg(lang, T.end.neighbour, {
        host: e.host,
        nexthop: e.nexthop,
        iface: e.iface,
        why: whyText(e.reason, lang),
      });
    case 'leaves':
      return msg(lang, T.end.leaves, { host: e.host, iface: e.iface, nexthop: e.nexthop, pkt: e.pkt });
    case 'unknown':
      return msg(lang, T.end.unknown, { host: e.host, why: whyText(e.reason, lang) });
  }
}

/** One line of a hop: a label, what happened, and where it was read. */
interface Line {
  label: string;
  what: string;
  src?: string;
  /** The rule as written, on its own line under the label. */
  rule?: string;
}

function stepLine(s: Step, lang: Lang): Line | undefined {
  const w = (t: Text): string => msg(lang, t);
  switch (s.kind) {
    case 'originate':
      return { label: w(T.sends), what: s.pkt };
    case 'enter':
      return { label: w(T.in), what: `${s.iface}${s.phys ? msg(lang, T.port, { port: s.phys }) : ''}  ${s.pkt}` };
    case 'rule':
      return {
        label: `${s.table} ${s.chain}`,
        what: `#${s.index}${s.effect ? `  ${s.effect}` : s.note ? `  ${whyText(s.note, lang)}` : ''}`,
        src: where(s.src),
        rule: s.src.text,
      };
    case 'policy':
      return { label: `${s.table} ${s.chain}`, what: `policy ${s.policy}`, ...(s.src ? { src: where(s.src) } : {}) };
    case 'route': {
      const what =
        s.type === 'none'
          ? `${w(T.noRoute)} ${s.dst}`
          : s.type === 'local'
            ? `${s.dst} local`
            : s.type === 'unicast'
              ? `${s.dst} dev ${s.dev}${s.gateway ? ` via ${s.gateway}` : ''}${s.table && s.table !== 'main' ? ` table ${s.table}` : ''}`
              : `${s.dst} ${s.type}`;
      return { label: w(T.route), what, ...(s.src && s.src.line > 0 ? { src: where(s.src) } : {}) };
    }
    case 'exit':
      return { label: w(T.out), what: msg(lang, T.exit, { iface: s.iface, nexthop: s.nexthop }) };
    case 'bridge':
      return {
        label: w(T.bridge),
        what: `${s.bridge}: ${s.inPort} → ${s.outPort}${s.netfilter ? ' (br_netfilter)' : ''}`,
      };
    case 'encap':
      return { label: w(T.encap), what: msg(lang, T.encapWhat, { iface: s.iface, outer: s.outer, to: s.to }) };
    case 'ipvs':
      return { label: 'IPVS', what: `${s.vs}  ${s.effect}`, src: where(s.src) };
    case 'decap':
      return { label: w(T.decap), what: `${s.iface}  ${s.pkt}` };
    case 'note':
      return { label: w(T.note), what: whyText(s.why, lang) };
  }
}

/** Steps grouped by the host they happened on, in order. */
export function hops(steps: Step[]): { host: string; steps: Step[] }[] {
  const out: { host: string; steps: Step[] }[] = [];
  for (const s of steps) {
    const last = out.at(-1);
    if (last && last.host === s.host && s.kind !== 'enter' && s.kind !== 'originate') last.steps.push(s);
    else out.push({ host: s.host, steps: [s] });
  }
  return out;
}

// Pad to a display width (a CJK character takes two cells).
const pad = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - displayWidth(s)));

const cut = (s: string, width: number): string => {
  if (displayWidth(s) <= width) return s;
  let out = '';
  for (const ch of s) {
    if (displayWidth(out + ch) > width - 1) break;
    out += ch;
  }
  return `${out}…`;
};

function renderSteps(steps: Step[], lang: Lang, width: number, indent: string): string[] {
  const out: string[] = [];
  for (const hop of hops(steps)) {
    out.push(`${indent}${cleanLine(hop.host)}`);
    for (const s of hop.steps) {
      const l = stepLine(s, lang);
      if (!l) continue;
      const head = `${indent}  ${pad(l.label, 18)} ${cleanLine(l.what)}`;
      out.push(cut(l.src ? `${head}  ${l.src}` : head, width));
      if (l.rule) out.push(cut(`${indent}  ${' '.repeat(18)}   ${cleanLine(l.rule)}`, width));
    }
  }
  return out;
}

// The trace as terminal text, each line at most `width` columns (long rules are cut with …, never wrapped).
export function renderTraceText(r: TraceResult, lang: Lang, width = 100): string {
  const out: string[] = [];
  out.push(msg(lang, T.title, { from: cleanLine(r.from), to: cleanLine(r.label), proto: r.proto }));
  const v = traceVerdict(r.paths);
  const paths = plural(lang, r.paths.length, { en: ['path', 'paths'], 'zh-TW': '條路徑' });
  out.push(msg(lang, T.count, { verdict: msg(lang, T.verdict[v]), paths }));
  out.push(...pathsText(r.paths, lang, width, ''));
  return `${out.join('\n')}\n`;
}

// What came back, and what answered that, each one level deeper.
function answerLines(first: Answer | undefined, lang: Lang, width: number, indent: string): string[] {
  const out: string[] = [];
  let at = indent;
  for (let a = first; a; a = a.reply) {
    const stray = a.stray ? ` ${msg(lang, T.stray)}` : '';
    out.push(cut(`${at}${msg(lang, T.reply)}${colon(lang)}${cleanLine(endText(a.end, lang))}${stray}`, width));
    at += '  ';
    out.push(...renderSteps(a.steps, lang, width, at));
  }
  return out;
}

// Every path with its steps and answers, each preceded by a blank line (also DNS mode's per-server block).
export function pathsText(list: Path[], lang: Lang, width: number, indent: string): string[] {
  const out: string[] = [];
  list.forEach((p, k) => {
    out.push('');
    const share = p.probability < 1 ? ` ${msg(lang, T.share, { pct: Math.round(p.probability * 1000) / 10 })}` : '';
    out.push(
      cut(
        `${indent}${msg(lang, T.path, { n: k + 1, total: list.length })}${colon(lang)}${cleanLine(endText(p.end, lang))}${share}`,
        width,
      ),
    );
    for (const a of p.assumptions)
      out.push(cut(`${indent}  ${msg(lang, T.assumed)}${colon(lang)}${cleanLine(whyText(a, lang))}`, width));
    out.push(...renderSteps(p.steps, lang, width, `${indent}  `));
    out.push(...answerLines(p.reply, lang, width, `${indent}  `));
  });
  return out;
}

// A finding's proof for its detail pane: each path's end, then its steps (assumptions first, when there are any).
export function proofLines(t: TraceProof, lang: Lang, width: number): string[] {
  const out = [cut(msg(lang, T.proof, { from: cleanLine(t.from), to: cleanLine(t.to) }), width)];
  t.paths.forEach((p, k) => {
    const share = p.probability < 1 ? ` ${msg(lang, T.share, { pct: Math.round(p.probability * 1000) / 10 })}` : '';
    out.push(
      cut(
        `${msg(lang, T.path, { n: k + 1, total: t.paths.length })}${colon(lang)}${cleanLine(endText(p.end, lang))}${share}`,
        width,
      ),
    );
    for (const a of p.assumptions)
      out.push(cut(`  ${msg(lang, T.assumed)}${colon(lang)}${cleanLine(whyText(a, lang))}`, width));
    out.push(...renderSteps(p.steps, lang, width, '  '));
    out.push(...answerLines(p.reply, lang, width, '  '));
  });
  return out;
}

// The trace as Markdown: a heading per path, its steps in a fenced block (rules are code, not prose).
export function renderTraceMarkdown(r: TraceResult, lang: Lang): string {
  const out: string[] = [];
  out.push(`# ${msg(lang, T.title, { from: cleanLine(r.from), to: cleanLine(r.label), proto: r.proto })}`, '');
  out.push(`**${msg(lang, T.verdict[traceVerdict(r.paths)])}**`, '');
  out.push(...pathsMarkdown(r.paths, lang, '##'));
  return `${out.join('\n')}\n`;
}

// Every path as Markdown under headings of the given level.
export function pathsMarkdown(list: Path[], lang: Lang, heading: string): string[] {
  const out: string[] = [];
  list.forEach((p, k) => {
    const share = p.probability < 1 ? ` ${msg(lang, T.share, { pct: Math.round(p.probability * 1000) / 10 })}` : '';
    out.push(`${heading} ${msg(lang, T.path, { n: k + 1, total: list.length })}${share}`, '');
    out.push(`${cleanLine(endText(p.end, lang))}`, '');
    for (const a of p.assumptions) out.push(`- ${msg(lang, T.assumed)}${colon(lang)}${cleanLine(whyText(a, lang))}`);
    if (p.assumptions.length > 0) out.push('');
    out.push('```', ...renderSteps(p.steps, lang, 1000, ''), '```', '');
    for (let a = p.reply; a; a = a.reply) {
      out.push(`${msg(lang, T.reply)}${colon(lang)}${cleanLine(endText(a.end, lang))}`, '');
      out.push('```', ...renderSteps(a.steps, lang, 1000, ''), '```', '');
    }
  });
  return out;
}

function answerJson(a: Answer, lang: Lang): Record<string, unknown> {
  return {
    end: { ...a.end, text: endText(a.end, lang) },
    steps: a.steps,
    ...(a.reply ? { reply: answerJson(a.reply, lang) } : {}),
  };
}

// The trace as stable JSON: the request, the verdict, and every path with its steps and sources.
export function renderTraceJson(r: TraceResult, lang: Lang): string {
  const doc = {
    from: r.from,
    to: r.to,
    destination: r.label,
    proto: r.proto,
    source: r.source,
    verdict: traceVerdict(r.paths),
    paths: pathsJson(r.paths, lang),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

// Every path as plain data, with each reason also worded in `lang`.
export function pathsJson(list: Path[], lang: Lang): Record<string, unknown>[] {
  return list.map((p) => ({
    probability: p.probability,
    assumptions: p.assumptions.map((a) => ({ ...a, text: whyText(a, lang) })),
    end: { ...p.end, text: endText(p.end, lang) },
    steps: p.steps,
    ...(p.reply ? { reply: answerJson(p.reply, lang) } : {}),
  }));
}
