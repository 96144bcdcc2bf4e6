// Secrets stay out of bundles and reports: JSON is redacted value by value and still parses; the text rules catch
// the forms secrets really take; cluster objects keep only what an analyzer reads (issue 11, items 2, 7).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeApiServer } from '../../bench/fake-apiserver.js';
import { collectClusterObjects } from '../../src/collectors/k8s/objects.js';
import { connect } from '../../src/collectors/k8s/connect.js';
import { redact, redactJsonText } from '../../src/collectors/redact.js';
import { reportFromSnapshot } from '../../src/report.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { fixture } from '../helpers.js';
import { tempDir } from '../tmp.js';

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('JSON artifacts', () => {
  it('a Service named sealed-secrets-controller in nft -j output and a token: alias leave the document whole', () => {
    const nft = JSON.stringify({
      nftables: [
        {
          rule: {
            family: 'ip',
            table: 'kube-proxy',
            chain: 'services',
            comment: 'kube-system/sealed-secrets-controller:http',
            expr: [{ match: { op: '==', left: { payload: { protocol: 'ip', field: 'daddr' } }, right: '10.96.7.7' } }],
          },
        },
        { rule: { comment: 'default/web:http' } },
      ],
    });
    const r = redactJsonText(nft);
    expect(r.text).toBe(nft);
    const ip = JSON.stringify([
      { ifname: 'eth0', ifalias: 'uplink token: s3cr3t-value', addr_info: [{ local: '10.0.0.5', prefixlen: 24 }] },
      { ifname: 'eth1', addr_info: [] },
    ]);
    const masked = redactJsonText(ip);
    const doc = JSON.parse(masked.text) as { ifname: string; ifalias?: string; addr_info: unknown[] }[];
    expect(doc.map((i) => i.ifname)).toEqual(['eth0', 'eth1']);
    expect(doc[0]!.ifalias).toBe('uplink token: [REDACTED]');
    expect(doc[0]!.addr_info).toEqual([{ local: '10.0.0.5', prefixlen: 24 }]);
    expect(redactJsonText('{"password":"hunter2","n":1}').text).toBe('{"password":"[REDACTED]","n":1}');
  });
});

describe('text rules', () => {
  const planted: [string, string][] = [
    ['url', 'forward . tls://app:planted-url-pass@dns.example.net'],
    ['aws', 'AWS_ACCESS_KEY_ID=AKIAPLANTEDAWS123456 in the environment'],
    ['aws-bare', 'key AKIAPLANTEDAWS123456 seen'],
    ['env', 'DB_PASS=planted-db-pass'],
    ['spaced', 'password planted-spaced-pass'],
    ['bindpw', 'bindpw planted-bindpw'],
    ['flag', 'app --db-password planted-flag-pass --api-key=planted-api-key'],
    ['kubeadm', '-A INPUT -m comment --comment "kubeadm join --token abcdef.0123456789abcdef" -j ACCEPT'],
    ['pgp', '-----BEGIN PGP PRIVATE KEY BLOCK-----\nplanted-pgp-body\n-----END PGP PRIVATE KEY BLOCK-----'],
    ['keydata', 'client-key-data: planted-key-data'],
    ['json-in-text', '{"token": "planted-json-token"}'],
  ];
  for (const [what, text] of planted) {
    it(`${what}: masked`, () => {
      const r = redact(text);
      expect(r.text).not.toMatch(/planted|AKIAPLANTED|0123456789abcdef/);
      expect(r.count).toBeGreaterThan(0);
    });
  }
  it('leaves network captures and nsswitch databases alone', () => {
    for (const f of [
      'bridge-nat/healthy/hosts/host/iptables-save.txt',
      'bridge-nat/healthy/hosts/host/ip-route.txt',
      'bridge-nat/healthy/hosts/blue/resolv.conf',
    ]) {
      const t = fixture(f);
      expect(redact(t)).toEqual({ text: t, count: 0 });
    }
    const ns = 'passwd:         files systemd\nhosts:          files dns\n';
    expect(redact(ns)).toEqual({ text: ns, count: 0 });
  });
});

