// Two-node cluster data planes built for real: host-gw, VXLAN, Calico-style, and a node with Docker installed.
// Both CoreDNS pods sit on worker-2, so whether a check from the client on worker-1 works never depends on
// which endpoint kube-proxy picks at random.
// A two-node cluster's data plane, flannel host-gw style, built for real: nodes on a LAN namespace, pods on
// each node's cni0, routes to the other node's podCIDR, CoreDNS pods answering DNS (dnsmasq), web pods serving
// TCP, and kube-proxy's own rules (generated from the cluster objects) loaded with iptables-restore.
// The cluster objects (cluster/*.json) are what the API server would return for this state.
import { createHash } from 'node:crypto';
import { readCluster } from '../../snapshot/k8s/cluster.js';
import { kubeProxyRestore, type KubeProxyOptions } from '../kube-proxy-rules.js';
import { TCP_SERVER } from '../checks.js';
import type { Lab } from '../engine.js';
import { defineScenario } from '../scenario.js';

interface PodSpec {
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

const NODES = [
  { name: 'worker-1', ip: '192.168.56.10', cidr: '10.244.0.0/24', gw: '10.244.0.1' },
  { name: 'worker-2', ip: '192.168.56.11', cidr: '10.244.1.0/24', gw: '10.244.1.1' },
];
const DNS_IP = '10.96.0.10';
const WEB_IP = '10.96.100.10';

function pods(faults: readonly string[]): PodSpec[] {
  const webReady = !faults.includes('web-not-ready');
  const dnsUp = !faults.includes('coredns-down') && !faults.includes('coredns-loop');
  const proxyDown = faults.includes('kube-proxy-flushed');
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
    {
      ns: 'kube-system',
      name: 'coredns-a',
      node: 'worker-2',
      ip: '10.244.1.4',
      labels: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', containerPort: 53, protocol: 'UDP' },
        { name: 'dns-tcp', containerPort: 53 },
      ],
      ready: dnsUp,
      dnsPolicy: 'Default',
      ...(dnsUp ? {} : { waiting: 'CrashLoopBackOff', restarts: 7 }),
    },
    {
      ns: 'kube-system',
      name: 'coredns-b',
      node: 'worker-2',
      ip: '10.244.1.5',
      labels: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', containerPort: 53, protocol: 'UDP' },
        { name: 'dns-tcp', containerPort: 53 },
      ],
      ready: dnsUp,
      dnsPolicy: 'Default',
      ...(dnsUp ? {} : { waiting: 'CrashLoopBackOff', restarts: 6 }),
    },
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
  if (faults.includes('hostnetwork-dns'))
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
export function clusterFiles(faults: readonly string[]): Map<string, string> {
  const ps = pods(faults);
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
  const webSelector = faults.includes('selector-mismatch') ? { app: 'webapp' } : { app: 'web' };
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
    ...(faults.includes('netpol-deny-egress')
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

const podResolv = (ns: string, nameserver = DNS_IP): string =>
  `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${nameserver}\noptions ndots:5\n`;

async function build(
  lab: Lab,
  faults: readonly string[],
  backend: 'host-gw' | 'vxlan' | 'calico' = 'host-gw',
): Promise<void> {
  const has = (f: string): boolean => faults.includes(f);
  const vxlan = backend === 'vxlan';
  const calico = backend === 'calico';
  const files = clusterFiles(faults);
  for (const [k, v] of files) lab.bundleFiles.set(k, v);
  const cluster = readCluster(files, [])!;
  // the LAN: a router namespace with a bridge the nodes plug into
  await lab.addHost('lan');
  await lab.ip('lan', 'link', 'set', 'lo', 'up');
  await lab.ip('lan', 'link', 'add', 'lan0', 'address', '02:4c:00:00:00:01', 'type', 'bridge');
  await lab.ip('lan', 'addr', 'add', '192.168.56.1/24', 'dev', 'lan0');
  await lab.ip('lan', 'link', 'set', 'lan0', 'up');
  await lab.exec('lan', ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
  lab.writeEtc('lan', 'resolv.conf', 'nameserver 192.168.56.1\n');
  lab.writeEtc('lan', 'nsswitch.conf', 'hosts:          files dns\n');
  lab.writeEtc('lan', 'hosts', '127.0.0.1\tlocalhost\n');
  let k = 0;
  for (const n of NODES) {
    k++;
    await lab.addHost(n.name);
    lab.hostMeta.set(n.name, { kind: 'node', name: n.name });
    await lab.ip(n.name, 'link', 'set', 'lo', 'up');
    await lab.veth(
      { host: n.name, name: 'eth0', mac: `02:4e:00:00:00:0${k}` },
      { host: 'lan', name: `port-${n.name}`, mac: `02:4c:00:00:01:0${k}` },
    );
    await lab.ip('lan', 'link', 'set', `port-${n.name}`, 'master', 'lan0');
    await lab.ip('lan', 'link', 'set', `port-${n.name}`, 'up');
    await lab.ip(n.name, 'addr', 'add', `${n.ip}/24`, 'dev', 'eth0');
    await lab.ip(n.name, 'link', 'set', 'eth0', 'up');
    await lab.ip(n.name, 'route', 'add', 'default', 'via', '192.168.56.1');
    if (!calico) {
      await lab.ip(n.name, 'link', 'add', 'cni0', 'address', `02:4e:00:00:10:0${k}`, 'type', 'bridge');
      if (vxlan) await lab.ip(n.name, 'link', 'set', 'cni0', 'mtu', '1450');
      await lab.ip(n.name, 'addr', 'add', `${n.gw}/24`, 'dev', 'cni0');
      await lab.ip(n.name, 'link', 'set', 'cni0', 'up');
    } else {
      // Calico: the node's own block is a blackhole, pods get /32 routes through their cali* veth
      await lab.ip(n.name, 'route', 'add', 'blackhole', n.cidr, 'proto', 'bird');
    }
    if (vxlan) {
      // flannel's VXLAN backend: flannel.1 (VNI 1, port 8472), the node's podCIDR network address on it,
      // and per remote node a route via its flannel.1 address, a permanent neighbour and an FDB entry
      await lab.ip(
        n.name,
        'link',
        'add',
        'flannel.1',
        'address',
        `02:4e:00:00:20:0${k}`,
        'type',
        'vxlan',
        'id',
        '1',
        'local',
        n.ip,
        'dev',
        'eth0',
        'dstport',
        '8472',
        'nolearning',
      );
      await lab.ip(n.name, 'link', 'set', 'flannel.1', 'mtu', '1450');
      await lab.ip(n.name, 'addr', 'add', `${n.cidr.replace(/\/24$/, '')}/32`, 'dev', 'flannel.1');
      await lab.ip(n.name, 'link', 'set', 'flannel.1', 'up');
    }
    for (const [j, o] of NODES.entries()) {
      if (o === n || (has('podcidr-route-missing') && n.name === 'worker-1')) continue;
      const remote = o.cidr.replace(/\/24$/, '');
      if (calico) await lab.ip(n.name, 'route', 'add', o.cidr, 'via', o.ip, 'dev', 'eth0', 'proto', 'bird');
      else if (!vxlan) await lab.ip(n.name, 'route', 'add', o.cidr, 'via', o.ip, 'dev', 'eth0');
      else {
        const mac = `02:4e:00:00:20:0${j + 1}`;
        await lab.ip(n.name, 'route', 'add', o.cidr, 'via', remote, 'dev', 'flannel.1', 'onlink');
        await lab.ip(n.name, 'neigh', 'add', remote, 'lladdr', mac, 'dev', 'flannel.1', 'nud', 'permanent');
        await lab.exec(n.name, ['bridge', 'fdb', 'append', mac, 'dev', 'flannel.1', 'dst', o.ip]);
      }
    }
    await lab.exec(n.name, ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    if (has('br-netfilter-off') && n.name === 'worker-1')
      await lab.exec(n.name, ['sysctl', '-qw', 'net.bridge.bridge-nf-call-iptables=0']);
    // systemd-resolved's stub on worker-2 is what CoreDNS (dnsPolicy Default) would inherit
    lab.writeEtc(
      n.name,
      'resolv.conf',
      has('coredns-loop') && n.name === 'worker-2'
        ? 'nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch lab.internal\n'
        : 'nameserver 192.168.56.1\nsearch lab.internal\n',
    );
    lab.writeEtc(n.name, 'nsswitch.conf', 'hosts:          files dns\n');
    lab.writeEtc(n.name, 'hosts', `127.0.0.1\tlocalhost\n${n.ip}\t${n.name}\n`);
  }
  let m = 0;
  for (const p of pods(faults)) {
    if (p.hostNetwork) continue;
    m++;
    const id = `${p.ns}.${p.name}`;
    const node = NODES.find((n) => n.name === p.node)!;
    await lab.addHost(id);
    lab.hostMeta.set(id, { kind: 'pod', name: p.name, namespace: p.ns, node: p.node });
    await lab.ip(id, 'link', 'set', 'lo', 'up');
    const hostSide = calico
      ? `cali${createHash('sha1').update(id).digest('hex').slice(0, 11)}`
      : `veth${p.name.replace(/[^a-z0-9]/g, '')}`.slice(0, 15);
    await lab.veth(
      { host: id, name: 'eth0', mac: `02:50:00:00:00:${String(m).padStart(2, '0')}` },
      { host: p.node, name: hostSide, mac: `02:51:00:00:00:${String(m).padStart(2, '0')}` },
    );
    if (!calico) await lab.ip(p.node, 'link', 'set', hostSide, 'master', 'cni0');
    await lab.ip(p.node, 'link', 'set', hostSide, 'up');
    await lab.ip(id, 'addr', 'add', calico ? `${p.ip}/32` : `${p.ip}/24`, 'dev', 'eth0');
    if (vxlan) {
      await lab.ip(id, 'link', 'set', 'eth0', 'mtu', '1450');
      await lab.ip(p.node, 'link', 'set', hostSide, 'mtu', '1450');
    }
    await lab.ip(id, 'link', 'set', 'eth0', 'up');
    if (calico) {
      // the pod's gateway is a link-local address nobody owns: the host side answers ARP for it (proxy_arp)
      await lab.exec(p.node, [
        'sysctl',
        '-qw',
        `net.ipv4.conf.${hostSide}.proxy_arp=${has('proxy-arp-off') && p.name === 'client' ? 0 : 1}`,
      ]);
      // as Calico does: answer proxy ARP at once (the default proxy_delay holds replies up to 0.8 s)
      await lab.exec(p.node, ['sysctl', '-qw', `net.ipv4.neigh.${hostSide}.proxy_delay=0`]);
      await lab.ip(p.node, 'route', 'add', p.ip, 'dev', hostSide, 'scope', 'link');
      await lab.ip(id, 'route', 'add', '169.254.1.1', 'dev', 'eth0', 'scope', 'link');
      await lab.ip(id, 'route', 'add', 'default', 'via', '169.254.1.1', 'dev', 'eth0');
    } else await lab.ip(id, 'route', 'add', 'default', 'via', node.gw);
    const ns = has('pod-dns-mismatch') && p.name === 'client' ? '10.96.0.11' : DNS_IP;
    lab.writeEtc(
      id,
      'resolv.conf',
      has('too-many-nameservers') && p.name === 'client'
        ? `search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${DNS_IP}\nnameserver 10.96.0.11\nnameserver 10.96.0.12\nnameserver 10.96.0.13\noptions ndots:5\n`
        : podResolv(p.ns, ns),
    );
    lab.writeEtc(id, 'nsswitch.conf', 'hosts:          files dns\n');
    lab.writeEtc(id, 'hosts', `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n${p.ip}\t${p.name}\n`);
    if (p.name.startsWith('web')) {
      await lab.spawn(id, TCP_SERVER(8080));
      await lab.waitListening(id, 8080);
    }
    if (p.name.startsWith('coredns') && !has('coredns-down') && !has('coredns-loop')) {
      await lab.spawn(id, [
        'dnsmasq',
        '--keep-in-foreground',
        '--conf-file=/dev/null',
        '--no-resolv',
        '--no-hosts',
        '--user=root',
        '--bind-interfaces',
        `--listen-address=${p.ip}`,
        '--local=/cluster.local/',
        `--host-record=web.default.svc.cluster.local,${WEB_IP}`,
        '--host-record=kubernetes.default.svc.cluster.local,10.96.0.1',
        `--pid-file=${lab.runFile(`dnsmasq-${p.name}.pid`)}`,
      ]);
      // DNS checks must not race dnsmasq's start (a query before it binds fails at once); a fault may stop it binding
      await lab.waitListening(id, 53).catch(() => undefined);
    }
  }
  for (const n of NODES) {
    const o: KubeProxyOptions = { clusterCIDR: '10.244.0.0/16' };
    if (n.name === 'worker-1' && has('kube-proxy-stale')) o.skipServices = ['default/web'];
    if (n.name === 'worker-1' && has('endpoints-stale')) o.staleEndpoints = { 'default/web': ['10.244.0.99:8080'] };
    if (n.name === 'worker-2' && has('nodeport-missing')) o.skipNodePorts = true;
    if (n.name === 'worker-2' && has('no-masq-jump')) o.skipPostroutingJump = true;
    if (has('kube-proxy-flushed') && n.name === 'worker-1') continue; // `iptables -F` and kube-proxy crash-looping: nothing comes back
    await lab.exec(n.name, ['iptables-restore'], kubeProxyRestore(cluster, o));
    if ((has('docker-forward-drop') || has('docker-installed')) && n.name === 'worker-1')
      await dockerInstalled(lab, n.name, has('docker-installed') && !has('cni-accept-missing'));
  }
}

// What installing Docker does to a node: docker0, MASQUERADE for it, and FORWARD policy DROP with accepts
// for docker0 only (moby sets the policy when it turns ip_forward on; docs/networking-facts.md §node-prerequisites).
async function dockerInstalled(lab: Lab, node: string, flannelAccepts: boolean): Promise<void> {
  await lab.ip(node, 'link', 'add', 'docker0', 'address', '02:42:8f:00:00:01', 'type', 'bridge');
  await lab.ip(node, 'addr', 'add', '172.17.0.1/16', 'dev', 'docker0');
  await lab.ip(node, 'link', 'set', 'docker0', 'up');
  const rules = [
    '*nat',
    ':DOCKER - [0:0]',
    '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
    '-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER',
    '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE',
    '-A DOCKER -i docker0 -j RETURN',
    'COMMIT',
    '*filter',
    ':FORWARD DROP [0:0]',
    ':DOCKER - [0:0]',
    ':DOCKER-USER - [0:0]',
    ':DOCKER-ISOLATION-STAGE-1 - [0:0]',
    ':DOCKER-ISOLATION-STAGE-2 - [0:0]',
    '-A FORWARD -j DOCKER-USER',
    '-A FORWARD -j DOCKER-ISOLATION-STAGE-1',
    '-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    '-A FORWARD -o docker0 -j DOCKER',
    '-A FORWARD -i docker0 ! -o docker0 -j ACCEPT',
    '-A FORWARD -i docker0 -o docker0 -j ACCEPT',
    '-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2',
    '-A DOCKER-ISOLATION-STAGE-1 -j RETURN',
    '-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP',
    '-A DOCKER-ISOLATION-STAGE-2 -j RETURN',
    '-A DOCKER-USER -j RETURN',
    // what flannel adds so pod traffic survives a FORWARD DROP policy (FLANNEL-FWD)
    ...(flannelAccepts
      ? [
          ':FLANNEL-FWD - [0:0]',
          '-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD',
          '-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
          '-A FLANNEL-FWD -d 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
        ]
      : []),
    'COMMIT',
  ];
  // --noflush: Docker adds to what kube-proxy wrote, as on a real node
  await lab.exec(node, ['iptables-restore', '--noflush'], `${rules.join('\n')}\n`);
}

export const k8sHostgw = defineScenario({
  id: 'k8s-hostgw',
  title: {
    en: 'A two-node cluster data plane (flannel host-gw): pods, Services through kube-proxy rules, CoreDNS',
    'zh-TW': '兩個節點的叢集資料平面(flannel host-gw):Pod、經 kube-proxy 規則的 Service、CoreDNS',
  },
  hosts: [
    'worker-1',
    'worker-2',
    'lan',
    'default.client',
    'default.web-1',
    'kube-system.coredns-a',
    'kube-system.coredns-b',
  ],
  checks: [
    { name: 'client→web-svc', kind: 'tcp', from: 'default.client', to: WEB_IP, port: 80 },
    { name: 'client-dns', kind: 'dns', from: 'default.client', lookup: 'web.default.svc.cluster.local' },
    { name: 'client→coredns-b', kind: 'ping', from: 'default.client', to: '10.244.1.5' },
    { name: 'lan→nodeport', kind: 'tcp', from: 'lan', to: '192.168.56.11', port: 30080 },
  ],
  faults: {
    'web-not-ready': {
      about: {
        en: 'the web pods fail readiness, so Service web has no ready endpoints',
        'zh-TW': 'web Pod 的 readiness 失敗,Service web 沒有就緒的端點',
      },
      expect: ['service-no-endpoints@service:default/web'],
      breaks: ['client→web-svc', 'lan→nodeport'],
    },
    'selector-mismatch': {
      about: {
        en: 'Service web selects app=webapp, which no pod has',
        'zh-TW': 'Service web 的 selector 是 app=webapp,沒有任何 Pod 符合',
      },
      expect: ['service-no-endpoints@service:default/web'],
      breaks: ['client→web-svc', 'lan→nodeport'],
    },
    'coredns-down': {
      about: {
        en: 'CoreDNS pods crash-loop: kube-dns has no endpoints',
        'zh-TW': 'CoreDNS Pod 不斷重啟:kube-dns 沒有端點',
      },
      expect: ['coredns-no-endpoints@service:kube-system/kube-dns'],
      breaks: ['client-dns'],
    },
    'kube-proxy-stale': {
      about: {
        en: "worker-1's kube-proxy never programmed Service web",
        'zh-TW': 'worker-1 的 kube-proxy 沒有設定 Service web 的規則',
      },
      expect: ['service-not-programmed@worker-1', 'nodeport-not-programmed@worker-1'],
      breaks: ['client→web-svc'],
    },
    'endpoints-stale': {
      about: {
        en: 'worker-1 still DNATs web to a pod that is gone',
        'zh-TW': 'worker-1 仍把 web 的流量 DNAT 到已不存在的 Pod',
      },
      expect: ['endpoints-stale@worker-1', 'dnat-target-unknown@worker-1'],
      breaks: ['client→web-svc'],
    },
    'nodeport-missing': {
      about: { en: 'worker-2 has no rule for NodePort 30080', 'zh-TW': 'worker-2 沒有 NodePort 30080 的規則' },
      expect: ['nodeport-not-programmed@worker-2'],
      breaks: ['lan→nodeport'],
    },
    'no-masq-jump': {
      about: {
        en: "worker-2's POSTROUTING never jumps to KUBE-POSTROUTING",
        'zh-TW': 'worker-2 的 POSTROUTING 沒有跳到 KUBE-POSTROUTING',
      },
      expect: ['kube-masquerade-missing@worker-2'],
      breaks: ['lan→nodeport'],
    },
    'netpol-deny-egress': {
      about: {
        en: 'a default-deny egress NetworkPolicy in namespace default, with no DNS exception (the lab does not enforce policies: only the API objects change)',
        'zh-TW':
          '命名空間 default 有一條預設拒絕 egress 的 NetworkPolicy,卻沒有放行 DNS(實驗室不強制執行政策:只有 API 物件改變)',
      },
      expect: ['netpol-blocks-dns@default.client', 'netpol-blocks-dns@default.web-1'],
      breaks: [],
      apiOnly: true,
    },
    'pod-dns-mismatch': {
      about: {
        en: "client's resolv.conf names 10.96.0.11, not the kube-dns ClusterIP",
        'zh-TW': 'client 的 resolv.conf 指定 10.96.0.11,而不是 kube-dns 的 ClusterIP',
      },
      expect: ['pod-dns-nameserver-mismatch@default.client'],
      breaks: ['client-dns'],
    },
    'br-netfilter-off': {
      about: { en: 'bridge-nf-call-iptables is 0 on worker-1', 'zh-TW': 'worker-1 的 bridge-nf-call-iptables 為 0' },
      expect: ['bridge-nf-call-iptables-disabled@worker-1'],
      breaks: ['client→web-svc'],
    },
    'hostnetwork-dns': {
      about: {
        en: 'a hostNetwork pod keeps dnsPolicy ClusterFirst',
        'zh-TW': '一個 hostNetwork Pod 仍使用 dnsPolicy ClusterFirst',
      },
      expect: ['hostnetwork-dns-policy@pod:monitoring/node-probe'],
      breaks: [],
    },
    'kube-proxy-flushed': {
      about: {
        en: "worker-1's iptables were flushed and its kube-proxy crash-loops",
        'zh-TW': 'worker-1 的 iptables 被清空,kube-proxy 不斷重啟',
      },
      expect: ['kube-proxy-unhealthy@worker-1'],
      breaks: ['client→web-svc', 'client-dns'],
    },
    'coredns-loop': {
      about: {
        en: "worker-2's resolv.conf points at 127.0.0.53, so CoreDNS (forward . /etc/resolv.conf) loops and crash-loops",
        'zh-TW': 'worker-2 的 resolv.conf 指向 127.0.0.53,CoreDNS(forward . /etc/resolv.conf)形成迴圈而不斷重啟',
      },
      expect: ['coredns-loop@service:kube-system/kube-dns', 'coredns-no-endpoints@service:kube-system/kube-dns'],
      breaks: ['client-dns'],
    },
    'podcidr-route-missing': {
      about: {
        en: "worker-1 has no route to worker-2's podCIDR",
        'zh-TW': 'worker-1 沒有通往 worker-2 podCIDR 的路由',
      },
      expect: ['podcidr-route-missing@worker-1'],
      breaks: ['client→coredns-b', 'client-dns'],
    },
    'docker-forward-drop': {
      about: {
        en: 'Docker was installed on worker-1: FORWARD policy DROP with accepts for docker0 only',
        'zh-TW': 'worker-1 安裝了 Docker:FORWARD 預設 DROP,且只放行 docker0',
      },
      expect: ['forward-blocked@worker-1'],
      breaks: ['client→web-svc', 'client-dns', 'client→coredns-b', 'lan→nodeport'],
    },
    'too-many-nameservers': {
      about: {
        en: "client's resolv.conf lists four nameservers",
        'zh-TW': 'client 的 resolv.conf 列了四個 nameserver',
      },
      expect: ['dns-too-many-nameservers@default.client'],
      breaks: [],
    },
  },
  build,
});

export const k8sVxlan = defineScenario({
  ...k8sHostgw,
  id: 'k8s-vxlan',
  title: {
    en: 'The same two-node cluster on flannel VXLAN: flannel.1 overlay (VNI 1, UDP 8472), MTU 1450',
    'zh-TW': '同樣的兩節點叢集改用 flannel VXLAN:flannel.1 overlay(VNI 1、UDP 8472),MTU 1450',
  },
  faults: {
    // unlike host-gw, NodePort traffic that worker-2 forwards is masqueraded to its flannel.1 address
    // (10.244.1.0), inside the podCIDR worker-1 cannot reach: the replies are lost too
    'podcidr-route-missing': {
      about: {
        en: "worker-1 has no flannel.1 route to worker-2's podCIDR",
        'zh-TW': 'worker-1 沒有經 flannel.1 通往 worker-2 podCIDR 的路由',
      },
      expect: ['podcidr-route-missing@worker-1'],
      breaks: ['client→coredns-b', 'client-dns', 'lan→nodeport'],
    },
    'web-not-ready': k8sHostgw.faults['web-not-ready']!,
  },
  build: (lab, faults) => build(lab, faults, 'vxlan'),
});

export const k8sCalico = defineScenario({
  ...k8sHostgw,
  id: 'k8s-calico',
  title: {
    en: 'The same cluster routed the Calico way: /32 pods behind cali* veths, 169.254.1.1 by proxy ARP, bird routes',
    'zh-TW': '同樣的叢集改用 Calico 的路由方式:/32 的 Pod 接在 cali* veth 後、169.254.1.1 由 proxy ARP 回應、bird 路由',
  },
  faults: {
    'podcidr-route-missing': {
      about: {
        en: "worker-1 lost the bird route to worker-2's block",
        'zh-TW': 'worker-1 少了通往 worker-2 區塊的 bird 路由',
      },
      expect: ['podcidr-route-missing@worker-1'],
      breaks: ['client→coredns-b', 'client-dns'],
    },
    'proxy-arp-off': {
      about: {
        en: "proxy_arp is off on the client's cali* veth: nobody answers for 169.254.1.1",
        'zh-TW': 'client 的 cali* veth 關閉了 proxy_arp:沒有人回應 169.254.1.1',
      },
      expect: ['calico-proxy-arp-off@worker-1', 'dns-nameserver-unreachable@default.client'],
      breaks: ['client→web-svc', 'client-dns', 'client→coredns-b'],
    },
  },
  build: (lab, faults) => build(lab, faults, 'calico'),
});

// A node where Docker was installed next to Kubernetes: healthy while the CNI's FORWARD accepts are there.
export const k8sDockerNode = defineScenario({
  ...k8sHostgw,
  id: 'k8s-docker-node',
  title: {
    en: "The host-gw cluster with Docker installed on worker-1 (FORWARD policy DROP), kept working by flannel's FORWARD accepts",
    'zh-TW': 'worker-1 另外裝了 Docker(FORWARD 預設 DROP)的 host-gw 叢集,靠 flannel 的 FORWARD 放行規則維持運作',
  },
  faults: {
    'cni-accept-missing': {
      about: {
        en: "flannel's FLANNEL-FWD accepts are gone, Docker's FORWARD DROP remains",
        'zh-TW': 'flannel 的 FLANNEL-FWD 放行規則不見了,只剩 Docker 的 FORWARD DROP',
      },
      expect: ['forward-blocked@worker-1'],
      breaks: ['client→web-svc', 'client-dns', 'client→coredns-b', 'lan→nodeport'],
    },
  },
  build: (lab, faults) => build(lab, [...faults, 'docker-installed']),
});
