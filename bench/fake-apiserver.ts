// A local stand-in for a Kubernetes API server (plain HTTP, or HTTPS with a given certificate, + WebSocket), used by the benchmark and the tests:
// paged lists, pods and DaemonSets that start after a delay, DELETE with garbage collection of owned pods,
// Status bodies shaped like the real ones, and pod exec over v5/v4.channel.k8s.io with scripted results.
import { randomBytes } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

type R = Record<string, unknown>;
const rec = (v: unknown): R => (v && typeof v === 'object' && !Array.isArray(v) ? (v as R) : {});

export interface ExecCall {
  namespace: string;
  pod: string;
  container?: string;
  command: string[];
}

export interface ExecReply {
  stdout?: string | Buffer;
  stderr?: string;
  exitCode?: number;
  /** The runtime cannot find this binary (containerd's message, on the status channel). */
  missing?: string;
  /** Never answer (the client must give up by itself). */
  hang?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
}

export interface FakeOptions {
  /** cluster/*.json Lists (as a capture holds them): served as the API's lists. */
  objects?: Map<string, string>;
  exec?: (call: ExecCall, pod: R) => ExecReply | Promise<ExecReply>;
  /** Milliseconds before a created pod runs (default 30). */
  podStartMs?: number;
  /** Images that never pull (ImagePullBackOff). */
  badImages?: string[];
  /** Subprotocols this server speaks, best first (default v5 then v4). */
  protocols?: string[];
  /** Fault injection: answer a request before the normal handling. */
  intercept?: (
    method: string,
    path: string,
    body: R | undefined,
  ) => { status: number; body: unknown; delayMs?: number; raw?: string; contentType?: string } | undefined;
  /** Serve HTTPS with this key and certificate (a self-signed one tests that TLS is verified). */
  tls?: { key: string; cert: string };
  /** A slow admission webhook: a created pod or DaemonSet exists, and the POST answers, only after this delay. */
  admissionDelayMs?: number;
  /** Largest page a list returns (the client's limit wins when smaller). */
  pageSize?: number;
}

export const status = (code: number, reason: string, message: string, details?: R): R => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  ...(details ? { details } : {}),
  code,
});

const LISTS: Record<string, { file: string; kind: string }> = {
  '/api/v1/nodes': { file: 'nodes', kind: 'NodeList' },
  '/api/v1/pods': { file: 'pods', kind: 'PodList' },
  '/api/v1/services': { file: 'services', kind: 'ServiceList' },
  '/apis/discovery.k8s.io/v1/endpointslices': { file: 'endpointslices', kind: 'EndpointSliceList' },
  '/apis/networking.k8s.io/v1/networkpolicies': { file: 'networkpolicies', kind: 'NetworkPolicyList' },
  '/api/v1/namespaces': { file: 'namespaces', kind: 'NamespaceList' },
  '/api/v1/namespaces/kube-system/configmaps': { file: 'configmaps', kind: 'ConfigMapList' },
  '/apis/apps/v1/namespaces/kube-system/daemonsets': { file: 'daemonsets', kind: 'DaemonSetList' },
  '/apis/apps/v1/namespaces/kube-system/deployments': { file: 'deployments', kind: 'DeploymentList' },
  '/api/v1/events': { file: 'events', kind: 'EventList' },
};

// Equality-based label selectors (k=v, k!=v, k), which is all kube-netdiag sends.
function matchLabels(sel: string, labels: R): boolean {
  return sel
    .split(',')
    .filter(Boolean)
    .every((term) => {
      const ne = /^([^!=]+)!=(.*)$/.exec(term);
      if (ne) return labels[ne[1]!] !== ne[2];
      const eq = /^([^=]+)==?(.*)$/.exec(term);
      if (eq) return labels[eq[1]!] === eq[2];
      return term in labels;
    });
}

export class FakeApiServer {
  readonly requests: { method: string; path: string }[] = [];
  readonly pods = new Map<string, R>();
  readonly daemonsets = new Map<string, R>();
  readonly execs: ExecCall[] = [];
  private readonly server: Server;
  private readonly wss: WebSocketServer;
  private rv = 1000;
  url = '';

