// Runs a command in a pod's container through the API server's exec endpoint (WebSocket, v5/v4.channel.k8s.io),
// taking the exit code from the status channel; never throws: every failure is classified for errors.json.
import WebSocket from 'ws';
import { type Connection, applyCredentials } from './connect.js';

/** Channel bytes of the k8s streaming protocol (v4: 0 stdin, 1 stdout, 2 stderr, 3 status; v5 adds 255 close). */
export const CHANNEL = { stdin: 0, stdout: 1, stderr: 2, status: 3, resize: 4, close: 255 } as const;
export const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

export type ExecReason =
  | 'missing-binary'
  | 'permission'
  | 'timeout'
  | 'failed'
  | 'forbidden'
  | 'not-found'
  | 'unauthorized'
  | 'unreachable';

export interface ExecResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  exitCode?: number;
  reason?: ExecReason;
  message?: string;
  /** The subprotocol the server chose. */
  protocol?: string;
}

export interface ExecRequest {
  namespace: string;
  pod: string;
  container?: string;
  command: string[];
  /** Client-side deadline; the connection is cut when it passes. */
  timeoutMs?: number;
  /** Output beyond this many bytes per stream is dropped (with a note in the message). */
  maxBytes?: number;
}

type R = Record<string, unknown>;

// The exec URL: one `command` parameter per argv element, as kubectl sends it.
export function execPath(q: ExecRequest): string {
  const p = new URLSearchParams();
  for (const c of q.command) p.append('command', c);
  if (q.container) p.set('container', q.container);
  p.set('stdout', 'true');
  p.set('stderr', 'true');
  return `/api/v1/namespaces/${encodeURIComponent(q.namespace)}/pods/${encodeURIComponent(q.pod)}/exec?${p.toString()}`;
}

// What a status-channel Status means: exit 0, a non-zero exit code, or a failure to start the command.
export function classifyStatus(st: R, stderr: string): Pick<ExecResult, 'ok' | 'exitCode' | 'reason' | 'message'> {
  if (st.status === 'Success') return { ok: true, exitCode: 0 };
  const causes = Array.isArray((st.details as R | undefined)?.causes) ? ((st.details as R).causes as R[]) : [];
  const code = causes.find((c) => c.reason === 'ExitCode');
  const message = String(st.message ?? 'command failed');
  const notFound =
    /executable file not found|no such file or directory|not found in \$PATH/i.test(message) ||
    /: not found$|No such file or directory/m.test(stderr);
  if (code) {
    const exitCode = Number(code.message);
    // 124 is coreutils/busybox `timeout` giving up; 126/127 are the shell's "cannot run" / "not found"
    const reason: ExecReason =
      exitCode === 124
        ? 'timeout'
        : exitCode === 127 || (exitCode === 126 && notFound)
          ? 'missing-binary'
          : exitCode === 126
            ? 'permission'
            : 'failed';
    return { ok: false, exitCode, reason, message: firstLine(stderr) || message };
  }
  return {
    ok: false,
    reason: notFound ? 'missing-binary' : /permission denied/i.test(message) ? 'permission' : 'failed',
    message,
  };
}

const firstLine = (s: string): string => s.trim().split('\n')[0]?.slice(0, 300) ?? '';

// Classify an HTTP answer to the upgrade request (403 RBAC, 404 pod gone, 400 container not running, ...).
function rejected(status: number, text: string): ExecResult {
  let body: R = {};
  try {
    body = JSON.parse(text) as R;
  } catch {
    /* not a Status */
  }
  const message = String(body.message ?? (text.slice(0, 200) || `HTTP ${status}`));
  const reason: ExecReason =
    status === 403 ? 'forbidden' : status === 404 ? 'not-found' : status === 401 ? 'unauthorized' : 'failed';
  return {
    ok: false,
    stdout: '',
    stderr: '',
    reason,
    message: `${status} ${String(body.reason ?? '')}: ${message}`.replace(' : ', ': '),
  };
}

