// Connects like kubectl: KUBECONFIG (merged) or --kubeconfig, --context, in-cluster config; and refuses the
// client's silent fallback to http://localhost:8080 when nothing is configured.
import { existsSync } from 'node:fs';
import { delimiter } from 'node:path';
import { sleep } from '../limit.js';
import * as http from 'node:http';
import * as https from 'node:https';
import { type ChildProcess, spawn } from 'node:child_process';
import { KubeConfig } from '@kubernetes/client-node';
import { onInterrupt } from '../../cleanup.js';
import { NetdiagError, UsageError } from '../../errors.js';

// Thrown when no cluster is configured, so the user is pointed at the demo instead of a connection error.
export class NoClusterError extends NetdiagError {
  constructor(cause = 'no kubeconfig (KUBECONFIG, ~/.kube/config, --kubeconfig) and not running in a pod') {
    super(
      'ERR_NO_CLUSTER',
      `no cluster configured. Cause: ${cause}. Remedy: point KUBECONFIG at a cluster, pass --kubeconfig/--context, or try \`kube-netdiag demo\`.`,
    );
  }
}

// Thrown when the kubeconfig named cannot be used (missing, unreadable, not YAML), with the file and the reason.
export class KubeconfigError extends NetdiagError {
  constructor(file: string, why: string) {
    super(
      'ERR_KUBECONFIG',
      `kubeconfig ${file} ${why}. Remedy: check the path (kubectl config view --kubeconfig ${file} shows what kubectl reads).`,
    );
  }
}

// Load KUBECONFIG / --kubeconfig / ~/.kube/config like kubectl: an explicit file must exist; files in KUBECONFIG
// that do not exist are skipped (when none does, there is no cluster); a file that does not parse is named.
function load(kc: KubeConfig, explicit: string | undefined): void {
  if (explicit) {
    if (!existsSync(explicit)) throw new KubeconfigError(explicit, 'does not exist');
    try {
      kc.loadFromFile(explicit);
    } catch (e) {
      throw new KubeconfigError(explicit, `could not be read: ${firstLine(e)}`);
    }
    return;
  }
  const env = process.env.KUBECONFIG;
  const files = env ? env.split(delimiter).filter(Boolean) : [];
  if (files.length === 0) {
    // ~/.kube/config, or the in-cluster service account
    try {
      kc.loadFromDefault();
    } catch (e) {
      throw new KubeconfigError('~/.kube/config', `could not be read: ${firstLine(e)}`);
    }
    return;
  }
  const present = files.filter((f) => existsSync(f));
  if (present.length === 0)
    throw new NoClusterError(
      `KUBECONFIG names ${files.join(', ')}, and ${files.length === 1 ? 'that file does' : 'none of those files'} not exist`,
    );
  // merged like kubectl: the first file's current context wins; each file read once, a bad one named
  present.forEach((f, n) => {
    const one = n === 0 ? kc : new KubeConfig();
    try {
      one.loadFromFile(f);
    } catch (e) {
      throw new KubeconfigError(f, `could not be read: ${firstLine(e)}`);
    }
    if (one === kc) return;
    try {
      kc.mergeConfig(one, !!kc.currentContext);
    } catch (e) {
      throw new KubeconfigError(f, `could not be merged with the files before it: ${firstLine(e)}`);
    }
  });
}

const firstLine = (e: unknown): string =>
  (e instanceof Error ? e.message : String(e)).trim().split('\n')[0]!.slice(0, 300);

export interface Connection {
  kc: KubeConfig;
  context: string;
  server: string;
}

/** How long an exec credential plugin (aws, gke-gcloud-auth-plugin, kubelogin, an SSO helper) may take. */
export const PLUGIN_TIMEOUT_MS = 30_000;
/** Largest API answer read into memory (a page of 500 objects is a few MiB). */
export const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

// Thrown when credentials cannot be had (a plugin that fails, or never answers because it waits for a browser).
export class CredentialsError extends NetdiagError {
  constructor(message: string) {
    super(
      'ERR_CREDENTIALS',
      `${message}. Remedy: run \`kubectl get --raw /version\` to log in interactively first, or use a kubeconfig with a token or client certificate.`,
    );
  }
}

// Give the client's exec credential plugins a deadline: past it the plugin is killed and the request fails with
// a clear message instead of hanging forever (the client itself waits without limit).
function boundPlugins(kc: KubeConfig, timeoutMs: number): void {
  const auths = (kc as unknown as { authenticators?: unknown[] }).authenticators ?? [];
  for (const a of auths) {
    // the client's ExecAuth (not exported): the authenticator that spawns through `execFn`
    if (!a || typeof a !== 'object' || typeof (a as { execFn?: unknown }).execFn !== 'function') continue;
    (a as unknown as { execFn: typeof spawn }).execFn = ((cmd: string, args: string[], opts: object) => {
      // its own process group, so a plugin's children (a browser helper, a shell's sleep) are stopped with it
      const child: ChildProcess = spawn(cmd, args ?? [], {
        ...opts,
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      });
      const stop = (): void => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      };
      const timer = setTimeout(() => {
        child.stderr?.emit(
          'data',
          `the exec credential plugin "${cmd}" gave no answer within ${timeoutMs / 1000} s and was stopped`,
        );
        stop();
      }, timeoutMs);
      // outside our process group, Ctrl-C would not reach it: stop it on every signal too
      const off = onInterrupt(stop);
      child.on('exit', () => {
        clearTimeout(timer);
        off();
      });
      return child;
    }) as unknown as typeof spawn;
  }
}

