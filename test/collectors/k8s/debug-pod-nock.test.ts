// The collector-object API calls against nock with real-shaped bodies: create (201, 409, 403), delete (200, 404,
// 500 then retried by removeAll), and the sweep of expired pods and DaemonSets left by a crashed run.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../../src/collectors/k8s/connect.js';
import {
  CreatedObjects,
  EXPIRES,
  MANAGED_BY,
  daemonSetManifest,
  nodePodManifest,
  sweepLeftovers,
} from '../../../src/collectors/k8s/debug-pod.js';
import { tempDir } from '../../tmp.js';

const SERVER = 'https://kube.test:6443';
const dir = tempDir('dbgnock-');
writeFileSync(
  join(dir, 'config'),
  `apiVersion: v1\nkind: Config\nclusters:\n- name: t\n  cluster: {server: ${SERVER}, insecure-skip-tls-verify: true}\nusers:\n- name: u\n  user: {token: t0k}\ncontexts:\n- name: c\n  context: {cluster: t, user: u}\ncurrent-context: c\n`,
);
const conn = connect({ kubeconfig: join(dir, 'config') });
const status = (code: number, reason: string, message: string) => ({
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message,
  reason,
  code,
});
const settings = { namespace: 'kube-system', image: 'nicolaka/netshoot:v0.13', deadlineS: 180, runId: 'ab12cd' };
const PODS = '/api/v1/namespaces/kube-system/pods';
// removeAll's label sweep: two passes over the run's DaemonSets and pods, here finding nothing
const emptyRunLists = (): void => {
  const q = { labelSelector: 'kube-netdiag/run=ab12cd' };
  nock(SERVER)
    .get('/apis/apps/v1/daemonsets')
    .query(q)
    .times(2)
    .reply(200, { kind: 'DaemonSetList', apiVersion: 'apps/v1', metadata: { resourceVersion: '9' }, items: [] });
  nock(SERVER)
    .get(PODS)
    .query(q)
    .times(2)
    .reply(200, { kind: 'PodList', apiVersion: 'v1', metadata: { resourceVersion: '9' }, items: [] });
};

