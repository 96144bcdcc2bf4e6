// Issue 12: cluster answers that are not answers. A server that refuses, a certificate that does not verify, a
// proxy's login page, a cut-off list, a kubeconfig that is not there: each is one line with its cause and exit 2
// or 3, never "0 hosts", exit 0, and never a stack trace. Real processes against the local fake API server.
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeApiServer, status } from '../../bench/fake-apiserver.js';
import { tempDir } from '../tmp.js';
import { NO_STACK, kn } from '../cli-io.js';

const list = (kind: string, items: unknown[]) => JSON.stringify({ kind, apiVersion: 'v1', metadata: {}, items });
const objects = new Map([
  [
    'cluster/nodes.json',
    list('NodeList', [
      {
        metadata: { name: 'worker-1' },
        spec: { podCIDR: '10.244.1.0/24' },
        status: { addresses: [{ type: 'InternalIP', address: '192.168.56.11' }] },
      },
    ]),
  ],
  ['cluster/pods.json', list('PodList', [])],
]);
const kubeconfig = (server: string, extra = ''): string =>
  `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "${server}"${extra}}\nusers:\n- name: u\n  user: {token: t0k3n}\ncontexts:\n- name: ctx\n  context: {cluster: c, user: u}\ncurrent-context: ctx\n`;

// A config file in a fresh folder; returns its path.
function config(text: string): string {
  const p = join(tempDir('kc-'), 'config');
  writeFileSync(p, text);
  return p;
}

// A port on 127.0.0.1 that nothing listens on (bound, read, released).
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe('an API server that is not there', () => {
  let refused = '';
  beforeAll(async () => {
    refused = config(kubeconfig(`https://127.0.0.1:${await closedPort()}`));
  });
  it('diagnose --cluster: the cluster is not diagnosed, the cause is said once, exit 3', async () => {
    const r = await kn(['diagnose', '--cluster'], { KUBECONFIG: refused });
    expect(r.code).toBe(3);
    const flat = r.out.replace(/\n\s+/g, ' ');
    expect(flat).toMatch(/cluster \(cluster\): API server https:\/\/127\.0\.0\.1:\d+ refused the connection/);
    expect(flat.match(/refused the connection/g)).toHaveLength(1);
    expect(r.err).toMatch(
      /cluster: ctx · https:\/\/127\.0\.0\.1:\d+ · not reachable: API server .* refused the connection/,
    );
    expect(`${r.out}${r.err}`).not.toMatch(NO_STACK);
  });
  it('capture --cluster: exit 3, and the bundle records why (analyze says the same)', async () => {
    const out = join(tempDir('trust-'), 'b.tar.gz');
    const r = await kn(['capture', '--cluster', '-q', '-o', out], { KUBECONFIG: refused });
    expect(r.code).toBe(3);
    expect(r.err).toMatch(/not collected: cluster: API server .* refused the connection/);
    const a = await kn(['analyze', out, '-o', 'json']);
    expect(a.code).toBe(3);
    const cov = (JSON.parse(a.out) as { coverage: { target: string; status: string; reason: string }[] }).coverage;
    expect(cov).toEqual([
      expect.objectContaining({
        target: 'cluster',
        status: 'not-collected',
        reason: expect.stringMatching(/refused the connection/),
      }),
    ]);
  });
  it('named nodes and pods of an unreachable cluster are each not collected, with the same one cause', async () => {
    const r = await kn(['diagnose', '--node', 'worker-1', '--pod', 'default/web', '-o', 'json'], {
      KUBECONFIG: refused,
    });
    expect(r.code).toBe(3);
    const cov = (JSON.parse(r.out) as { coverage: { target: string; status: string; reason: string }[] }).coverage;
    expect(cov.map((c) => `${c.target}:${c.status}`).sort()).toEqual([
      'cluster:not-collected',
      'default.web:not-collected',
      'worker-1:not-collected',
    ]);
    expect(new Set(cov.map((c) => c.reason.replace(/^.*(refused the connection).*$/, '$1')))).toEqual(
      new Set(['refused the connection']),
    );
  });
});

