// A sosreport (an unpacked directory) read as it is: sos names each command's output after the command (spaces to
// `_`), under sos_commands/<plugin>/; the files it copies keep their paths (etc/resolv.conf). This maps those
// names onto the bundle's artifacts: the host itself under its hostname, each network namespace the networking
// plugin entered under sos_commands/networking/namespaces/<ns>/ as a host of its own.
//
// Sample (paths of a sosreport made by sos 4.x on an nf_tables host):
//   sosreport-node1-2024-01-01/hostname
//   sosreport-node1-2024-01-01/sos_commands/networking/ip_-d_address
//   sosreport-node1-2024-01-01/sos_commands/networking/ip_route_show_table_all
//   sosreport-node1-2024-01-01/sos_commands/firewall_tables/nft_-a_list_ruleset
//   sosreport-node1-2024-01-01/sos_commands/networking/namespaces/cni-1234/ip_netns_exec_cni-1234_ip_-d_address_show
import type { ArtifactName } from '../artifacts.js';
import { type FormatFiles, type SourceFormat, hostIdOf } from './types.js';

/** sos file name (the command it ran) → artifact; the first row a host has wins for an artifact. */
const COMMANDS: [RegExp, ArtifactName][] = [
  [/^ip_-d_address(_show)?$/, 'ip-addr.txt'],
  [/^ip_address(_show)?$/, 'ip-addr.txt'],
  [/^ip_addr(_show)?$/, 'ip-addr.txt'],
  [/^ip_-o_addr$/, 'ip-addr.txt'],
  [/^ip_route_show_table_all$/, 'ip-route.txt'],
  [/^ip_route(_show)?$/, 'ip-route.txt'],
  [/^ip_-4_rule(_show)?$/, 'ip-rule.txt'],
  [/^ip_rule(_show)?$/, 'ip-rule.txt'],
  [/^ip_neigh_show_nud_noarp$/, 'ip-neigh.txt'],
  [/^ip_(-s_-s_)?neigh(_show)?$/, 'ip-neigh.txt'],
  [/^iptables-save$/, 'iptables-save.txt'],
  [/^iptables_-vnxL$/, 'iptables-L.txt'],
  [/^ip6tables-save$/, 'ip6tables-save.txt'],
  [/^nft_(-a_)?list_ruleset$/, 'nft.txt'],
  [/^sysctl_-a$/, 'sysctl.txt'],
  [/^ipvsadm_-Ln$/, 'ipvsadm.txt'],
  [/^ss_-(peaonmi|tulpn|lntup)$/, 'ss.txt'],
];

/** Files sos copies from the host, by their path in the report. */
const COPIES: Record<string, ArtifactName> = {
  'etc/resolv.conf': 'resolv.conf',
  'etc/nsswitch.conf': 'nsswitch.conf',
  'etc/hosts': 'hosts',
};

/** Plugins whose outputs we read. */
const PLUGINS = /^sos_commands\/(networking|firewall_tables|kernel|ipvs|iptables|nftables)\/(.+)$/;

/** Where a sosreport file goes: the host (undefined: the report's own host) and the artifact. */
export interface SosPlace {
  ns?: string;
  artifact: ArtifactName;
  /** Lower is preferred when several files give the same artifact. */
  rank: number;
}

// The artifact a path inside a sosreport (relative to its top folder) holds, if any.
export function sosPlace(rel: string): SosPlace | undefined {
  const copy = COPIES[rel];
  if (copy) return { artifact: copy, rank: 0 };
  const m = PLUGINS.exec(rel);
  if (!m) return undefined;
  let name = m[2]!;
  let ns: string | undefined;
  const inNs = /^namespaces\/([^/]+)\/ip_netns_exec_([^/]+?)_(.+)$/.exec(name);
  if (inNs) {
    ns = inNs[1]!;
    name = inNs[3]!;
  } else if (name.includes('/')) return undefined;
  const at = COMMANDS.findIndex(([re]) => re.test(name));
  if (at < 0) return undefined;
  return { artifact: COMMANDS[at]![1], rank: at, ...(ns ? { ns } : {}) };
}

// Is this (top-folder-relative) path the report's marker? A sosreport has sos_commands/ and either of these.
export const isSosMarker = (rel: string): boolean =>
  rel === 'sos_reports/manifest.json' || rel === 'version.txt' || rel === 'hostname';

// The bundle files of a sosreport: path (relative to its top folder) → text, mapped onto hosts/<id>/<artifact>,
// and where each came from.
export function sosFiles(files: Map<string, string>): FormatFiles | undefined {
  if (![...files.keys()].some((k) => k.startsWith('sos_commands/'))) return undefined;
  const host = hostIdOf((files.get('hostname') ?? '').trim().split('.')[0]!);
  const best = new Map<string, { rank: number; text: string; from: string }>();
  for (const [rel, text] of files) {
    const p = sosPlace(rel);
    if (!p) continue;
    const id = p.ns ? hostIdOf(p.ns) : host;
    const key = `hosts/${id}/${p.artifact}`;
    const had = best.get(key);
    if (!had || p.rank < had.rank) best.set(key, { rank: p.rank, text, from: rel });
  }
  // a namespace is whatever its shapes say (a pod's, a container's): no host.json is made up for it
  return {
    files: new Map([...best].map(([k, v]) => [k, v.text])),
    origins: new Map([...best].map(([k, v]) => [k, v.from])),
  };
}

/** sos's report: a folder (or .tar.xz / .tar.gz) with sos_commands/ and the files it copied. */
export const sosreport: SourceFormat = {
  title: 'a sosreport',
  wants: (p) => sosPlace(p) !== undefined || isSosMarker(p),
  read: sosFiles,
};