  constructor(private readonly o: FakeOptions = {}) {
    for (const p of this.listItems('pods'))
      this.pods.set(`${String(rec(p.metadata).namespace)}/${String(rec(p.metadata).name)}`, p);
    const handler = (req: IncomingMessage, res: ServerResponse): void => void this.handle(req, res);
    this.server = o.tls ? createHttpsServer({ key: o.tls.key, cert: o.tls.cert }, handler) : createServer(handler);
    this.wss = new WebSocketServer({
      noServer: true,
      handleProtocols: (offered) =>
        (o.protocols ?? ['v5.channel.k8s.io', 'v4.channel.k8s.io']).find((p) => offered.has(p)) ?? false,
    });
    this.server.on('upgrade', (req, socket, head) => void this.upgrade(req, socket as import('node:net').Socket, head));
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `${this.o.tls ? 'https' : 'http'}://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const c of this.wss.clients) c.terminate();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  // A kubeconfig pointing at this server with a bearer token.
  kubeconfig(context = 'fake', token = 'planted-kube-token'): string {
    return `apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster: {server: "${this.url}", insecure-skip-tls-verify: true}\nusers:\n- name: u\n  user: {token: ${token}}\ncontexts:\n- name: ${context}\n  context: {cluster: fake, user: u}\ncurrent-context: ${context}\n`;
  }

  /** Objects this run created and has not deleted (debug pods, DaemonSets and their pods). */
  leftovers(): string[] {
    const mine = (o: R) => rec(rec(o.metadata).labels)['app.kubernetes.io/managed-by'] === 'kube-netdiag';
    return [...[...this.pods.values()].filter(mine), ...[...this.daemonsets.values()].filter(mine)].map(
      (o) => `${String(o.kind)} ${String(rec(o.metadata).namespace)}/${String(rec(o.metadata).name)}`,
    );
  }

  private listItems(file: string): R[] {
    const text = this.o.objects?.get(`cluster/${file}.json`);
    if (!text) return [];
    return (rec(JSON.parse(text)).items as R[] | undefined) ?? [];
  }

  private send(
    res: ServerResponse,
    code: number,
    body: unknown,
    delayMs = 0,
    raw?: { text: string; type: string },
  ): void {
    const go = (): void => {
      if (res.destroyed) return;
      res.writeHead(code, { 'Content-Type': raw?.type ?? 'application/json' });
      res.end(raw ? raw.text : JSON.stringify(body));
    };
    if (delayMs > 0) setTimeout(go, delayMs);
    else go();
  }

  private startPod(key: string): void {
    setTimeout(() => {
      const p = this.pods.get(key);
      if (!p) return;
      const spec = rec(p.spec);
      const c = (spec.containers as R[])[0]!;
      const bad = (this.o.badImages ?? []).includes(String(c.image));
      p.status = {
        phase: bad ? 'Pending' : 'Running',
        hostIP: '192.168.56.10',
        podIP: spec.hostNetwork ? '192.168.56.10' : '10.244.9.9',
        containerStatuses: [
          {
            name: String(c.name),
            ready: !bad,
            restartCount: 0,
            image: c.image,
            state: bad
              ? { waiting: { reason: 'ImagePullBackOff', message: `Back-off pulling image "${String(c.image)}"` } }
              : { running: { startedAt: new Date().toISOString() } },
          },
        ],
      };
    }, this.o.podStartMs ?? 30);
  }

  private createPod(ns: string, body: R): R {
    const m = rec(body.metadata);
    const pod: R = {
      ...body,
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: {
        ...m,
        namespace: ns,
        uid: randomBytes(16).toString('hex'),
        resourceVersion: String(++this.rv),
        creationTimestamp: new Date().toISOString(),
      },
      status: { phase: 'Pending' },
    };
    const key = `${ns}/${String(m.name)}`;
    this.pods.set(key, pod);
    this.startPod(key);
    return pod;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: `${url.pathname}${url.search}` });
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: R | undefined;
    try {
      body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as R) : undefined;
    } catch {
      return this.send(res, 400, status(400, 'BadRequest', 'the body of the request was in an unknown format'));
    }
    const hit = this.o.intercept?.(method, url.pathname, body);
    if (hit)
      return this.send(
        res,
        hit.status,
        hit.body,
        hit.delayMs,
        hit.raw !== undefined ? { text: hit.raw, type: hit.contentType ?? 'text/html' } : undefined,
      );
    const p = url.pathname;
    if (p === '/version')
      return this.send(res, 200, { major: '1', minor: '31', gitVersion: 'v1.31.4', platform: 'linux/amd64' });
    let m: RegExpExecArray | null;
    // pods: list (all or one namespace), get, create, delete, ephemeral containers
    if (method === 'GET' && (p === '/api/v1/pods' || (m = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(p)))) {
      const ns = p === '/api/v1/pods' ? undefined : /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(p)![1];
      return this.list(
        res,
        url,
        'PodList',
        [...this.pods.values()].filter((x) => !ns || rec(x.metadata).namespace === ns),
      );
    }
    if ((m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)(\/ephemeralcontainers)?$/.exec(p))) {
      const key = `${m[1]}/${m[2]}`;
      const pod = this.pods.get(key);
      if (method === 'GET' && !m[3])
        return pod
          ? this.send(res, 200, pod)
          : this.send(res, 404, status(404, 'NotFound', `pods "${m[2]}" not found`, { name: m[2], kind: 'pods' }));
      if (method === 'DELETE' && !m[3]) {
        if (!pod)
          return this.send(res, 404, status(404, 'NotFound', `pods "${m[2]}" not found`, { name: m[2], kind: 'pods' }));
        this.pods.delete(key);
        return this.send(res, 200, pod);
      }
      if (method === 'PATCH' && m[3]) {
        if (!pod)
          return this.send(res, 404, status(404, 'NotFound', `pods "${m[2]}" not found`, { name: m[2], kind: 'pods' }));
        const add = (rec(body?.spec).ephemeralContainers as R[] | undefined) ?? [];
        const spec = rec(pod.spec);
        spec.ephemeralContainers = [...((spec.ephemeralContainers as R[] | undefined) ?? []), ...add];
        setTimeout(() => {
          const st = rec(pod.status);
          st.ephemeralContainerStatuses = [
            ...((st.ephemeralContainerStatuses as R[] | undefined) ?? []),
            ...add.map((c) => ({
              name: c.name,
              image: c.image,
              ready: false,
              restartCount: 0,
              state: { running: { startedAt: new Date().toISOString() } },
            })),
          ];
          pod.status = st;
        }, this.o.podStartMs ?? 30);
        return this.send(res, 200, pod);
      }
    }
    if (method === 'POST' && this.o.admissionDelayMs && /\/(pods|daemonsets)$/.test(p))
      await new Promise((r) => setTimeout(r, this.o.admissionDelayMs));
    if (method === 'POST' && (m = /^\/api\/v1\/namespaces\/([^/]+)\/pods$/.exec(p))) {
      const name = String(rec(body?.metadata).name ?? '');
      if (this.pods.has(`${m[1]}/${name}`))
        return this.send(
          res,
          409,
          status(409, 'AlreadyExists', `pods "${name}" already exists`, { name, kind: 'pods' }),
        );
      return this.send(res, 201, this.createPod(m[1]!, body ?? {}));
    }
    // DaemonSets: create (pods appear on every node), get, delete (pods go with it), list by label
    if ((m = /^\/apis\/apps\/v1\/namespaces\/([^/]+)\/daemonsets(?:\/([^/]+))?$/.exec(p))) {
      const ns = m[1]!;
      if (method === 'POST' && !m[2]) {
        const name = String(rec(body?.metadata).name);
        const ds: R = {
          ...body,
          kind: 'DaemonSet',
          apiVersion: 'apps/v1',
          metadata: {
            ...rec(body?.metadata),
            namespace: ns,
            uid: randomBytes(16).toString('hex'),
            creationTimestamp: new Date().toISOString(),
          },
        };
        this.daemonsets.set(`${ns}/${name}`, ds);
        const tpl = rec(rec(body?.spec).template);
        for (const node of this.listItems('nodes')) {
          const nodeName = String(rec(node.metadata).name);
          this.createPod(ns, {
            metadata: {
              name: `${name}-${randomBytes(3).toString('hex').slice(0, 5)}`,
              labels: rec(tpl.metadata).labels,
              ownerReferences: [
                { apiVersion: 'apps/v1', kind: 'DaemonSet', name, uid: rec(ds.metadata).uid, controller: true },
              ],
            },
            spec: { ...rec(tpl.spec), nodeName },
          });
        }
        return this.send(res, 201, ds);
      }
      if (m[2]) {
        const key = `${ns}/${m[2]}`;
        const ds = this.daemonsets.get(key);
        if (!ds)
          return this.send(
            res,
            404,
            status(404, 'NotFound', `daemonsets.apps "${m[2]}" not found`, {
              name: m[2],
              group: 'apps',
              kind: 'daemonsets',
            }),
          );
        if (method === 'DELETE') {
          this.daemonsets.delete(key);
          for (const [k, pod] of this.pods)
            if ((rec(pod.metadata).ownerReferences as R[] | undefined)?.some((o) => o.uid === rec(ds.metadata).uid))
              this.pods.delete(k);
        }
        return this.send(res, 200, ds);
      }
    }
    if (method === 'GET' && p === '/apis/apps/v1/daemonsets')
      return this.list(res, url, 'DaemonSetList', [...this.daemonsets.values()]);
    const l = LISTS[p];
    if (method === 'GET' && l) return this.list(res, url, l.kind, this.listItems(l.file));
    return this.send(res, 404, status(404, 'NotFound', 'the server could not find the requested resource'));
  }

  // A paged list: `limit` and an opaque `continue` token, label and field selectors applied first.
  private list(res: ServerResponse, url: URL, kind: string, all: R[]): void {
    let items = all;
    const ls = url.searchParams.get('labelSelector');
    if (ls) items = items.filter((x) => matchLabels(ls, rec(rec(x.metadata).labels)));
    const fs = url.searchParams.get('fieldSelector');
    for (const term of (fs ?? '').split(',').filter(Boolean)) {
      const [k, v] = term.split('=');
      if (k === 'spec.nodeName') items = items.filter((x) => rec(x.spec).nodeName === v);
      if (k === 'type') items = items.filter((x) => x.type === v);
    }
    const limit = Math.min(Number(url.searchParams.get('limit') ?? 0) || Infinity, this.o.pageSize ?? Infinity);
    const start = Number(Buffer.from(url.searchParams.get('continue') ?? '', 'base64').toString() || 0);
    const page = items.slice(start, start + limit).map((x) => {
      const { kind: _k, apiVersion: _a, ...rest } = x;
      return rest;
    });
    const next = start + limit < items.length ? Buffer.from(String(start + limit)).toString('base64') : undefined;
    this.send(res, 200, {
      kind,
      apiVersion: kind.startsWith('DaemonSet') ? 'apps/v1' : 'v1',
      metadata: { resourceVersion: String(this.rv), ...(next ? { continue: next } : {}) },
      items: page,
    });
  }

  private upgradeRefused(socket: import('node:net').Socket, code: number, body: R): void {
    const text = JSON.stringify(body);
    socket.end(
      `HTTP/1.1 ${code} ${code === 403 ? 'Forbidden' : code === 404 ? 'Not Found' : 'Bad Request'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
    );
  }