describe('kubeconfigs and flags that cannot work: exit 2, one line, cause and remedy', () => {
  it('KUBECONFIG naming a file that does not exist (kubectl skips it; with nothing left there is no cluster)', async () => {
    const r = await kn(['capture', '--cluster', '-o', join(tempDir('trust-'), 'x.tgz')], {
      KUBECONFIG: '/no/such/file',
    });
    expect(r.code).toBe(2);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toMatch(
      /no cluster configured\. Cause: KUBECONFIG names \/no\/such\/file, and that file does not exist\. Remedy: .*\[ERR_NO_CLUSTER\]/,
    );
  });
  it('--kubeconfig that does not exist, one that is not YAML, and a context that is not in it', async () => {
    const a = await kn(['diagnose', '--kubeconfig', '/no/such/config']);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(
      /^kube-netdiag: kubeconfig \/no\/such\/config does not exist\. Remedy: .*\[ERR_KUBECONFIG\]$/,
    );
    const b = await kn(['diagnose', '--kubeconfig', config('clusters: [unclosed\n')]);
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/kubeconfig .* could not be read: .*\[ERR_KUBECONFIG\]/);
    const c = await kn(['diagnose', '--kubeconfig', config(kubeconfig('https://127.0.0.1:1')), '--context', 'nope']);
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/context "nope" is not in the kubeconfig \(contexts: ctx\)/);
    for (const r of [a, b, c]) expect(r.err).not.toMatch(NO_STACK);
  });
  it('-A and -n without a pod selection say what to add; -A does not silently capture this machine', async () => {
    const dir = tempDir('trust-');
    const a = await kn(['capture', '-A', '-o', join(dir, 'b.tar.gz')]);
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/-A\/--all-namespaces .* add -l <labels>/);
    expect(existsSync(join(dir, 'b.tar.gz'))).toBe(false);
    const n = await kn(['diagnose', '-n', 'kube-system']);
    expect(n.code).toBe(2);
    expect(n.err).toMatch(/-n\/--namespace kube-system .* add --pod <name> or -l <labels>/);
  });
  it('-l with no kube context at all: exit 2 saying there is no cluster, not a capture of this machine', async () => {
    const r = await kn(['diagnose', '-l', 'app=web'], { KUBECONFIG: '/no/such/file' });
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/no cluster configured\..*\[ERR_NO_CLUSTER\]$/);
  });
  it('an exec credential plugin that never answers (waiting for a browser): stopped at 30 s, exit 2, nothing left', async () => {
    const secs = 900 + (process.pid % 97);
    const kc = kubeconfig('https://127.0.0.1:1').replace(
      'user: {token: t0k3n}',
      `user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: sh\n      args: ["-c", "sleep ${secs}"]\n      interactiveMode: Never`,
    );
    const t0 = Date.now();
    const r = await kn(['diagnose', '--cluster'], { KUBECONFIG: config(kc) }, 90_000);
    expect(r.code).toBe(2);
    expect(Date.now() - t0).toBeLessThan(60_000);
    expect(r.err).toMatch(
      /the exec credential plugin "sh" gave no answer within 30 s and was stopped.*\[ERR_CREDENTIALS\]/,
    );
    expect(r.err).not.toMatch(NO_STACK);
    let left = '';
    try {
      left = execFileSync('pgrep', ['-f', `sleep ${secs}`], { encoding: 'utf8' });
    } catch {
      /* pgrep exits 1 when nothing matches */
    }
    expect(left).toBe('');
  }, 100_000);
  it('an exec credential plugin that fails: exit 2 with its message, not a list of per-kind failures', async () => {
    const kc = `${kubeconfig('https://127.0.0.1:1').replace('user: {token: t0k3n}', 'user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: sh\n      args: ["-c", "echo token expired, run sso login >&2; exit 1"]\n      interactiveMode: Never')}`;
    const r = await kn(['diagnose', '--cluster'], { KUBECONFIG: config(kc) });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /credentials for context ctx could not be obtained: .*token expired, run sso login.*\[ERR_CREDENTIALS\]/,
    );
    expect(r.err).not.toMatch(NO_STACK);
  });
});

