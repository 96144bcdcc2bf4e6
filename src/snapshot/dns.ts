// How a host resolves a name, decided once for analyzers and views alike: the nsswitch `hosts` walk (what
// glibc asks, in what order, when it stops) and resolv.conf's search/ndots expansion (docs/networking-facts.md
// §nsswitch, §resolv-conf).
import type { HostsEntry } from '../parsers/hosts.js';
import { GLIBC_DEFAULT_HOSTS, type NssService, type NssStatus, parseNsswitch } from '../parsers/nsswitch-conf.js';
import type { ResolvConf } from '../parsers/resolv-conf.js';
import type { Source } from '../parsers/types.js';
import type { Host } from './types.js';

/** NSS modules that send DNS queries: glibc's own resolver and systemd-resolved's. */
export const DNS_SOURCES = new Set(['dns', 'resolve']);

/** Where the `hosts` services come from: the host's line, glibc's default (file absent), or unknown. */
export type HostsOrder =
  | { kind: 'written'; services: NssService[]; src: Source }
  | { kind: 'default'; services: NssService[] }
  | { kind: 'unknown' };

const DEFAULT_SERVICES = parseNsswitch(`hosts: ${GLIBC_DEFAULT_HOSTS}\n`, 'glibc').value.get('hosts')!.services;

// The `hosts` services a lookup on this host walks; never guessed when nsswitch.conf was not collected.
export function hostsOrder(h: Host): HostsOrder {
  const db = h.nsswitch?.get('hosts');
  if (db) return { kind: 'written', services: db.services, src: db.src };
  const absent = !h.nsswitch && h.notCollected.some((n) => n.artifact === 'nsswitch.conf' && n.absentOnTarget);
  // a file without a hosts line means the default too
  return absent || h.nsswitch ? { kind: 'default', services: DEFAULT_SERVICES } : { kind: 'unknown' };
}

// The status an NSS module gives for an ordinary name it does not hold (e.g. "example.com").
function statusFor(service: string): NssStatus {
  if (service === 'files' || service === 'myhostname' || service === 'mymachines' || service === 'db')
    return 'notfound';
  if (service.startsWith('mdns') && service.endsWith('_minimal')) return 'unavail';
  if (service.startsWith('mdns')) return 'notfound';
  return 'unavail';
}

/** Why DNS is never asked for an ordinary name: a service that returns first, or no DNS source at all. */
export type DnsBlock = { stop: NssService; status: NssStatus; action: string } | 'no-dns';

// Walk the hosts services as glibc would for a name nothing local holds; undefined when DNS is reached.
export function walkHosts(services: NssService[]): DnsBlock | undefined {
  for (const s of services) {
    if (DNS_SOURCES.has(s.name)) return undefined;
    const status = statusFor(s.name);
    let action = status === 'success' ? 'return' : 'continue';
    let written = '';
    for (const a of s.actions) {
      const hit = a.negated ? a.status !== status : a.status === status;
      if (hit) {
        action = a.action;
        written = `[${a.negated ? '!' : ''}${a.status.toUpperCase()}=${a.action}]`;
      }
    }
    if (action === 'return') return { stop: s, status, action: written };
  }
  return 'no-dns';
}

// Whether /etc/hosts is read before any DNS source (undefined when the order is unknown).
export function filesBeforeDns(order: HostsOrder): boolean | undefined {
  if (order.kind === 'unknown') return undefined;
  const names = order.services.map((s) => s.name);
  const f = names.indexOf('files');
  const d = names.findIndex((n) => DNS_SOURCES.has(n));
  return f >= 0 && (d < 0 || f < d);
}

/** resolv.conf's ndots (default 1; glibc caps it at 15). */
export function ndotsOf(rc: ResolvConf | undefined): number {
  const n = Number(rc?.options.get('ndots')?.value ?? 1);
  return Number.isFinite(n) ? Math.min(Math.max(n, 0), 15) : 1;
}

// The fully qualified names glibc's resolver tries, in order: ndots decides whether search domains come first.
export function expandName(name: string, search: string[], ndots: number): string[] {
  if (name.endsWith('.')) return [name];
  const dots = (name.match(/\./g) ?? []).length;
  const withSearch = search.filter((s) => s && s !== '.').map((s) => `${name}.${s}.`);
  return dots >= ndots ? [`${name}.`, ...withSearch] : [...withSearch, `${name}.`];
}

/** One lookup of a name on a host, as glibc would do it. */
export interface Lookup {
  name: string;
  ndots: number;
  order: HostsOrder;
  /** The /etc/hosts line that answers before DNS is asked (only when files comes first). */
  hostsAnswer?: HostsEntry;
  /** Why DNS is never asked (undefined when it is, or when the order is unknown). */
  blocked?: DnsBlock;
  /** Queries sent, in order, and the servers asked (the first, then the others on timeout). */
  queries: string[];
  servers: string[];
}

// Plan the lookup of `name` on `h` (no name given: kubernetes.default in a pod, example.com elsewhere).
export function lookup(h: Host, name?: string): Lookup {
  const rc = h.resolv;
  const isPod = h.kind === 'pod' || !!rc?.search.some((s) => s.includes('.svc.'));
  const n = name ?? (isPod ? 'kubernetes.default' : 'example.com');
  const order = hostsOrder(h);
  const bare = n.toLowerCase().replace(/\.$/, '');
  const entry = h.hostsFile?.entries.find((e) => e.names.some((x) => x.toLowerCase() === bare));
  const ndots = ndotsOf(rc);
  const out: Lookup = {
    name: n,
    ndots,
    order,
    queries: expandName(n, rc?.search ?? [], ndots),
    servers: rc?.nameservers.map((x) => x.address) ?? [],
  };
  if (entry && filesBeforeDns(order)) out.hostsAnswer = entry;
  const blocked = order.kind === 'unknown' ? undefined : walkHosts(order.services);
  if (blocked) out.blocked = blocked;
  return out;
}
