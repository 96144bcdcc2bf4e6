// NetworkPolicy egress on the classic recipes (docs/networking-facts.md §netpol-dns; ahmetb/kubernetes-network-policy-recipes).
import { describe, expect, it } from 'vitest';
import type { Cluster, K8sPod } from '../../src/snapshot/k8s/cluster.js';
import { egressVerdict, policyTypes, selectorMatches } from '../../src/snapshot/k8s/netpol.js';
import type { K8sObject } from '../../src/parsers/k8s-list.js';

const src = { file: 'cluster/networkpolicies.json', line: 1, text: '' };
const obj = (
  kind: string,
  ns: string,
  name: string,
  labels: Record<string, string>,
  raw: Record<string, unknown> = {},
): K8sObject => ({
  kind,
  name,
  namespace: ns,
  labels,
  raw: { kind, metadata: { name, namespace: ns, labels }, ...raw },
  src,
});
const pod = (
  ns: string,
  name: string,
  ip: string,
  labels: Record<string, string>,
  ports: K8sPod['ports'] = [],
): K8sPod => ({
  namespace: ns,
  name,
  podIPs: [ip],
  hostNetwork: false,
  dnsPolicy: 'ClusterFirst',
  labels,
  ready: true,
  ports,
  restarts: 0,
  waiting: [],
  obj: obj('Pod', ns, name, labels),
});
const policy = (ns: string, name: string, spec: Record<string, unknown>) =>
  obj('NetworkPolicy', ns, name, {}, { spec });

const web = pod('default', 'web', '10.244.0.7', { app: 'web' });
const dns = pod('kube-system', 'coredns-a', '10.244.1.4', { 'k8s-app': 'kube-dns' }, [
  { name: 'dns', containerPort: 53, protocol: 'UDP' },
  { name: 'dns-tcp', containerPort: 53, protocol: 'TCP' },
]);
const cluster = (...policies: K8sObject[]): Cluster => ({
  nodes: [],
  pods: [web, dns],
  services: [],
  slices: [],
  policies,
  configMaps: [],
  daemonSets: [],
  deployments: [],
  events: [],
  files: [],
});
const toDns = (proto = 'UDP', port = 53) => ({ ip: dns.podIPs[0]!, pod: dns, port, protocol: proto });
const allowed = (c: Cluster, d = toDns()) => egressVerdict(c, web, d).allowed;

describe('selectors', () => {
  it('matchLabels, matchExpressions (In, NotIn, Exists, DoesNotExist), and {} selects all', () => {
    const l = { app: 'web', tier: 'front' };
    expect(selectorMatches({}, l)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'web' } }, l)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: 'db' } }, l)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'In', values: ['front', 'back'] }] }, l)).toBe(
      true,
    );
    expect(selectorMatches({ matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] }, l)).toBe(
      false,
    );
    expect(selectorMatches({ matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, l)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, l)).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, l)).toBe(false);
  });
  it('policyTypes default to Ingress, plus Egress only when an egress section exists', () => {
    expect(policyTypes(policy('default', 'p', { podSelector: {} }))).toEqual(['Ingress']);
    expect(policyTypes(policy('default', 'p', { podSelector: {}, egress: [] }))).toEqual(['Ingress', 'Egress']);
    expect(policyTypes(policy('default', 'p', { podSelector: {}, policyTypes: ['Egress'] }))).toEqual(['Egress']);
  });
});

describe('egress to CoreDNS', () => {
  const denyAll = policy('default', 'default-deny-egress', { podSelector: {}, policyTypes: ['Egress'] });
  it('no policy: not isolated, allowed', () => {
    expect(egressVerdict(cluster(), web, toDns())).toMatchObject({ isolated: false, allowed: true });
  });
  it('recipe 11 "deny all egress": DNS is blocked', () => {
    expect(egressVerdict(cluster(denyAll), web, toDns())).toMatchObject({ isolated: true, allowed: false });
  });
  it('an ingress-only policy does not isolate egress', () => {
    expect(allowed(cluster(policy('default', 'in', { podSelector: {}, ingress: [] })))).toBe(true);
  });
  it('the recipe fix: ports 53 UDP/TCP with no "to" (any destination)', () => {
    const fix = policy('default', 'allow-dns', {
      podSelector: {},
      policyTypes: ['Egress'],
      egress: [
        {
          ports: [
            { port: 53, protocol: 'UDP' },
            { port: 53, protocol: 'TCP' },
          ],
        },
      ],
    });
    const c = cluster(denyAll, fix);
    expect(allowed(c)).toBe(true);
    expect(allowed(c, toDns('TCP'))).toBe(true);
    expect(allowed(c, { ...toDns(), port: 80 })).toBe(false);
  });
  it('the tighter form: namespaceSelector (kubernetes.io/metadata.name) AND podSelector in one peer', () => {
    const tight = (podLabels: Record<string, string>) =>
      policy('default', 'dns', {
        podSelector: {},
        policyTypes: ['Egress'],
        egress: [
          {
            to: [
              {
                namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                podSelector: { matchLabels: podLabels },
              },
            ],
            ports: [{ protocol: 'UDP', port: 53 }],
          },
        ],
      });
    expect(allowed(cluster(tight({ 'k8s-app': 'kube-dns' })))).toBe(true);
    expect(allowed(cluster(tight({ 'k8s-app': 'coredns' })))).toBe(false);
  });
  it("podSelector alone means the policy's own namespace; as separate peers they are ORed", () => {
    const podOnly = policy('default', 'p', {
      podSelector: {},
      egress: [{ to: [{ podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }] }],
    });
    expect(allowed(cluster(podOnly))).toBe(false);
    const either = policy('default', 'p', {
      podSelector: {},
      egress: [
        {
          to: [
            { podSelector: { matchLabels: { app: 'nothing' } } },
            { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } } },
          ],
        },
      ],
    });
    expect(allowed(cluster(either))).toBe(true);
  });
  it('ipBlock with except', () => {
    const block = (except: string[]) =>
      policy('default', 'p', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.244.0.0/16', except } }] }] });
    expect(allowed(cluster(block([])))).toBe(true);
    expect(allowed(cluster(block(['10.244.1.0/24'])))).toBe(false);
  });
  it('named ports resolve on the destination pod, with their protocol; endPort ranges', () => {
    const named = policy('default', 'p', { podSelector: {}, egress: [{ ports: [{ port: 'dns', protocol: 'UDP' }] }] });
    expect(allowed(cluster(named))).toBe(true);
    expect(allowed(cluster(named), toDns('TCP'))).toBe(false);
    const range = policy('default', 'p', {
      podSelector: {},
      egress: [{ ports: [{ port: 50, endPort: 60, protocol: 'UDP' }] }],
    });
    expect(allowed(cluster(range))).toBe(true);
    expect(
      allowed(
        cluster(
          policy('default', 'p', {
            podSelector: {},
            egress: [{ ports: [{ port: 54, endPort: 60, protocol: 'UDP' }] }],
          }),
        ),
      ),
    ).toBe(false);
  });
  it('policies in another namespace, or selecting other pods, do not isolate this one', () => {
    expect(allowed(cluster(policy('other', 'deny', { podSelector: {}, policyTypes: ['Egress'] })))).toBe(true);
    expect(
      allowed(
        cluster(policy('default', 'deny-db', { podSelector: { matchLabels: { app: 'db' } }, policyTypes: ['Egress'] })),
      ),
    ).toBe(true);
  });
});