describe('answers that are not answers', () => {
  const servers: FakeApiServer[] = [];
  const start = async (o: ConstructorParameters<typeof FakeApiServer>[0]): Promise<FakeApiServer> => {
    const s = await new FakeApiServer({ objects, ...o }).start();
    servers.push(s);
    return s;
  };
  afterAll(async () => {
    for (const s of servers) await s.stop();
  });
  it('a plain http:// server (kubectl proxy) works as it does for kubectl, with no TLS setting', async () => {
    const s = await start({});
    const r = await kn(['diagnose', '--cluster', '-o', 'json', '--fail-on', 'none'], {
      KUBECONFIG: config(kubeconfig(s.url)),
    });
    expect(r.err).not.toMatch(/HTTP protocol is not allowed/);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as {
      coverage: { target: string; status: string }[];
      source: { cluster?: { version?: string } };
    };
    expect(doc.coverage).toEqual([expect.objectContaining({ target: 'cluster', status: 'collected' })]);
    expect(doc.source.cluster?.version).toBe('v1.31.4');
  });
  it("a proxy's HTML login page with status 200: not an empty cluster but a cluster not collected, exit 3", async () => {
    const s = await start({
      intercept: () => ({ status: 200, body: null, raw: '<!doctype html><html><body>Sign in</body></html>' }),
    });
    const r = await kn(['diagnose', '--cluster'], { KUBECONFIG: config(kubeconfig(s.url)) });
    expect(r.code).toBe(3);
    expect(r.out.replace(/\n\s+/g, ' ')).toMatch(/answered \/version with an HTML page, not the Kubernetes API/);
  });
  it('a list cut off mid-body and a 200 that is not a List: those lists are errors with their cause, the rest is kept', async () => {
    const s = await start({
      intercept: (_m, p) =>
        p === '/api/v1/services'
          ? {
              status: 200,
              body: null,
              raw: '{"kind":"ServiceList","items":[{"metadata":',
              contentType: 'application/json',
            }
          : p === '/api/v1/namespaces'
            ? { status: 200, body: { kind: 'Status', status: 'Success' } }
            : undefined,
    });
    const r = await kn(['diagnose', '--cluster', '-o', 'json', '--fail-on', 'none'], {
      KUBECONFIG: config(kubeconfig(s.url)),
    });
    expect(r.code).toBe(0); // the cluster itself answered: partial, not missing
    const cl = (
      JSON.parse(r.out) as {
        coverage: { target: string; status: string; missing: { artifacts: string[]; reason: string }[] }[];
      }
    ).coverage[0]!;
    expect(cl.status).toBe('partial');
    expect(cl.missing).toEqual(
      expect.arrayContaining([
        { artifacts: ['services'], reason: expect.stringMatching(/JSON that ends early \(a truncated answer\)/) },
        { artifacts: ['namespaces'], reason: expect.stringMatching(/JSON without an items list/) },
      ]),
    );
  });
  it('every list forbidden: one line per cause on stderr and in the coverage, not ten near-identical ones', async () => {
    const s = await start({
      intercept: (_m, p) =>
        p === '/version'
          ? undefined
          : { status: 403, body: status(403, 'Forbidden', `${p} is forbidden: User "dev" cannot list it`) },
    });
    const r = await kn(['diagnose', '--cluster', '-o', 'json'], { KUBECONFIG: config(kubeconfig(s.url)) });
    expect(r.code).toBe(3);
    expect(r.err.match(/not collected: /g)).toHaveLength(1);
    expect(r.err).toMatch(
      /not collected: nodes, pods, services, .*: Forbidden \(HTTP 403\): .* \(and the same for 9 other lists\)/,
    );
    const cl = (JSON.parse(r.out) as { coverage: { status: string; reason: string }[] }).coverage[0]!;
    expect(cl.status).toBe('not-collected');
    expect(cl.reason.match(/Forbidden/g)).toHaveLength(1);
  });
});

// Node's TLS client refuses a certificate the kubeconfig does not vouch for; we must never fall back to insecure.
const openssl = (() => {
  try {
    execFileSync('openssl', ['version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (!openssl && process.env.CI === 'true')
  throw new Error('CI=true but openssl is missing (the TLS test needs a self-signed certificate)');

describe.skipIf(!openssl)(`TLS that does not verify${openssl ? '' : ' (skipped: openssl is not installed)'}`, () => {
  it('a self-signed certificate: cluster not collected with the cause, exit 3, no request sent in the clear', async () => {
    const dir = tempDir('tls-');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    const { readFileSync } = await import('node:fs');
    const s = await new FakeApiServer({
      objects,
      tls: { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') },
    }).start();
    try {
      const r = await kn(['diagnose', '--cluster'], { KUBECONFIG: config(kubeconfig(s.url)) });
      expect(r.code).toBe(3);
      expect(r.out.replace(/\n\s+/g, ' ')).toMatch(
        /API server https:\/\/127\.0\.0\.1:\d+ presented a self-signed certificate .*does not fall back to an unverified connection/,
      );
      expect(s.requests).toEqual([]); // nothing got past the handshake
    } finally {
      await s.stop();
    }
  });
});
