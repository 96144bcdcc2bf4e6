// Regenerates fixtures/support-bundle/: our own kernel captures of the k8s-hostgw lab (fixtures/k8s-hostgw/<scenario>/,
// the healthy one and the podcidr-route-missing fault) laid out the way a third-party tool writes them, so each
// format reader is tested end to end on real command outputs. What comes from where is in each folder's README.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';

const SCENARIOS = ['healthy', 'podcidr-route-missing'];
/** Host bundles (one node, no cluster): the fault has to show on the node alone. */
const HOST_SCENARIOS = ['healthy', 'pod-masq-missing'];
let scenario = '';
const read = (p: string): string => readFileSync(join(process.cwd(), 'fixtures/k8s-hostgw', scenario, p), 'utf8');
const NODES = ['worker-1', 'worker-2'];

function put(root: string, rel: string, text: string): void {
  mkdirSync(dirname(join(root, rel)), { recursive: true });
  writeFileSync(join(root, rel), text);
}

// The items of one of our cluster lists.
const items = (list: string): Record<string, unknown>[] =>
  (JSON.parse(read(`cluster/${list}.json`)) as { items: Record<string, unknown>[] }).items;
const nsOf = (o: Record<string, unknown>): string => (o.metadata as { namespace?: string }).namespace ?? '';
// Go's json.MarshalIndent(list, "", "  "), as troubleshoot saves a typed List
const goList = (kind: string, its: unknown[]): string =>
  JSON.stringify({ kind, apiVersion: 'v1', metadata: { resourceVersion: '4711' }, items: its }, null, 2);

// troubleshoot.sh: remote host collectors per node, cluster resources per namespace.
// One node's run-host collectors under DIR (host-collectors/<node>/run-host/ remotely, host-collectors/run-host/
// for a host bundle run on the node itself).
function hostRuns(root: string, dir: string, node: string, hostname = false): void {
  const sysctls = read(`hosts/${node}/sysctl.txt`)
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' = ')[0]);
  const runs: [string, string, string][] = [
    ['ip-addr', '/usr/sbin/ip -d address show', read(`hosts/${node}/ip-addr.txt`)],
    ['ip-route', '/usr/sbin/ip route show', read(`hosts/${node}/ip-route.txt`)],
    ['ip-rule', '/usr/sbin/ip rule show', read(`hosts/${node}/ip-rule.txt`)],
    ['ip-neigh', '/usr/sbin/ip neigh show', read(`hosts/${node}/ip-neigh.txt`)],
    ['iptables', '/usr/sbin/iptables-save', read(`hosts/${node}/iptables-save.txt`)],
    ['sysctl', `/usr/sbin/sysctl ${sysctls.join(' ')}`, read(`hosts/${node}/sysctl.txt`)],
    ['resolv', '/usr/bin/cat /etc/resolv.conf', read(`hosts/${node}/resolv.conf`)],
    ...(hostname ? [['hostname', '/usr/bin/hostname', `${node}\n`] as [string, string, string]] : []),
  ];
  for (const [name, command, text] of runs) {
    put(root, `${dir}/${name}.txt`, text);
    put(
      root,
      `${dir}/${name}-info.json`,
      JSON.stringify({ command, exitCode: '0', error: '', outputDir: '', input: '', env: [] }),
    );
  }
  // a collector whose command failed on the node: its output is empty, its info says why
  put(root, `${dir}/ipvs.txt`, '');
  put(
    root,
    `${dir}/ipvs-info.json`,
    JSON.stringify({
      command: '/usr/sbin/ipvsadm -Ln',
      exitCode: '1',
      error: "Can't initialize ipvs: Protocol not available\n",
      outputDir: '',
      input: '',
      env: [],
    }),
  );
}

// troubleshoot.sh's host bundle (`support-bundle host.yaml` run on one node): local run-host collectors only.
function hostBundle(): void {
  const root = join(process.cwd(), 'fixtures/support-bundle', scenario, 'host-2026-12-06T08_00_00');
  rmSync(root, { recursive: true, force: true });
  hostRuns(root, 'host-collectors/run-host', 'worker-1', true);
  process.stdout.write(`wrote ${root}\n`);
}

function supportBundle(): void {
  const root = join(process.cwd(), 'fixtures/support-bundle', scenario, 'support-bundle-2026-12-06T08_00_00');
  rmSync(root, { recursive: true, force: true });
  for (const node of NODES) hostRuns(root, `host-collectors/${node}/run-host`, node);
  put(root, 'cluster-resources/nodes.json', goList('NodeList', items('nodes')));
  for (const [list, kind] of [
    ['pods', 'PodList'],
    ['services', 'ServiceList'],
  ] as const) {
    const byNs = new Map<string, unknown[]>();
    for (const o of items(list)) byNs.set(nsOf(o), [...(byNs.get(nsOf(o)) ?? []), o]);
    for (const [ns, its] of byNs) put(root, `cluster-resources/${list}/${ns}.json`, goList(kind, its));
  }
  // one namespace the bundle's service account could not list
  put(
    root,
    'cluster-resources/pods-errors.json',
    JSON.stringify(
      {
        monitoring:
          'pods is forbidden: User "system:serviceaccount:default:troubleshoot" cannot list resource "pods" in API group "" in the namespace "monitoring"',
      },
      null,
      2,
    ),
  );
  put(
    root,
    'version.yaml',
    'apiVersion: troubleshoot.sh/v1beta2\nkind: SupportBundle\nspec:\n  versionNumber: 0.107.0\n',
  );
  process.stdout.write(`wrote ${root}\n`);
}

