// A troubleshoot.sh support bundle (`kubectl support-bundle`) read as it is. Its `run` host collectors keep each
// command's stdout as host-collectors/run-host/<collector>.txt, and beside it <collector>-info.json with the command
// line and exit code; run on every node (remote host collectors) they sit under host-collectors/<node>/run-host/.
// Its cluster resources are one file per namespace, cluster-resources/<kind>/<namespace>.json, and they become
// the parts of the bundle's cluster lists.
//
// Sample (paths of a support bundle, troubleshoot v0.9x, one node and the cluster):
//   support-bundle-2026-12-01T10_00_00/host-collectors/worker-1/run-host/ip-route.txt
//   support-bundle-2026-12-01T10_00_00/host-collectors/worker-1/run-host/ip-route-info.json
//     {"command":"/usr/sbin/ip route show","exitCode":"0","error":"","outputDir":"","input":"","env":[]}
//   support-bundle-2026-12-01T10_00_00/cluster-resources/nodes.json
//   support-bundle-2026-12-01T10_00_00/cluster-resources/pods/kube-system.json
//   support-bundle-2026-12-01T10_00_00/cluster-resources/pods-errors.json
import { rec } from '../../json.js';
import type { ParseWarning } from '../../parsers/types.js';
import type { ClusterError, HostErrorEntry } from '../errors.js';
import { detectArtifact } from '../detect.js';
import { artifactOfCommand } from '../transcript.js';
import { type FormatFiles, type SourceFormat, failReason, hostIdOf, putErrors } from './types.js';

const RUN = /^host-collectors\/(?:([^/]+)\/)?run-host\/([^/]+?)(-info\.json|\.txt)$/;
/** cluster-resources/<folder>/<namespace>.json → the bundle's list; nodes and namespaces are one file each. */
const PER_NAMESPACE: Record<string, string> = {
  pods: 'pods',
  services: 'services',
  'network-policy': 'networkpolicies',
  events: 'events',
  deployments: 'deployments',
  daemonsets: 'daemonsets',
  endpoints: 'endpoints',
  endpointslices: 'endpointslices',
  configmaps: 'configmaps',
};
const WHOLE: Record<string, string> = { nodes: 'nodes', namespaces: 'namespaces' };
const RESOURCE = /^cluster-resources\/(?:([a-z-]+)\/([^/]+)|([a-z-]+?)(-errors)?)\.json$/;

