// Collects a pod's network view by exec through the API, falling back from `ip -j` to plain `ip`, net-tools and
// finally /proc and /sys (images without iproute2), every command under a remote `timeout`.
import { type ArtifactRow, FACT_SOURCES } from '../../bundle/artifacts.js';
import type { CollectError } from '../collect.js';
import { safeHostId } from '../../bundle/paths.js';
import { rec } from '../../json.js';
import type { Connection } from './connect.js';
import { type ExecResult, execInPod } from './exec.js';
import { CAT_ROOT, IN_ROOT } from './node-script.js';

export interface PodRef {
  namespace: string;
  name: string;
  /** Container to exec into (default: the first). */
  container?: string;
  node?: string;
  ip?: string;
  /** Runtime-less container id (for entering from the node). */
  containerId?: string;
}

// Host folder ids come from API names: safe as one path component whatever the API said (issue: hostile names).
export const podHostId = (p: PodRef): string => safeHostId(`${p.namespace}.${p.name}`);
export const nodeHostId = (n: string): string => safeHostId(n);

// A pod object from the API as the reference the collectors use (first container, node, IP, container id).
export function refOf(pod: R): PodRef {
  const m = rec(pod.metadata);
  const spec = rec(pod.spec);
  const st = rec(pod.status);
  const cs = Array.isArray(st.containerStatuses) ? (st.containerStatuses as R[]) : [];
  const cid = String(cs.find((c) => c.containerID)?.containerID ?? '').replace(/^[a-z0-9-]+:\/\//, '');
  const first = Array.isArray(spec.containers) ? rec((spec.containers as R[])[0]).name : undefined;
  return {
    namespace: String(m.namespace),
    name: String(m.name),
    ...(first ? { container: String(first) } : {}),
    ...(spec.nodeName ? { node: String(spec.nodeName) } : {}),
    ...(st.podIP ? { ip: String(st.podIP) } : {}),
    ...(cid ? { containerId: cid } : {}),
  };
}

type R = Record<string, unknown>;

interface Alt {
  artifact: string;
  argv: string[];
}

/** Facts a pod can do without (its neighbours rarely explain anything). */
const OPTIONAL = new Set<string>(['neighbors']);

// How a row is read by exec in a pod: its own recipe, the first local one, or `cat` of an /etc file.
function inPod(r: ArtifactRow): string[] | undefined {
  if (r.pod === false) return undefined;
  if (r.etc) return ['cat', `/etc/${r.name}`];
  return (r.pod ?? r.local?.[0])?.argvs[0];
}

/** Facts in preference order, from the artifact table; the last alternatives need only a shell or `cat`. */
export const POD_PLAN: { fact: string; alts: Alt[]; optional?: boolean }[] = [...FACT_SOURCES]
  .map(([fact, rows]) => ({
    fact,
    alts: rows.flatMap((r) => {
      const argv = inPod(r);
      return argv ? [{ artifact: r.name, argv }] : [];
    }),
    ...(OPTIONAL.has(fact) ? { optional: true } : {}),
  }))
  .filter((p) => p.alts.length > 0);

export interface PodCapture {
  files: Map<string, string>;
  errors: CollectError[];
  /** The network view could not be read this way (no tools, exec forbidden): try the next route. */
  needsFallback: boolean;
  /** Why, for the user, when needsFallback. */
  why?: string;
}

const absentFile = (r: ExecResult): boolean =>
  r.exitCode === 1 && /No such file or directory/.test(r.stderr) && !/executable file not found/.test(r.message ?? '');

// Exec the plan in one pod (or its ephemeral container); `etcRoot` reads /etc through another root (/proc/1/root).
export async function collectPodByExec(
  conn: Connection,
  pod: PodRef,
  o: {
    commandTimeoutS: number;
    schedule: <T>(fn: () => Promise<T>) => Promise<T>;
    container?: string;
    etcRoot?: string;
  },
): Promise<PodCapture> {
  const files = new Map<string, string>();
  const errors: CollectError[] = [];
  let useTimeout = true;
  let fatal: ExecResult | undefined;
  const exec = async (argv: string[]): Promise<ExecResult> => {
    const container = o.container ?? pod.container;
    const go = (wrapped: boolean) =>
      o.schedule(() =>
        execInPod(conn, {
          namespace: pod.namespace,
          pod: pod.name,
          ...(container ? { container } : {}),
          command: wrapped ? ['timeout', String(o.commandTimeoutS), ...argv] : argv,
          timeoutMs: (o.commandTimeoutS + 5) * 1000,
        }),
      );
    let r = await go(useTimeout);
    // images without coreutils' `timeout`: run bare, the client-side deadline still applies
    if (
      useTimeout &&
      r.reason === 'missing-binary' &&
      /"timeout"|timeout: not found|timeout: No such file/.test(`${r.message} ${r.stderr}`)
    ) {
      useTimeout = false;
      r = await go(false);
    }
    return r;
  };
  for (const item of POD_PLAN) {
    if (fatal) break;
    const tried: CollectError[] = [];
    for (const alt of item.alts) {
      let argv = alt.argv;
      // the target's files through another root (an ephemeral container's view of /proc/1/root): links are
      // resolved inside that root, so they never reach the debug image's own files
      if (o.etcRoot && argv[0] === 'cat' && argv[1]?.startsWith('/etc/'))
        argv = ['sh', '-c', `${IN_ROOT}\n${CAT_ROOT}\ncatroot "$1" "$2"`, 'catroot', o.etcRoot, argv[1]];
      const r = await exec(argv);
      if (r.ok) {
        files.set(alt.artifact, r.stdout);
        if (alt.artifact === 'sys-class-net.txt') {
          const fib = await exec(['cat', '/proc/net/fib_trie']);
          if (fib.ok) files.set('fib_trie.txt', fib.stdout);
          else
            errors.push({
              artifact: 'fib_trie.txt',
              command: 'cat /proc/net/fib_trie',
              reason: fib.reason ?? 'failed',
              message: fib.message ?? 'failed',
            });
        }
        tried.length = 0;
        break;
      }
      const reason = absentFile(r) ? 'absent' : (r.reason ?? 'failed');
      tried.push({ artifact: alt.artifact, command: argv.join(' '), reason, message: r.message ?? 'failed' });
      // exec itself is refused or the pod is gone: no other command will fare better
      if (
        r.reason === 'forbidden' ||
        r.reason === 'not-found' ||
        r.reason === 'unauthorized' ||
        r.reason === 'unreachable'
      ) {
        fatal = r;
        break;
      }
      if (reason === 'absent' || r.reason === 'timeout') break;
    }
    if (tried.length > 0 && !(item.optional && tried.every((t) => t.reason === 'missing-binary'))) {
      const telling = tried.find((e) => e.reason !== 'missing-binary') ?? tried[0]!;
      errors.push({
        artifact: tried[0]!.artifact,
        command: tried.map((e) => e.command).join(' | '),
        reason: telling.reason,
        message: telling.message,
      });
    }
  }
  const got = (fact: string): boolean => POD_PLAN.find((p) => p.fact === fact)!.alts.some((a) => files.has(a.artifact));
  const needsFallback = !!fatal || !got('interfaces') || !got('routes');
  const why = fatal
    ? `exec failed: ${fatal.message}`
    : needsFallback
      ? 'the image has none of ip, ifconfig, route, sh or cat'
      : undefined;
  return { files, errors, needsFallback, ...(why ? { why } : {}) };
}
