// One interface for every third-party capture format (sosreport, troubleshoot support bundle, Cilium sysdump):
// a reader maps the files that format writes onto the bundle's own paths (docs/bundle-format.md), so everything
// after reading is the same whatever produced the capture.
import type { ParseWarning } from '../../parsers/types.js';
import type { HostErrorEntry } from '../errors.js';

/** What a format reader makes of a capture: bundle files, where each came from, and what it noticed. */
export interface FormatFiles {
  /** Bundle-relative path (hosts/<id>/<artifact>, cluster/<list>/<part>.json, …) → text. */
  files: Map<string, string>;
  /** Bundle path → the path inside the capture it came from (evidence cites that). */
  origins: Map<string, string>;
  /** Things worth saying about the capture itself (a failed command, a nested archive left unread). */
  notes?: ParseWarning[];
}

export interface SourceFormat {
  /** Shown to the user: "a troubleshoot support bundle". */
  title: string;
  /** May a file at this path (anywhere under the input) be one the format reads? Keeps memory to what matters. */
  wants(path: string): boolean;
  /** The bundle files, given the capture's files relative to its top folder; undefined when it is not this
   *  format. */
  read(files: Map<string, string>): FormatFiles | undefined;
}

// A name from someone else's machine as one safe path component of hosts/<id>/.
export const hostIdOf = (name: string): string => name.replace(/[^\w.-]/g, '_').replace(/^\.+$/, '_') || 'local';

// The reason category (as hosts/<id>/errors.json names them) of a command that failed with this exit code and
// message.
export function failReason(exitCode: string, error: string): string {
  if (exitCode === '127' || /executable file not found|command not found|no such file/i.test(error))
    return 'missing-binary';
  if (/permission denied|operation not permitted|must be root/i.test(error)) return 'permission';
  if (/timed out|timeout/i.test(error)) return 'timeout';
  return 'failed';
}

// Each host's failed commands as its errors.json, leaving out what another command of the capture did provide.
export function putErrors(out: FormatFiles, errors: Map<string, HostErrorEntry[]>): void {
  for (const [id, list] of errors) {
    const left = list.filter((e) => !out.files.has(`hosts/${id}/${e.artifact}`));
    if (left.length) out.files.set(`hosts/${id}/errors.json`, `${JSON.stringify(left)}\n`);
  }
}
