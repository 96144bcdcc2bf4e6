// A Cilium sysdump (`cilium sysdump`, a .zip or its unpacked folder) read as it is. The cluster objects are YAML
// files named after the list and the time (k8s-pods-<ts>.yaml); each cilium agent pod's `cilium-bugtool` report is
// unpacked under cilium-bugtool-<pod>-<ts>/ (older sysdumps keep it as a .tar inside the zip: archive.ts reads
// it from there), and its cmd/ folder
// holds one file per command, named by the command with "/" and " " turned into "-" (`ip -4 r` → ip--4-r.md),
// optionally wrapped in Markdown. The agent runs in the node's network namespace, so its report is the node's.
//
// Sample (paths of a sysdump made by cilium-cli 0.16, one agent):
//   cilium-sysdump-20261206-080000/k8s-pods-20261206-080000.yaml
//   cilium-sysdump-20261206-080000/cilium-configmap-20261206-080000.yaml
//   cilium-sysdump-20261206-080000/cilium-bugtool-cilium-x7k2p-20261206-080000/cilium-bugtool-20261206-080012/cmd/ip--4-r.md
//     # ip -4 r
//
//     ```
//     default via 192.168.56.1 dev eth0
//     ```
import { parse as parseYaml } from 'yaml';
import { rec } from '../../json.js';
import type { ParseWarning } from '../../parsers/types.js';
import type { ArtifactName } from '../artifacts.js';
import type { HostErrorEntry } from '../errors.js';
import { type FormatFiles, type SourceFormat, failReason, hostIdOf, putErrors } from './types.js';

const TS = String.raw`\d{8}-\d{6}`;
const BUGTOOL = new RegExp(String.raw`^cilium-bugtool-([^/]+)-(${TS})/(?:[^/]+/)*cmd/([^/]+\.md)$`);
const BUGTOOL_ARCHIVE = new RegExp(String.raw`(^|/)cilium-bugtool-[^/]+-${TS}\.(tar|tar\.gz|tgz)$`);
const K8S = new RegExp(String.raw`^k8s-([a-z]+)-${TS}\.yaml$`);
const CILIUM = new RegExp(String.raw`^cilium-(configmap|config-configmap|daemonset)-${TS}\.yaml$`);

/** bugtool's file name for a command → the artifact; the first a node has wins (iptables-save before its
 *  nft / legacy forms). */
const COMMANDS: [string, ArtifactName][] = [
  ['ip-a.md', 'ip-addr.txt'],
  ['ip--4-r.md', 'ip-route.txt'],
  ['ip--4-n.md', 'ip-neigh.txt'],
  ['ip--d-rule.md', 'ip-rule.txt'],
  ['iptables-save--c.md', 'iptables-save.txt'],
  ['iptables-nft-save--c.md', 'iptables-save.txt'],
  ['iptables-legacy-save--c.md', 'iptables-save.txt'],
  ['ip6tables-save--c.md', 'ip6tables-save.txt'],
  ['sysctl--a.md', 'sysctl.txt'],
];
/** The lists of k8s-<list>-<ts>.yaml that the bundle reads. */
const LISTS = new Set(['nodes', 'pods', 'services', 'endpoints', 'networkpolicies', 'namespaces', 'events']);

// One command's file: the output with bugtool's Markdown wrapping blanked (so lines keep their numbers), and the
// error bugtool appended when the command failed.
export function unwrapBugtool(text: string): { output: string; error?: string } {
  const lines = text.split('\n');
  let error: string | undefined;
  if (/^# \S/.test(lines[0] ?? '') && lines[1] === '' && lines[2] === '```') {
    lines[0] = '';
    lines[2] = '';
    const close = lines.lastIndexOf('```');
    if (close > 2) lines[close] = '';
  }
  for (const [i, l] of lines.entries()) {
    const m = /^> Error while running '[^']*':\s*(.*)$/.exec(l);
    if (m) {
      error ??= m[1]!.trim();
      lines[i] = '';
    }
  }
  return { output: lines.join('\n'), ...(error ? { error } : {}) };
}

