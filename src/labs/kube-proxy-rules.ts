// Writes the iptables-restore input kube-proxy (iptables mode, 1.28+) would write for a node, in kube-proxy's
// own syntax (docs/networking-facts.md §kube-proxy-jumps, §iptables-save-format, §no-endpoints-rules): unquoted one-token comments, no /32, `-m tcp -p tcp`, probabilities
// as %0.10f. Labs load it with the real iptables-restore, so captures show what iptables-save prints.
import type { Cluster, K8sService, ServicePort } from '../snapshot/k8s/cluster.js';
import { readyEndpoints } from '../snapshot/k8s/cluster.js';
import { sepChain, servicePortName, svcChain } from '../snapshot/k8s/hash.js';

export interface KubeProxyOptions {
  clusterCIDR: string;
  /** Leave these out, as a kube-proxy that has not synced them yet would. */
  skipServices?: string[];
  skipNodePorts?: boolean;
  skipPostroutingJump?: boolean;
  /** Replace a service port's endpoints, as a stale kube-proxy would still have them ("ns/name" → ["IP:port"]). */
  staleEndpoints?: Record<string, string[]>;
}

const q = (s: string): string => (/^[\w\-/:.]+$/.test(s) ? s : `"${s}"`);

function probability(n: number): string {
  return (1 / n).toFixed(10);
}

// The rules for one node.
export function kubeProxyRestore(c: Cluster, o: KubeProxyOptions): string {
  const natChains = new Set([
    'KUBE-SERVICES',
    'KUBE-NODEPORTS',
    'KUBE-POSTROUTING',
    'KUBE-MARK-MASQ',
    'KUBE-PROXY-CANARY',
  ]);
  const nat: string[] = [
    '-A PREROUTING -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    ...(o.skipPostroutingJump
      ? []
      : ['-A POSTROUTING -m comment --comment "kubernetes postrouting rules" -j KUBE-POSTROUTING']),
    '-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN',
    '-A KUBE-POSTROUTING -j MARK --xor-mark 0x4000',
    '-A KUBE-POSTROUTING -m comment --comment "kubernetes service traffic requiring SNAT" -j MASQUERADE --random-fully',
    '-A KUBE-MARK-MASQ -j MARK --or-mark 0x4000',
  ];
  const filterChains = new Set([
    'KUBE-SERVICES',
    'KUBE-EXTERNAL-SERVICES',
    'KUBE-NODEPORTS',
    'KUBE-FORWARD',
    'KUBE-PROXY-FIREWALL',
    'KUBE-PROXY-CANARY',
    'KUBE-FIREWALL',
  ]);
  const filter: string[] = [
    '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
    '-A INPUT -m comment --comment "kubernetes health check service ports" -j KUBE-NODEPORTS',
    '-A INPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
    '-A INPUT -j KUBE-FIREWALL',
    '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
    '-A FORWARD -m comment --comment "kubernetes forwarding rules" -j KUBE-FORWARD',
    '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A FORWARD -m conntrack --ctstate NEW -m comment --comment "kubernetes externally-visible service portals" -j KUBE-EXTERNAL-SERVICES',
    '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes load balancer firewall" -j KUBE-PROXY-FIREWALL',
    '-A OUTPUT -m conntrack --ctstate NEW -m comment --comment "kubernetes service portals" -j KUBE-SERVICES',
    '-A OUTPUT -j KUBE-FIREWALL',
    '-A KUBE-FIREWALL ! -s 127.0.0.0/8 -d 127.0.0.0/8 -m comment --comment "block incoming localnet connections" -m conntrack ! --ctstate RELATED,ESTABLISHED,DNAT -j DROP',
    '-A KUBE-FORWARD -m conntrack --ctstate INVALID -j DROP',
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding rules" -m mark --mark 0x4000/0x4000 -j ACCEPT',
    '-A KUBE-FORWARD -m comment --comment "kubernetes forwarding conntrack rule" -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
  ];
  const services = [...c.services].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
  const tail: string[] = [];
  for (const s of services) {
    if (o.skipServices?.includes(`${s.namespace}/${s.name}`) || s.clusterIPs.length === 0) continue;
    for (const p of s.ports) portRules(c, s, p, o, nat, natChains, filter, o.skipNodePorts ? [] : tail);
  }
  nat.push(...tail);
  nat.push(
    '-A KUBE-SERVICES -m comment --comment "kubernetes service nodeports; NOTE: this must be the last rule in this chain" -m addrtype --dst-type LOCAL -j KUBE-NODEPORTS',
  );
  const decl = (chains: Set<string>): string[] => [...chains].map((n) => `:${n} - [0:0]`);
  return ['*filter', ...decl(filterChains), ...filter, 'COMMIT', '*nat', ...decl(natChains), ...nat, 'COMMIT', ''].join(
    '\n',
  );
}

function portRules(
  c: Cluster,
  s: K8sService,
  p: ServicePort,
  o: KubeProxyOptions,
  nat: string[],
  natChains: Set<string>,
  filter: string[],
  nodePorts: string[],
): void {
  const spn = servicePortName(s.namespace, s.name, p.name);
  const proto = p.protocol.toLowerCase();
  const ip = s.clusterIPs[0]!;
  const eps = o.staleEndpoints?.[`${s.namespace}/${s.name}`] ?? readyEndpoints(c, s, p);
  const m = `-m ${proto} -p ${proto}`;
  if (eps.length === 0) {
    filter.push(
      `-A KUBE-SERVICES -m comment --comment ${q(`${spn} has no endpoints`)} ${m} -d ${ip} --dport ${p.port} -j REJECT`,
    );
    if (p.nodePort)
      filter.push(
        `-A KUBE-EXTERNAL-SERVICES -m comment --comment ${q(`${spn} has no endpoints`)} -m addrtype --dst-type LOCAL ${m} --dport ${p.nodePort} -j REJECT`,
      );
    return;
  }
  const svc = svcChain(spn, proto);
  natChains.add(svc);
  nat.push(`-A KUBE-SERVICES -m comment --comment ${q(`${spn} cluster IP`)} ${m} -d ${ip} --dport ${p.port} -j ${svc}`);
  nat.push(
    `-A ${svc} -m comment --comment ${q(`${spn} cluster IP`)} ${m} -d ${ip} --dport ${p.port} ! -s ${o.clusterCIDR} -j KUBE-MARK-MASQ`,
  );
  eps.forEach((ep, i) => {
    const sep = sepChain(spn, proto, ep);
    natChains.add(sep);
    const prob = i < eps.length - 1 ? ` -m statistic --mode random --probability ${probability(eps.length - i)}` : '';
    nat.push(`-A ${svc} -m comment --comment ${q(`${spn} -> ${ep}`)}${prob} -j ${sep}`);
    nat.push(`-A ${sep} -m comment --comment ${q(spn)} -s ${ep.split(':')[0]} -j KUBE-MARK-MASQ`);
    nat.push(`-A ${sep} -m comment --comment ${q(spn)} ${m} -j DNAT --to-destination ${ep}`);
  });
  if (p.nodePort) {
    const ext = svcChain(spn, proto, 'KUBE-EXT-');
    natChains.add(ext);
    nodePorts.push(`-A KUBE-NODEPORTS -m comment --comment ${q(spn)} ${m} --dport ${p.nodePort} -j ${ext}`);
    nodePorts.push(
      `-A ${ext} -m comment --comment ${q(`masquerade traffic for ${spn} external destinations`)} -j KUBE-MARK-MASQ`,
    );
    nodePorts.push(`-A ${ext} -j ${svc}`);
  }
}
