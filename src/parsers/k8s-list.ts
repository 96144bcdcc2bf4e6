// Reads `kubectl get KIND -A -o json` output (a List with items, or one object) into objects that cite
// the line each item starts on.
//
// Sample (kubectl 1.31, `kubectl get svc -A -o json`, shortened):
//   {
//       "apiVersion": "v1",
//       "items": [
//           {
//               "apiVersion": "v1",
//               "kind": "Service",
//               "metadata": { "name": "kube-dns", "namespace": "kube-system", "labels": { "k8s-app": "kube-dns" } },
//               "spec": { "clusterIP": "10.96.0.10", "ports": [ { "name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53 } ],
//                         "selector": { "k8s-app": "kube-dns" }, "type": "ClusterIP" }
//           }
//       ],
//       "kind": "List",
//       "metadata": { "resourceVersion": "" }
//   }
import { rec } from '../json.js';
import { Warnings, guard } from './lines.js';
import { arrayElementLines, parseJsonOrWarn } from './json-lines.js';
import type { ParseResult, Source } from './types.js';

export interface K8sObject {
  kind: string;
  name: string;
  namespace?: string | undefined;
  labels: Record<string, string>;
  /** The object as the API returned it (spec, status, data, ...). */
  raw: Record<string, unknown>;
  /** Where the object starts in its file: worked out when first asked for (each ask gives a new plain object). */
  readonly src: Source;
}

/** An object without its API body: what a typed view keeps once it has read its fields (tens of thousands of pods). */
export type K8sRef = Omit<K8sObject, 'raw'>;

/** What a released object's body is: nothing (a shared, frozen empty object). */
const RELEASED: Record<string, unknown> = Object.freeze({});

// The object's name, kind, labels and line, its API body let go: the same object, not a copy (a large cluster has
// tens of thousands, and each copy would be one more to allocate and move).
export function refOf(o: K8sObject): K8sRef {
  o.raw = RELEASED;
  return o;
}

// Lines where the elements of the top-level "items" array start (1-based).
export function listItemLines(text: string): number[] {
  return arrayElementLines(text, 'items');
}

/** How a list was written when its text is not the JSON it came as (YAML, read into JSON first). */
export interface ListShape {
  /** Kind of objects that carry none (typed clients drop it: cilium-cli's YAML, troubleshoot's older JSON). */
  kind?: string;
  /** 1-based lines of the original file where each item starts. */
  lines?: number[];
}

/**
 * The lines where a list file's items start, found the first time any item's line is asked for: a healthy cluster
 * cites none of its tens of thousands of objects, and finding them all means scanning the whole text. Until then it
 * holds the file's text (which the bundle holds anyway).
 */
class ItemLines {
  #text: string;
  #lines: number[] | undefined;
  constructor(
    readonly file: string,
    text: string,
    lines: number[] | undefined,
  ) {
    this.#text = text;
    this.#lines = lines;
  }
  // The 1-based line item k starts on (1 when unknown: a single object, not a List).
  lineOf(k: number): number {
    if (!this.#lines) {
      this.#lines = listItemLines(this.#text);
      this.#text = '';
    }
    return this.#lines[k] ?? 1;
  }
}

/** One object of a list: every field set in the constructor (one shape for all), its source made on demand. */
class ListItem implements K8sObject {
  readonly #at: ItemLines;
  readonly #k: number;
  constructor(
    public kind: string,
    public name: string,
    public namespace: string | undefined,
    public labels: Record<string, string>,
    public raw: Record<string, unknown>,
    at: ItemLines,
    k: number,
  ) {
    this.#at = at;
    this.#k = k;
  }
  // the element's first line is just "{" in kubectl's output (a YAML key, or the start of a compact line, in
  // others): the object is cited by kind and name on the line where it starts
  get src(): Source {
    const ns = this.namespace ? `${this.namespace}/` : '';
    return { file: this.#at.file, line: this.#at.lineOf(this.#k), text: `${this.kind || 'object'} ${ns}${this.name}` };
  }
}

// The labels as parsed when every value is a string (nearly always: nothing is copied), else a copy of the ones that
// are (typed as strings until checked here).
function stringLabels(v: unknown): Record<string, string> {
  const labels = rec(v) as Record<string, string>;
  for (const k in labels)
    if (typeof labels[k] !== 'string')
      return Object.fromEntries(Object.entries(labels).filter(([, x]) => typeof x === 'string'));
  return labels;
}

// Parse one cluster/*.json file (or a YAML list read into JSON, with its own item lines).
export function parseK8sList(text: string, file: string, shape: ListShape = {}): ParseResult<K8sObject[]> {
  return guard(
    file,
    () => [],
    () => {
      const w = new Warnings(file);
      const data = parseJsonOrWarn(text, w);
      if (data === undefined) return { value: [], warnings: w.done() };
      const top = rec(data);
      const one = top.kind || (shape.kind && typeof rec(top.metadata).name === 'string');
      const items = Array.isArray(top.items) ? top.items : Array.isArray(data) ? data : one ? [data] : undefined;
      if (!items) {
        w.add(1, 'neither a List with "items" nor a Kubernetes object');
        return { value: [], warnings: w.done() };
      }
      const at = new ItemLines(file, text, shape.lines ?? (Array.isArray(top.items) ? undefined : []));
      const out: K8sObject[] = [];
      for (let k = 0; k < items.length; k++) {
        const o = rec(items[k]);
        const meta = rec(o.metadata);
        if (typeof meta.name !== 'string') {
          w.add(at.lineOf(k), 'item without metadata.name');
          continue;
        }
        const kind = typeof o.kind === 'string' ? o.kind : (shape.kind ?? '');
        const ns = typeof meta.namespace === 'string' ? meta.namespace : undefined;
        out.push(new ListItem(kind, meta.name, ns, stringLabels(meta.labels), o, at, k));
      }
      return { value: out, warnings: w.done() };
    },
  );
}
