// `--as KIND` / `--as HOST=KIND`: say what a captured host is when its capture does not (a single file, a paste).
import { UsageError } from '../errors.js';
import { HOST_KINDS, type HostKind } from '../snapshot/types.js';

const KINDS = ['node', 'pod', 'host', 'container', 'netns'];

// The --as values as host id → kind (`*` for every host); a wrong one is a usage error naming the choices.
export function parseAs(values: string[] | undefined): Map<string, HostKind> | undefined {
  if (!values || values.length === 0) return undefined;
  const out = new Map<string, HostKind>();
  for (const v of values) {
    const eq = v.lastIndexOf('=');
    const [id, kind] = eq < 0 ? ['*', v] : [v.slice(0, eq), v.slice(eq + 1)];
    if (!HOST_KINDS.has(kind) || !id)
      throw new UsageError(`--as ${v}: write KIND or HOST=KIND, KIND one of ${KINDS.join(', ')}.`);
    out.set(id, kind as HostKind);
  }
  return out;
}