// The command as typed, from Go's rendering of it ("/usr/sbin/ip route show", "/bin/sh -c iptables-save").
export function typedCommand(command: string): string {
  let c = command.trim();
  const shell = /^(?:\S*\/)?(?:ba)?sh\s+-c\s+(.*)$/s.exec(c);
  if (shell) c = shell[1]!.replace(/^(['"])(.*)\1$/s, '$2');
  c = c.replace(/^(?:\S*\/)?chroot\s+\S+\s+/, '');
  return c.replace(/^\S*\/(?=\S)/, '');
}

interface Run {
  node?: string;
  name: string;
  text?: string;
  textPath?: string;
  info?: Record<string, unknown>;
  infoPath?: string;
}

// Every run-host collector's output and info, by node and collector name.
function runs(files: Map<string, string>, notes: ParseWarning[]): Run[] {
  const by = new Map<string, Run>();
  for (const [rel, text] of files) {
    const m = RUN.exec(rel);
    if (!m) continue;
    const key = `${m[1] ?? ''}/${m[2]}`;
    const r = by.get(key) ?? { name: m[2]!, ...(m[1] ? { node: m[1] } : {}) };
    if (m[3] === '.txt') Object.assign(r, { text, textPath: rel });
    else
      try {
        Object.assign(r, { info: rec(JSON.parse(text)), infoPath: rel });
      } catch {
        notes.push({ file: rel, line: 1, message: 'not valid JSON: the command it describes is taken from its name' });
      }
    by.set(key, r);
  }
  return [...by.values()];
}

// The host id of local (not per-node) collectors: a `hostname` collector's answer when there is one.
function localId(all: Run[]): string {
  const h = all.find((r) => !r.node && r.text && /^hostname\b/.test(typedCommand(String(r.info?.command ?? r.name))));
  return hostIdOf(h?.text?.trim().split('\n')[0]?.split('.')[0] ?? '');
}

// Host artifacts from the run-host collectors (a failed command is an errors.json entry, never an empty fact).
function hostFiles(files: Map<string, string>, out: FormatFiles, notes: ParseWarning[]): void {
  const all = runs(files, notes);
  const local = localId(all);
  const errors = new Map<string, HostErrorEntry[]>();
  for (const r of all) {
    const id = r.node ? hostIdOf(r.node) : local;
    const command = typeof r.info?.command === 'string' ? typedCommand(r.info.command) : undefined;
    const artifact =
      (command ? artifactOfCommand(command) : undefined) ??
      (r.text !== undefined ? detectArtifact(`${r.name}.txt`, r.text) : undefined);
    const from = r.textPath ?? r.infoPath!;
    if (!artifact) {
      if (r.text?.trim()) notes.push({ file: from, line: 1, message: 'not a command output kube-netdiag reads' });
      continue;
    }
    const exit = String(r.info?.exitCode ?? '0');
    const error = typeof r.info?.error === 'string' ? r.info.error.trim() : '';
    if (exit !== '0' || r.text === undefined) {
      const list = errors.get(id) ?? [];
      const message = r.text === undefined ? 'no output file beside its info' : `exit ${exit}: ${error.split('\n')[0]}`;
      list.push({ artifact, reason: failReason(exit, error), message: `${command ?? r.name}: ${message}` });
      errors.set(id, list);
      continue;
    }
    const at = `hosts/${id}/${artifact}`;
    if (out.files.has(at)) {
      notes.push({ file: from, line: 1, message: `a second ${artifact} for ${id}: skipped` });
      continue;
    }
    out.files.set(at, r.text);
    out.origins.set(at, from);
  }
  putErrors(out, errors);
}

// A troubleshoot *-errors.json: a JSON array of messages, or namespace → message; empty when all went well.
function errorMessages(text: string): string[] {
  try {
    const v: unknown = JSON.parse(text);
    if (Array.isArray(v)) return v.filter((x): x is string => typeof x === 'string');
    if (v && typeof v === 'object')
      return Object.entries(v).map(([ns, m]) => `${ns ? `namespace ${ns}: ` : ''}${String(m)}`);
  } catch {
    return ['its errors file is not valid JSON'];
  }
  return [];
}

// Cluster lists (per-namespace parts) and what the bundle says it could not list.
function clusterFiles(files: Map<string, string>, out: FormatFiles): void {
  const errors: ClusterError[] = [];
  for (const [rel, text] of files) {
    const m = RESOURCE.exec(rel);
    if (!m) continue;
    if (m[1]) {
      const list = PER_NAMESPACE[m[1]];
      if (!list || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/.test(m[2]!)) continue;
      out.files.set(`cluster/${list}/${m[2]}.json`, text);
      out.origins.set(`cluster/${list}/${m[2]}.json`, rel);
      continue;
    }
    const name = m[3]!;
    const list = m[4] ? (PER_NAMESPACE[name] ?? WHOLE[name]) : WHOLE[name];
    if (!list) continue;
    if (!m[4]) {
      out.files.set(`cluster/${list}.json`, text);
      out.origins.set(`cluster/${list}.json`, rel);
    } else
      for (const message of errorMessages(text))
        errors.push({ kind: list === 'endpoints' ? 'endpointslices' : list, path: rel, reason: 'Failed', message });
  }
  if (errors.length) out.files.set('cluster/errors.json', `${JSON.stringify(errors)}\n`);
}

/** troubleshoot.sh's support bundle: host-collectors/ and cluster-resources/. */
export const troubleshoot: SourceFormat = {
  title: 'a troubleshoot support bundle',
  wants: (p) => RUN.test(p) || RESOURCE.test(p),
  read(files) {
    const keys = [...files.keys()];
    if (!keys.some((k) => k.startsWith('host-collectors/') || k.startsWith('cluster-resources/'))) return undefined;
    const notes: ParseWarning[] = [];
    const out: FormatFiles = { files: new Map(), origins: new Map() };
    hostFiles(files, out, notes);
    clusterFiles(files, out);
    return { ...out, ...(notes.length ? { notes } : {}) };
  },
};
