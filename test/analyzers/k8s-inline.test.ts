// Kubernetes findings a namespace lab cannot produce (a full conntrack table, a huge search list) and variants
// that need hand-made bundles.
import { describe, expect, it } from 'vitest';
import { d, findings, fixture } from '../helpers.js';

const ids = (fs: ReturnType<typeof findings>) => fs.map((f) => `${f.id}:${f.variant}:${f.severity}@${f.target}`);

describe('node prerequisites', () => {
  it('conntrack-near-full at 90% (warning) and 99% (critical), not below', () => {
    const at = (count: number) =>
      findings({
        'hosts/n/host.json': '{"kind":"node"}',
        'hosts/n/sysctl.txt': `net.netfilter.nf_conntrack_count = ${count}\nnet.netfilter.nf_conntrack_max = 262144\n`,
      });
    expect(ids(at(235930))).toEqual(['conntrack-near-full:default:warning@n']);
    expect(ids(at(260000))).toEqual(['conntrack-near-full:default:critical@n']);
    expect(at(200000)).toEqual([]);
  });
  it('bridge-nf-call-iptables: module not loaded ("cannot stat") on a node with a bridge', () => {
    const fs = findings({
      'hosts/n/host.json': '{"kind":"node"}',
      'hosts/n/ip-addr.txt':
        '3: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 state UP\n    inet 10.244.0.1/24 scope global cni0\n4: veth1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 master cni0 state UP\n',
      'hosts/n/sysctl.txt':
        'net.ipv4.ip_forward = 1\nsysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory\n',
    });
    expect(ids(fs)).toContain('bridge-nf-call-iptables-disabled:missing:critical@n');
    expect(fs.find((f) => f.id === 'bridge-nf-call-iptables-disabled')!.fix[0]).toBe('modprobe br_netfilter');
  });
});

describe('DNS limits (docs/networking-facts.md §dns-limits)', () => {
  it('dns-search-limit over 32 domains or 2048 characters; a normal pod list is fine', () => {
    const many = Array.from({ length: 33 }, (_, i) => `d${i}.example.com`).join(' ');
    expect(ids(findings({ 'hosts/p/resolv.conf': `search ${many}\nnameserver 10.96.0.10\n` }))).toEqual([
      'dns-search-limit:default:warning@p',
    ]);
    const long = Array.from({ length: 9 }, (_, i) => `${'x'.repeat(230)}${i}.example`).join(' ');
    expect(ids(findings({ 'hosts/p/resolv.conf': `search ${long}\nnameserver 10.96.0.10\n` }))).toEqual([
      'dns-search-limit:default:warning@p',
    ]);
    expect(
      findings({
        'hosts/p/resolv.conf':
          'search default.svc.cluster.local svc.cluster.local cluster.local\nnameserver 10.96.0.10\n',
      }),
    ).toEqual([]);
  });
  it('dns-ndots-high is one info note for all pods, never above info, and silent on the Kubernetes default', () => {
    const pod = (ns: string, extra = '') => ({
      [`hosts/${ns}.p/host.json`]: `{"kind":"pod","namespace":"${ns}","name":"p"}`,
      [`hosts/${ns}.p/resolv.conf`]: `search ${ns}.svc.cluster.local svc.cluster.local cluster.local${extra}\nnameserver 10.96.0.10\noptions ndots:5\n`,
    });
    // kubelet's default for every pod: nothing to act on
    expect(findings({ ...pod('a'), ...pod('b') })).toEqual([]);
    // the node's cloud domains appended: each external lookup now costs five queries
    const fs = findings({ ...pod('a', ' ec2.internal example.corp'), ...pod('b', ' ec2.internal example.corp') });
    expect(ids(fs)).toEqual(['dns-ndots-high:default:info@cluster']);
    expect(fs[0]!.params.count).toBe(2);
  });
});