// Load the configuration the way kubectl would and pick the context.
export function connect(o: { kubeconfig?: string; context?: string; pluginTimeoutMs?: number }): Connection {
  const kc = new KubeConfig();
  load(kc, o.kubeconfig);
  if (o.context) {
    if (!kc.getContextObject(o.context))
      throw new UsageError(
        `context "${o.context}" is not in the kubeconfig (contexts: ${
          kc
            .getContexts()
            .map((c) => c.name)
            .join(', ') || 'none'
        }).`,
      );
    kc.setCurrentContext(o.context);
  }
  const cluster = kc.getCurrentCluster();
  // loadFromDefault() with nothing to load invents context "loaded-context" → http://localhost:8080
  if (!cluster || (kc.getCurrentContext() === 'loaded-context' && cluster.server === 'http://localhost:8080')) {
    if (o.kubeconfig)
      throw new KubeconfigError(
        o.kubeconfig,
        'has no current context with a cluster (kubectl config get-contexts lists its contexts)',
      );
    throw new NoClusterError();
  }
  // a plain http:// server (kubectl proxy, a local API) has no TLS to verify: the client refuses it unless told to
  // skip verification, which kubectl does not ask for; mark it so for this connection only
  if (cluster.server.startsWith('http:') && !cluster.skipTLSVerify) {
    const name = cluster.name;
    (kc as unknown as { clusters: typeof kc.clusters }).clusters = kc.clusters.map((c) =>
      c.name === name ? { ...c, skipTLSVerify: true } : c,
    );
  }
  boundPlugins(kc, o.pluginTimeoutMs ?? PLUGIN_TIMEOUT_MS);
  return { kc, context: kc.getCurrentContext(), server: cluster.server };
}

// The context's credentials applied to request options; a plugin failure or timeout becomes a CredentialsError.
export async function applyCredentials(conn: Connection, opts: object): Promise<void> {
  try {
    await conn.kc.applyToHTTPSOptions(opts as never);
  } catch (e) {
    const why = ((e as Error).message || 'the exec credential plugin failed without a message')
      .trim()
      .split('\n')
      .slice(-1)[0]!;
    throw new CredentialsError(`credentials for context ${conn.context} could not be obtained: ${why.slice(0, 300)}`);
  }
}

export interface ApiResponse {
  status: number;
  body: unknown;
}

export interface RequestOptions {
  body?: unknown;
  /** Content-Type of the body (JSON merge/strategic patches differ). */
  contentType?: string;
  timeoutMs?: number;
  /** How many times a 429 Too Many Requests is retried after its Retry-After (default 3). */
  retries429?: number;
}

// One HTTP request to the API server with the context's credentials; network errors and timeouts reject.
async function once(
  conn: Connection,
  method: string,
  path: string,
  o: RequestOptions,
): Promise<ApiResponse & { retryAfter?: number }> {
  const url = new URL(path, conn.server);
  const opts: https.RequestOptions = { method, headers: {} };
  await applyCredentials(conn, opts);
  const mod = url.protocol === 'http:' ? http : https;
  if (url.protocol === 'http:') delete opts.agent;
  const payload = o.body === undefined ? undefined : Buffer.from(JSON.stringify(o.body));
  const headers: Record<string, string> = { ...(opts.headers as Record<string, string>), Accept: 'application/json' };
  if (payload)
    Object.assign(headers, {
      'Content-Type': o.contentType ?? 'application/json',
      'Content-Length': String(payload.length),
    });
  const timeoutMs = o.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    const req = mod.request(url, { ...opts, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        // a streaming or runaway answer: stop reading rather than fill memory
        if (size > MAX_RESPONSE_BYTES)
          req.destroy(
            new Error(
              `the API server's answer to ${method} ${url.pathname} was larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB; stopped reading`,
            ),
          );
        else chunks.push(c);
      });
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          /* keep the text: an error page, not JSON */
        }
        const ra = Number(res.headers['retry-after']);
        resolve({ status: res.statusCode ?? 0, body, ...(Number.isFinite(ra) ? { retryAfter: ra } : {}) });
      });
      res.on('error', reject);
    });
    // a deadline for the whole exchange, not an idle timer: a server that trickles bytes is slow too
    const timer = setTimeout(() => req.destroy(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.end(payload);
  });
}

