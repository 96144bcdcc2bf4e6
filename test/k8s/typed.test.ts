// The typed views of pods, Services and EndpointSlices (src/snapshot/k8s/typed.ts): every field, from a lab capture's
// lists and from hand-written edge cases (fields missing, of the wrong type, v1 Endpoints instead of slices).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCluster } from '../../src/snapshot/k8s/cluster.js';
import type { ParseWarning } from '../../src/parsers/types.js';

const FIXTURE = join(import.meta.dirname, '..', '..', 'fixtures', 'k8s-hostgw', 'coredns-loop', 'cluster');
const list = (items: unknown[]): string => JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 2);

function read(files: Record<string, string>) {
  const warnings: ParseWarning[] = [];
  const c = readCluster(new Map(Object.entries(files)), warnings)!;
  return { c, warnings };
}

describe('typed cluster objects', () => {
  it("a lab capture's pods, Services and slices, field by field", () => {
    const files = Object.fromEntries(
      ['pods', 'services', 'endpointslices'].map((l) => [
        `cluster/${l}.json`,
        readFileSync(join(FIXTURE, `${l}.json`), 'utf8'),
      ]),
    );
    const { c, warnings } = read(files);
    expect(warnings).toEqual([]);
    const pod = (name: string) => c.pods.find((p) => p.name === name)!;
    expect({ ...pod('coredns-a'), obj: undefined, labels: undefined }).toEqual({
      namespace: 'kube-system',
      name: 'coredns-a',
      nodeName: 'worker-2',
      podIPs: ['10.244.1.4'],
      hostNetwork: false,
      dnsPolicy: 'Default',
      ready: false,
      phase: 'Running',
      ports: [
        { name: 'dns', containerPort: 53, protocol: 'UDP' },
        { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
      ],
      restarts: 7,
      waiting: ['CrashLoopBackOff'],
    });
    expect(pod('coredns-a').labels['k8s-app']).toBe('kube-dns');
    expect(pod('coredns-a').obj.src.text).toBe('Pod kube-system/coredns-a');
    expect([pod('kube-proxy-x2m4q').hostNetwork, pod('kube-proxy-x2m4q').waiting]).toEqual([true, []]);
    const web = c.services.find((s) => s.name === 'web')!;
    expect([web.type, web.clusterIPs, web.selector, web.externalTrafficPolicy]).toEqual([
      'NodePort',
      ['10.96.100.10'],
      { app: 'web' },
      'Cluster',
    ]);
    expect(c.services.find((s) => s.name === 'kubernetes')!.selector).toBeUndefined();
    const dns = c.slices.find((s) => s.service === 'kube-dns')!;
    expect(dns.ports.map((p) => `${p.name} ${p.port}/${p.protocol}`)).toEqual(['dns 53/UDP', 'dns-tcp 53/TCP']);
    expect(dns.endpoints[0]).toMatchObject({ addresses: ['10.244.1.4'], ready: false });
  });
  it('missing and mistyped fields: defaults, fallbacks and nothing made up', () => {
    const { c } = read({
      'cluster/pods.json': list([
        {
          metadata: { name: 'p', namespace: 'n', labels: { a: 'x', n: 5 } },
          spec: { containers: [{ ports: [{ containerPort: '80' }, { containerPort: 81 }] }, {}], nodeName: '' },
          status: {
            podIP: '10.0.0.9',
            conditions: [
              { type: 'Ready', status: 'False' },
              { type: 'Ready', status: 'True' },
            ],
            containerStatuses: [{ restartCount: 2, state: { waiting: { reason: 'A' } } }, { restartCount: '9' }, {}],
          },
        },
      ]),
      'cluster/services.json': list([
        {
          metadata: { name: 's' },
          spec: { clusterIP: 'None', ports: [{ port: 53, targetPort: 'dns', nodePort: 'x' }, { port: '54' }] },
        },
      ]),
      'cluster/endpointslices.json': list([
        {
          metadata: { name: 'e', namespace: 'n' },
          endpoints: [{ addresses: ['10.0.0.9', 7], targetRef: { kind: 'Pod', name: 'p' }, conditions: {} }, 'x'],
        },
      ]),
    });
    const p = c.pods[0]!;
    expect(p.labels).toEqual({ a: 'x' });
    expect([p.podIPs, p.ports, p.ready, p.restarts, p.waiting, p.nodeName, p.phase, p.dnsPolicy]).toEqual([
      ['10.0.0.9'],
      [{ name: undefined, containerPort: 81, protocol: 'TCP' }],
      true,
      2,
      ['A'],
      undefined,
      undefined,
      'ClusterFirst',
    ]);
    const s = c.services[0]!;
    expect([s.namespace, s.type, s.clusterIPs, s.selector]).toEqual(['default', 'ClusterIP', [], undefined]);
    expect(s.ports).toEqual([{ name: undefined, port: 53, protocol: 'TCP', targetPort: 'dns', nodePort: undefined }]);
    const e = c.slices[0]!;
    expect([e.service, e.ports]).toEqual([undefined, []]);
    expect(e.endpoints).toEqual([
      { addresses: ['10.0.0.9'], ready: true, nodeName: undefined, targetPod: 'n/p' },
      { addresses: [], ready: true, nodeName: undefined, targetPod: undefined },
    ]);
  });
  it('v1 Endpoints stand in for slices only where no slices were captured', () => {
    const endpoints = list([
      {
        kind: 'Endpoints',
        metadata: { name: 'web', namespace: 'd' },
        subsets: [
          {
            addresses: [{ ip: '10.0.0.1', nodeName: 'w1', targetRef: { kind: 'Pod', name: 'web-1', namespace: 'd' } }],
            notReadyAddresses: [{ ip: '10.0.0.2' }, { hostname: 'no-ip' }],
            ports: [{ name: 'http', port: 8080 }],
          },
        ],
      },
      { kind: 'Endpoints', metadata: { name: 'empty', namespace: 'd' } },
    ]);
    const { c } = read({ 'cluster/endpoints.json': endpoints });
    expect(c.endpointsFrom).toBe('endpoints');
    expect(c.slices.map((s) => [s.name, s.service, s.ports.length, s.endpoints])).toEqual([
      [
        'web-0',
        'web',
        1,
        [
          { addresses: ['10.0.0.1'], ready: true, nodeName: 'w1', targetPod: 'd/web-1' },
          { addresses: ['10.0.0.2'], ready: false, nodeName: undefined, targetPod: undefined },
        ],
      ],
      ['empty', 'empty', 0, []],
    ]);
    const both = read({ 'cluster/endpoints.json': endpoints, 'cluster/endpointslices.json': list([]) }).c;
    expect([both.endpointsFrom, both.slices]).toEqual(['endpointslices', []]);
  });
});