describe('kube-proxy state', () => {
  it('kube-masquerade-missing: KUBE-POSTROUTING without MASQUERADE', () => {
    const save = d(`
      *nat
      :POSTROUTING ACCEPT [0:0]
      :KUBE-SERVICES - [0:0]
      :KUBE-POSTROUTING - [0:0]
      :KUBE-MARK-MASQ - [0:0]
      -A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING
      -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
      -A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN
      COMMIT
    `);
    expect(ids(findings({ 'hosts/n/host.json': '{"kind":"node"}', 'hosts/n/iptables-save.txt': save }))).toEqual([
      'kube-masquerade-missing:no-masquerade:critical@n',
    ]);
  });
  it('kube-masquerade-missing: a chain that is not there at all is cited by its absence, never by no evidence', () => {
    // no POSTROUTING chain declared in the nat table (a hand-trimmed capture), and no KUBE-POSTROUTING either
    const save = d(`
      *nat
      :KUBE-SERVICES - [0:0]
      :KUBE-MARK-MASQ - [0:0]
      -A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000
      COMMIT
    `);
    const fs = findings({ 'hosts/n/host.json': '{"kind":"node"}', 'hosts/n/iptables-save.txt': save });
    expect(ids(fs)).toEqual(['kube-masquerade-missing:no-jump:critical@n']);
    expect(fs[0]!.evidence).toEqual([
      { source: 'hosts/n/iptables-save.txt', line: 0, text: '(no POSTROUTING chain in the nat table)' },
    ]);
  });
  it('a node in IPVS mode is not judged by iptables-mode rules', () => {
    const cm = JSON.stringify({
      kind: 'List',
      items: [
        {
          kind: 'ConfigMap',
          metadata: { name: 'kube-proxy', namespace: 'kube-system' },
          data: { 'config.conf': 'mode: ipvs\n' },
        },
      ],
    });
    expect(
      findings({
        'cluster/configmaps.json': cm,
        'hosts/n/host.json': '{"kind":"node"}',
        'hosts/n/iptables-save.txt': '*nat\n:KUBE-SERVICES - [0:0]\nCOMMIT\n',
      }),
    ).toEqual([]);
  });
});

describe('netpol-blocks-dns on a bundle', () => {
  const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
  const pods = list([
    {
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' } },
      spec: { containers: [{ name: 'web' }] },
      status: { podIP: '10.244.0.7' },
    },
    {
      kind: 'Pod',
      metadata: { name: 'coredns-a', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns' } },
      spec: {
        dnsPolicy: 'Default',
        containers: [
          {
            name: 'coredns',
            ports: [
              { name: 'dns', containerPort: 53, protocol: 'UDP' },
              { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
            ],
          },
        ],
      },
      status: { podIP: '10.244.1.4' },
    },
  ]);
  const services = list([
    {
      kind: 'Service',
      metadata: { name: 'kube-dns', namespace: 'kube-system' },
      spec: {
        clusterIP: '10.96.0.10',
        selector: { 'k8s-app': 'kube-dns' },
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
        ],
      },
    },
  ]);
  const run = (policies: unknown[]) =>
    findings({
      'cluster/pods.json': pods,
      'cluster/services.json': services,
      'cluster/networkpolicies.json': list(policies),
    });
  it('default-deny egress in the namespace: critical on the pod, citing the policy', () => {
    const fs = run([
      {
        kind: 'NetworkPolicy',
        metadata: { name: 'default-deny-egress', namespace: 'shop' },
        spec: { podSelector: {}, policyTypes: ['Egress'] },
      },
    ]);
    expect(ids(fs)).toEqual(['netpol-blocks-dns:blocked:critical@pod:shop/web']);
    expect(fs[0]!.evidence[0]!.source).toBe('cluster/networkpolicies.json');
  });
  it('UDP allowed but not TCP: warning', () => {
    const fs = run([
      {
        kind: 'NetworkPolicy',
        metadata: { name: 'dns-udp', namespace: 'shop' },
        spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] },
      },
    ]);
    expect(ids(fs)).toEqual(['netpol-blocks-dns:tcp-blocked:warning@pod:shop/web']);
  });
  it('the recipe fix: no finding', () => {
    expect(
      run([
        {
          kind: 'NetworkPolicy',
          metadata: { name: 'default-deny-egress', namespace: 'shop' },
          spec: { podSelector: {}, policyTypes: ['Egress'] },
        },
        {
          kind: 'NetworkPolicy',
          metadata: { name: 'allow-dns', namespace: 'shop' },
          spec: {
            podSelector: {},
            policyTypes: ['Egress'],
            egress: [
              {
                to: [
                  {
                    namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                    podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
                  },
                ],
                ports: [
                  { protocol: 'UDP', port: 53 },
                  { protocol: 'TCP', port: 53 },
                ],
              },
            ],
          },
        },
      ]),
    ).toEqual([]);
  });
});