describe('cluster objects: only what an analyzer reads', () => {
  it('a capture of a cluster with secrets planted in every listed place contains none of them', async () => {
    const list = (items: unknown[]) => JSON.stringify({ kind: 'List', apiVersion: 'v1', items });
    const container = (n: string) => ({
      name: n,
      image: 'app:1',
      args: ['--db-password', `planted-${n}-arg`, '--api-key=planted-key', 'postgres://app:planted-pg@db'],
      command: ['run', 'planted-command'],
      env: [{ name: 'TOKEN', value: `planted-${n}-env` }],
      ports: [{ containerPort: 8080, name: 'http' }],
    });
    const podSpec = { nodeName: 'w1', containers: [container('app')], initContainers: [container('init')] };
    const objects = new Map([
      [
        'cluster/pods.json',
        list([
          {
            metadata: {
              name: 'p',
              namespace: 'default',
              labels: { app: 'web' },
              annotations: { note: 'planted-annotation' },
            },
            spec: podSpec,
            status: {
              phase: 'Running',
              podIP: '10.244.0.9',
              containerStatuses: [
                {
                  name: 'app',
                  ready: false,
                  restartCount: 3,
                  state: { waiting: { reason: 'CrashLoopBackOff', message: 'planted-waiting-message' } },
                  lastState: { terminated: { reason: 'Error', exitCode: 1, message: 'planted-terminated-message' } },
                },
              ],
            },
          },
        ]),
      ],
      ['apps-daemonsets', ''],
      [
        'cluster/daemonsets.json',
        list([
          {
            metadata: { name: 'ds', namespace: 'kube-system' },
            spec: {
              template: {
                metadata: { labels: { a: 'b' }, annotations: { x: 'planted-template-annotation' } },
                spec: podSpec,
              },
            },
          },
        ]),
      ],
      [
        'cluster/deployments.json',
        list([{ metadata: { name: 'coredns', namespace: 'kube-system' }, spec: { template: { spec: podSpec } } }]),
      ],
      [
        'cluster/events.json',
        list([
          {
            metadata: { name: 'e', namespace: 'default' },
            type: 'Warning',
            reason: 'BackOff',
            message: 'planted-event-message',
            involvedObject: { kind: 'Pod', name: 'p' },
          },
        ]),
      ],
      [
        'cluster/configmaps.json',
        list([
          {
            metadata: { name: 'kube-proxy', namespace: 'kube-system' },
            data: {
              'config.conf': 'mode: iptables\n',
              'kubeconfig.conf': 'users:\n- user:\n    client-key-data: planted-client-key\n',
            },
          },
          {
            metadata: { name: 'coredns', namespace: 'kube-system' },
            data: { Corefile: '.:53 {\n    forward . tls://u:planted-corefile-pass@1.1.1.1\n}\n' },
          },
        ]),
      ],
    ]);
    objects.delete('apps-daemonsets');
    server = await new FakeApiServer({ objects }).start();
    const dir = tempDir('secrets-');
    writeFileSync(join(dir, 'config'), server.kubeconfig('c'));
    const r = await collectClusterObjects(connect({ kubeconfig: join(dir, 'config') }));
    const all = [...r.files.values()].join('\n');
    expect(all.match(/planted[\w-]*/g) ?? []).toEqual([]);
    // what the analyzers read is still there
    const pods = JSON.parse(r.files.get('cluster/pods.json')!).items;
    expect(pods[0].spec.containers[0].ports).toEqual([{ containerPort: 8080, name: 'http' }]);
    expect(pods[0].status.containerStatuses[0]).toMatchObject({
      restartCount: 3,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
    });
    expect(JSON.parse(r.files.get('cluster/configmaps.json')!).items[1].data.Corefile).toContain(
      'forward . tls://u:[REDACTED]@1.1.1.1',
    );
  });
  it('a report from a bundle not marked redacted masks secrets in its evidence', () => {
    const files = new Map<string, string>();
    for (const f of ['ip-addr.txt', 'ip-route.txt', 'resolv.conf'])
      files.set(`hosts/blue/${f}`, fixture(`bridge-nat/no-default-route/hosts/blue/${f}`));
    files.set('hosts/blue/resolv.conf', 'nameserver 192.168.1.3 # password=planted-evidence-token\n');
    for (const redacted of [false, true]) {
      files.set('bundle.json', JSON.stringify({ format: 1, redacted }));
      const report = reportFromSnapshot(buildSnapshot({ path: 'x', origin: 'dir', files }));
      const f = report.findings.find((x) => x.id === 'dns-nameserver-unreachable')!;
      // a bundle that says it was redacted is shown as it is; one that does not is masked
      expect(f.evidence.map((e) => e.text)).toContain(
        redacted
          ? 'nameserver 192.168.1.3 # password=planted-evidence-token'
          : 'nameserver 192.168.1.3 # password=[REDACTED]',
      );
    }
  });
});
