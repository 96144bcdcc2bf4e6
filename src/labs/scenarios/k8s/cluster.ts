// The cluster of the k8s scenarios as data: its nodes and pods, the objects the API server would return for a
// state (cluster/*.json), and the settings a fault changes.
import type { KubeProxyOptions } from '../../kube-proxy-rules.js';

export const NODES = [
  { name: 'worker-1', ip: '192.168.56.10', cidr: '10.244.0.0/24', gw: '10.244.0.1' },
  { name: 'worker-2', ip: '192.168.56.11', cidr: '10.244.1.0/24', gw: '10.244.1.1' },
];
export const DNS_IP = '10.96.0.10';
export const WEB_IP = '10.96.100.10';

/** What can differ from a healthy cluster: each fault of the k8s scenarios is a change of some of these. */
export interface Settings {
  /** How pods reach each other across nodes: flannel host-gw, flannel VXLAN, or Calico-style routing. */
  backend: 'host-gw' | 'vxlan' | 'calico';
  webReady: boolean;
  /** Service web's selector value for `app`. */
  webSelector: string;
  /** The CoreDNS pods: serving, crash-looping, or crash-looping on a forwarding loop (worker-2's stub resolver). */
  coredns: 'running' | 'crashing' | 'looping';
  /** What kube-proxy wrote on each node; `flushed`: the tables were flushed and kube-proxy crash-loops. */
  kubeProxy1: KubeProxyOptions & { flushed?: boolean };
  kubeProxy2: KubeProxyOptions;
  netpolDenyEgress: boolean;
  /** The nameserver lines of the client pod's resolv.conf. */
  clientNameservers: string[];
  /** net.bridge.bridge-nf-call-iptables on worker-1. */
  bridgeNf1: boolean;
  /** A hostNetwork pod that keeps dnsPolicy ClusterFirst. */
  hostnetworkProbe: boolean;
  /** worker-1 has its route to worker-2's pods. */
  podRoutes1: boolean;
  /** worker-1 masquerades pod traffic leaving the cluster network (the CNI's rule; worker-2 always does). */
  podMasq1: boolean;
  /** proxy_arp on the client's cali* veth (Calico only). */
  clientProxyArp: boolean;
  /** Docker on worker-1: not installed, installed, or installed and the CNI's FORWARD accepts are gone. */
  docker1: 'none' | 'with-cni-accepts' | 'no-cni-accepts';
}

export const HEALTHY: Settings = {
  backend: 'host-gw',
  webReady: true,
  webSelector: 'web',
  coredns: 'running',
  kubeProxy1: { clusterCIDR: '10.244.0.0/16' },
  kubeProxy2: { clusterCIDR: '10.244.0.0/16' },
  netpolDenyEgress: false,
  clientNameservers: ['10.96.0.10'],
  bridgeNf1: true,
  hostnetworkProbe: false,
  podRoutes1: true,
  podMasq1: true,
  clientProxyArp: true,
  docker1: 'none',
};

export interface PodSpec {
  ns: string;
  name: string;
  node: string;
  ip: string;
  labels: Record<string, string>;
  ports?: { name: string; containerPort: number; protocol?: string }[];
  ready?: boolean;
  hostNetwork?: boolean;
  waiting?: string;
  restarts?: number;
  dnsPolicy?: string;
}

// A CoreDNS pod on worker-2 (dnsPolicy Default, as CoreDNS runs), crash-looping when DNS is down.
const coredns = (name: string, ip: string, up: boolean, restarts: number): PodSpec => ({
  ns: 'kube-system',
  name,
  node: 'worker-2',
  ip,
  labels: { 'k8s-app': 'kube-dns' },
  ports: [
    { name: 'dns', containerPort: 53, protocol: 'UDP' },
    { name: 'dns-tcp', containerPort: 53 },
  ],
  ready: up,
  dnsPolicy: 'Default',
  ...(up ? {} : { waiting: 'CrashLoopBackOff', restarts }),
});

