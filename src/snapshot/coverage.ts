// What the bundle covers: every target it names (hosts, and the cluster's object lists) with a status, so a report
// never presents what was not collected as healthy. Derived from the bundle alone, so live and offline agree.
import { groupClusterErrors, oneCause, readClusterErrors, readHostErrors } from '../bundle/errors.js';
import { CLUSTER_LISTS, clusterListFiles } from '../bundle/layout.js';
import { HOST_KINDS, type Host, type HostKind } from './types.js';

export type CoverageStatus = 'collected' | 'partial' | 'not-collected';

/** One requested target and how much of it was collected. */
export interface Coverage {
  /** Host id (the bundle folder), or `cluster` for the API objects. */
  target: string;
  kind: HostKind | 'cluster';
  status: CoverageStatus;
  /** One line: why nothing was collected (`not-collected`), or what a single-file analysis covers. */
  reason?: string;
  /** What is missing and why (`partial`); causes shared by several artifacts are listed once. */
  missing: { artifacts: string[]; reason: string }[];
}

/** Files in a host folder that record the capture rather than the target. */
const BOOKKEEPING = /\/(host|errors)\.json$/;

// Group artifacts by their reason, so ten lists refused for one cause become one line.
function byReason(items: { artifact: string; reason: string }[]): Coverage['missing'] {
  const groups = new Map<string, string[]>();
  for (const i of items) {
    const list = groups.get(i.reason) ?? [];
    if (!list.includes(i.artifact)) list.push(i.artifact);
    groups.set(i.reason, list);
  }
  return [...groups].map(([reason, artifacts]) => ({ artifacts, reason }));
}

// Coverage of one host folder, from the facts it yielded and what errors.json says.
export function hostCoverage(h: Host, singleFile: boolean): Coverage {
  const facts = h.files.filter((f) => !BOOKKEEPING.test(f));
  if (singleFile)
    return {
      target: h.id,
      kind: h.kind,
      status: 'collected',
      reason: `one file (${facts.map((f) => f.split('/').pop()).join(', ')}): only its facts were checked`,
      missing: [],
    };
  if (facts.length === 0) {
    const reason =
      h.unreachable ??
      oneCause(h.notCollected.filter((n) => n.reason !== 'no file in the bundle').map((n) => n.reason));
    return { target: h.id, kind: h.kind, status: 'not-collected', reason, missing: [] };
  }
  // a file that does not exist on the target (no /etc/resolv.conf) is a fact about it, not a gap in the capture
  const gaps = h.notCollected.filter((n) => !n.absentOnTarget);
  return { target: h.id, kind: h.kind, status: gaps.length ? 'partial' : 'collected', missing: byReason(gaps) };
}

// The cluster's entry: which lists are in the bundle, and what cluster/errors.json says about the others, once
// per cause.
export function clusterCoverage(
  files: Map<string, string>,
  errorsText: string | undefined,
  expected: boolean,
): Coverage | undefined {
  const have = CLUSTER_LISTS.filter((k) => clusterListFiles(files, k).length > 0);
  const read = readClusterErrors(errorsText);
  // only the lists the bundle contract names (and `*`): a hand-made file cannot fill the report with its own names
  const known = new Set<string>([...CLUSTER_LISTS, '*']);
  const errors = read.invalid
    ? [{ kind: '*', path: '', reason: 'Failed', message: `cluster/errors.json is ${read.invalid}` }]
    : read.entries.filter((e) => known.has(e.kind));
  if (!expected && have.length === 0 && errors.length === 0) return undefined;
  const whole = errors.find((e) => e.kind === '*');
  const groups = groupClusterErrors(errors.filter((e) => e.kind !== '*'));
  if (have.length === 0) {
    const reason =
      whole?.message ??
      (groups.length ? groups.map((g) => g.cause).join('; ') : 'no cluster object list in the bundle');
    return { target: 'cluster', kind: 'cluster', status: 'not-collected', reason, missing: [] };
  }
  const missing = groups.map((g) => ({ artifacts: g.kinds, reason: g.cause }));
  return { target: 'cluster', kind: 'cluster', status: missing.length ? 'partial' : 'collected', missing };
}

/** Counts for the header line (`3 of 4 targets collected`). */
export function coverageCounts(c: Coverage[]): {
  total: number;
  collected: number;
  partial: number;
  notCollected: number;
} {
  return {
    total: c.length,
    collected: c.filter((x) => x.status !== 'not-collected').length,
    partial: c.filter((x) => x.status === 'partial').length,
    notCollected: c.filter((x) => x.status === 'not-collected').length,
  };
}

// Coverage from a file listing alone (what `capture` knows without reading its artifacts back): which targets
// gave nothing and why. Partial targets show up as collected here; `analyze` tells them apart.
export function listingCoverage(files: Map<string, string>, expectCluster: boolean): Coverage[] {
  const ids = new Map<string, string[]>();
  for (const k of files.keys()) {
    const m = /^hosts\/([^/]+)\/(.+)$/.exec(k);
    if (m) ids.set(m[1]!, [...(ids.get(m[1]!) ?? []), m[2]!]);
  }
  const out: Coverage[] = [];
  for (const [id, names] of [...ids].sort((a, b) => a[0].localeCompare(b[0]))) {
    const facts = names.filter((n) => n !== 'host.json' && n !== 'errors.json');
    let kind: HostKind = 'netns';
    try {
      const k = (JSON.parse(files.get(`hosts/${id}/host.json`) ?? '{}') as { kind?: unknown }).kind;
      if (typeof k === 'string' && HOST_KINDS.has(k)) kind = k as HostKind;
    } catch {
      /* the kind only labels the line */
    }
    if (facts.length > 0) out.push({ target: id, kind, status: 'collected', missing: [] });
    else {
      const e = readHostErrors(files.get(`hosts/${id}/errors.json`));
      const whole = e.entries.find((x) => x.artifact === '*');
      out.push({
        target: id,
        kind,
        status: 'not-collected',
        reason: whole?.message ?? oneCause(e.entries.map((x) => x.message)),
        missing: [],
      });
    }
  }
  const cl = clusterCoverage(files, files.get('cluster/errors.json'), expectCluster);
  if (cl) out.push(cl);
  return out;
}
