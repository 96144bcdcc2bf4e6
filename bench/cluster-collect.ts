// One simulated cluster capture, run as its own process so its peak RSS is its own:
// `node dist/bench/cluster-collect.js NODES EXEC_MS CONCURRENCY` prints one JSON line of figures.
// The API server is the local fake (pods start after 20 ms; every exec answers after EXEC_MS with a node's
// worth of output: a 2,000-rule iptables-save), and the bundle is written to a temporary directory.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { collectCluster } from '../src/collectors/k8s/cluster.js';
import { connect } from '../src/collectors/k8s/connect.js';
import { CreatedObjects } from '../src/collectors/k8s/debug-pod.js';
import { type ExecCall, FakeApiServer } from './fake-apiserver.js';

const RULES = Array.from(
  { length: 2000 },
  (_, i) =>
    `-A KUBE-SERVICES -d 10.96.${i >> 8}.${i & 255}/32 -p tcp -m comment --comment "ns/svc-${i}:http cluster IP" -m tcp --dport 80 -j KUBE-SVC-${i.toString(16).toUpperCase().padStart(16, 'A')}`,
).join('\n');
const SAVE = `*nat\n:PREROUTING ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\n${RULES}\nCOMMIT\n`;

// The node script's output: a big iptables-save, routes, the end marker.
function reply(c: ExecCall): { stdout: string } {
  const b = c.command[5];
  const sec = (a: string, text: string) =>
    `@@KND ${b} BEGIN ${a}\n${text}\n@@KND ${b} END ${a} 0\n\n@@KND ${b} DONE ${a}\n`;
  return {
    stdout: `${sec('iptables-save.txt', SAVE)}${sec('ip-route.json', '[{"dst":"default","gateway":"192.168.56.1","dev":"eth0","flags":[]}]')}@@KND ${b} FINISHED\n`,
  };
}

async function main(): Promise<void> {
  const [nodes, execMs, concurrency] = process.argv.slice(2).map(Number) as [number, number, number];
  const objects = new Map([
    [
      'cluster/nodes.json',
      JSON.stringify({
        kind: 'List',
        apiVersion: 'v1',
        items: Array.from({ length: nodes }, (_, i) => ({ metadata: { name: `node-${String(i).padStart(4, '0')}` } })),
      }),
    ],
  ]);
  const server = await new FakeApiServer({
    objects,
    podStartMs: 20,
    exec: (c) => ({ ...reply(c), delayMs: execMs }),
  }).start();
  const dir = mkdtempSync(join(tmpdir(), 'knd-bench-cluster-'));
  try {
    writeFileSync(join(dir, 'config'), server.kubeconfig('bench'));
    const conn = connect({ kubeconfig: join(dir, 'config') });
    const perNode: number[] = [];
    let bytes = 0;
    const t0 = performance.now();
    await collectCluster(conn, {
      pods: [],
      namespace: 'default',
      allNamespaces: false,
      nodes: [],
      allNodes: true,
      readOnly: false,
      daemonset: false,
      debugNamespace: 'kube-system',
      concurrency,
      nodeTimeoutMs: 120_000,
      commandTimeoutS: 10,
      redact: true,
      created: new CreatedObjects(conn),
      onEvent: (e) => e.type === 'target-done' && perNode.push(e.ms),
      sink: (p, t) => {
        const full = join(dir, 'out', p);
        mkdirSync(dirname(full), { recursive: true });
        writeFileSync(full, t);
        bytes += t.length;
      },
    });
    const total = performance.now() - t0;
    perNode.sort((a, b) => a - b);
    const median = perNode[perNode.length >> 1] ?? 0;
    process.stdout.write(
      `${JSON.stringify({ nodes, concurrency, execMs, totalMs: Math.round(total), perNodeMedianMs: Math.round(median), predictedMs: Math.round((nodes / concurrency) * median), bytes, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), leftovers: server.leftovers().length })}\n`,
    );
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