export function pods(s: Readonly<Settings>): PodSpec[] {
  const webReady = s.webReady;
  const dnsUp = s.coredns === 'running';
  const proxyDown = !!s.kubeProxy1.flushed;
  const list: PodSpec[] = [
    { ns: 'default', name: 'client', node: 'worker-1', ip: '10.244.0.9', labels: { run: 'client' } },
    {
      ns: 'default',
      name: 'web-1',
      node: 'worker-1',
      ip: '10.244.0.7',
      labels: { app: 'web' },
      ports: [{ name: 'http', containerPort: 8080 }],
      ready: webReady,
    },
    coredns('coredns-a', '10.244.1.4', dnsUp, 7),
    coredns('coredns-b', '10.244.1.5', dnsUp, 6),
    // kube-proxy runs on every node with the node's network
    ...NODES.map(
      (n): PodSpec => ({
        ns: 'kube-system',
        name: `kube-proxy-${n.name.slice(-1) === '1' ? 'x2m4q' : 'p8d7c'}`,
        node: n.name,
        ip: n.ip,
        labels: { 'k8s-app': 'kube-proxy' },
        hostNetwork: true,
        ...(proxyDown && n.name === 'worker-1' ? { ready: false, waiting: 'CrashLoopBackOff', restarts: 9 } : {}),
      }),
    ),
  ];
  if (s.hostnetworkProbe)
    list.push({
      ns: 'monitoring',
      name: 'node-probe',
      node: 'worker-2',
      ip: '192.168.56.11',
      labels: { app: 'node-probe' },
      hostNetwork: true,
    });
  return list;
}

const meta = (kind: string, ns: string | undefined, name: string, labels: Record<string, string> = {}) => ({
  kind,
  apiVersion: kind === 'EndpointSlice' ? 'discovery.k8s.io/v1' : 'v1',
  metadata: {
    name,
    ...(ns ? { namespace: ns } : {}),
    labels,
    uid: `00000000-0000-4000-8000-${Buffer.from(`${ns}/${name}`).toString('hex').slice(0, 12).padEnd(12, '0')}`,
    creationTimestamp: '2026-11-20T09:00:00Z',
  },
});
const list = (items: unknown[]): string =>
  `${JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4)}\n`;