describe('mtu-mismatch (docs/networking-facts.md §node-prerequisites: VXLAN −50, IPIP −20, WireGuard −60)', () => {
  const node = (flannelMtu: number) => ({
    'hosts/worker-1/host.json': '{"kind":"node","name":"worker-1"}',
    'hosts/worker-1/ip-addr.txt': d(`
      2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
          inet 192.168.56.10/24 scope global eth0
      12: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu ${flannelMtu} qdisc noqueue state UNKNOWN group default
          inet 10.244.0.0/32 scope global flannel.1
    `),
    'hosts/worker-1/ip-route.txt':
      'default via 192.168.56.1 dev eth0 \n192.168.56.0/24 dev eth0 proto kernel scope link src 192.168.56.10 \n10.244.1.0/24 via 10.244.1.0 dev flannel.1 onlink \n',
  });
  const pod = (mtu: number) => ({
    'hosts/default.client/host.json': '{"kind":"pod","namespace":"default","name":"client","node":"worker-1"}',
    'hosts/default.client/ip-addr.txt': `2: eth0@if9: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu ${mtu} qdisc noqueue state UP group default\n    inet 10.244.0.9/24 scope global eth0\n`,
  });
  it('flannel.1 at 1500 on a 1500 underlay: overlay variant; 1450 is right', () => {
    expect(ids(findings(node(1500)).filter((f) => f.id === 'mtu-mismatch'))).toEqual([
      'mtu-mismatch:overlay:critical@worker-1',
    ]);
    expect(findings(node(1450)).filter((f) => f.id === 'mtu-mismatch')).toEqual([]);
  });
  it('a pod at 1500 behind flannel.1 at 1450: pod variant; 1450 is right', () => {
    expect(ids(findings({ ...node(1450), ...pod(1500) }).filter((f) => f.id === 'mtu-mismatch'))).toEqual([
      'mtu-mismatch:pod:critical@default.client',
    ]);
    expect(findings({ ...node(1450), ...pod(1450) }).filter((f) => f.id === 'mtu-mismatch')).toEqual([]);
  });
});

