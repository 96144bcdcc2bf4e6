// Reads /etc/nsswitch.conf into per-database service lists with their [STATUS=action] criteria.
//
// Sample (Debian 12 default, and Ubuntu's mdns line):
//   passwd:         files systemd
//   hosts:          files dns
//   hosts:          files mdns4_minimal [NOTFOUND=return] dns myhostname
import { Warnings, eachLine, guard, src, stripComment } from './lines.js';
import type { ParseResult, Source } from './types.js';

export type NssStatus = 'success' | 'notfound' | 'unavail' | 'tryagain';

export interface NssAction {
  status: NssStatus;
  negated: boolean;
  action: 'return' | 'continue' | 'merge';
}

export interface NssService {
  name: string;
  /** Criteria written after this service, e.g. `[NOTFOUND=return]`. */
  actions: NssAction[];
}

export interface NssDatabase {
  services: NssService[];
  src: Source;
}

export type Nsswitch = Map<string, NssDatabase>;

const STATUSES = new Set(['success', 'notfound', 'unavail', 'tryagain']);

// Parse nsswitch.conf text; the last line for a database wins, as in glibc.
export function parseNsswitch(text: string, file: string): ParseResult<Nsswitch> {
  return guard(
    file,
    () => new Map(),
    () => {
      const w = new Warnings(file);
      const out: Nsswitch = new Map();
      eachLine(text, w, (line, i) => {
        const s = stripComment(line);
        if (s === '') return;
        const m = /^([a-z_]+)\s*:\s*(.*)$/i.exec(s);
        if (!m) return w.add(i + 1, 'not a "database: services" line', line);
        const db: NssDatabase = { services: [], src: src(file, i, line) };
        const body = m[2]!;
        const re = /\[([^\]]*)\]|(\S+)/g;
        let t: RegExpExecArray | null;
        while ((t = re.exec(body)) !== null) {
          if (t[2]) {
            db.services.push({ name: t[2], actions: [] });
            continue;
          }
          const last = db.services[db.services.length - 1];
          if (!last) {
            w.add(i + 1, 'action criteria before any service', line);
            continue;
          }
          for (const crit of t[1]!.trim().split(/\s+/).filter(Boolean)) {
            const c = /^(!?)([a-z]+)=([a-z]+)$/i.exec(crit);
            const status = c?.[2]?.toLowerCase();
            const action = c?.[3]?.toLowerCase();
            if (!c || !STATUSES.has(status!) || !['return', 'continue', 'merge'].includes(action!)) {
              w.add(i + 1, `action "${crit}" not understood`, line);
              continue;
            }
            last.actions.push({
              status: status as NssStatus,
              negated: c[1] === '!',
              action: action as NssAction['action'],
            });
          }
        }
        out.set(m[1]!.toLowerCase(), db);
      });
      return { value: out, warnings: w.done() };
    },
  );
}

/** What glibc uses for `hosts` when nsswitch.conf or its hosts line is absent (docs/networking-facts.md §nsswitch). */
export const GLIBC_DEFAULT_HOSTS = 'dns [!UNAVAIL=return] files';
