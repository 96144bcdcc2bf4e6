// One cluster list file as objects: `kubectl get -A -o json`, or the same list as YAML (`-o yaml`, cilium-cli's
// typed lists without `kind`), each object citing the line its item starts on in the file as written.
import { LineCounter, isNode, isSeq, parseDocument } from 'yaml';
import { type K8sObject, parseK8sList } from '../../parsers/k8s-list.js';
import type { ParseWarning } from '../../parsers/types.js';

// A YAML list as the JSON text the list reader takes, with the line each item starts on; undefined (with a
// warning) when it is not YAML at all. Aliases are capped (a hostile file cannot expand itself), and only the first
// document is read.
function yamlAsJson(
  text: string,
  file: string,
  warnings: ParseWarning[],
): { json: string; lines: number[] } | undefined {
  try {
    const lc = new LineCounter();
    const doc = parseDocument(text, { lineCounter: lc, uniqueKeys: false });
    if (doc.errors.length > 0) throw doc.errors[0];
    const items = doc.get('items', true);
    const lines = isSeq(items) ? items.items.map((n) => lc.linePos(isNode(n) ? (n.range?.[0] ?? 0) : 0).line) : [1];
    return { json: JSON.stringify(doc.toJS({ maxAliasCount: 100 })), lines };
  } catch (e) {
    warnings.push({ file, line: 1, message: `not YAML kube-netdiag can read: ${(e as Error).message.split('\n')[0]}` });
    return undefined;
  }
}

/** The kind of each list's objects, for lists whose writer dropped it. */
const KIND_OF: Record<string, string> = {
  nodes: 'Node',
  pods: 'Pod',
  services: 'Service',
  endpointslices: 'EndpointSlice',
  endpoints: 'Endpoints',
  networkpolicies: 'NetworkPolicy',
  namespaces: 'Namespace',
  configmaps: 'ConfigMap',
  daemonsets: 'DaemonSet',
  deployments: 'Deployment',
  events: 'Event',
};

// The objects of one list file (`path` in the bundle, cited as `name`); undefined when it is not readable at all.
export function readListFile(
  path: string,
  raw: string,
  name: string,
  list: string,
  warnings: ParseWarning[],
): K8sObject[] | undefined {
  const kind = KIND_OF[list];
  const yaml = path.endsWith('.json') ? undefined : yamlAsJson(raw, name, warnings);
  if (!path.endsWith('.json') && !yaml) return undefined;
  const r = parseK8sList(yaml?.json ?? raw, name, {
    ...(kind ? { kind } : {}),
    ...(yaml ? { lines: yaml.lines } : {}),
  });
  warnings.push(...r.warnings);
  return r.value;
}