// The node each agent pod runs on, from the pods list (kube-system/cilium-xxxxx → spec.nodeName).
function nodesOfPods(files: Map<string, string>, notes: ParseWarning[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const [rel, text] of files) {
    const m = K8S.exec(rel);
    if (m?.[1] !== 'pods') continue;
    try {
      for (const it of (rec(parseYaml(text, { maxAliasCount: 100 })).items as unknown[]) ?? []) {
        const meta = rec(rec(it).metadata);
        const node = rec(rec(it).spec).nodeName;
        if (typeof meta.name === 'string' && typeof node === 'string') out.set(meta.name, node);
      }
    } catch (e) {
      notes.push({
        file: rel,
        line: 1,
        message: `not YAML kube-netdiag can read: ${(e as Error).message.split('\n')[0]}`,
      });
    }
  }
  return out;
}

// Node artifacts from the bugtool reports (a failed command is an errors.json entry, never an empty fact).
function nodeFiles(files: Map<string, string>, out: FormatFiles, notes: ParseWarning[]): void {
  const reports = [...files].flatMap(([rel, text]) => {
    const m = BUGTOOL.exec(rel);
    return m ? [{ rel, text, pod: m[1]!, file: m[3]! }] : [];
  });
  if (reports.length === 0) return;
  const nodes = nodesOfPods(files, notes);
  const best = new Map<string, { rank: number; text: string; from: string }>();
  const errors = new Map<string, HostErrorEntry[]>();
  for (const r of reports) {
    const rank = COMMANDS.findIndex(([f]) => f === r.file);
    if (rank < 0) continue;
    const id = hostIdOf(nodes.get(r.pod) ?? r.pod);
    const artifact = COMMANDS[rank]![1];
    const { output, error } = unwrapBugtool(r.text);
    if (!output.trim()) {
      if (error)
        errors.set(id, [
          ...(errors.get(id) ?? []),
          { artifact, reason: failReason('', error), message: `${r.file.replace(/\.md$/, '')}: ${error}` },
        ]);
      continue;
    }
    const key = `hosts/${id}/${artifact}`;
    const had = best.get(key);
    if (!had || rank < had.rank) best.set(key, { rank, text: output, from: r.rel });
  }
  for (const [k, v] of best) {
    out.files.set(k, v.text);
    out.origins.set(k, v.from);
  }
  putErrors(out, errors);
}

// The cluster objects: k8s-<list>-<ts>.yaml as cluster lists, Cilium's own ConfigMap and DaemonSet as parts.
function clusterFiles(files: Map<string, string>, out: FormatFiles): void {
  for (const [rel, text] of files) {
    const k = K8S.exec(rel);
    const c = CILIUM.exec(rel);
    const at =
      k && LISTS.has(k[1]!)
        ? `cluster/${k[1]}.yaml`
        : c
          ? c[1] === 'daemonset'
            ? 'cluster/daemonsets/cilium.yaml'
            : 'cluster/configmaps/cilium-config.yaml'
          : undefined;
    if (!at) continue;
    out.files.set(at, text);
    out.origins.set(at, rel);
  }
}

/** cilium-cli's sysdump: k8s-*.yaml lists and one cilium-bugtool report per agent. */
export const sysdump: SourceFormat = {
  title: 'a Cilium sysdump',
  wants: (p) => {
    const base = p.slice(p.lastIndexOf('/') + 1);
    return (
      BUGTOOL_ARCHIVE.test(p) ||
      K8S.test(base) ||
      CILIUM.test(base) ||
      (/(^|\/)cilium-bugtool-/.test(p) && COMMANDS.some(([f]) => p.endsWith(`/cmd/${f}`)))
    );
  },
  read(files) {
    const keys = [...files.keys()];
    if (!keys.some((k) => BUGTOOL.test(k) || K8S.test(k))) return undefined;
    const notes: ParseWarning[] = [];
    const out: FormatFiles = { files: new Map(), origins: new Map() };
    nodeFiles(files, out, notes);
    clusterFiles(files, out);
    return { ...out, ...(notes.length ? { notes } : {}) };
  },
};
