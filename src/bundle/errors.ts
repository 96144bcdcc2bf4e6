// The capture's own records of what it could not get (hosts/<id>/errors.json, cluster/errors.json), read and
// summarised the same way by the collectors (progress, exit codes) and the snapshot (coverage in reports).

/** A cluster list that could not be read (cluster/errors.json); kind `*` means the API server itself. */
export interface ClusterError {
  kind: string;
  path: string;
  status?: number;
  reason: string;
  message: string;
}

// The one line that says why a target gave nothing: a whole-target cause, else the most common artifact cause.
export function oneCause(reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  if (sorted.length === 0) return 'no command output in the bundle';
  const [top] = sorted[0]!;
  return sorted.length === 1 ? top : `${top} (and ${sorted.length - 1} other cause${sorted.length > 2 ? 's' : ''})`;
}

/** One entry of hosts/<id>/errors.json as a reader can trust it: strings only, bounded. */
export interface HostErrorEntry {
  /** The artifact, or `*` for the whole target. */
  artifact: string;
  /** Category: missing-binary, permission, timeout, absent, not-found, failed, … */
  reason?: string;
  message: string;
}

type R = Record<string, unknown>;
const str = (x: unknown, max: number): string | undefined => (typeof x === 'string' ? x.slice(0, max) : undefined);

// The array entries of an errors.json, or why it could not be read (the file may come from anyone).
function readArray(text: string | undefined): { items: R[]; invalid?: string } {
  if (text === undefined) return { items: [] };
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { items: [], invalid: `not valid JSON (${(e as Error).message})` };
  }
  if (!Array.isArray(v)) return { items: [], invalid: 'not a JSON array' };
  return { items: v.filter((e): e is R => !!e && typeof e === 'object' && !Array.isArray(e)) };
}

// hosts/<id>/errors.json: what a target's capture could not get, and why.
export function readHostErrors(text: string | undefined): { entries: HostErrorEntry[]; invalid?: string } {
  const { items, invalid } = readArray(text);
  const entries: HostErrorEntry[] = [];
  for (const e of items) {
    const artifact = str(e.artifact, 100);
    if (artifact === undefined) continue;
    const reason = str(e.reason, 100);
    entries.push({
      artifact,
      message: str(e.message, 1000) ?? reason ?? 'not collected',
      ...(reason ? { reason } : {}),
    });
  }
  return { entries, ...(invalid ? { invalid } : {}) };
}

// cluster/errors.json: the lists (or, as `*`, the API server) that could not be read.
export function readClusterErrors(text: string | undefined): { entries: ClusterError[]; invalid?: string } {
  const { items, invalid } = readArray(text);
  const entries = items.map((e) => ({
    kind: str(e.kind, 100) ?? '*',
    path: str(e.path, 1000) ?? '',
    reason: str(e.reason, 100) ?? 'Failed',
    message: str(e.message, 1000) ?? 'not collected',
    ...(typeof e.status === 'number' ? { status: e.status } : {}),
  }));
  return { entries, ...(invalid ? { invalid } : {}) };
}

// Errors that share a cause, once: ten lists refused for the same reason are one line naming the ten lists.
export function groupClusterErrors(errors: ClusterError[]): { kinds: string[]; cause: string }[] {
  const groups = new Map<string, ClusterError[]>();
  for (const e of errors) {
    const key =
      e.reason === 'Unreachable' || e.reason === 'NotAList'
        ? `${e.reason}|${e.message}`
        : `${e.status ?? ''}|${e.reason}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()].map((g) => {
    const first = g[0]!;
    const same = g.every((e) => e.message === first.message);
    const head = first.status && first.status !== 200 ? `${first.reason} (HTTP ${first.status}): ` : '';
    return {
      kinds: g.map((e) => e.kind),
      cause: `${head}${first.message}${same || g.length === 1 ? '' : ` (and the same for ${g.length - 1} other list${g.length > 2 ? 's' : ''})`}`,
    };
  });
}
