// Where a collector runs: this machine, a named network namespace, a process's namespace, or a Docker container.
import { hostname } from 'node:os';
import { constants, existsSync } from 'node:fs';
import { lstat, open, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { safeHostId } from '../bundle/paths.js';
import { run } from './runner.js';

export type Target =
  | { kind: 'local' }
  | { kind: 'netns'; name: string }
  | { kind: 'pid'; pid: number; label?: string }
  | { kind: 'docker'; container: string };

/** A target whose namespace is reachable: docker containers are resolved to their PID first. */
export type Resolved = Exclude<Target, { kind: 'docker' }> & { hostId: string; container?: string };

// This machine's name as a host id: its hostname's first label (as a safe folder name), `local` without one.
export function localHostId(): string {
  const name = hostname().split('.')[0] ?? '';
  return name ? safeHostId(name) : 'local';
}

// The bundle host id: this machine's hostname, the netns name, `pid-<PID>`, or the container name (as a safe
// folder name).
export function hostIdOf(t: Target): string {
  switch (t.kind) {
    case 'local':
      return localHostId();
    case 'netns':
      return safeHostId(t.name);
    case 'pid':
      return t.label ?? `pid-${t.pid}`;
    case 'docker':
      return safeHostId(t.container);
  }
}

/** Where `ip netns` keeps named namespaces (iproute2 honours NETNS_RUN_DIR). */
const netnsDir = (): string => process.env.NETNS_RUN_DIR || '/run/netns';

// The docker CLI's failure in one line a person can act on.
function dockerWhy(container: string, r: { reason?: string; stderr: string; message?: string }, pid: number): string {
  if (r.reason === 'missing-binary') return 'the docker CLI is not installed';
  if (/Cannot connect to the Docker daemon|Is the docker daemon running|docker\.sock/i.test(r.stderr))
    return 'the docker daemon is not running (or its socket is not reachable)';
  if (r.reason === 'permission' || /permission denied/i.test(r.stderr))
    return 'permission denied on the docker socket (run as root or a member of the docker group)';
  if (/No such (object|container)/i.test(r.stderr)) return `no container named ${container} (docker ps -a lists them)`;
  if (r.reason === 'timeout') return 'docker inspect did not answer in time';
  if (pid === 0) return 'the container is not running';
  return r.message ?? 'docker inspect failed';
}

// Resolve a target to a namespace that exists: a named netns must be in /run/netns, a PID must be alive, and a
// docker container must be running (its init PID via the docker CLI). Otherwise one line says why.
export async function resolveTarget(
  t: Target,
  timeoutMs = 10_000,
): Promise<Resolved | { error: string; hostId: string; command: string }> {
  if (t.kind === 'netns') {
    // a name with a slash would be a path, not a namespace name
    if (t.name.includes('/') || t.name === '.' || t.name === '..' || !existsSync(join(netnsDir(), t.name))) {
      return {
        error: `network namespace ${t.name} does not exist (ip netns list shows the names)`,
        hostId: hostIdOf(t),
        command: `ip netns exec ${t.name}`,
      };
    }
    return { ...t, hostId: hostIdOf(t) };
  }
  if (t.kind === 'pid') {
    if (!existsSync(`/proc/${t.pid}`))
      return { error: `process ${t.pid} does not exist`, hostId: hostIdOf(t), command: `nsenter -t ${t.pid} -n` };
    return { ...t, hostId: hostIdOf(t) };
  }
  if (t.kind !== 'docker') return { ...t, hostId: hostIdOf(t) };
  const r = await run(['docker', 'inspect', '-f', '{{.State.Pid}}', t.container], { timeoutMs });
  const pid = r.ok ? Number(r.stdout.trim()) : Number.NaN;
  if (!r.ok || !Number.isInteger(pid) || pid <= 0)
    return {
      error: `docker container ${t.container}: ${dockerWhy(t.container, r, pid)}`,
      hostId: hostIdOf(t),
      command: 'docker inspect',
    };
  return { kind: 'pid', pid, label: hostIdOf(t), hostId: hostIdOf(t), container: t.container };
}

// argv that runs a command inside the target's network namespace (never a shell string).
export function wrap(t: Resolved, argv: string[]): string[] {
  switch (t.kind) {
    case 'local':
      return argv;
    case 'netns':
      return ['ip', 'netns', 'exec', t.name, ...argv];
    case 'pid':
      return ['nsenter', '-t', String(t.pid), '-n', ...argv];
  }
}

const fsError = (code: string, message: string): NodeJS.ErrnoException => Object.assign(new Error(message), { code });

// Read PATH as a process whose root is ROOT sees it: every symbolic link is resolved inside ROOT (an absolute
// target starts again at ROOT, `..` stops there), so a container's link to /etc/shadow yields its own file, never
// ours. Only a regular file is read (a FIFO would block), at most maxBytes.
export async function readInRoot(root: string, path: string, maxBytes = 16 * 1024 * 1024): Promise<string> {
  const cur: string[] = [];
  let rest = path.split('/').filter(Boolean);
  let links = 0;
  while (rest.length > 0) {
    const c = rest.shift()!;
    if (c === '.') continue;
    if (c === '..') {
      cur.pop();
      continue;
    }
    const full = join(root, ...cur, c);
    if ((await lstat(full)).isSymbolicLink()) {
      if (++links > 40) throw fsError('ELOOP', `${path}: too many symbolic links`);
      const target = await readlink(full);
      if (target.startsWith('/')) cur.length = 0;
      rest = [...target.split('/').filter(Boolean), ...rest];
    } else cur.push(c);
  }
  const fh = await open(join(root, ...cur), constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw fsError('EINVAL', `${path} is not a regular file`);
    const buf = Buffer.alloc(Math.min(st.size, maxBytes));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } finally {
    await fh.close();
  }
}

// Read /etc/<file> as the target sees it: netns overlays in /etc/netns/NAME/, a process's root for PIDs.
export async function readEtc(
  t: Resolved,
  file: string,
  timeoutMs: number,
): Promise<{ ok: true; text: string } | { ok: false; reason: string; message: string }> {
  if (t.kind === 'pid') {
    try {
      return { ok: true, text: await readInRoot(`/proc/${t.pid}/root`, `/etc/${file}`) };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') {
        // distinguish "the process is gone" from "the file does not exist in its filesystem"
        const alive = await readFile(`/proc/${t.pid}/stat`, 'utf8').then(
          () => true,
          () => false,
        );
        return alive
          ? { ok: false, reason: 'absent', message: `/etc/${file} does not exist in the target's filesystem` }
          : { ok: false, reason: 'failed', message: `process ${t.pid} is gone` };
      }
      return {
        ok: false,
        reason: code === 'EACCES' || code === 'EPERM' ? 'permission' : 'failed',
        message: (e as Error).message,
      };
    }
  }
  const r = await run(wrap(t, ['cat', `/etc/${file}`]), { timeoutMs });
  if (r.ok) return { ok: true, text: r.stdout };
  if (/No such file or directory/.test(r.stderr) && /\bcat:/.test(r.stderr))
    return { ok: false, reason: 'absent', message: `/etc/${file} does not exist in this namespace` };
  return { ok: false, reason: r.reason ?? 'failed', message: r.message ?? 'failed' };
}
