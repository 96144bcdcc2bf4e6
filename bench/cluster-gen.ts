// Generates a cluster bundle of N services with 3 ready endpoints each: cluster/*.json as kubectl and our capture print
// them (a List, four-space indent), and one node whose iptables rules come from the same kube-proxy writer the labs
// load into the kernel.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCluster } from '../src/snapshot/k8s/cluster.js';
import { kubeProxyRestore } from '../src/labs/kube-proxy-rules.js';

// Write the bundle into dir; `indent` 0 writes each list on one line (the 50,000-Service bundle's pods would
// otherwise pass the 128 MiB a file that a bundle may hold).
export function writeClusterBundle(dir: string, services: number, indent = 4): void {
  const list = (items: unknown[]): string =>
    `${JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, indent)}\n`;
  const pods: unknown[] = [];
  const svcs: unknown[] = [];
  const slices: unknown[] = [];
  for (let s = 0; s < services; s++) {
    const ns = `ns${s % 50}`;
    const name = `svc${s}`;
    const eps: { ip: string; pod: string }[] = [];
    for (let e = 0; e < 3; e++) {
      const n = s * 3 + e;
      const ip = `10.${64 + (n >> 16)}.${(n >> 8) & 255}.${n & 255}`;
      const pod = `${name}-${e}`;
      eps.push({ ip, pod });
      pods.push({
        kind: 'Pod',
        metadata: { name: pod, namespace: ns, labels: { app: name } },
        spec: {
          nodeName: `worker-${e}`,
          containers: [{ name: 'app', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }] }],
        },
        status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: 'True' }] },
      });
    }
    svcs.push({
      kind: 'Service',
      metadata: { name, namespace: ns },
      spec: {
        type: 'ClusterIP',
        clusterIP: `10.96.${(s >> 8) & 255}.${s & 255}`,
        selector: { app: name },
        ports: [{ name: 'http', port: 80, protocol: 'TCP', targetPort: 'http' }],
      },
    });
    slices.push({
      kind: 'EndpointSlice',
      metadata: { name: `${name}-abcde`, namespace: ns, labels: { 'kubernetes.io/service-name': name } },
      addressType: 'IPv4',
      ports: [{ name: 'http', port: 8080, protocol: 'TCP' }],
      endpoints: eps.map((x) => ({
        addresses: [x.ip],
        conditions: { ready: true },
        targetRef: { kind: 'Pod', namespace: ns, name: x.pod },
      })),
    });
  }
  const files = new Map([
    ['cluster/pods.json', list(pods)],
    ['cluster/services.json', list(svcs)],
    ['cluster/endpointslices.json', list(slices)],
    [
      'cluster/configmaps.json',
      list([
        {
          kind: 'ConfigMap',
          metadata: { name: 'kube-proxy', namespace: 'kube-system' },
          data: { 'config.conf': 'mode: ""\n' },
        },
      ]),
    ],
  ]);
  const host = join(dir, 'hosts', 'worker-0');
  mkdirSync(join(dir, 'cluster'), { recursive: true });
  mkdirSync(host, { recursive: true });
  for (const [k, v] of files) writeFileSync(join(dir, k), v);
  writeFileSync(join(host, 'host.json'), '{"kind":"node","name":"worker-0"}\n');
  writeFileSync(
    join(host, 'iptables-save.txt'),
    kubeProxyRestore(readCluster(files, [])!, { clusterCIDR: '10.64.0.0/10' }),
  );
  writeFileSync(
    join(host, 'ip-route.txt'),
    'default via 192.168.56.1 dev eth0 \n192.168.56.0/24 dev eth0 proto kernel scope link src 192.168.56.10 \n10.64.0.0/10 via 192.168.56.1 dev eth0 \n',
  );
  writeFileSync(
    join(host, 'ip-addr.txt'),
    '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n    inet 192.168.56.10/24 scope global eth0\n',
  );
}