// The cluster objects of this state, as `kubectl get -A -o json` lists.
export function clusterFiles(s: Readonly<Settings>): Map<string, string> {
  const ps = pods(s);
  const nodes = NODES.map((n) => ({
    ...meta('Node', undefined, n.name, { 'kubernetes.io/hostname': n.name }),
    spec: { podCIDR: n.cidr, podCIDRs: [n.cidr] },
    status: {
      addresses: [
        { type: 'InternalIP', address: n.ip },
        { type: 'Hostname', address: n.name },
      ],
      conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady' }],
    },
  }));
  const podObjs = ps.map((p) => ({
    ...meta('Pod', p.ns, p.name, p.labels),
    spec: {
      nodeName: p.node,
      dnsPolicy: p.dnsPolicy ?? 'ClusterFirst',
      ...(p.hostNetwork ? { hostNetwork: true } : {}),
      containers: [
        {
          name: p.name.replace(/-[ab0-9]$/, ''),
          image: 'registry.example/app:1',
          ...(p.ports ? { ports: p.ports.map((x) => ({ ...x, protocol: x.protocol ?? 'TCP' })) } : {}),
        },
      ],
    },
    status: {
      phase: 'Running',
      podIP: p.ip,
      podIPs: [{ ip: p.ip }],
      hostIP: NODES.find((n) => n.name === p.node)!.ip,
      conditions: [
        { type: 'Ready', status: p.ready === false ? 'False' : 'True' },
        { type: 'ContainersReady', status: p.ready === false ? 'False' : 'True' },
      ],
      containerStatuses: [
        {
          name: p.name,
          ready: p.ready !== false,
          restartCount: p.restarts ?? 0,
          state: p.waiting ? { waiting: { reason: p.waiting } } : { running: { startedAt: '2026-11-20T09:01:00Z' } },
        },
      ],
    },
  }));
  const webSelector = { app: s.webSelector };
  const services = [
    {
      ...meta('Service', 'default', 'kubernetes', { component: 'apiserver' }),
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.96.0.1',
        clusterIPs: ['10.96.0.1'],
        ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }],
      },
    },
    {
      ...meta('Service', 'kube-system', 'kube-dns', { 'k8s-app': 'kube-dns' }),
      spec: {
        type: 'ClusterIP',
        clusterIP: DNS_IP,
        clusterIPs: [DNS_IP],
        selector: { 'k8s-app': 'kube-dns' },
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        ],
      },
    },
    {
      ...meta('Service', 'default', 'web', { app: 'web' }),
      spec: {
        type: 'NodePort',
        clusterIP: WEB_IP,
        clusterIPs: [WEB_IP],
        selector: webSelector,
        externalTrafficPolicy: 'Cluster',
        ports: [{ port: 80, protocol: 'TCP', targetPort: 'http', nodePort: 30080 }],
      },
    },
  ];
  const sliceFor = (
    ns: string,
    svc: string,
    ports: { name?: string; port: number; protocol: string }[],
    members: PodSpec[],
  ) => ({
    ...meta('EndpointSlice', ns, `${svc}-${svc === 'kubernetes' ? 'main' : 'x7k2p'}`, {
      'kubernetes.io/service-name': svc,
      'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io',
    }),
    addressType: 'IPv4',
    ports: ports.map((p) => ({ ...(p.name ? { name: p.name } : {}), port: p.port, protocol: p.protocol })),
    endpoints: members.map((m) => ({
      addresses: [m.ip],
      conditions: { ready: m.ready !== false, serving: m.ready !== false, terminating: false },
      nodeName: m.node,
      targetRef: { kind: 'Pod', namespace: m.ns, name: m.name },
    })),
  });
  const match = (sel: Record<string, string>, ns: string) =>
    ps.filter((p) => p.ns === ns && !p.hostNetwork && Object.entries(sel).every(([k, v]) => p.labels[k] === v));
  const slices = [
    {
      ...meta('EndpointSlice', 'default', 'kubernetes', { 'kubernetes.io/service-name': 'kubernetes' }),
      addressType: 'IPv4',
      ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
      endpoints: [{ addresses: ['192.168.56.10'], conditions: { ready: true } }],
    },
    sliceFor(
      'kube-system',
      'kube-dns',
      [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53, protocol: 'TCP' },
      ],
      match({ 'k8s-app': 'kube-dns' }, 'kube-system'),
    ),
    sliceFor('default', 'web', [{ port: 8080, protocol: 'TCP' }], match(webSelector, 'default')),
  ];
  const configmaps = [
    {
      ...meta('ConfigMap', 'kube-system', 'kube-proxy', { app: 'kube-proxy' }),
      data: {
        'config.conf':
          'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nclusterCIDR: 10.244.0.0/16\nmode: ""\n',
      },
    },
    {
      ...meta('ConfigMap', 'kube-system', 'coredns'),
      data: {
        Corefile:
          '.:53 {\n    errors\n    health\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n    }\n    forward . /etc/resolv.conf\n    cache 30\n    loop\n    reload\n}\n',
      },
    },
  ];
  return new Map([
    ['cluster/nodes.json', list(nodes)],
    ['cluster/pods.json', list(podObjs)],
    ['cluster/services.json', list(services)],
    ['cluster/endpointslices.json', list(slices)],
    ['cluster/configmaps.json', list(configmaps)],
    // a default-deny egress policy for namespace default, the classic way to cut pods off from DNS
    ...(s.netpolDenyEgress
      ? [
          [
            'cluster/networkpolicies.json',
            list([
              {
                ...meta('NetworkPolicy', 'default', 'default-deny-egress'),
                apiVersion: 'networking.k8s.io/v1',
                spec: { podSelector: {}, policyTypes: ['Egress'] },
              },
            ]),
          ] as [string, string],
        ]
      : []),
  ]);
}
