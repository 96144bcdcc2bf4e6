// Clusters captured with v1 Endpoints and no EndpointSlices (older tools, some support bundles): the Service checks
// read them the same. The Endpoints here are written from each lab fixture's own EndpointSlices, the way the
// endpoints controller mirrors them (ready addresses, not-ready addresses, ports, one object per Service).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAnalyzers } from '../../src/analyzers/index.js';
import { readBundle } from '../../src/bundle/read.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { ROOT } from '../helpers.js';

type J = Record<string, unknown>;

// cluster/endpointslices.json → cluster/endpoints.json (v1 Endpoints List).
function asEndpoints(slicesJson: string): string {
  const items = (JSON.parse(slicesJson) as { items: J[] }).items;
  const bySvc = new Map<string, J[]>();
  for (const s of items) {
    const meta = s.metadata as { namespace: string; labels?: Record<string, string> };
    const svc = meta.labels?.['kubernetes.io/service-name'];
    if (!svc) continue;
    const key = `${meta.namespace}/${svc}`;
    bySvc.set(key, [...(bySvc.get(key) ?? []), s]);
  }
  const out = [...bySvc].map(([key, slices]) => {
    const [namespace, name] = key.split('/');
    const subsets = slices.map((s) => {
      const eps = (s.endpoints as J[] | undefined) ?? [];
      const addr = (e: J): J => ({
        ip: (e.addresses as string[])[0],
        ...(e.nodeName ? { nodeName: e.nodeName } : {}),
        ...(e.targetRef ? { targetRef: e.targetRef } : {}),
      });
      const ready = (e: J): boolean => (e.conditions as J | undefined)?.ready !== false;
      return {
        addresses: eps.filter(ready).map(addr),
        notReadyAddresses: eps.filter((e) => !ready(e)).map(addr),
        ports: s.ports,
      };
    });
    return { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace }, subsets };
  });
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items: out });
}

async function ids(fixture: string, v1: boolean): Promise<string[]> {
  const raw = await readBundle(join(ROOT, 'fixtures', fixture));
  if (v1) {
    raw.files.set('cluster/endpoints.json', asEndpoints(raw.files.get('cluster/endpointslices.json')!));
    raw.files.delete('cluster/endpointslices.json');
  }
  return runAnalyzers(buildSnapshot(raw))
    .findings.map((f) => `${f.id}@${f.target}`)
    .sort();
}

describe('v1 Endpoints where EndpointSlices are absent', () => {
  it.each(['k8s-hostgw/healthy', 'k8s-hostgw/web-not-ready', 'k8s-hostgw/endpoints-stale', 'k8s-hostgw/coredns-down'])(
    '%s: the same findings either way',
    async (f) => {
      const slices = await ids(f, false);
      expect(await ids(f, true)).toEqual(slices);
    },
  );
  it('without either, the Service checks have nothing to go on (and say nothing)', async () => {
    const raw = await readBundle(join(ROOT, 'fixtures/k8s-hostgw/web-not-ready'));
    raw.files.delete('cluster/endpointslices.json');
    const found = runAnalyzers(buildSnapshot(raw)).findings.map((x) => x.id);
    expect(found).not.toContain('service-no-endpoints');
  });
});
