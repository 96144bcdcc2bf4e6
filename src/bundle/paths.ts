// Names that become paths: host folder ids and bundle-relative paths, checked before anything touches the disk.
// Node names, pod names, netns and container names come from someone else's machine; none may steer a write.
import { createHash } from 'node:crypto';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { NetdiagError } from '../errors.js';
import { ARTIFACT_NAMES } from './artifacts.js';

/** A host id that is safe as one path component everywhere (no separators, no dot-only names, no controls). */
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._@+-]{0,199}$/;
const ARTIFACT_SET = new Set<string>(ARTIFACT_NAMES);

// The folder name for a host: the name itself when it is safe, else a readable form plus a hash of the original
// (two different hostile names never share a folder). Why: node, pod and namespace names are untrusted input.
export function safeHostId(name: string): string {
  if (SAFE_ID.test(name)) return name;
  const readable = name
    .replace(/[^A-Za-z0-9._@+-]/g, '_')
    .replace(/^[^A-Za-z0-9]+/, '')
    .slice(0, 80);
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 10);
  return `${readable || 'host'}-x${hash}`;
}

// True for the paths a bundle may hold: bundle.json, cluster/KIND.json (or its parts cluster/KIND/PART.json),
// hosts/ID/ARTIFACT, learn/symptom.json.
// Writing (the default) also requires a safe host id; reading accepts any id that is one path component.
export function isBundlePath(p: string, o: { anyHostId?: boolean } = {}): boolean {
  if (p === 'bundle.json' || p === 'learn/symptom.json') return true;
  if (/^cluster\/([A-Za-z0-9][A-Za-z0-9._-]{0,62}\/)?[A-Za-z0-9][A-Za-z0-9._-]{0,62}\.(json|ya?ml)$/.test(p))
    return true;
  const m = /^hosts\/([^/]+)\/([^/]+)$/.exec(p);
  if (!m || !ARTIFACT_SET.has(m[2]!)) return false;
  return o.anyHostId ? m[1] !== '.' && m[1] !== '..' : SAFE_ID.test(m[1]!);
}

// True when `child` is `parent` or lies below it (both resolved).
export function isInside(child: string, parent: string): boolean {
  const back = relative(resolve(parent), resolve(child));
  return back === '' || (back !== '..' && !back.startsWith(`..${sep}`) && !isAbsolute(back));
}

// Thrown when a path would leave the output folder: a bug or hostile input, never written.
export class UnsafePathError extends NetdiagError {
  constructor(path: string, why: string) {
    super(
      'ERR_UNSAFE_PATH',
      `refused to write ${JSON.stringify(path)}: ${why}. Cause: a name from the collected input is not a valid bundle path. Remedy: none needed — nothing was written there; report it if it came from a real node.`,
    );
  }
}

// The absolute path of a bundle file under `root`; throws unless it is a bundle path that stays inside root.
export function bundleFilePath(root: string, rel: string): string {
  if (!isBundlePath(rel)) throw new UnsafePathError(rel, 'not a bundle file name');
  const full = resolve(root, rel);
  if (full === resolve(root) || !isInside(full, root)) throw new UnsafePathError(rel, 'it leaves the output folder');
  return full;
}
