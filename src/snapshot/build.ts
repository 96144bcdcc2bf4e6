// Turns a raw bundle into a snapshot: runs each file's parser, infers host kinds, links segments.
import type { RawBundle } from '../bundle/layout.js';
import { FACT_SOURCES, type FactName } from '../bundle/artifacts.js';
import { parseFibTrie } from '../parsers/fib-trie.js';
import { attachFibAddresses } from './proc-addresses.js';
import type { ParseWarning } from '../parsers/types.js';
import { readCluster } from './k8s/cluster.js';
import { readHostErrors } from '../bundle/errors.js';
import { clusterCoverage, hostCoverage } from './coverage.js';
import { parseIp } from '../net/ip.js';
import { inferKind } from './kind.js';
import { iptablesFromNft } from './trace/nft-rules.js';
import { linkSegments } from './segments.js';
import {
  type BundleManifest,
  HOST_KINDS,
  type Host,
  type HostKind,
  type HostMeta,
  type NotCollected,
  type Snapshot,
} from './types.js';

/** Facts every diagnosis leans on: their absence is worth saying; optional extras are not listed. */
const CORE = new Set<FactName>(['interfaces', 'routes', 'iptables', 'sysctl', 'resolv', 'nsswitch', 'hostsFile']);

type Scalar = 'string' | 'number' | 'boolean';

// Only the named scalar fields of a JSON object; anything else (nested junk, wrong types) is dropped with a warning,
// so a hostile host.json or bundle.json can never reach an analyzer or a view as an object.
function pick<T>(v: unknown, fields: Record<string, Scalar>, file: string, warnings: ParseWarning[]): T {
  const out: Record<string, unknown> = {};
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    if (v !== undefined) warnings.push({ file, line: 1, message: 'not a JSON object: ignored' });
    return out as T;
  }
  for (const [k, type] of Object.entries(fields)) {
    const x = (v as Record<string, unknown>)[k];
    if (x === undefined) continue;
    if (typeof x === type && (type !== 'string' || (x as string).length <= 4096)) out[k] = x;
    else warnings.push({ file, line: 1, message: `field "${k}" is not a ${type}: ignored` });
  }
  return out as T;
}

const HOST_FIELDS: Record<keyof HostMeta, Scalar> = {
  kind: 'string',
  name: 'string',
  namespace: 'string',
  node: 'string',
  netns: 'string',
  pid: 'number',
};

// host.json: the known scalar fields only.
function readHostMeta(text: string | undefined, file: string, warnings: ParseWarning[]): HostMeta {
  const m = pick<HostMeta>(readJson<unknown>(text, file, warnings), HOST_FIELDS, file, warnings);
  if (m.kind !== undefined && !HOST_KINDS.has(m.kind)) delete m.kind;
  return m;
}

// bundle.json: the known scalar fields, and the cluster line's three strings.
function readManifest(text: string | undefined, warnings: ParseWarning[]): BundleManifest | undefined {
  const v = readJson<unknown>(text, 'bundle.json', warnings);
  if (v === undefined) return undefined;
  const m = pick<BundleManifest>(
    v,
    { format: 'number', createdAt: 'string', createdBy: 'string', redacted: 'boolean' },
    'bundle.json',
    warnings,
  );
  const cl = v && typeof v === 'object' ? (v as Record<string, unknown>).cluster : undefined;
  if (cl !== undefined)
    m.cluster = pick(cl, { context: 'string', server: 'string', version: 'string' }, 'bundle.json', warnings);
  const lab = v && typeof v === 'object' ? (v as Record<string, unknown>).lab : undefined;
  if (lab && typeof lab === 'object') {
    const l = lab as Record<string, unknown>;
    const strings = (x: unknown): string[] =>
      Array.isArray(x) ? x.filter((y): y is string => typeof y === 'string').slice(0, 100) : [];
    m.lab = {
      scenario: typeof l.scenario === 'string' ? l.scenario : '',
      faults: strings(l.faults),
      checks: strings(l.checks),
      failing: strings(l.failing),
    };
  }
  return m;
}

function readJson<T>(text: string | undefined, file: string, warnings: ParseWarning[]): T | undefined {
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    warnings.push({ file, line: 1, message: `not valid JSON (${(e as Error).message})` });
    return undefined;
  }
}

/** What the person running us says the hosts are (`--as`): by host id, or `*` for all. */
export interface BuildOptions {
  as?: Map<string, HostKind>;
}

// Build the snapshot for every host folder of the bundle.
export function buildSnapshot(raw: RawBundle, o: BuildOptions = {}): Snapshot {
  const warnings: ParseWarning[] = [...(raw.notes ?? [])];
  const manifest = readManifest(raw.files.get('bundle.json'), warnings);
  const hostIds = new Set<string>();
  for (const k of [...raw.files.keys(), ...(raw.skipped?.keys() ?? [])]) {
    const m = /^hosts\/([^/]+)\//.exec(k);
    if (m) hostIds.add(m[1]!);
  }
  const hosts: Host[] = [];
  for (const id of [...hostIds].sort()) hosts.push(buildHost(raw, id, warnings, o));
  const snap: Snapshot = {
    source: { path: raw.path, origin: raw.origin },
    hosts,
    byId: new Map(hosts.map((h) => [h.id, h])),
    segments: [],
    segmentOf: new Map(),
    peerOf: new Map(),
    warnings,
    files: raw.files,
    coverage: [],
  };
  if (manifest) snap.manifest = manifest;
  const cluster = readCluster(raw.files, warnings, raw.origins);
  if (cluster) snap.cluster = cluster;
  linkSegments(snap);
  snap.coverage = hosts.map((h) => hostCoverage(h, raw.origin === 'file'));
  const cl = clusterCoverage(raw.files, raw.files.get('cluster/errors.json'), !!manifest?.cluster?.server);
  if (cl) snap.coverage.push(cl);
  return snap;
}

