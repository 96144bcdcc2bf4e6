// An artifact is one row: its file name in hosts/<id>/, the fact it gives and the parser that reads it, how each
// collector obtains it (with fallbacks), the names and content it is recognised by as a single file. Collection
// plans, the bundle layout, single-file detection and the parser robustness tests all derive from this table.
import { parseArpN } from '../parsers/arp-n.js';
import { parseHealthz } from '../parsers/healthz.js';
import { parseHosts } from '../parsers/hosts.js';
import { parseIfconfig } from '../parsers/ifconfig.js';
import { parseIpAddr } from '../parsers/ip-addr.js';
import { parseIpAddrJson } from '../parsers/ip-addr-json.js';
import { parseIpNeigh, parseIpNeighJson } from '../parsers/ip-neigh.js';
import { parseIpRoute } from '../parsers/ip-route.js';
import { parseIpRouteJson } from '../parsers/ip-route-json.js';
import { parseIpRule } from '../parsers/ip-rule.js';
import { parseNetnsIds } from '../parsers/netns-ids.js';
import { parseIptablesList } from '../parsers/iptables-list.js';
import { parseIptablesSave } from '../parsers/iptables-save.js';
import { parseIpvsadm } from '../parsers/ipvsadm.js';
import { parseProxyMode } from '../parsers/kube-proxy-mode.js';
import { parseNftJson, parseNftText } from '../parsers/nft.js';
import { parseNsswitch } from '../parsers/nsswitch-conf.js';
import { parseProbes } from '../parsers/probes.js';
import { parseProcNetRoute } from '../parsers/proc-net-route.js';
import { parseResolvConf } from '../parsers/resolv-conf.js';
import { parseRouteN } from '../parsers/route-n.js';
import { parseSs } from '../parsers/ss.js';
import { parseSysClassNet } from '../parsers/sys-class-net.js';
import { parseSysctl } from '../parsers/sysctl.js';
import {
  type ArtifactRow,
  type FactName,
  fact,
  has,
  IP6_SAVE,
  json,
  NEIGH_LINE,
  plain,
  ROUTE_LINE,
  SYS_CLASS_NET,
  SYSCTL_PER_INTERFACE,
  SYSCTLS,
} from './artifact-row.js';

export type { ArtifactRow, FactName, Recipe } from './artifact-row.js';
export { SYS_CLASS_NET, SYSCTL_PER_INTERFACE, SYSCTLS } from './artifact-row.js';