// A request that honours 429 Retry-After (capped at 5 s a wait) before giving the answer back.
export async function request(
  conn: Connection,
  method: string,
  path: string,
  o: RequestOptions = {},
): Promise<ApiResponse> {
  const retries = o.retries429 ?? 3;
  for (let attempt = 0; ; attempt++) {
    const r = await once(conn, method, path, o);
    if (r.status !== 429 || attempt >= retries) return { status: r.status, body: r.body };
    await sleep(Math.min(5, Math.max(0.05, r.retryAfter ?? 1)) * 1000);
  }
}

// GET a path of the API server.
export function getJson(conn: Connection, path: string, timeoutMs = 15_000): Promise<ApiResponse> {
  return request(conn, 'GET', path, { timeoutMs });
}

type R = Record<string, unknown>;

// The API's Status body as reason + message; 401 gets a remedy, since expired credentials are common.
export function statusOf(res: ApiResponse): { reason: string; message: string } {
  const b = (res.body && typeof res.body === 'object' ? res.body : {}) as R;
  const reason = String(
    b.reason ?? (res.status === 401 ? 'Unauthorized' : res.status === 429 ? 'TooManyRequests' : 'Failed'),
  );
  let message = String(
    b.message ?? (typeof res.body === 'string' && res.body ? res.body.slice(0, 200) : `HTTP ${res.status}`),
  );
  if (res.status === 401)
    message += ' (the credentials were rejected: refresh them, e.g. log in again or renew the token in the kubeconfig)';
  if (res.status === 429)
    message += ' (the API server kept throttling after retries: try again, or lower --concurrency)';
  return { reason, message };
}

/** TLS verification failures by Node's error code, in words; there is never a fallback to an unverified connection. */
const TLS_WORDS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'presented a self-signed certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'presented a certificate chain ending in an untrusted self-signed CA',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'presented a certificate no trusted CA signed',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'presented a certificate whose issuer is not trusted',
  CERT_HAS_EXPIRED: 'presented an expired certificate',
  CERT_NOT_YET_VALID: 'presented a certificate that is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'presented a certificate for another name',
};

// A failed exchange with the API server in one line that names the server and the cause.
export function describeApiError(server: string, e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const code = err?.code ?? '';
  const msg = (err?.message ?? String(e)).split('\n')[0]!.slice(0, 200);
  if (TLS_WORDS[code])
    return `API server ${server} ${TLS_WORDS[code]} (${msg}); kube-netdiag does not fall back to an unverified connection: fix certificate-authority-data in the kubeconfig`;
  switch (code) {
    case 'ECONNREFUSED':
      return `API server ${server} refused the connection (is it running, and is the address right?)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `API server ${server}: the name does not resolve (${msg})`;
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `API server ${server} is unreachable from here (${msg})`;
    case 'ECONNRESET':
      return `API server ${server} closed the connection (${msg})`;
    case 'EPROTO':
      return `API server ${server}: TLS handshake failed (${msg}; an http:// server named as https://?)`;
    default:
      return /no answer within/.test(msg) ? `API server ${server} gave ${msg}` : `API server ${server}: ${msg}`;
  }
}

// What a 200 answer that should be JSON is instead: an HTML page (a proxy's login), text, or cut-off JSON.
export function notJson(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  if (/^\s*</.test(body)) return 'an HTML page, not the Kubernetes API (a login page or a proxy in front of it?)';
  if (/^\s*[[{]/.test(body)) return 'JSON that ends early (a truncated answer)';
  return body.trim() ? 'text that is not JSON' : 'an empty body';
}

export type ApiProbe = { ok: true; version?: string } | { ok: false; cause: string };

// One GET /version before anything else: an API server that cannot be reached, rejects the credentials or is not
// an API server at all is one cause, said once, instead of the same failure for every list and every target.
export async function probeApi(conn: Connection, timeoutMs = 10_000): Promise<ApiProbe> {
  let r: ApiResponse;
  try {
    r = await getJson(conn, '/version', timeoutMs);
  } catch (e) {
    if (e instanceof NetdiagError) throw e; // credentials: exit 2, the user must act
    return { ok: false, cause: describeApiError(conn.server, e) };
  }
  if (r.status === 401)
    return {
      ok: false,
      cause: `API server ${conn.server} rejected the credentials of context ${conn.context} (401): log in again or renew the token`,
    };
  if (r.status === 200) {
    const bad = notJson(r.body);
    if (bad) return { ok: false, cause: `API server ${conn.server} answered /version with ${bad}` };
    const v = (r.body as Record<string, unknown>)?.gitVersion;
    return { ok: true, ...(typeof v === 'string' && v ? { version: v.slice(0, 100) } : {}) };
  }
  // 403 and other answers: the server is there; the lists say what they can
  return { ok: true };
}