function buildHost(raw: RawBundle, id: string, warnings: ParseWarning[], o: BuildOptions): Host {
  const dir = `hosts/${id}`;
  const meta = readHostMeta(raw.files.get(`${dir}/host.json`), `${dir}/host.json`, warnings);
  const host: Host = { id, kind: 'netns', meta, dir, files: [], notCollected: [] };
  const errors = readHostErrors(raw.files.get(`${dir}/errors.json`));
  if (errors.invalid) warnings.push({ file: `${dir}/errors.json`, line: 1, message: errors.invalid });
  const absent = new Map<string, NotCollected>();
  for (const e of errors.entries) {
    absent.set(e.artifact, {
      artifact: e.artifact,
      reason: e.message,
      absentOnTarget: e.reason === 'absent',
      ...(e.reason ? { cause: e.reason } : {}),
    });
  }
  const whole = absent.get('*');
  if (whole) host.unreachable = whole.reason;
  // a pod's own iptables and sysctls rarely matter (its node's do): their absence is not worth a line
  const core = (f: FactName): boolean =>
    CORE.has(f) && !(host.meta.kind === 'pod' && (f === 'iptables' || f === 'sysctl'));
  for (const [fact, rows] of FACT_SOURCES) {
    const row = rows.find((r) => raw.files.has(`${dir}/${r.name}`));
    if (!row) {
      // in the bundle but not read (too large, not text, a link): that is why it is missing, never "absent"
      const skippedAs = rows.find((r) => raw.skipped?.has(`${dir}/${r.name}`))?.name;
      if (skippedAs) {
        host.notCollected.push({
          artifact: skippedAs,
          reason: raw.skipped!.get(`${dir}/${skippedAs}`)!,
          absentOnTarget: false,
          cause: 'unreadable',
        });
        continue;
      }
      // '*': the whole target could not be collected (pod not found, node pod refused); that is the reason
      const named =
        rows.map((r) => absent.get(r.name)).find(Boolean) ??
        (core(fact) && whole ? { ...whole, artifact: rows[0]!.name } : undefined);
      // an optional tool that is not installed (ipvsadm on an iptables node) is not worth a line
      if (named && (core(fact) || named.cause !== 'missing-binary')) host.notCollected.push(named);
      else if (core(fact))
        host.notCollected.push({ artifact: rows[0]!.name, reason: 'no file in the bundle', absentOnTarget: false });
      continue;
    }
    const path = `${dir}/${row.name}`;
    // evidence cites where the text really came from (a sosreport's file, a paste) when the input says so
    warnings.push(...row.read!(host, raw.files.get(path)!, raw.origins?.get(path) ?? path));
    host.files.push(path);
  }
  // `route` without -n names gateways (`_gateway`): the host's own neighbour names and /etc/hosts say which address
  for (const r of host.routes ?? []) {
    if (!r.gateway || parseIp(r.gateway)) continue;
    const name = r.gateway;
    const addr =
      host.neighbors?.find((n) => n.name === name)?.dst ??
      host.hostsFile?.entries.find((e) => e.names.includes(name))?.address;
    if (!addr) continue;
    r.gateway = addr;
    r.nexthops = r.nexthops.map((n) => (n.gateway === name ? { ...n, gateway: addr } : n));
  }
  // an nf_tables host captured with `nft list ruleset` only: its iptables-nft tables are its iptables rules
  if (!host.iptables && host.nft) {
    const rs = iptablesFromNft(host.nft);
    if (rs) {
      host.iptables = rs;
      host.iptablesFromNft = true;
      const names = new Set((FACT_SOURCES.get('iptables') ?? []).map((r) => r.name as string));
      host.notCollected = host.notCollected.filter((n) => !names.has(n.artifact));
    }
  }
  // images without `ip`: addresses come from /proc/net/fib_trie, placed by the connected routes
  const fib = `${dir}/fib_trie.txt`;
  if (raw.files.has(fib) && host.interfaces && host.files.includes(`${dir}/sys-class-net.txt`)) {
    const res = parseFibTrie(raw.files.get(fib)!, fib);
    warnings.push(...res.warnings, ...attachFibAddresses(host.interfaces, res.value, host.routes ?? []));
    host.files.push(fib);
  }
  for (const extra of ['host.json', 'errors.json', 'conntrack.txt'])
    if (raw.files.has(`${dir}/${extra}`)) host.files.push(`${dir}/${extra}`);
  const k = inferKind(host, o.as?.get(id) ?? o.as?.get('*'));
  host.kind = k.kind;
  if (k.why) host.kindWhy = k.why;
  return host;
}
