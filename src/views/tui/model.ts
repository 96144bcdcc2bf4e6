// The terminal UI's state and the pure functions over it (targets tree, sorting, filtering), kept apart from
// blessed so that they are tested directly.
import { type Lang, type Text, text } from '../../i18n/lang.js';
import { type Finding, type RawFinding, SEVERITY_RANK, type Severity } from '../../analyzers/types.js';
import type { Report } from '../../report.js';
import type { Snapshot } from '../../snapshot/types.js';

import { initialViewStates, type ViewName, type ViewStates } from './views/index.js';

export type { ViewName };
export type Focus = 'targets' | 'findings' | 'detail' | 'view';
export type PromptKind = 'filter' | 'command' | 'search' | 'dest' | 'name';

export interface Source {
  /** What is shown: bundle path, "context (server)", or host. */
  label: string;
  mode: 'live' | 'offline';
  cluster?: { context?: string; server?: string; version?: string };
}

export interface Data {
  /** Language-free: the findings are localized when drawn, so switching language analyzes nothing again. */
  report: Report;
  snapshot: Snapshot;
}

export interface Progress {
  running: boolean;
  lines: { id: string; text: string; ok: boolean }[];
  done: number;
  total: number;
  error?: string;
}

export interface UiState {
  view: ViewName;
  focus: Focus;
  lang: Lang;
  target: number;
  finding: number;
  detailScroll: number;
  filter: string;
  /** `?` help, `d` describing the selected finding or target in full, `ctrl-a` every command and view. */
  overlay?: 'help' | 'describe' | 'commands';
  /** The findings table's order (shift + a column's letter); most severe first when unset. */
  sort?: { by: 'severity' | 'id' | 'target'; desc: boolean };
  /** First overlay line shown (an overlay scrolls when it is longer than the screen). */
  overlayScroll?: number;
  prompt?: { kind: PromptKind; text: string };
  message?: string;
  /** Each view's own state (see src/views/tui/views/). */
  views: ViewStates;
}

export function initialState(lang: Lang): UiState {
  return {
    view: 'findings',
    focus: 'findings',
    lang,
    target: 0,
    finding: 0,
    detailScroll: 0,
    filter: '',
    views: initialViewStates(),
  };
}

export interface TargetRow {
  key: string;
  label: string;
  /** The label in both languages, where it is words of ours and not a name (the `all` row). */
  labelText?: Text;
  depth: number;
  /** Host id when the row is one host (views like :raw and :routes need one). */
  host?: string;
  worst?: Severity;
  /** Targets (finding.target values) this row covers; undefined means every finding. */
  covers?: Set<string>;
  /** Why nothing was collected from this target (it is not healthy: it was not seen). */
  missing?: string;
}

const worstOf = (fs: RawFinding[]): Severity | undefined =>
  fs.reduce<Severity | undefined>(
    (w, f) => (!w || SEVERITY_RANK[f.severity] > SEVERITY_RANK[w] ? f.severity : w),
    undefined,
  );

// The targets tree: everything → cluster objects → nodes with their pods → other hosts.
export function targetRows(d: Data): TargetRow[] {
  const { report, snapshot } = d;
  const rows: TargetRow[] = [];
  const hostIds = new Set(snapshot.hosts.map((h) => h.id));
  const byTarget = new Map<string, RawFinding[]>();
  for (const f of report.findings) byTarget.set(f.target, [...(byTarget.get(f.target) ?? []), f]);
  const of = (ids: Iterable<string>): RawFinding[] => [...ids].flatMap((t) => byTarget.get(t) ?? []);
  const cl = report.source.cluster;
  const cov = new Map(report.coverage.map((c) => [c.target, c]));
  const gone = report.coverage.filter((c) => c.status === 'not-collected');
  const lost = gone.length ? `, ${gone.length} not collected` : '';
  const lostZh = gone.length ? `，${gone.length} 個未擷取` : '';
  const n = snapshot.hosts.length;
  const labelText = cl?.context
    ? text(`cluster ${cl.context}${lost}`, `叢集 ${cl.context}${lostZh}`)
    : text(`all (${n} ${n === 1 ? 'host' : 'hosts'}${lost})`, `全部（${n} 台主機${lostZh}）`);
  rows.push({
    key: '*',
    label: labelText.en,
    labelText,
    depth: 0,
    ...(worstOf(report.findings) ? { worst: worstOf(report.findings)! } : {}),
    ...(cov.get('cluster')?.status === 'not-collected'
      ? { missing: `cluster: ${cov.get('cluster')!.reason ?? ''}` }
      : {}),
  });
  // findings about cluster objects (services, "cluster") rather than one host
  const objectTargets = [...byTarget.keys()].filter((t) => !hostIds.has(t)).sort();
  for (const t of objectTargets)
    rows.push({
      key: `t:${t}`,
      label: t,
      depth: 1,
      covers: new Set([t]),
      ...(worstOf(of([t])) ? { worst: worstOf(of([t]))! } : {}),
    });
  const nodes = snapshot.hosts.filter((h) => h.kind === 'node');
  const podsOf = (n: string) => snapshot.hosts.filter((h) => h.kind === 'pod' && h.meta.node === n);
  const placed = new Set<string>();
  for (const n of nodes) {
    const pods = podsOf(n.meta.name ?? n.id).concat(n.meta.name && n.meta.name !== n.id ? podsOf(n.id) : []);
    const ids = [n.id, ...pods.map((p) => p.id)];
    const nodeText = text(
      `${n.id} (node${pods.length ? `, ${pods.length} pod${pods.length === 1 ? '' : 's'}` : ''})`,
      `${n.id}（節點${pods.length ? `，${pods.length} 個 Pod` : ''}）`,
    );
    rows.push({
      key: `h:${n.id}`,
      label: nodeText.en,
      labelText: nodeText,
      depth: 1,
      host: n.id,
      covers: new Set(ids),
      ...(worstOf(of(ids)) ? { worst: worstOf(of(ids))! } : {}),
    });
    placed.add(n.id);
    for (const p of pods) {
      // the pod's own name first: under a node at 80 columns, `kube-system.` would be all that shows
      const podLabel = p.meta.name && p.meta.namespace ? `${p.meta.name} (${p.meta.namespace})` : p.id;
      rows.push({
        key: `h:${p.id}`,
        label: podLabel,
        labelText: text(podLabel, podLabel.replace(/ \((.*)\)$/, '（$1）')),
        depth: 2,
        host: p.id,
        covers: new Set([p.id]),
        ...(worstOf(of([p.id])) ? { worst: worstOf(of([p.id]))! } : {}),
      });
      placed.add(p.id);
    }
  }
  for (const h of snapshot.hosts) {
    if (placed.has(h.id)) continue;
    const kindText = KIND_WORD[h.kind] ?? text(h.kind, h.kind);
    rows.push({
      key: `h:${h.id}`,
      label: `${h.id} (${h.kind})`,
      labelText: text(`${h.id} (${kindText.en})`, `${h.id}（${kindText['zh-TW']}）`),
      depth: 1,
      host: h.id,
      covers: new Set([h.id]),
      ...(worstOf(of([h.id])) ? { worst: worstOf(of([h.id]))! } : {}),
    });
  }
  for (const r of rows) {
    const c = r.host ? cov.get(r.host) : undefined;
    if (c?.status === 'not-collected') r.missing = c.reason ?? 'not collected';
  }
  return rows;
}