/** Every artifact, in preference order within each fact; sniffing also goes in this order. */
export const ARTIFACT_TABLE = [
  fact({
    name: 'ip-addr.json',
    fact: 'interfaces',
    parse: parseIpAddrJson,
    json: true,
    local: [{ argvs: [['ip', '-j', '-d', 'addr']] }],
    node: true,
    podFromNode: true,
    sniff: (h) => json(h) && /"ifname"\s*:/.test(h) && /"addr_info"\s*:/.test(h),
    about: 'interfaces with addresses, flags, master and link details (`ip -j -d addr`)',
  }),
  fact({
    name: 'ip-addr.txt',
    fact: 'interfaces',
    parse: parseIpAddr,
    local: [{ argvs: [['ip', '-d', 'addr']] }],
    pod: { argvs: [['ip', 'addr']] },
    aliases: ['ip-addr'],
    // also `ip -br addr|link` (NAME STATE ...) and `ip -o addr` (N: NAME inet ...)
    sniff: has(
      /^\d+:\s+\S+:\s+<[A-Z_,-]*>|^lo\s+UNKNOWN\s+(127\.0\.0\.1\/8|00:00:00:00:00:00)|^\d+:\s+\S+\s+inet6?\s+\S+\//m,
    ),
    about: 'the same as text (`ip -d addr` or `ip addr`)',
  }),
  fact({
    name: 'ip-link.json',
    fact: 'interfaces',
    parse: parseIpAddrJson,
    json: true,
    sniff: (h) => json(h) && /"ifname"\s*:/.test(h) && !/"addr_info"\s*:/.test(h),
    about: 'interfaces without addresses (`ip -j link`), when nothing better was captured',
  }),
  fact({ name: 'ip-link.txt', fact: 'interfaces', parse: parseIpAddr, about: '`ip link` as text' }),
  fact({
    name: 'ifconfig.txt',
    fact: 'interfaces',
    parse: parseIfconfig,
    local: [{ argvs: [['ifconfig', '-a']] }],
    aliases: ['ifconfig'],
    sniff: has(/^\S+?: flags=\d+<|^\S+\s+Link encap:/m),
    about: 'net-tools `ifconfig -a` (both the old and the new layout)',
  }),
  fact({
    name: 'sys-class-net.txt',
    fact: 'interfaces',
    parse: parseSysClassNet,
    pod: { argvs: [['sh', '-c', SYS_CLASS_NET]] },
    about: '/sys/class/net attributes, for images without `ip` or `ifconfig`',
  }),
  fact({
    name: 'ip-neigh.json',
    fact: 'neighbors',
    parse: parseIpNeighJson,
    json: true,
    local: [{ argvs: [['ip', '-j', 'neigh']] }],
    node: true,
    podFromNode: true,
    sniff: (h) => json(h) && /"dst"\s*:/.test(h) && /"lladdr"\s*:|"state"\s*:\s*\[/.test(h),
    about: 'the neighbour (ARP) table (`ip -j neigh`)',
  }),
  fact({
    name: 'netns-ids.txt',
    fact: 'netnsIds',
    parse: parseNetnsIds,
    local: [{ argvs: [['ip', 'netns', 'list-id']] }],
    pod: false,
    sniff: has(/^nsid \d+( \(iproute2 netns name: [^)]+\))?$/m),
    about: 'the ids this namespace gives other namespaces (`ip netns list-id`), which `ip -j` names veth peers by',
  }),
  fact({
    name: 'ip-neigh.txt',
    fact: 'neighbors',
    parse: parseIpNeigh,
    local: [{ argvs: [['ip', 'neigh']] }],
    sniff: has(NEIGH_LINE),
    about: '`ip neigh` as text',
  }),
  fact({
    name: 'arp-n.txt',
    fact: 'neighbors',
    parse: parseArpN,
    local: [{ argvs: [['arp', '-n']] }],
    pod: false,
    aliases: ['arp-n'],
    sniff: has(/^Address\s+HWtype\s+HWaddress/m),
    about: 'net-tools `arp -n`',
  }),
  fact({
    name: 'ip-route.json',
    fact: 'routes',
    parse: parseIpRouteJson,
    json: true,
    local: [{ argvs: [['ip', '-j', 'route']] }],
    node: true,
    podFromNode: true,
    sniff: (h) => json(h) && /"dst"\s*:/.test(h),
    about: 'the main routing table (`ip -j route`)',
  }),
  fact({
    name: 'ip-route.txt',
    fact: 'routes',
    parse: parseIpRoute,
    local: [{ argvs: [['ip', 'route']] }],
    aliases: ['ip-route'],
    sniff: (h) => ROUTE_LINE.test(h) && !NEIGH_LINE.test(h),
    about: '`ip route` as text',
  }),
  fact({
    name: 'route-n.txt',
    fact: 'routes',
    parse: parseRouteN,
    local: [{ argvs: [['route', '-n']] }],
    aliases: ['route-n'],
    sniff: has(/^Kernel IP routing table|^Destination\s+Gateway\s+Genmask/m),
    about: 'net-tools `route -n`',
  }),
  fact({
    name: 'proc-net-route.txt',
    fact: 'routes',
    parse: parseProcNetRoute,
    pod: { argvs: [['cat', '/proc/net/route']] },
    about: '/proc/net/route, for images without `ip` or `route`',
  }),
  fact({
    name: 'ip-rule.txt',
    fact: 'rules',
    parse: parseIpRule,
    local: [{ argvs: [['ip', 'rule']] }],
    pod: false,
    node: true,
    sniff: has(/^\d+:\s+(from|not from)\s/m),
    about: 'policy routing rules (`ip rule`)',
  }),
  fact({
    name: 'iptables-save.txt',
    fact: 'iptables',
    parse: parseIptablesSave,
    local: [{ argvs: [['iptables-save']] }],
    pod: false,
    node: true,
    aliases: ['iptables-save', 'iptables.txt', 'iptables-save.out'],
    sniff: (h) =>
      has(/^\*(nat|filter|mangle|raw|security)\s*$|^-A \S+ |^# Generated by iptables-save/m)(h) && !IP6_SAVE.test(h),
    about: 'every IPv4 table with packet counters (`iptables-save`)',
  }),
  fact({
    name: 'iptables-L.txt',
    fact: 'iptables',
    parse: parseIptablesList,
    local: [
      {
        argvs: [
          ['iptables', '-L', '-n', '-v'],
          ['iptables', '-t', 'nat', '-L', '-n', '-v'],
        ],
      },
    ],
    pod: false,
    aliases: ['iptables-l.txt'],
    sniff: has(/^Chain \S+ \((policy|\d+ references)/m),
    about: '`iptables -L -n -v` of the filter and nat tables, where iptables-save is missing',
  }),
  fact({
    name: 'ip6tables-save.txt',
    fact: 'ip6tables',
    parse: parseIptablesSave,
    local: [{ argvs: [['ip6tables-save']] }],
    pod: false,
    node: true,
    aliases: ['ip6tables-save'],
    sniff: has(IP6_SAVE),
    about: 'every IPv6 table (`ip6tables-save`)',
  }),
  fact({
    name: 'sysctl.txt',
    fact: 'sysctl',
    parse: parseSysctl,
    local: [
      {
        argvs: [
          ['sysctl', ...SYSCTLS],
          ['sysctl', '-a', '-r', SYSCTL_PER_INTERFACE],
        ],
        keepStderr: true,
      },
      // busybox sysctl has no -r: the global keys alone
      { argvs: [['sysctl', ...SYSCTLS]], keepStderr: true },
    ],
    pod: false,
    // one command on a node: the global keys, then the per-interface ones where sysctl can filter
    node: {
      command: 'sh',
      args: ['-c', 'sysctl "$@"; r=$?; sysctl -a -r "$0" 2>/dev/null; exit $r', SYSCTL_PER_INTERFACE, ...SYSCTLS],
    },
    aliases: ['sysctl.conf'],
    sniff: has(/^(net|kernel|vm|fs)\.[\w.-]+\s*=|^sysctl: cannot stat/m),
    about: 'the sysctls the analyzers read, with "cannot stat" lines for keys the kernel lacks',
  }),
  fact({
    name: 'resolv.conf',
    fact: 'resolv',
    parse: parseResolvConf,
    etc: true,
    node: true,
    podFromNode: true,
    aliases: ['resolv.conf'],
    sniff: has(/^\s*(nameserver|search|domain|options)\s/m),
    about: "the target's /etc/resolv.conf as it sees it",
  }),
  fact({
    name: 'nsswitch.conf',
    fact: 'nsswitch',
    parse: parseNsswitch,
    etc: true,
    node: true,
    podFromNode: true,
    aliases: ['nsswitch.conf'],
    sniff: has(/^(hosts|passwd|group|shadow|networks)\s*:/m),
    about: "the target's /etc/nsswitch.conf",
  }),
  fact({
    name: 'hosts',
    fact: 'hostsFile',
    parse: parseHosts,
    etc: true,
    node: true,
    podFromNode: true,
    aliases: ['hosts'],
    // after every row whose lines also start with an address or a number
    sniff: (h) => /^(\d+\.\d+\.\d+\.\d+|[0-9a-f]*:[0-9a-f]*:[0-9a-f:]*)\s+[A-Za-z]/m.test(h) && !/ (dev|via) /.test(h),
    about: "the target's /etc/hosts",
  }),
  fact({
    name: 'ss.txt',
    fact: 'sockets',
    parse: parseSs,
    local: [{ argvs: [['ss', '-tulpn']] }, { argvs: [['netstat', '-tulpn']] }],
    pod: false,
    node: true,
    aliases: ['ss'],
    sniff: has(/^(Netid\s+)?State\s+Recv-Q\s+Send-Q|^Proto Recv-Q Send-Q/m),
    about: 'listening sockets (`ss -tulpn`, or `netstat -tulpn`)',
  }),
  fact({ name: 'probes.json', fact: 'probes', parse: parseProbes, about: 'results of `capture --probe`' }),
  fact({
    name: 'ipvsadm.txt',
    fact: 'ipvs',
    parse: parseIpvsadm,
    local: [{ argvs: [['ipvsadm', '-Ln']] }],
    pod: false,
    node: true,
    sniff: has(/^IP Virtual Server version/m),
    about: 'IPVS virtual servers (`ipvsadm -Ln`), for kube-proxy in IPVS mode',
  }),
  // text first: the tracer reads every statement of it (the JSON form keeps only jumps and DNATs)
  fact({
    name: 'nft.txt',
    fact: 'nft',
    parse: parseNftText,
    local: [{ argvs: [['nft', 'list', 'ruleset']] }],
    pod: false,
    node: true,
    sniff: has(/^table (ip|ip6|inet|arp|bridge|netdev) \S+ \{/m),
    about: '`nft list ruleset` as text',
  }),
  fact({
    name: 'nft.json',
    fact: 'nft',
    parse: parseNftJson,
    json: true,
    local: [{ argvs: [['nft', '-j', 'list', 'ruleset']] }],
    pod: false,
    node: true,
    sniff: (h) => json(h) && /"nftables"\s*:/.test(h),
    about: 'the nftables ruleset (`nft -j list ruleset`)',
  }),
  fact({
    name: 'kube-proxy-healthz.txt',
    fact: 'healthz',
    parse: parseHealthz,
    about: "kube-proxy's /healthz answer on a node (status line and body)",
  }),
  fact({
    name: 'kube-proxy-mode.txt',
    fact: 'proxyMode',
    parse: parseProxyMode,
    about: "kube-proxy's /proxyMode answer on a node",
  }),
  plain({
    name: 'conntrack.txt',
    local: [{ argvs: [['conntrack', '-S']] }],
    pod: false,
    node: true,
    about: 'conntrack statistics (`conntrack -S`), for people',
  }),
  plain({
    name: 'fib_trie.txt',
    about: '/proc/net/fib_trie: addresses for images without `ip` (with sys-class-net.txt)',
  }),
  plain({ name: 'kubelet-resolv.conf', about: 'the resolv.conf kubelet gives pods with dnsPolicy Default, on a node' }),
  plain({ name: 'host.json', about: 'what the target is: kind, name, namespace, node, netns, pid' }),
  plain({ name: 'errors.json', about: 'what could not be collected from this target, and why' }),
] as const satisfies readonly ArtifactRow[];

export type ArtifactName = (typeof ARTIFACT_TABLE)[number]['name'];

/** Every file name a host folder may hold. */
export const ARTIFACT_NAMES: readonly ArtifactName[] = ARTIFACT_TABLE.map((r) => r.name);

const BY_NAME = new Map<string, ArtifactRow>(ARTIFACT_TABLE.map((r) => [r.name, r]));

// The row of an artifact name (undefined for a name no host folder holds).
export function artifactRow(name: string): ArtifactRow | undefined {
  return BY_NAME.get(name);
}

/** Each fact's artifacts in preference order. */
export const FACT_SOURCES: ReadonlyMap<FactName, ArtifactRow[]> = (() => {
  const m = new Map<FactName, ArtifactRow[]>();
  for (const r of ARTIFACT_TABLE as readonly ArtifactRow[]) if (r.fact) m.set(r.fact, [...(m.get(r.fact) ?? []), r]);
  return m;
})();

// How an artifact was printed, for people: the first local recipe (or `cat /etc/X`).
export function commandLine(r: ArtifactRow): string | undefined {
  if (r.etc) return `cat /etc/${r.name}`;
  const first = r.local?.[0];
  return first?.argvs.map((a) => a.map((w) => (/^[\w./:=+-]+$/.test(w) ? w : `'${w}'`)).join(' ')).join('; ');
}