// Run one command; resolves when the status arrives and the connection closes, or when the deadline passes.
export async function execInPod(conn: Connection, q: ExecRequest): Promise<ExecResult> {
  const url = new URL(execPath(q), conn.server);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  const opts: {
    headers?: Record<string, string>;
    ca?: unknown;
    cert?: unknown;
    key?: unknown;
    rejectUnauthorized?: boolean;
    agent?: unknown;
  } = {};
  try {
    await applyCredentials(conn, opts);
  } catch (e) {
    return { ok: false, stdout: '', stderr: '', reason: 'unauthorized', message: (e as Error).message };
  }
  delete opts.agent;
  const max = q.maxBytes ?? 64 * 1024 * 1024;
  const timeoutMs = q.timeoutMs ?? 30_000;
  return new Promise<ExecResult>((resolve) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let errBytes = 0;
    let clipped = false;
    let status: R | undefined;
    let settled = false;
    const ws = new WebSocket(url, PROTOCOLS, { ...(opts as object), handshakeTimeout: Math.min(timeoutMs, 15_000) });
    const finish = (r: Omit<ExecResult, 'stdout' | 'stderr'> & { stdout?: string; stderr?: string }): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const stdout = r.stdout ?? Buffer.concat(out).toString('utf8');
      const stderr = r.stderr ?? Buffer.concat(err).toString('utf8');
      resolve({
        ...r,
        stdout,
        stderr,
        ...(clipped ? { message: `${r.message ?? ''}${r.message ? '; ' : ''}output clipped at ${max} bytes` } : {}),
      });
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.terminate();
    };
    const timer = setTimeout(
      () => finish({ ok: false, reason: 'timeout', message: `no result within ${timeoutMs} ms (connection closed)` }),
      timeoutMs,
    );
    ws.on('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      // a refusal is a short Status; read at most 1 MiB of it
      res.on('data', (c: Buffer) => {
        if ((size += c.length) <= 1024 * 1024) chunks.push(c);
      });
      res.on('end', () => finish({ ...rejected(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8')) }));
      res.on('error', () => finish(rejected(res.statusCode ?? 0, '')));
    });
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      const buf = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
      if (buf.length === 0) return;
      // base64 variants send text frames whose first character is the channel digit
      const ch = isBinary ? buf[0]! : buf[0]! - 48;
      const payload = isBinary ? buf.subarray(1) : Buffer.from(buf.subarray(1).toString('latin1'), 'base64');
      if (ch === CHANNEL.stdout || ch === CHANNEL.stderr) {
        const room = max - (ch === CHANNEL.stdout ? outBytes : errBytes);
        const part = payload.length > room ? payload.subarray(0, Math.max(0, room)) : payload;
        if (part.length < payload.length) clipped = true;
        if (ch === CHANNEL.stdout) {
          out.push(part);
          outBytes += part.length;
        } else {
          err.push(part);
          errBytes += part.length;
        }
      } else if (ch === CHANNEL.status) {
        try {
          status = JSON.parse(payload.toString('utf8')) as R;
        } catch {
          status = { status: 'Failure', message: `unreadable status: ${payload.toString('utf8').slice(0, 100)}` };
        }
      }
      // CHANNEL.close (v5) only says a stream ended; the status and the close frame end the command
    });
    ws.on('close', () => {
      if (status) finish({ ...classifyStatus(status, Buffer.concat(err).toString('utf8')), protocol: ws.protocol });
      else
        finish({
          ok: false,
          reason: 'failed',
          message: 'the connection closed before the command reported its exit status',
          protocol: ws.protocol,
        });
    });
    ws.on('error', (e: Error & { code?: string }) => {
      const unreachable = /ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ETIMEDOUT|ECONNRESET/.test(e.code ?? e.message);
      finish({ ok: false, reason: unreachable ? 'unreachable' : 'failed', message: e.message });
    });
  });
}
