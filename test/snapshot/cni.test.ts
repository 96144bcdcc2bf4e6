// Which CNI the nodes run, from what it leaves on them (src/snapshot/cni.ts), on our lab captures; and what
// follows from it: policies nobody enforces (netpol-not-enforced).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runAnalyzers } from '../../src/analyzers/index.js';
import { readBundle } from '../../src/bundle/read.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { detectCni } from '../../src/snapshot/cni.js';
import { ROOT } from '../helpers.js';

const load = async (rel: string) => readBundle(join(ROOT, 'fixtures', rel));

describe('CNI detection', () => {
  it.each([
    ['k8s-hostgw/healthy', 'flannel', 'host-gw'],
    ['k8s-vxlan/healthy', 'flannel', 'vxlan'],
    ['k8s-calico/healthy', 'calico', 'bgp'],
  ])('%s: %s (%s)', async (fixture, name, mode) => {
    expect(detectCni(buildSnapshot(await load(fixture)))).toMatchObject({ name, mode, host: 'worker-1' });
  });
  it('a bundle without nodes shows none', async () => {
    expect(detectCni(buildSnapshot(await load('bridge-nat/healthy')))).toBeUndefined();
  });
});

describe('netpol-not-enforced', () => {
  it('policies under flannel alone: reported, citing the device and the policy', async () => {
    const fs = runAnalyzers(buildSnapshot(await load('k8s-hostgw/netpol-deny-egress'))).findings;
    const f = fs.find((x) => x.id === 'netpol-not-enforced');
    expect(f).toMatchObject({ target: 'cluster', params: { mode: 'host-gw', host: 'worker-1' } });
  });
  it('a policy engine beside flannel (a calico-node pod: canal) enforces them: nothing to say', async () => {
    const raw = await load('k8s-hostgw/netpol-deny-egress');
    const pods = JSON.parse(raw.files.get('cluster/pods.json')!) as { items: Record<string, unknown>[] };
    pods.items.push({
      kind: 'Pod',
      apiVersion: 'v1',
      metadata: { name: 'calico-node-x2x9q', namespace: 'kube-system', labels: { 'k8s-app': 'calico-node' } },
      spec: { nodeName: 'worker-1', hostNetwork: true, containers: [{ name: 'calico-node' }] },
      status: { phase: 'Running' },
    });
    raw.files.set('cluster/pods.json', JSON.stringify(pods));
    const fs = runAnalyzers(buildSnapshot(raw)).findings;
    expect(fs.some((x) => x.id === 'netpol-not-enforced')).toBe(false);
  });
});