describe('kube-proxy in IPVS mode (docs/networking-facts.md §kube-proxy-ipvs, §kube-proxy-modes)', () => {
  const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
  const base = {
    'cluster/configmaps.json': list([
      {
        kind: 'ConfigMap',
        metadata: { name: 'kube-proxy', namespace: 'kube-system' },
        data: { 'config.conf': 'mode: "ipvs"\n' },
      },
    ]),
    'cluster/services.json': list([
      {
        kind: 'Service',
        metadata: { name: 'web', namespace: 'default' },
        spec: {
          type: 'NodePort',
          clusterIP: '10.96.100.10',
          selector: { app: 'web' },
          ports: [{ port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30080 }],
        },
      },
    ]),
    'cluster/endpointslices.json': list([
      {
        kind: 'EndpointSlice',
        metadata: { name: 'web-x', namespace: 'default', labels: { 'kubernetes.io/service-name': 'web' } },
        ports: [{ port: 8080, protocol: 'TCP' }],
        endpoints: [{ addresses: ['10.244.0.7'], conditions: { ready: true } }],
      },
    ]),
    'cluster/pods.json': list([
      {
        kind: 'Pod',
        metadata: { name: 'web-1', namespace: 'default', labels: { app: 'web' } },
        spec: {},
        status: { podIP: '10.244.0.7', conditions: [{ type: 'Ready', status: 'True' }] },
      },
    ]),
    'hosts/worker-1/host.json': '{"kind":"node","name":"worker-1"}',
  };
  const ipvs = (reals: string, nodePort = true) =>
    [
      'IP Virtual Server version 1.2.1 (size=4096)',
      'Prot LocalAddress:Port Scheduler Flags',
      '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
      'TCP  10.96.100.10:80 rr',
      ...reals
        .split(',')
        .filter(Boolean)
        .map((r) => `  -> ${r}                Masq    1      0          0`),
      ...(nodePort
        ? ['TCP  192.168.56.10:30080 rr', '  -> 10.244.0.7:8080                Masq    1      0          0']
        : []),
    ].join('\n');
  const run = (text: string) =>
    ids(findings({ ...base, 'hosts/worker-1/ipvsadm.txt': text })).filter((x) => !x.startsWith('dns-ndots'));
  it('healthy: nothing', () => {
    expect(run(ipvs('10.244.0.7:8080'))).toEqual([]);
  });
  it('real servers differ from the ready endpoints: endpoints-stale', () => {
    expect(run(ipvs('10.244.0.99:8080'))).toEqual(['endpoints-stale:default:critical@worker-1']);
  });
  // the nat table kube-proxy writes in IPVS mode: ipset matches, no per-Service KUBE-SVC chains
  const ipvsNat = [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ':KUBE-SERVICES - [0:0]',
    ':KUBE-NODE-PORT - [0:0]',
    ':KUBE-POSTROUTING - [0:0]',
    ':KUBE-MARK-MASQ - [0:0]',
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING',
    '-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000',
    '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    '-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0',
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE',
    '-A KUBE-SERVICES -m comment --comment "Kubernetes service cluster ip + port for masquerade purpose" -m set --match-set KUBE-CLUSTER-IP src,dst -j KUBE-MARK-MASQ',
    '-A KUBE-SERVICES -m addrtype --dst-type LOCAL -j KUBE-NODE-PORT',
    '-A KUBE-SERVICES -m set --match-set KUBE-CLUSTER-IP dst,dst -j ACCEPT',
    'COMMIT',
    '',
  ].join('\n');
  // YAML spellings of the same mode: quoting and a trailing comment change nothing for kube-proxy
  for (const conf of [
    "mode: 'ipvs'\n",
    'mode: ipvs # IPVS since the upgrade\n',
    'ipvs:\n  scheduler: rr\nmode: "ipvs"\n',
    '{mode: ipvs}\n',
  ]) {
    it(`healthy IPVS node with ${JSON.stringify(conf)}: nothing`, () => {
      const cm = list([
        {
          kind: 'ConfigMap',
          metadata: { name: 'kube-proxy', namespace: 'kube-system' },
          data: { 'config.conf': conf },
        },
      ]);
      const files = {
        ...base,
        'cluster/configmaps.json': cm,
        'hosts/worker-1/ipvsadm.txt': ipvs('10.244.0.7:8080'),
        'hosts/worker-1/iptables-save.txt': ipvsNat,
      };
      expect(ids(findings(files)).filter((x) => !x.startsWith('dns-ndots'))).toEqual([]);
    });
  }
  it('no virtual server for the ClusterIP, no node port: not programmed', () => {
    const text = [
      'IP Virtual Server version 1.2.1 (size=4096)',
      'TCP  10.96.0.1:443 rr',
      '  -> 192.168.56.10:6443 Masq 1 0 0',
    ].join('\n');
    const withKubernetes = {
      ...base,
      'cluster/services.json': list([
        ...JSON.parse(base['cluster/services.json']).items,
        {
          kind: 'Service',
          metadata: { name: 'kubernetes', namespace: 'default' },
          spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
        },
      ]),
    };
    expect(ids(findings({ ...withKubernetes, 'hosts/worker-1/ipvsadm.txt': text })).sort()).toEqual([
      'nodeport-not-programmed:default:critical@worker-1',
      'service-not-programmed:default:critical@worker-1',
    ]);
  });
});

