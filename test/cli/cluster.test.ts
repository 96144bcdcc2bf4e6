// capture / diagnose against a cluster, with the API server mocked by nock at the HTTP level.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KINDS } from '../../src/collectors/k8s/objects.js';
import { runCli } from '../cli-io.js';
import { tempDir } from '../tmp.js';

const SERVER = 'https://kube.test:6443';
const dir = tempDir('clicluster-');
const kubeconfig = join(dir, 'config');
writeFileSync(
  kubeconfig,
  `apiVersion: v1\nkind: Config\nclusters:\n- name: t\n  cluster: {server: ${SERVER}, insecure-skip-tls-verify: true}\nusers:\n- name: u\n  user: {token: t0k}\ncontexts:\n- name: prod-eu\n  context: {cluster: t, user: u}\ncurrent-context: prod-eu\n`,
);

const cli = (argv: string[], env: NodeJS.ProcessEnv = {}) => runCli(argv, { env });

const list = (kind: string, items: unknown[]) => ({
  kind: `${kind}List`,
  apiVersion: 'v1',
  metadata: { resourceVersion: '1' },
  items,
});

function cluster(): void {
  const s = nock(SERVER);
  for (const k of KINDS) {
    const path = k.path.split('?')[0]!;
    if (k.file === 'services')
      s.get(path)
        .query(true)
        .reply(
          200,
          list('Service', [
            {
              metadata: { name: 'web', namespace: 'shop' },
              spec: {
                clusterIP: '10.96.100.10',
                selector: { app: 'web' },
                ports: [{ port: 80, protocol: 'TCP', targetPort: 8080 }],
              },
            },
          ]),
        );
    else if (k.file === 'endpointslices')
      s.get(path)
        .query(true)
        .reply(
          200,
          list('EndpointSlice', [
            {
              metadata: { name: 'web-x', namespace: 'shop', labels: { 'kubernetes.io/service-name': 'web' } },
              addressType: 'IPv4',
              ports: [{ port: 8080, protocol: 'TCP' }],
              endpoints: [],
            },
          ]),
        );
    else s.get(path).query(true).reply(200, list(k.kind, []));
  }
  s.get('/version').reply(200, { gitVersion: 'v1.31.4' });
}

describe('cluster commands', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());
  it('diagnose --kubeconfig: cluster objects only, findings and the context in the report', async () => {
    cluster();
    const r = await cli(['diagnose', '--kubeconfig', kubeconfig, '-q', '-o', 'json']);
    const doc = JSON.parse(r.out);
    expect(r.code).toBe(1);
    expect(doc.source.cluster).toEqual({ context: 'prod-eu', server: SERVER, version: 'v1.31.4' });
    expect(doc.findings.map((f: { id: string; target: string }) => `${f.id}@${f.target}`)).toEqual([
      'service-no-endpoints@service:shop/web',
    ]);
    expect(doc.hosts).toEqual([]);
  });
  it('capture --context writes cluster/*.json and bundle.json that analyze reads back', async () => {
    cluster();
    const out = join(dir, 'bundle');
    const r = await cli(['capture', '--kubeconfig', kubeconfig, '--context', 'prod-eu', '-q', '-o', out]);
    expect(r.code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'bundle.json'), 'utf8'))).toMatchObject({
      format: 1,
      redacted: true,
      cluster: { context: 'prod-eu', version: 'v1.31.4' },
    });
    expect(JSON.parse(readFileSync(join(out, 'cluster', 'services.json'), 'utf8')).items[0]).toMatchObject({
      apiVersion: 'v1',
      kind: 'Service',
    });
    expect((await cli(['analyze', out, '-o', 'json'])).code).toBe(1);
  });
  it('--cluster with no cluster configured: exit 2, one line, the demo suggested', async () => {
    const saved = {
      KUBECONFIG: process.env.KUBECONFIG,
      HOME: process.env.HOME,
      KUBERNETES_SERVICE_HOST: process.env.KUBERNETES_SERVICE_HOST,
    };
    process.env.HOME = tempDir('home-');
    delete process.env.KUBECONFIG;
    delete process.env.KUBERNETES_SERVICE_HOST;
    try {
      const r = await cli(['diagnose', '--cluster']);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/no cluster configured.*kube-netdiag demo.*\[ERR_NO_CLUSTER\]/);
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
  });
});
