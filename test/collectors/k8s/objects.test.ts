// The cluster-object collector against an API server mocked at the HTTP level with real-shaped bodies.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { NoClusterError, connect } from '../../../src/collectors/k8s/connect.js';
import { KINDS, collectClusterObjects } from '../../../src/collectors/k8s/objects.js';
import { tempDir } from '../../tmp.js';

const SERVER = 'https://kube.test:6443';
const dir = tempDir('kube-');
const kubeconfig = join(dir, 'config');
writeFileSync(
  kubeconfig,
  `apiVersion: v1
kind: Config
clusters:
- name: test
  cluster: {server: ${SERVER}, insecure-skip-tls-verify: true}
users:
- name: netdiag
  user: {token: planted-token-value}
contexts:
- name: prod-eu
  context: {cluster: test, user: netdiag}
current-context: prod-eu
`,
);

const list = (kind: string, items: unknown[], cont?: string) => ({
  kind: `${kind}List`,
  apiVersion: 'v1',
  metadata: { resourceVersion: '4711', ...(cont ? { continue: cont } : {}) },
  items,
});
const status = (code: number, reason: string, message: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  code,
});
const pod = (name: string) => ({
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"secret":"planted"}' },
    managedFields: [{ manager: 'kubectl' }],
  },
  spec: {
    containers: [
      {
        name: 'app',
        env: [
          { name: 'DB_PASSWORD', value: 'planted-env-secret' },
          { name: 'FROM_SECRET', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } },
        ],
      },
    ],
  },
  status: { podIP: '10.244.0.7' },
});

// Every kind answers with an empty list unless a test says otherwise.
function api(overrides: Record<string, (scope: nock.Scope) => void>): void {
  const scope = nock(SERVER).persist(false);
  for (const k of KINDS) {
    const path = k.path.split('?')[0]!;
    if (overrides[k.file]) overrides[k.file]!(scope);
    else scope.get(path).query(true).reply(200, list(k.kind, []));
  }
  scope.get('/version').reply(200, { major: '1', minor: '31', gitVersion: 'v1.31.4' });
}

