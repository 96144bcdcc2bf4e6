// Turns what a user types (`--from pod/default/client --to svc/default/web:http`) into a trace request on a
// snapshot: which captured host sends, to which address, port and protocol. Errors name what would have matched.
import { type Ip, parseIp } from '../../net/ip.js';
import type { Host, Snapshot } from '../types.js';
import type { Proto } from './packet.js';

export interface Endpoint {
  dst: Ip;
  proto: Proto;
  dport?: number;
  /** What the destination names, language-free ("svc/default/web:http", "pod/default/web-1:8080", "10.0.0.1:53"). */
  label: string;
}

export class TraceSpecError extends Error {}

const PROTOS: Proto[] = ['tcp', 'udp', 'icmp'];

// `client`, `pod/NS/NAME`, `node/NAME` or `netns/NAME`: the captured host that sends the packet.
export function resolveFrom(snap: Snapshot, spec: string): Host {
  const direct = snap.byId.get(spec);
  if (direct) return direct;
  const parts = spec.split('/');
  const found = snap.hosts.filter((h) => {
    const m = h.meta;
    if (parts[0] === 'pod' && parts.length === 3)
      return h.kind === 'pod' && m.namespace === parts[1] && m.name === parts[2];
    if (parts[0] === 'node' && parts.length === 2)
      return h.kind === 'node' && (m.name === parts[1] || h.id === parts[1]);
    if (parts[0] === 'netns' && parts.length === 2) return m.netns === parts[1] || h.id === parts[1];
    return m.name === spec || m.netns === spec;
  });
  if (found.length === 1) return found[0]!;
  const known = snap.hosts.map((h) => h.id).join(', ');
  if (found.length > 1)
    throw new TraceSpecError(`--from ${spec} names ${found.length} hosts; use a folder id (${known})`);
  throw new TraceSpecError(`--from ${spec} is not a captured host (the bundle has: ${known || 'none'})`);
}

// `203.0.113.10`, `203.0.113.10:443`, `…:53/udp`, `svc/NS/NAME[:PORT|:NAME]`, `pod/NS/NAME[:PORT]`.
export function resolveTo(snap: Snapshot, spec: string): Endpoint {
  let rest = spec;
  let proto: Proto | undefined;
  const slash = /\/(tcp|udp|icmp)$/i.exec(rest);
  if (slash) {
    proto = slash[1]!.toLowerCase() as Proto;
    rest = rest.slice(0, slash.index);
  }
  const portOf = (s: string): number | undefined => {
    if (!/^\d+$/.test(s)) return undefined;
    const n = Number(s);
    return n > 0 && n < 65536 ? n : undefined;
  };
  if (rest.startsWith('svc/') || rest.startsWith('service/')) {
    const [, ns, nameAndPort] = rest.split('/');
    if (!ns || !nameAndPort) throw new TraceSpecError(`--to ${spec}: write svc/NAMESPACE/NAME[:PORT]`);
    const [name, portSpec] = nameAndPort.split(':');
    const svc = snap.cluster?.services.find((s) => s.namespace === ns && s.name === name);
    if (!snap.cluster) throw new TraceSpecError(`--to ${spec}: the bundle has no cluster objects (cluster/*.json)`);
    if (!svc) throw new TraceSpecError(`--to ${spec}: no Service ${ns}/${name} in cluster/services.json`);
    const ip = svc.clusterIPs.map((x) => parseIp(x)).find((x): x is Ip => !!x && x.family === 4);
    if (!ip) throw new TraceSpecError(`--to ${spec}: Service ${ns}/${name} has no IPv4 ClusterIP (headless?)`);
    const port =
      portSpec === undefined ? svc.ports[0] : svc.ports.find((p) => p.name === portSpec || String(p.port) === portSpec);
    if (!port)
      throw new TraceSpecError(
        `--to ${spec}: Service ${ns}/${name} has no port ${portSpec ?? ''} (it has ${svc.ports.map((p) => p.name ?? p.port).join(', ') || 'none'})`,
      );
    const p = (proto ?? port.protocol.toLowerCase()) as Proto;
    return {
      dst: ip,
      proto: PROTOS.includes(p) ? p : 'tcp',
      dport: port.port,
      label: `svc/${ns}/${name}:${port.name ?? port.port}`,
    };
  }
  if (rest.startsWith('pod/')) {
    const [, ns, nameAndPort] = rest.split('/');
    const [name, portSpec] = (nameAndPort ?? '').split(':');
    const pod = snap.cluster?.pods.find((p) => p.namespace === ns && p.name === name);
    const ip = pod?.podIPs.map((x) => parseIp(x)).find((x): x is Ip => !!x && x.family === 4);
    if (!ip) throw new TraceSpecError(`--to ${spec}: no pod ${ns}/${name} with an IPv4 address in cluster/pods.json`);
    const dport = portSpec === undefined ? undefined : portOf(portSpec);
    return {
      dst: ip,
      proto: proto ?? (dport === undefined ? 'icmp' : 'tcp'),
      ...(dport === undefined ? {} : { dport }),
      label: `pod/${ns}/${name}${dport === undefined ? '' : `:${dport}`}`,
    };
  }
  const m = /^([^:]+)(?::(\d+))?$/.exec(rest);
  const ip = m ? parseIp(m[1]!) : null;
  if (!m || !ip || ip.family !== 4)
    throw new TraceSpecError(`--to ${spec}: write an IPv4 address, ADDRESS:PORT[/tcp|udp], svc/NS/NAME or pod/NS/NAME`);
  const dport = m[2] === undefined ? undefined : portOf(m[2]);
  if (m[2] !== undefined && dport === undefined) throw new TraceSpecError(`--to ${spec}: ${m[2]} is not a port`);
  return {
    dst: ip,
    proto: proto ?? (dport === undefined ? 'icmp' : 'tcp'),
    ...(dport === undefined ? {} : { dport }),
    label: rest,
  };
}
