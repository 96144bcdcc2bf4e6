// IPVS (kube-proxy's IPVS mode): a packet for a virtual server — a ClusterIP on kube-ipvs0, so a local address —
// is taken after filter INPUT (or, sent by the node itself, after nat OUTPUT), sent to one real server with its
// destination rewritten (masquerading forward), and goes on through filter OUTPUT and POSTROUTING; a virtual server
// with no real server answers with ICMP port unreachable (docs/networking-facts.md §kube-proxy-ipvs). The
// scheduler's choice is a fork with each real server's share of the weight. Not proven against a kernel here: the
// differential test's kernel has no IPVS (docs/dataplane-difftest.md §ipvs).
import { ipToString, parseIp } from '../../net/ip.js';
import type { VirtualServer } from '../../parsers/ipvsadm.js';
import type { Host } from '../types.js';
import { type Flow, fork } from './flow.js';
import type { Out } from './hooks.js';
import { why } from './why.js';

// The virtual server the packet is addressed to, if any.
export function virtualServer(host: Host, f: Flow): VirtualServer | undefined {
  const p = f.pkt;
  if (!host.ipvs || p.proto === 'icmp' || f.direction !== 'original' || f.state === 'ESTABLISHED') return undefined;
  const dst = ipToString(p.dst);
  return host.ipvs.find((v) => v.address === dst && v.port === p.dport && v.protocol.toLowerCase() === p.proto);
}

// The virtual server takes the packet: one flow per real server (destination rewritten, remembered by conntrack
// so the answer is rewritten back), or the end of the packet when there is none.
export function schedule(host: Host, f: Flow, vs: VirtualServer, ends: Out[]): Flow[] {
  const live = vs.reals.filter((r) => r.weight > 0 && parseIp(r.address)?.family === 4);
  if (live.length === 0) {
    ends.push({
      flow: f,
      end: {
        kind: 'dropped',
        host: host.id,
        by: 'kernel',
        rejected: true,
        rejectWith: 'icmp-port-unreachable',
        src: vs.src,
        reason: why('ipvs-no-dest', { vs: `${vs.protocol} ${vs.address}:${vs.port}` }),
      },
    });
    return [];
  }
  const total = live.reduce((s, r) => s + r.weight, 0);
  return live.map((r, k) => {
    const g = k === live.length - 1 ? f : fork(f);
    const p = g.pkt;
    const before = `${ipToString(p.dst)}:${p.dport}`;
    const to = parseIp(r.address)!;
    const e = g.entry;
    if (e && e.host === host.id) e.dnat = { from: p.dst, fromPort: p.dport!, to, toPort: r.port };
    p.dst = to;
    p.dport = r.port;
    if (live.length > 1) g.probability *= r.weight / total;
    g.steps.push({
      kind: 'ipvs',
      host: host.id,
      vs: `${vs.protocol} ${vs.address}:${vs.port} ${vs.scheduler}`,
      effect: `${r.forward} ${before} → ${r.address}:${r.port}`,
      dnatTo: `${r.address}:${r.port}`,
      src: r.src,
    });
    if (r.forward !== 'Masq') g.assumptions.push(why('ipvs-forward', { forward: r.forward }));
    return g;
  });
}
