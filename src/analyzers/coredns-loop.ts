// coredns-loop: CoreDNS forwards to the node's loopback resolver, detects the loop and crash-loops.
import { isLoopback, parseIp } from '../net/ip.js';
import { rootBlock } from '../parsers/corefile.js';
import type { Snapshot } from '../snapshot/types.js';
import { ev, note } from './fix.js';
import { kubeDns, serviceTarget } from './k8s.js';
import { list } from './roles.js';
import type { Analyzer, RawFinding } from './types.js';

export const corednsLoop: Analyzer = {
  id: 'coredns-loop',
  run(snap: Snapshot): RawFinding[] {
    const c = snap.cluster;
    const svc = kubeDns(snap);
    if (!c || !svc) return [];
    const root = c.corefile && rootBlock(c.corefile.blocks);
    // `forward . /etc/resolv.conf` (older CoreDNS: `proxy`) sends what the cluster does not answer to the node's resolver
    const fwd = root?.directives.find(
      (d) =>
        (d.name === 'forward' || d.name === 'proxy') &&
        d.args[0] === '.' &&
        d.args.slice(1).includes('/etc/resolv.conf'),
    );
    if (!fwd) return [];
    const pods = c.pods.filter(
      (p) => p.namespace === 'kube-system' && p.labels['k8s-app'] === 'kube-dns' && p.dnsPolicy === 'Default',
    );
    const crashing = pods.filter((p) => p.waiting.includes('CrashLoopBackOff') || p.restarts >= 3);
    for (const p of crashing) {
      const node = snap.hosts.find((h) => h.kind === 'node' && (h.meta.name ?? h.id) === p.nodeName);
      const loop = node?.resolv?.nameservers.find((n) => {
        const ip = parseIp(n.address);
        return ip && isLoopback(ip);
      });
      if (!node || !loop) continue;
      return [
        {
          id: 'coredns-loop',
          severity: 'critical',
          target: serviceTarget(svc),
          variant: 'default',
          params: { loopback: loop.address, node: node.id, pods: list(crashing.map((x) => x.name)) },
          evidence: [ev(loop.src), ev(fwd.src), ...crashing.slice(0, 2).map((x) => ev(x.obj.src))],
          fix: [
            'kubectl -n kube-system edit configmap coredns',
            'kubectl -n kube-system rollout restart deployment coredns',
          ],
          notes: [
            note(
              `On ${node.id}, point kubelet's resolvConf at /run/systemd/resolve/resolv.conf (the real upstream servers, not the 127.0.0.53 stub), or make the Corefile's forward line name upstream servers instead of /etc/resolv.conf.`,
              `在 ${node.id} 上,把 kubelet 的 resolvConf 指向 /run/systemd/resolve/resolv.conf(真正的上游伺服器,而不是 127.0.0.53 stub),或是讓 Corefile 的 forward 直接寫上游伺服器位址,而不是 /etc/resolv.conf。`,
            ),
          ],
        },
      ];
    }
    return [];
  },
};