describe('cluster objects through the API (mocked with nock)', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());

  it('pages with limit/continue, adds kind/apiVersion like kubectl, sends the bearer token', async () => {
    api({
      pods: (s) => {
        s.get('/api/v1/pods')
          .query({ limit: '2' })
          .matchHeader('authorization', 'Bearer planted-token-value')
          .reply(200, list('Pod', [pod('a'), pod('b')], 'tok-1'));
        s.get('/api/v1/pods')
          .query({ limit: '2', continue: 'tok-1' })
          .reply(200, list('Pod', [pod('c')]));
      },
    });
    const r = await collectClusterObjects(connect({ kubeconfig }), { pageSize: 2 });
    const pods = JSON.parse(r.files.get('cluster/pods.json')!);
    expect(pods.kind).toBe('List');
    expect(pods.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['a', 'b', 'c']);
    expect(pods.items[0]).toMatchObject({ apiVersion: 'v1', kind: 'Pod' });
    expect(r.version).toBe('v1.31.4');
    expect(r.errors).toEqual([]);
  });
  it('403, 404 and 500 are recorded per kind with the API message; the other kinds are still written', async () => {
    api({
      networkpolicies: (s) =>
        s
          .get('/apis/networking.k8s.io/v1/networkpolicies')
          .query(true)
          .reply(
            403,
            status(
              403,
              'Forbidden',
              'networkpolicies.networking.k8s.io is forbidden: User "system:serviceaccount:default:netdiag" cannot list resource "networkpolicies" in API group "networking.k8s.io" at the cluster scope',
            ),
          ),
      endpointslices: (s) =>
        s
          .get('/apis/discovery.k8s.io/v1/endpointslices')
          .query(true)
          .reply(404, status(404, 'NotFound', 'the server could not find the requested resource')),
      events: (s) =>
        s
          .get('/api/v1/events')
          .query(true)
          .reply(500, status(500, 'InternalError', 'etcdserver: request timed out')),
    });
    const r = await collectClusterObjects(connect({ kubeconfig }));
    expect(r.errors.map((e) => `${e.kind}:${e.status}:${e.reason}`).sort()).toEqual([
      'endpointslices:404:NotFound',
      'events:500:InternalError',
      'networkpolicies:403:Forbidden',
    ]);
    expect(r.errors.find((e) => e.kind === 'networkpolicies')!.message).toMatch(
      /cannot list resource "networkpolicies"/,
    );
    expect(r.files.has('cluster/pods.json')).toBe(true);
    expect(r.files.has('cluster/networkpolicies.json')).toBe(false);
    expect(JSON.parse(r.files.get('cluster/errors.json')!)).toHaveLength(3);
  });
  it('a list that changes between pages (410 Expired): starts over once and succeeds', async () => {
    api({
      services: (s) => {
        s.get('/api/v1/services')
          .query({ limit: '1' })
          .reply(200, list('Service', [{ metadata: { name: 'a', namespace: 'x' } }], 'old'));
        s.get('/api/v1/services')
          .query({ limit: '1', continue: 'old' })
          .reply(
            410,
            status(410, 'Expired', 'The provided continue parameter is too old to display a consistent list result.'),
          );
        s.get('/api/v1/services')
          .query({ limit: '1' })
          .reply(200, list('Service', [{ metadata: { name: 'a2', namespace: 'x' } }]));
      },
    });
    const r = await collectClusterObjects(connect({ kubeconfig }), { pageSize: 1 });
    expect(
      JSON.parse(r.files.get('cluster/services.json')!).items.map(
        (s: { metadata: { name: string } }) => s.metadata.name,
      ),
    ).toEqual(['a2']);
  });
  it('401 (expired token): recorded per kind with a remedy', async () => {
    api({
      pods: (s) =>
        s
          .get('/api/v1/pods')
          .query(true)
          .reply(401, status(401, 'Unauthorized', 'Unauthorized')),
    });
    const r = await collectClusterObjects(connect({ kubeconfig }));
    expect(r.errors).toEqual([expect.objectContaining({ kind: 'pods', status: 401, reason: 'Unauthorized' })]);
    expect(r.errors[0]!.message).toMatch(/credentials were rejected: refresh them/);
  });
  it('429 with Retry-After: waits and retries, then succeeds; a server that keeps throttling is reported', async () => {
    api({
      services: (s) => {
        s.get('/api/v1/services')
          .query(true)
          .reply(429, status(429, 'TooManyRequests', 'Too many requests, please try again later.'), {
            'Retry-After': '0.05',
          });
        s.get('/api/v1/services')
          .query(true)
          .reply(200, list('Service', [{ metadata: { name: 'a', namespace: 'x' } }]));
      },
      events: (s) =>
        s
          .get('/api/v1/events')
          .query(true)
          .times(4)
          .reply(429, status(429, 'TooManyRequests', 'Too many requests, please try again later.'), {
            'Retry-After': '0.05',
          }),
    });
    const r = await collectClusterObjects(connect({ kubeconfig }));
    expect(JSON.parse(r.files.get('cluster/services.json')!).items).toHaveLength(1);
    expect(r.errors).toEqual([expect.objectContaining({ kind: 'events', status: 429 })]);
    expect(r.errors[0]!.message).toMatch(/kept throttling/);
    expect(nock.pendingMocks()).toEqual([]);
  });
  it('a slow answer: the kind times out, the others are written', async () => {
    api({ nodes: (s) => s.get('/api/v1/nodes').query(true).delay(2000).reply(200, list('Node', [])) });
    const r = await collectClusterObjects(connect({ kubeconfig }), { timeoutMs: 300 });
    expect(r.errors).toEqual([
      expect.objectContaining({
        kind: 'nodes',
        reason: 'Unreachable',
        message: `API server ${SERVER} gave no answer within 300 ms`,
      }),
    ]);
    expect(r.files.has('cluster/pods.json')).toBe(true);
  });
  it('only the kube-proxy and coredns ConfigMaps are kept, and of them only the keys an analyzer reads', async () => {
    api({
      pods: (s) =>
        s
          .get('/api/v1/pods')
          .query(true)
          .reply(200, list('Pod', [pod('a')])),
      configmaps: (s) =>
        s
          .get('/api/v1/namespaces/kube-system/configmaps')
          .query(true)
          .reply(
            200,
            list('ConfigMap', [
              { metadata: { name: 'kube-proxy', namespace: 'kube-system' }, data: { 'config.conf': 'mode: ""\n' } },
              { metadata: { name: 'app-settings', namespace: 'kube-system' }, data: { token: 'planted-cm-secret' } },
            ]),
          ),
    });
    const r = await collectClusterObjects(connect({ kubeconfig }));
    const all = [...r.files.values()].join('\n');
    expect(all).not.toMatch(/planted/);
    expect(
      JSON.parse(r.files.get('cluster/configmaps.json')!).items.map(
        (c: { metadata: { name: string } }) => c.metadata.name,
      ),
    ).toEqual(['kube-proxy']);
    expect(r.redacted).toBe(0);
    expect(JSON.parse(r.files.get('cluster/configmaps.json')!).items[0].data).toEqual({ 'config.conf': 'mode: ""\n' });
  });
  it('an API server that refuses connections (a closed loopback port): Unreachable per kind, no throw', async () => {
    const refused = join(dir, 'refused');
    writeFileSync(refused, readFileSync(kubeconfig, 'utf8').replace(SERVER, 'https://127.0.0.1:1'));
    nock.enableNetConnect('127.0.0.1:1');
    try {
      const r = await collectClusterObjects(connect({ kubeconfig: refused }), { timeoutMs: 3000 });
      expect(r.errors).toHaveLength(KINDS.length);
      expect(
        r.errors.every(
          (e) =>
            e.reason === 'Unreachable' &&
            e.message ===
              'API server https://127.0.0.1:1 refused the connection (is it running, and is the address right?)',
        ),
      ).toBe(true);
      expect(r.files.get('cluster/errors.json')).toBeDefined();
    } finally {
      nock.disableNetConnect();
    }
  });
  it('no cluster configured: NoClusterError (exit 2) pointing at the demo', () => {
    const saved = {
      KUBECONFIG: process.env.KUBECONFIG,
      HOME: process.env.HOME,
      KUBERNETES_SERVICE_HOST: process.env.KUBERNETES_SERVICE_HOST,
    };
    process.env.HOME = tempDir('home-');
    delete process.env.KUBECONFIG;
    delete process.env.KUBERNETES_SERVICE_HOST;
    try {
      expect(() => connect({})).toThrow(NoClusterError);
      expect(() => connect({})).toThrow(/kube-netdiag demo/);
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  });
  it('an unknown --context is a usage error naming the contexts there are', () => {
    expect(() => connect({ kubeconfig, context: 'staging' })).toThrow(
      /context "staging" is not in the kubeconfig \(contexts: prod-eu\)/,
    );
  });
});
