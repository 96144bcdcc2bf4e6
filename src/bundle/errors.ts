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

// The messages of an errors.json, and its whole-target (`*`) message when there is one.
export function readErrorMessages(text: string | undefined): { whole?: string; messages: string[] } {
  if (text === undefined) return { messages: [] };
  try {
    const v = JSON.parse(text) as unknown;
    if (!Array.isArray(v)) return { messages: [] };
    const entries = v.filter((e): e is Record<string, unknown> => !!e && typeof e === 'object');
    const msg = (e: Record<string, unknown>): string => String(e.message ?? e.reason ?? 'not collected').slice(0, 1000);
    const whole = entries.find((e) => e.artifact === '*');
    return { ...(whole ? { whole: msg(whole) } : {}), messages: entries.map(msg) };
  } catch {
    return { messages: ['errors.json is not valid JSON'] };
  }
}

// Errors that share a cause, once: ten lists refused for the same reason are one line naming the ten lists.
export function groupClusterErrors(errors: ClusterError[]): { kinds: string[]; cause: string }[] {
  const groups = new Map<string, ClusterError[]>();
  for (const e of errors) {
    const key = e.reason === 'Unreachable' || e.reason === 'NotAList' ? `${e.reason}|${e.message}` : `${e.status ?? ''}|${e.reason}`;
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()].map((g) => {
    const first = g[0]!;
    const same = g.every((e) => e.message === first.message);
    const head = first.status && first.status !== 200 ? `${first.reason} (HTTP ${first.status}): ` : '';
    return { kinds: g.map((e) => e.kind), cause: `${head}${first.message}${same || g.length === 1 ? '' : ` (and the same for ${g.length - 1} other list${g.length > 2 ? 's' : ''})`}` };
  });
}