/** What a host is, in words. */
const KIND_WORD: Record<string, Text> = {
  node: text('node', '節點'),
  pod: text('pod', 'Pod'),
  host: text('host', '主機'),
  netns: text('netns', 'netns'),
  container: text('container', '容器'),
};

// Most severe first, then by target and id (stable across runs).
export function sortFindings(fs: Finding[]): Finding[] {
  return [...fs].sort(
    (a, b) =>
      SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity] ||
      a.target.localeCompare(b.target) ||
      a.id.localeCompare(b.id),
  );
}

// The findings the table shows: those of the selected target row, matching the filter regex (case-insensitive).
export function visibleFindings(
  all: Finding[],
  row: TargetRow | undefined,
  filter: string,
): { list: Finding[]; error?: string } {
  let re: RegExp | undefined;
  let error: string | undefined;
  if (filter) {
    try {
      re = new RegExp(filter, 'i');
    } catch (e) {
      error = `bad regex: ${(e as Error).message}`;
      re = new RegExp(filter.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'), 'i');
    }
  }
  const list = all.filter(
    (f) =>
      (!row?.covers || row.covers.has(f.target)) && (!re || re.test(`${f.severity} ${f.id} ${f.target} ${f.title}`)),
  );
  return { list, ...(error ? { error } : {}) };
}

// The findings in the table's chosen order (most severe first by default; ties keep that order).
export function sortedBy(fs: Finding[], sort: UiState['sort']): Finding[] {
  if (!sort || (sort.by === 'severity' && !sort.desc)) return fs;
  const key = (f: Finding): string | number =>
    sort.by === 'severity' ? -SEVERITY_RANK[f.severity] : sort.by === 'id' ? f.id : f.target;
  const out = [...fs].sort((a, b) => {
    const x = key(a);
    const y = key(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return sort.desc ? out.reverse() : out;
}

// The path to a target row in the tree: each ancestor's label, then its own (the header's breadcrumbs).
export function crumbsOf(rows: TargetRow[], at: number, lang: Lang): string[] {
  const out: string[] = [];
  let depth = Number.POSITIVE_INFINITY;
  for (let i = Math.min(at, rows.length - 1); i >= 0; i--) {
    const r = rows[i]!;
    if (r.depth < depth && r.depth > 0) {
      out.unshift((r.labelText ? r.labelText[lang] : r.label).replace(/[ （(].*$/, ''));
      depth = r.depth;
    }
  }
  return out;
}

// Keep a cursor inside [0, n) after the list changed.
export const clamp = (i: number, n: number): number => Math.max(0, Math.min(i, n - 1));

// The host a view should show: the selected row's host, else the first host of the selected row, else the first.
export function viewHost(d: Data, row: TargetRow | undefined): string | undefined {
  if (row?.host) return row.host;
  const inRow = row?.covers ? d.snapshot.hosts.find((h) => row.covers!.has(h.id)) : undefined;
  return (inRow ?? d.snapshot.hosts[0])?.id;
}