  private async upgrade(req: IncomingMessage, socket: import('node:net').Socket, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    this.requests.push({ method: 'EXEC', path: `${url.pathname}${url.search}` });
    const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec$/.exec(url.pathname);
    if (!m)
      return this.upgradeRefused(
        socket,
        404,
        status(404, 'NotFound', 'the server could not find the requested resource'),
      );
    const hit = this.o.intercept?.('EXEC', url.pathname, undefined);
    if (hit) return this.upgradeRefused(socket, hit.status, hit.body as R);
    const pod = this.pods.get(`${m[1]}/${m[2]}`);
    if (!pod)
      return this.upgradeRefused(
        socket,
        404,
        status(404, 'NotFound', `pods "${m[2]}" not found`, { name: m[2], kind: 'pods' }),
      );
    const call: ExecCall = {
      namespace: m[1]!,
      pod: m[2]!,
      command: url.searchParams.getAll('command'),
      ...(url.searchParams.get('container') ? { container: url.searchParams.get('container')! } : {}),
    };
    const running = rec(pod.status).phase === 'Running';
    if (!running)
      return this.upgradeRefused(
        socket,
        400,
        status(400, 'BadRequest', `pod ${m[2]} is not running (phase ${String(rec(pod.status).phase)})`),
      );
    this.execs.push(call);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const frame = (ch: number, data: string | Buffer): Buffer =>
        Buffer.concat([Buffer.from([ch]), Buffer.isBuffer(data) ? data : Buffer.from(data)]);
      void (async () => {
        let reply: ExecReply;
        try {
          reply = (await this.o.exec?.(call, pod)) ?? { stdout: '' };
        } catch (e) {
          reply = { stderr: `fake exec handler failed: ${(e as Error).message}`, exitCode: 1 };
        }
        if (reply.hang) return; // the client must time out and close
        if (reply.delayMs) await new Promise((r) => setTimeout(r, reply.delayMs));
        if (ws.readyState !== ws.OPEN) return;
        let st: R;
        if (reply.missing) {
          st = status(
            500,
            'InternalError',
            `Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${randomBytes(32).toString('hex')}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${reply.missing}": executable file not found in $PATH: unknown`,
          );
        } else {
          const out = reply.stdout ?? '';
          // real servers stream output in chunks; so does this one
          const buf = Buffer.isBuffer(out) ? out : Buffer.from(out);
          for (let i = 0; i < buf.length; i += 16 * 1024) ws.send(frame(1, buf.subarray(i, i + 16 * 1024)));
          if (reply.stderr) ws.send(frame(2, reply.stderr));
          const code = reply.exitCode ?? 0;
          st =
            code === 0
              ? { metadata: {}, status: 'Success' }
              : {
                  metadata: {},
                  status: 'Failure',
                  message: `command terminated with non-zero exit code: error executing command [${call.command.join(' ')}], exit code ${code}`,
                  reason: 'NonZeroExitCode',
                  details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
                };
        }
        if (ws.protocol === 'v5.channel.k8s.io') {
          ws.send(Buffer.from([255, 1]));
          ws.send(Buffer.from([255, 2]));
        }
        ws.send(frame(3, JSON.stringify(st)));
        ws.close(1000);
      })();
    });
  }
}
