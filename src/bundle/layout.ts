// The bundle's shape (docs/bundle-format.md): cluster lists, archive names and the in-memory form; the host
// artifacts are rows of src/bundle/artifacts.ts.
import type { ParseWarning } from '../parsers/types.js';

/** The cluster object lists of a bundle, cluster/<name>.json, each a `kubectl get -A -o json` List. */
export const CLUSTER_LISTS = [
  'nodes',
  'pods',
  'services',
  'endpointslices',
  'networkpolicies',
  'namespaces',
  'configmaps',
  'daemonsets',
  'deployments',
  'events',
] as const;

export type ClusterList = (typeof CLUSTER_LISTS)[number];

const LIST_FILE = /\.(json|ya?ml)$/;

// The files that hold one cluster list: cluster/<list>.json (or .yaml / .yml), else its parts
// cluster/<list>/<part>.json|yaml, in name order (support bundles keep one file per namespace).
export function clusterListFiles(files: Map<string, string>, list: string): string[] {
  const whole = ['json', 'yaml', 'yml'].map((x) => `cluster/${list}.${x}`).find((p) => files.has(p));
  if (whole) return [whole];
  const dir = `cluster/${list}/`;
  return [...files.keys()]
    .filter((k) => k.startsWith(dir) && !k.slice(dir.length).includes('/') && LIST_FILE.test(k))
    .sort();
}

/** Name endings of the archive form: .tar.gz / .tgz are written; a plain .tar, .tar.xz (sos's default) and .zip
 *  (a Cilium sysdump) are also read. */
export const TAR_RE = /\.(tar\.gz|tgz)$/i;
export const ARCHIVE_RE = /\.(tar\.gz|tgz|tar|tar\.xz|txz|zip)$/i;
export const XZ_RE = /\.(tar\.xz|txz)$/i;

export interface RawBundle {
  /** What the user passed (for display). */
  path: string;
  origin: 'dir' | 'tar' | 'file';
  /** Bundle-relative path → text. */
  files: Map<string, string>;
  /** Files that are in the bundle but were not read (too large, unreadable, a link): path → why. */
  skipped?: Map<string, string>;
  /** Where a file really came from, when the input was not a bundle (a sosreport's path, a paste's name):
   *  evidence cites that. */
  origins?: Map<string, string>;
  /** What reading the input itself found (a paste cut short, an output no reader takes), with its line. */
  notes?: ParseWarning[];
}

/** A RawBundle as plain data (for a worker thread): maps as entry lists. */
export interface RawBundleData {
  path: string;
  origin: RawBundle['origin'];
  files: [string, string][];
  skipped: [string, string][];
  origins: [string, string][];
  notes: ParseWarning[];
}

// What a worker thread needs to rebuild the same RawBundle: every field, origins and notes included.
export const rawToData = (b: RawBundle): RawBundleData => ({
  path: b.path,
  origin: b.origin,
  files: [...b.files],
  skipped: [...(b.skipped ?? [])],
  origins: [...(b.origins ?? [])],
  notes: b.notes ?? [],
});

export const rawFromData = (d: RawBundleData): RawBundle => ({
  path: d.path,
  origin: d.origin,
  files: new Map(d.files),
  skipped: new Map(d.skipped),
  ...(d.origins.length ? { origins: new Map(d.origins) } : {}),
  ...(d.notes.length ? { notes: d.notes } : {}),
});
