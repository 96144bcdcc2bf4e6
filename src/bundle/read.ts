// Loads a bundle into memory from a directory, a .tar.gz / .tgz, or a single captured file.
import { createReadStream, existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { Parser as TarParser } from 'tar';
import { InputNotFoundError, NotABundleError, UnreadableArchiveError } from '../errors.js';
import { detectArtifact } from './detect.js';
import { ARTIFACTS, type RawBundle } from './layout.js';

/** Files bigger than this are not loaded (a bundle holds command outputs, not disk images). */
export const MAX_FILE = 512 * 1024 * 1024;
const ARTIFACT_SET = new Set<string>(ARTIFACTS);

// Read whatever the user passed: directory, archive or single file.
export async function readBundle(path: string): Promise<RawBundle> {
  if (!existsSync(path)) throw new InputNotFoundError(path);
  const st = statSync(path);
  if (st.isDirectory()) return normalise({ path, origin: 'dir', files: readDir(path) }, basename(path));
  if (/\.(tar\.gz|tgz|tar)$/i.test(path)) return normalise({ path, origin: 'tar', files: await readTar(path) }, basename(path).replace(/\.(tar\.gz|tgz|tar)$/i, ''));
  return readSingleFile(path);
}

function readDir(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string, depth: number): void => {
    if (depth > 6) return;
    for (const ent of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, ent.name);
      if (ent.isDirectory()) walk(full, depth + 1);
      else if (ent.isFile() && statSync(full).size <= MAX_FILE) files.set(relative(root, full).split(sep).join('/'), readFileSync(full, 'utf8'));
    }
  };
  walk(root, 0);
  return files;
}

async function readTar(path: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  await new Promise<void>((resolve, reject) => {
    const parser = new TarParser({ strict: true });
    parser.on('entry', (entry) => {
      if (entry.type !== 'File' || (entry.size ?? 0) > MAX_FILE) {
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => files.set(entry.path.replace(/^\.\//, ''), Buffer.concat(chunks).toString('utf8')));
    });
    parser.on('error', (e: Error) => reject(new UnreadableArchiveError(path, e.message)));
    parser.on('warn', (_code: string, msg: string) => reject(new UnreadableArchiveError(path, msg)));
    parser.on('end', () => resolve());
    const input = createReadStream(path);
    input.on('error', (e) => reject(new UnreadableArchiveError(path, e.message)));
    input.pipe(parser);
  });
  return files;
}

// Find the bundle root (a single top folder is allowed) and accept a bare host folder as a one-host bundle.
function normalise(b: RawBundle, name: string): RawBundle {
  const keys = [...b.files.keys()];
  const isRoot = (prefix: string): boolean => keys.some((k) => k.startsWith(`${prefix}hosts/`) || k === `${prefix}bundle.json` || k.startsWith(`${prefix}cluster/`));
  let prefix = '';
  if (!isRoot('')) {
    const tops = new Set(keys.map((k) => (k.includes('/') ? k.slice(0, k.indexOf('/') + 1) : '')));
    if (tops.size === 1 && !tops.has('') && isRoot([...tops][0]!)) prefix = [...tops][0]!;
  }
  if (prefix || isRoot('')) {
    const files = new Map<string, string>();
    for (const [k, v] of b.files) if (k.startsWith(prefix)) files.set(k.slice(prefix.length), v);
    return { ...b, files };
  }
  // a folder of artifacts without hosts/: treat it as one host named after the folder
  const direct = keys.filter((k) => !k.includes('/') && ARTIFACT_SET.has(k));
  if (direct.length > 0) {
    const files = new Map<string, string>();
    const id = name.replace(/[^\w.-]/g, '_') || 'local';
    for (const k of direct) files.set(`hosts/${id}/${k}`, b.files.get(k)!);
    return { ...b, files };
  }
  throw new NotABundleError(b.path, b.files.size === 0 ? 'it holds no files' : 'no hosts/ or cluster/ folder, no bundle.json, and no known command output at its top level');
}

// A single captured file becomes a one-host bundle (host id "local") once its kind is recognised.
export function readSingleFile(path: string): RawBundle {
  const text = readFileSync(path, 'utf8');
  const kind = detectArtifact(path, text);
  if (!kind) throw new NotABundleError(path, 'neither its name nor its content matches a command output kube-netdiag reads');
  return { path, origin: 'file', files: new Map([[`hosts/local/${kind}`, text]]) };
}