describe('kube-proxy in nftables mode (docs/networking-facts.md §kube-proxy-nftables, §kube-proxy-modes)', () => {
  const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
  const bundle = (endpoints: string[], clusterIP = '172.30.0.41') => ({
    'cluster/configmaps.json': list([
      {
        kind: 'ConfigMap',
        metadata: { name: 'kube-proxy', namespace: 'kube-system' },
        data: { 'config.conf': 'mode: nftables\n' },
      },
    ]),
    'cluster/services.json': list([
      {
        kind: 'Service',
        metadata: { name: 'svc1', namespace: 'ns1' },
        spec: {
          clusterIP,
          selector: { app: 'a' },
          ports: [{ name: 'p80', port: 80, protocol: 'TCP', targetPort: 80 }],
        },
      },
    ]),
    'cluster/endpointslices.json': list([
      {
        kind: 'EndpointSlice',
        metadata: { name: 'svc1-x', namespace: 'ns1', labels: { 'kubernetes.io/service-name': 'svc1' } },
        ports: [{ name: 'p80', port: 80, protocol: 'TCP' }],
        endpoints: endpoints.map((a) => ({ addresses: [a], conditions: { ready: true } })),
      },
    ]),
    'hosts/worker-1/host.json': '{"kind":"node","name":"worker-1"}',
    'hosts/worker-1/nft.json': fixture('reference/kube-proxy-nft.json'),
  });
  it('healthy: the map and endpoint chains match the EndpointSlice', () => {
    expect(findings(bundle(['10.180.0.1', '10.180.0.2']))).toEqual([]);
  });
  it('a stale endpoint chain: endpoints-stale, citing the nft objects', () => {
    const fs = findings(bundle(['10.180.0.1', '10.180.0.3']));
    expect(ids(fs)).toEqual(['endpoints-stale:default:critical@worker-1']);
    expect(fs[0]!.evidence[0]!.source).toBe('hosts/worker-1/nft.json');
  });
  it('a ClusterIP missing from the service-ips map: service-not-programmed', () => {
    expect(ids(findings(bundle(['10.180.0.1'], '172.30.0.99')))).toEqual([
      'service-not-programmed:default:critical@worker-1',
    ]);
  });
});

describe('kube-proxy /healthz (docs/networking-facts.md §kube-proxy-modes)', () => {
  const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
  const bundle = (healthz: string) => ({
    'cluster/services.json': list([
      {
        kind: 'Service',
        metadata: { name: 'kubernetes', namespace: 'default' },
        spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
      },
    ]),
    'hosts/worker-1/host.json': '{"kind":"node","name":"worker-1"}',
    'hosts/worker-1/kube-proxy-healthz.txt': healthz,
  });
  it('503: rules not synced in time, citing the status line and the body', () => {
    const fs = findings(
      bundle(
        'HTTP/1.1 503 Service Unavailable\nContent-Type: application/json\n\n{"lastUpdated": "2026-11-20 09:14:07 +0000 UTC","currentTime": "2026-11-20 09:16:12 +0000 UTC","nodeEligible": true}\n',
      ),
    );
    expect(ids(fs)).toEqual(['kube-proxy-unhealthy:healthz:critical@worker-1']);
    expect(fs[0]!.evidence.map((e) => e.line)).toEqual([1, 4]);
  });
  it('nodeEligible false; and 200 is healthy', () => {
    expect(
      ids(
        findings(
          bundle('HTTP/1.1 503 Service Unavailable\n\n{"lastUpdated": "x","currentTime": "y","nodeEligible": false}\n'),
        ),
      ),
    ).toEqual(['kube-proxy-unhealthy:not-eligible:critical@worker-1']);
    expect(
      findings(bundle('HTTP/1.1 200 OK\n\n{"lastUpdated": "x","currentTime": "y","nodeEligible": true}\n')),
    ).toEqual([]);
  });
});

describe("a node's own /proxyMode answer (docs/networking-facts.md §kube-proxy-modes)", () => {
  it('beats the ConfigMap: a node that says ipvs is not judged by its (leftover) iptables chains', () => {
    const list = (items: unknown[]) => JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
    const files = {
      'cluster/configmaps.json': list([
        {
          kind: 'ConfigMap',
          metadata: { name: 'kube-proxy', namespace: 'kube-system' },
          data: { 'config.conf': 'mode: iptables\n' },
        },
      ]),
      'cluster/services.json': list([
        {
          kind: 'Service',
          metadata: { name: 'kubernetes', namespace: 'default' },
          spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
        },
      ]),
      'hosts/worker-1/host.json': '{"kind":"node","name":"worker-1"}',
      'hosts/worker-1/iptables-save.txt':
        '*nat\n:PREROUTING ACCEPT [0:0]\n:POSTROUTING ACCEPT [0:0]\n:KUBE-SERVICES - [0:0]\nCOMMIT\n',
    };
    expect(ids(findings(files))).toEqual([
      'kube-masquerade-missing:no-jump:critical@worker-1',
      'kube-proxy-unhealthy:no-jump:critical@worker-1',
    ]);
    expect(findings({ ...files, 'hosts/worker-1/kube-proxy-mode.txt': 'ipvs\n' })).toEqual([]);
  });
});
