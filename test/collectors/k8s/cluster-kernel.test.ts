// The whole cluster path on real namespaces: a fake API server fronts a k8s-hostgw lab (its objects are the
// lists, its node namespaces answer the collector pods' exec, its pod namespaces answer pod exec), and what
// `collectCluster` gathers must give exactly the findings the lab's fault declares, like the lab's own capture.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExecCall, type ExecReply, FakeApiServer } from '../../../bench/fake-apiserver.js';
import { runAnalyzers } from '../../../src/analyzers/index.js';
import { SEVERITY_RANK } from '../../../src/analyzers/types.js';
import { collectCluster } from '../../../src/collectors/k8s/cluster.js';
import { connect } from '../../../src/collectors/k8s/connect.js';
import { CreatedObjects } from '../../../src/collectors/k8s/debug-pod.js';
import { run } from '../../../src/collectors/runner.js';
import { Lab, labSupport } from '../../../src/labs/engine.js';
import { k8sHostgw } from '../../../src/labs/scenarios/k8s-cluster.js';
import { buildSnapshot } from '../../../src/snapshot/build.js';
import { tempDir } from '../../tmp.js';

const support = await labSupport();
if (!support.ok && process.env.CI === 'true')
  throw new Error(`CI=true but the cluster kernel tests cannot run: ${support.reason}`);
if (!support.ok) process.stderr.write(`\n[skip] test/collectors/k8s/cluster-kernel: ${support.reason}\n`);

/** What each pod's image lacks: web-1 is a slim image (no iproute2/net-tools), coredns is distroless. */
const LACKS: Record<string, string[] | 'all'> = {
  'default.web-1': ['ip', 'ifconfig', 'route'],
  'kube-system.coredns-a': 'all',
  'kube-system.coredns-b': 'all',
};

function labExec(lab: Lab) {
  // biome-ignore lint/suspicious/noExplicitAny: the pod is an untyped API body
  return async (c: ExecCall, pod: Record<string, any>): Promise<ExecReply> => {
    const collector = pod.metadata.labels?.['app.kubernetes.io/managed-by'] === 'kube-netdiag';
    const id = collector ? String(pod.spec.nodeName) : `${c.namespace}.${c.pod}`;
    if (!collector) {
      const lacks = LACKS[id] ?? [];
      const inner = c.command[0] === 'timeout' ? c.command.slice(2) : c.command;
      if (lacks === 'all') return { missing: c.command[0]! };
      if (lacks.includes(inner[0]!))
        return c.command[0] === 'timeout'
          ? { stderr: `timeout: failed to run command '${inner[0]}': No such file or directory\n`, exitCode: 127 }
          : { missing: inner[0]! };
    }
    const r = await run(['ip', 'netns', 'exec', lab.ns(id), ...c.command], { timeoutMs: 60_000 });
    return { stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode ?? (r.ok ? 0 : 1) };
  };
}

describe.skipIf(!support.ok)(
  `cluster collection against a lab cluster${support.ok ? '' : ` (skipped: ${support.reason})`}`,
  () => {
    let before = '';
    beforeAll(async () => {
      before = (await run(['iptables-save'])).stdout.replace(/^#.*\n/gm, '');
    });
    afterAll(async () => {
      expect((await run(['iptables-save'])).stdout.replace(/^#.*\n/gm, '')).toBe(before);
    });
    for (const [fault, daemonset] of [
      ['(healthy)', false],
      ['kube-proxy-stale', false],
      ['pod-dns-mismatch', false],
      ['coredns-loop', false],
      ['kube-proxy-stale', true],
    ] as const) {
      it(`k8s-hostgw / ${fault}: --all-nodes${daemonset ? ' --daemonset' : ''} + --pod through the API gives the fault's findings`, async () => {
        const spec = fault === '(healthy)' ? undefined : k8sHostgw.faults[fault];
        const lab = new Lab();
        const server = new FakeApiServer({ objects: lab.bundleFiles, exec: labExec(lab) });
        try {
          await k8sHostgw.build(lab, fault === '(healthy)' ? [] : [fault]);
          // the lab's objects only exist after the build: load them now
          for (const p of JSON.parse(lab.bundleFiles.get('cluster/pods.json')!).items)
            server.pods.set(`${p.metadata.namespace}/${p.metadata.name}`, p);
          await server.start();
          const dir = tempDir('ck-');
          writeFileSync(join(dir, 'config'), server.kubeconfig('lab'));
          const conn = connect({ kubeconfig: join(dir, 'config') });
          const files = new Map<string, string>();
          const r = await collectCluster(conn, {
            pods: ['default/client', 'default/web-1', 'kube-system/coredns-a'],
            namespace: 'default',
            allNamespaces: false,
            nodes: [],
            allNodes: true,
            readOnly: false,
            daemonset,
            debugNamespace: 'kube-system',
            concurrency: 8,
            nodeTimeoutMs: 60_000,
            commandTimeoutS: 10,
            redact: true,
            created: new CreatedObjects(conn),
            sink: (p, t) => void files.set(p, t),
          });
          expect(r.hosts.sort()).toEqual([
            'default.client',
            'default.web-1',
            'kube-system.coredns-a',
            'kube-system.coredns-b',
            'worker-1',
            'worker-2',
          ]);
          // the slim image went through /proc, the distroless one was entered from its node
          expect(
            files.has('hosts/default.web-1/sys-class-net.txt') && files.has('hosts/default.web-1/proc-net-route.txt'),
          ).toBe(true);
          expect(files.has('hosts/kube-system.coredns-a/ip-addr.json')).toBe(true);
          expect(server.leftovers()).toEqual([]);
          expect(server.daemonsets.size).toBe(0);
          const snap = buildSnapshot({ path: 'api', origin: 'dir', files });
          const findings = runAnalyzers(snap).findings;
          const got = [
            ...new Set(
              findings
                .filter((f) => f.severity !== 'info' || spec?.expect.some((e) => e.startsWith(`${f.id}@`)))
                .map((f) => `${f.id}@${f.target}`),
            ),
          ].sort();
          expect(got).toEqual([...(spec?.expect ?? [])].filter((e) => !e.endsWith('@lan')).sort());
          if (!spec) expect(findings.filter((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK.critical)).toEqual([]);
          expect(snap.warnings).toEqual([]);
        } finally {
          await server.stop();
          await lab.down();
        }
      });
    }
  },
);
