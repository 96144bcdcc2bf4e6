// `kube-netdiag trace`: follow one packet through a capture (offline) or through live targets collected in memory,
// hop by hop, and print every path with the lines that decide it. Exit 0 it gets there (and back), 1 it does not,
// 3 the capture cannot decide.
import { readBundle } from '../bundle/read.js';
import { UsageError } from '../errors.js';
import { type Lang, detectLang } from '../i18n/lang.js';
import { type Ip, parseIp } from '../net/ip.js';
import { buildSnapshot } from '../snapshot/build.js';
import { parseAs } from './as-kind.js';
import { listeningFromSockets, trace } from '../snapshot/trace/index.js';
import { type DnsTrace, traceDns } from '../snapshot/trace/dns.js';
import { TraceSpecError, resolveFrom, resolveTo } from '../snapshot/trace/request.js';
import { type DnsResult, renderDnsJson, renderDnsMarkdown, renderDnsText, verdictOf } from '../views/trace-dns.js';
import type { Snapshot } from '../snapshot/types.js';
import {
  type TraceResult,
  renderTraceJson,
  renderTraceMarkdown,
  renderTraceText,
  traceVerdict,
} from '../views/trace.js';
import { type TargetOptions, gather, memorySink } from './collect.js';
import { EXIT } from './exit.js';
import type { Io } from './io.js';

export interface TraceOptions {
  from?: string;
  to?: string;
  /** `dns:NAME`: DNS mode. */
  probe?: string;
  src?: string;
  sport?: string;
  reply: boolean;
  output: string;
  lang?: string;
  /** `--as KIND` / `--as HOST=KIND`. */
  as?: string[];
}

// Trace in a bundle, or (no path) in live targets named by the same flags as `diagnose`.
export async function runTrace(
  path: string | undefined,
  o: TraceOptions & Partial<Omit<TargetOptions, 'probe'>>,
  io: Io,
  createdBy: string,
): Promise<number> {
  if (!['text', 'json', 'markdown'].includes(o.output))
    throw new UsageError(`--output must be one of text, json, markdown (got "${o.output}").`);
  const dnsName = o.probe === undefined ? undefined : /^dns:(.+)$/.exec(o.probe)?.[1];
  if (o.probe !== undefined && (!dnsName || !/^[A-Za-z0-9_.-]{1,253}$/.test(dnsName)))
    throw new UsageError(`--probe takes dns:NAME, a host name to resolve (got "${o.probe}").`);
  if (!dnsName && !o.to) throw new UsageError('--to is needed (or --probe dns:NAME for DNS mode).');
  let snap: Snapshot;
  const as = parseAs(o.as);
  if (path) snap = buildSnapshot(await readBundle(path), as ? { as } : {});
  else {
    const { probe: _dnsMode, ...rest } = o;
    const t = {
      timeout: '10',
      concurrency: '8',
      redact: true,
      debugNamespace: 'kube-system',
      nodeTimeout: '120',
      ...rest,
    };
    snap = buildSnapshot((await gather(t, io, createdBy, memorySink())).bundle, as ? { as } : {});
  }
  const fromSpec = o.from ?? (snap.hosts.length === 1 ? snap.hosts[0]!.id : undefined);
  if (!fromSpec)
    throw new UsageError(
      `--from is needed: the capture has ${snap.hosts.length} hosts (${snap.hosts.map((h) => h.id).join(', ')}).`,
    );
  const lang = detectLang(o.lang, io.env);
  if (dnsName) return dnsMode(snap, fromSpec, dnsName, o, io, lang);
  let result: TraceResult;
  try {
    const from = resolveFrom(snap, fromSpec);
    const to = resolveTo(snap, o.to!);
    const src = o.src ? parseIp(o.src) : undefined;
    if (o.src && !src) throw new TraceSpecError(`--src ${o.src} is not an address`);
    const sport = o.sport === undefined ? undefined : Number(o.sport);
    const paths = trace(snap, {
      from,
      dst: to.dst,
      proto: to.proto,
      ...(to.dport === undefined ? {} : { dport: to.dport }),
      ...(src ? { src } : {}),
      ...(sport !== undefined && sport > 0 && sport < 65536 ? { sport } : {}),
      replies: o.reply,
      // a socket list (ss) says whether anything listens; without one the reply is not guessed
      listening: listeningFromSockets,
    });
    result = { from: from.id, to: o.to!, label: to.label, proto: to.proto, source: snap.source.path, paths };
  } catch (e) {
    if (e instanceof TraceSpecError) throw new UsageError(e.message);
    throw e;
  }
  const out =
    o.output === 'json'
      ? renderTraceJson(result, lang)
      : o.output === 'markdown'
        ? renderTraceMarkdown(result, lang)
        : // cut at the terminal's edge; piped into a file or a pager, every line is whole
          renderTraceText(result, lang, io.stdout.isTTY ? (io.stdout.columns ?? 100) : Number.POSITIVE_INFINITY);
  io.stdout.write(out);
  const v = traceVerdict(result.paths);
  return v === 'reaches' ? EXIT.ok : v === 'fails' ? EXIT.findings : EXIT.incomplete;
}

// DNS mode: the lookup plan, then each nameserver's query traced (only --to's server when given).
function dnsMode(snap: Snapshot, fromSpec: string, name: string, o: TraceOptions, io: Io, lang: Lang): number {
  let dns: DnsTrace;
  try {
    const from = resolveFrom(snap, fromSpec);
    let server: Ip | undefined;
    if (o.to) {
      // the server's address; a port or protocol written with it is not used (queries go to UDP 53)
      server = resolveTo(snap, o.to).dst;
    }
    dns = traceDns(snap, from, name, server);
  } catch (e) {
    if (e instanceof TraceSpecError) throw new UsageError(e.message);
    throw e;
  }
  const r: DnsResult = { name, source: snap.source.path, dns };
  io.stdout.write(
    o.output === 'json'
      ? renderDnsJson(r, lang)
      : o.output === 'markdown'
        ? renderDnsMarkdown(r, lang)
        : renderDnsText(r, lang, io.stdout.isTTY ? (io.stdout.columns ?? 100) : Number.POSITIVE_INFINITY),
  );
  const v = verdictOf(dns);
  return v === 'resolves' ? EXIT.ok : v === 'fails' ? EXIT.findings : EXIT.incomplete;
}