// A typed List as cilium-cli writes it (YAML, no kind on the list or its items: typed clients drop TypeMeta).
const typedYaml = (its: Record<string, unknown>[]): string =>
  stringify({
    metadata: { resourceVersion: '4711' },
    items: its.map(({ kind: _k, apiVersion: _a, ...rest }) => rest),
  });

// v1 Endpoints from our EndpointSlices (what sysdump lists), one per Service.
function endpointsOf(slices: Record<string, unknown>[]): Record<string, unknown>[] {
  return slices.map((sl) => {
    const meta = sl.metadata as { name: string; namespace: string; labels: Record<string, string> };
    const eps = (sl.endpoints ?? []) as { addresses: string[]; conditions?: { ready?: boolean }; nodeName?: string }[];
    const addr = (e: (typeof eps)[number]) =>
      e.addresses.map((ip) => ({ ip, ...(e.nodeName ? { nodeName: e.nodeName } : {}) }));
    const ready = eps.filter((e) => e.conditions?.ready !== false).flatMap(addr);
    const notReady = eps.filter((e) => e.conditions?.ready === false).flatMap(addr);
    const ports = sl.ports as unknown[];
    return {
      metadata: { name: meta.labels['kubernetes.io/service-name'] ?? meta.name, namespace: meta.namespace },
      subsets:
        ready.length || notReady.length
          ? [
              {
                ...(ready.length ? { addresses: ready } : {}),
                ...(notReady.length ? { notReadyAddresses: notReady } : {}),
                ports,
              },
            ]
          : [],
    };
  });
}

// cilium-cli's sysdump: k8s-*.yaml lists, Cilium's ConfigMap, one unpacked bugtool report per agent pod.
const AGENTS: Record<string, string> = { 'worker-1': 'cilium-x7k2p', 'worker-2': 'cilium-9qv4d' };
function sysdump(): void {
  const ts = '20261206-080000';
  const root = join(process.cwd(), 'fixtures/sysdump', scenario, `cilium-sysdump-${ts}`);
  rmSync(root, { recursive: true, force: true });
  const agents = NODES.map((node) => ({
    kind: 'Pod',
    apiVersion: 'v1',
    metadata: { name: AGENTS[node], namespace: 'kube-system', labels: { 'k8s-app': 'cilium' } },
    spec: {
      nodeName: node,
      hostNetwork: true,
      dnsPolicy: 'ClusterFirstWithHostNet',
      containers: [{ name: 'cilium-agent' }],
    },
    status: { phase: 'Running', podIP: '', conditions: [{ type: 'Ready', status: 'True' }] },
  }));
  put(root, `k8s-nodes-${ts}.yaml`, typedYaml(items('nodes')));
  put(root, `k8s-pods-${ts}.yaml`, typedYaml([...items('pods'), ...agents]));
  put(root, `k8s-services-${ts}.yaml`, typedYaml(items('services')));
  put(root, `k8s-endpoints-${ts}.yaml`, typedYaml(endpointsOf(items('endpointslices'))));
  put(
    root,
    `cilium-configmap-${ts}.yaml`,
    stringify({
      metadata: { name: 'cilium-config', namespace: 'kube-system' },
      data: { 'kube-proxy-replacement': 'false', 'routing-mode': 'native', ipam: 'kubernetes' },
    }),
  );
  for (const node of NODES) {
    const cmd = join(`cilium-bugtool-${AGENTS[node]}-${ts}`, 'cilium-bugtool-20261206-080012', 'cmd');
    const runs: [string, string, string][] = [
      ['ip a', 'ip-a.md', read(`hosts/${node}/ip-addr.txt`)],
      ['ip -4 r', 'ip--4-r.md', read(`hosts/${node}/ip-route.txt`)],
      ['ip -4 n', 'ip--4-n.md', read(`hosts/${node}/ip-neigh.txt`)],
      ['ip -d rule', 'ip--d-rule.md', read(`hosts/${node}/ip-rule.txt`)],
      ['iptables-save -c', 'iptables-save--c.md', read(`hosts/${node}/iptables-save.txt`)],
      ['sysctl -a', 'sysctl--a.md', read(`hosts/${node}/sysctl.txt`)],
      ['hostname', 'hostname.md', `${node}\n`],
    ];
    // bugtool's Markdown form: the prompt as a heading, the output fenced
    for (const [prompt, file, out] of runs)
      put(root, join(cmd, file), `# ${prompt}\n\n\`\`\`\n${out.replace(/\n$/, '')}\n\`\`\`\n`);
    // a command that failed in the agent's container: bugtool keeps only its error line
    put(root, join(cmd, 'ip6tables-save--c.md'), "> Error while running 'ip6tables-save -c':  exit status 1\n\n");
  }
  process.stdout.write(`wrote ${root}\n`);
}

for (scenario of SCENARIOS) {
  supportBundle();
  sysdump();
}
for (scenario of HOST_SCENARIOS) hostBundle();
