// NetworkPolicy egress evaluation with the API's semantics (docs/networking-facts.md §netpol-dns; k8s "Network Policies"):
// selectors with matchLabels/matchExpressions, namespaceSelector (with kubernetes.io/metadata.name), both in
// one peer (AND), peers and rules and policies as unions (OR), ipBlock with except, ports with protocol,
// named ports and endPort, and policyTypes defaulting.
import { rec } from '../../json.js';
import { cidrContains, parseCidr, parseIp } from '../../net/ip.js';
import type { K8sObject } from '../../parsers/k8s-list.js';
import type { Cluster, K8sPod } from './cluster.js';

type R = Record<string, unknown>;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

// A LabelSelector: {} (or absent matchLabels/matchExpressions) selects everything.
export function selectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  const s = rec(selector);
  for (const [k, v] of Object.entries(rec(s.matchLabels))) if (labels[k] !== String(v)) return false;
  for (const e of arr(s.matchExpressions).map(rec)) {
    const key = String(e.key ?? '');
    const values = arr(e.values).map(String);
    const has = Object.hasOwn(labels, key);
    switch (e.operator) {
      case 'In':
        if (!has || !values.includes(labels[key]!)) return false;
        break;
      case 'NotIn':
        if (has && values.includes(labels[key]!)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false; // an operator we do not know selects nothing, as the API would reject it
    }
  }
  return true;
}

// Labels of a namespace: its object's labels when captured, and always the automatic metadata.name label.
export function namespaceLabels(c: Cluster, ns: string): Record<string, string> {
  const obj = c.namespaces?.find((n) => n.name === ns);
  return { ...(obj?.labels ?? {}), 'kubernetes.io/metadata.name': ns };
}

// policyTypes as the API defaults them: Ingress always, Egress when the policy has an egress section.
export function policyTypes(p: K8sObject): string[] {
  const spec = rec(p.raw.spec);
  const given = arr(spec.policyTypes).map(String);
  if (given.length > 0) return given;
  return ['Ingress', ...(Array.isArray(spec.egress) ? ['Egress'] : [])];
}

export interface Destination {
  ip: string;
  /** The pod behind the address, when it is one (lets podSelector and named ports apply). */
  pod?: K8sPod;
  port: number;
  protocol: string;
}

function peerMatches(c: Cluster, policyNs: string, peer: R, d: Destination): boolean {
  if (peer.ipBlock !== undefined) {
    const b = rec(peer.ipBlock);
    const cidr = parseCidr(String(b.cidr ?? ''));
    const ip = parseIp(d.ip);
    if (!cidr || !ip || !cidrContains(cidr, ip)) return false;
    return !arr(b.except).some((x) => {
      const e = parseCidr(String(x));
      return !!e && cidrContains(e, ip);
    });
  }
  const hasPod = peer.podSelector !== undefined;
  const hasNs = peer.namespaceSelector !== undefined;
  if (!hasPod && !hasNs) return false;
  if (!d.pod) return false;
  const nsOk = hasNs
    ? selectorMatches(peer.namespaceSelector, namespaceLabels(c, d.pod.namespace))
    : d.pod.namespace === policyNs;
  return nsOk && (!hasPod || selectorMatches(peer.podSelector, d.pod.labels));
}

function portMatches(port: R, d: Destination): boolean {
  const proto = String(port.protocol ?? 'TCP');
  if (proto !== d.protocol) return false;
  if (port.port === undefined) return true;
  if (typeof port.port === 'number') {
    const end = typeof port.endPort === 'number' ? port.endPort : port.port;
    return d.port >= port.port && d.port <= end;
  }
  // a named port means the destination pod's container port of that name and protocol
  return !!d.pod?.ports.some((cp) => cp.name === port.port && cp.protocol === proto && cp.containerPort === d.port);
}

export interface EgressVerdict {
  /** Some policy selects the pod for Egress. */
  isolated: boolean;
  allowed: boolean;
  /** Policies that select the pod for Egress. */
  policies: K8sObject[];
  /** The policy and rule index that allowed it. */
  allowedBy?: { policy: K8sObject; rule: number };
}

// May `src` open a connection to `d`? Unisolated pods may reach anything.
export function egressVerdict(c: Cluster, src: K8sPod, d: Destination): EgressVerdict {
  const policies = c.policies.filter(
    (p) =>
      (p.namespace ?? 'default') === src.namespace &&
      policyTypes(p).includes('Egress') &&
      selectorMatches(rec(p.raw.spec).podSelector, src.labels),
  );
  if (policies.length === 0) return { isolated: false, allowed: true, policies };
  for (const p of policies) {
    const rules = arr(rec(p.raw.spec).egress).map(rec);
    for (let i = 0; i < rules.length; i++) {
      const r = rules[i]!;
      const to = arr(r.to).map(rec);
      const ports = arr(r.ports).map(rec);
      const toOk = to.length === 0 || to.some((peer) => peerMatches(c, p.namespace ?? 'default', peer, d));
      const portOk = ports.length === 0 || ports.some((pt) => portMatches(pt, d));
      if (toOk && portOk) return { isolated: true, allowed: true, policies, allowedBy: { policy: p, rule: i } };
    }
  }
  return { isolated: true, allowed: false, policies };
}