describe('collector objects through the API (nock)', () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());

  it('create 201 then delete 200: nothing left to remove', async () => {
    const m = nodePodManifest('worker-1', settings, Date.parse('2026-11-26T10:00:00Z'));
    expect(m.metadata).toMatchObject({
      name: expect.stringMatching(/^netdiag-ab12cd-[0-9a-f]{6}$/),
      annotations: { [EXPIRES]: '2026-11-26T10:03:00.000Z', 'kube-netdiag/node': 'worker-1' },
    });
    const name = (m.metadata as { name: string }).name;
    nock(SERVER)
      .post(PODS, (b) => b.spec.nodeName === 'worker-1')
      .reply(201, {
        ...m,
        metadata: { ...(m.metadata as object), uid: 'u1', resourceVersion: '7' },
        status: { phase: 'Pending' },
      });
    nock(SERVER)
      .delete(`${PODS}/${name}`)
      .query({ gracePeriodSeconds: '0', propagationPolicy: 'Background' })
      .reply(200, m);
    const c = new CreatedObjects(conn);
    expect(await c.create(PODS, m, 5000)).toMatchObject({ ok: true });
    expect(c.size).toBe(1);
    emptyRunLists();
    expect(await c.removeAll()).toEqual([]);
    expect(c.size).toBe(0);
    expect(nock.pendingMocks()).toEqual([]);
  });
  it('409 AlreadyExists keeps it on the removal list (it is ours by name); 403 does not', async () => {
    const m = nodePodManifest('worker-1', settings);
    const m2 = nodePodManifest('worker-2', settings);
    const name = (m.metadata as { name: string }).name;
    nock(SERVER)
      .post(PODS, (b) => b.spec.nodeName === 'worker-1')
      .reply(409, status(409, 'AlreadyExists', `pods "${name}" already exists`));
    nock(SERVER)
      .post(PODS, (b) => b.spec.nodeName === 'worker-2')
      .reply(
        403,
        status(
          403,
          'Forbidden',
          'pods is forbidden: User "viewer" cannot create resource "pods" in API group "" in the namespace "kube-system"',
        ),
      );
    const c = new CreatedObjects(conn);
    expect(await c.create(PODS, m, 5000)).toMatchObject({ ok: false, reason: 'AlreadyExists' });
    expect(await c.create(PODS, m2, 5000)).toMatchObject({
      ok: false,
      reason: 'forbidden',
      message: expect.stringMatching(/^403 Forbidden: pods is forbidden/),
    });
    expect(c.size).toBe(1);
    nock(SERVER)
      .delete(`${PODS}/${name}`)
      .query(true)
      .reply(500, status(500, 'InternalError', 'etcdserver: request timed out'));
    emptyRunLists();
    expect(await c.removeAll()).toEqual([`Pod kube-system/${name}`]);
    nock(SERVER)
      .delete(`${PODS}/${name}`)
      .query(true)
      .reply(404, status(404, 'NotFound', `pods "${name}" not found`));
    emptyRunLists();
    expect(await c.removeAll()).toEqual([]);
  });
  it('the DaemonSet: same pod template without a node, restartPolicy Always, no activeDeadlineSeconds', () => {
    const ds = daemonSetManifest(settings) as {
      spec: {
        selector: unknown;
        template: { spec: Record<string, unknown>; metadata: { labels: Record<string, string> } };
      };
    };
    expect(ds.spec.selector).toEqual({ matchLabels: { 'kube-netdiag/run': 'ab12cd' } });
    expect(ds.spec.template.metadata.labels[MANAGED_BY]).toBe('kube-netdiag');
    expect(ds.spec.template.spec).toMatchObject({
      restartPolicy: 'Always',
      hostNetwork: true,
      hostPID: true,
      tolerations: [{ operator: 'Exists' }],
    });
    expect(ds.spec.template.spec.activeDeadlineSeconds).toBeUndefined();
    expect(ds.spec.template.spec.nodeName).toBeUndefined();
  });
  it('sweep: expired or ended pods and expired DaemonSets go; a live one and DaemonSet-owned pods stay', async () => {
    const meta = (name: string, exp: string, extra = {}) => ({
      name,
      namespace: 'kube-system',
      labels: { [MANAGED_BY]: 'kube-netdiag' },
      annotations: { [EXPIRES]: exp },
      ...extra,
    });
    const sel = { labelSelector: `${MANAGED_BY}=kube-netdiag` };
    nock(SERVER)
      .get('/api/v1/pods')
      .query(sel)
      .reply(200, {
        kind: 'PodList',
        apiVersion: 'v1',
        metadata: { resourceVersion: '9' },
        items: [
          { metadata: meta('netdiag-old-1', '2026-11-26T09:00:00Z'), status: { phase: 'Running' } },
          {
            metadata: meta('netdiag-done-1', '2026-11-26T11:00:00Z'),
            status: { phase: 'Failed', reason: 'DeadlineExceeded' },
          },
          { metadata: meta('netdiag-live-1', '2026-11-26T11:00:00Z'), status: { phase: 'Running' } },
          {
            metadata: meta('netdiag-ds-x', '2026-11-26T09:00:00Z', {
              ownerReferences: [{ kind: 'DaemonSet', name: 'netdiag-old' }],
            }),
            status: { phase: 'Running' },
          },
        ],
      });
    nock(SERVER)
      .get('/apis/apps/v1/daemonsets')
      .query(sel)
      .reply(200, {
        kind: 'DaemonSetList',
        apiVersion: 'apps/v1',
        metadata: { resourceVersion: '9' },
        items: [{ metadata: meta('netdiag-old', '2026-11-26T09:00:00Z') }],
      });
    nock(SERVER).delete(`${PODS}/netdiag-old-1`).query(true).reply(200, {});
    nock(SERVER).delete(`${PODS}/netdiag-done-1`).query(true).reply(200, {});
    nock(SERVER).delete('/apis/apps/v1/namespaces/kube-system/daemonsets/netdiag-old').query(true).reply(200, {});
    const r = await sweepLeftovers(conn, Date.parse('2026-11-26T10:00:00Z'));
    expect(r).toEqual({
      removed: ['kube-system/netdiag-old-1', 'kube-system/netdiag-done-1', 'kube-system/netdiag-old'],
      errors: [],
    });
    expect(nock.pendingMocks()).toEqual([]);
  });
  it('sweep without permission to list: an error line, no throw', async () => {
    nock(SERVER)
      .get('/api/v1/pods')
      .query(true)
      .reply(
        403,
        status(
          403,
          'Forbidden',
          'pods is forbidden: User "viewer" cannot list resource "pods" in API group "" at the cluster scope',
        ),
      );
    nock(SERVER)
      .get('/apis/apps/v1/daemonsets')
      .query(true)
      .reply(403, status(403, 'Forbidden', 'daemonsets.apps is forbidden'));
    const r = await sweepLeftovers(conn);
    expect(r.removed).toEqual([]);
    expect(r.errors[0]).toMatch(/\/api\/v1\/pods: 403 pods is forbidden/);
  });
});
