// Loads a bundle into memory from a directory, an archive (archive.ts), or a single captured file, keeping only the
// files a bundle or a known capture format may hold, and mapping a third-party capture onto the bundle's paths.
import { existsSync, lstatSync, openSync, readSync, closeSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { InputNotFoundError, NetdiagError, NotABundleError, UnreadableArchiveError } from '../errors.js';
import { detectArtifact } from './detect.js';
import type { ParseWarning } from '../parsers/types.js';
import { readFormat, wantedByFormat } from './formats/index.js';
import { hostIdOf } from './formats/types.js';
import { splitTranscript, transcriptFiles } from './transcript.js';
import { ARCHIVE_RE, type RawBundle } from './layout.js';
import {
  ARTIFACT_SET,
  BundleTooLargeError,
  MAX_ENTRIES,
  MAX_FILE,
  NESTED_RE,
  NotAFileError,
  type Reading,
  accept,
  decodeText,
  keep,
  mib,
  readTar,
  readZip,
} from './archive.js';

export { BundleTooLargeError, MAX_ENTRIES, MAX_FILE, decodeText } from './archive.js';

// Read whatever the user passed: directory, archive or single file. Every failure is a coded error (exit 2).
export async function readBundle(path: string): Promise<RawBundle> {
  if (!existsSync(path)) throw new InputNotFoundError(path);
  try {
    const st = statSync(path);
    if (st.isDirectory()) {
      const r = readDir(path);
      return normalise({ path, origin: 'dir', files: r.files, skipped: r.skipped }, basename(path));
    }
    if (!st.isFile()) throw new NotAFileError(path);
    if (ARCHIVE_RE.test(path)) {
      const r = /\.zip$/i.test(path) ? await readZip(path) : await readTar(path);
      return normalise(
        { path, origin: 'tar', files: r.files, skipped: r.skipped },
        basename(path).replace(ARCHIVE_RE, ''),
      );
    }
    return readSingleFile(path);
  } catch (e) {
    if (e instanceof NetdiagError) throw e;
    throw new UnreadableArchiveError(path, (e as Error).message);
  }
}

function readDir(root: string): Reading {
  const r: Reading = { files: new Map(), skipped: new Map(), total: 0, entries: 0 };
  const walk = (dir: string, depth: number): void => {
    if (depth > 6) return;
    for (const ent of readdirSync(dir, { withFileTypes: true })) {
      if (++r.entries > MAX_ENTRIES) throw new BundleTooLargeError(root, `more than ${MAX_ENTRIES} entries`);
      const full = join(dir, ent.name);
      const rel = relative(root, full).split(sep).join('/');
      if (ent.isDirectory()) walk(full, depth + 1);
      else if (!keep(rel)) continue;
      else if (NESTED_RE.test(rel))
        r.skipped.set(rel, `an archive inside the capture: unpack it (tar -xf ${ent.name}) to read it`);
      else if (ent.isSymbolicLink())
        r.skipped.set(rel, 'a symbolic link: not followed (it could point anywhere on this machine)');
      else if (!ent.isFile()) r.skipped.set(rel, 'not a regular file');
      else {
        const size = lstatSync(full).size;
        if (size > MAX_FILE) r.skipped.set(rel, `too large (${mib(size)}; the limit is ${mib(MAX_FILE)} a file)`);
        else accept(r, root, rel, readBounded(full, size));
      }
    }
  };
  walk(root, 0);
  return r;
}

// Read at most `size` bytes (the file may grow while it is read; what was stat'ed is what is read).
function readBounded(file: string, size: number): Buffer {
  const buf = Buffer.alloc(size);
  const fd = openSync(file, 'r');
  try {
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    return buf.subarray(0, off);
  } finally {
    closeSync(fd);
  }
}

// Find the bundle root (a single top folder is allowed) and accept a bare host folder as a one-host bundle.
function normalise(b: RawBundle, name: string): RawBundle {
  const keys = [...b.files.keys(), ...(b.skipped?.keys() ?? [])];
  // a third-party capture (sosreport, support bundle, …), at the top or in its one top folder
  const third = readFormat(b.files);
  if (third) {
    // what the format would have read but the reader left out (too large, a link) is said, not silently lost
    const left = [...(b.skipped ?? [])].filter(([k]) => wantedByFormat(k));
    const notes = [
      ...(b.notes ?? []),
      ...(third.notes ?? []),
      ...left.map(([file, why]) => ({ file, line: 1, message: `not read: ${why}` })),
    ];
    return { ...b, files: third.files, skipped: new Map(), origins: third.origins, ...(notes.length ? { notes } : {}) };
  }
  const isRoot = (prefix: string): boolean =>
    keys.some(
      (k) => k.startsWith(`${prefix}hosts/`) || k === `${prefix}bundle.json` || k.startsWith(`${prefix}cluster/`),
    );
  let prefix = '';
  if (!isRoot('')) {
    const tops = new Set(keys.map((k) => (k.includes('/') ? k.slice(0, k.indexOf('/') + 1) : '')));
    if (tops.size === 1 && !tops.has('') && isRoot([...tops][0]!)) prefix = [...tops][0]!;
  }
  const strip = <T>(m: Map<string, T> | undefined, to: (k: string) => string | undefined): Map<string, T> => {
    const out = new Map<string, T>();
    for (const [k, v] of m ?? []) {
      const n = to(k);
      if (n !== undefined) out.set(n, v);
    }
    return out;
  };
  if (prefix || isRoot('')) {
    const to = (k: string): string | undefined => (k.startsWith(prefix) ? k.slice(prefix.length) : undefined);
    return { ...b, files: strip(b.files, to), skipped: strip(b.skipped, to) };
  }
  // a folder of outputs without hosts/: one host named after the folder, each file read by its name or content
  const top = [...b.files].filter(([k]) => !k.includes('/'));
  if (top.length > 0) {
    const id = hostIdOf(name);
    const files = new Map<string, string>();
    const origins = new Map<string, string>();
    const notes: ParseWarning[] = [];
    for (const [k, text] of top) {
      const one = ARTIFACT_SET.has(k) ? undefined : oneText(k, text);
      if (ARTIFACT_SET.has(k)) files.set(`hosts/${id}/${k}`, text);
      else if (!one) notes.push({ file: k, line: 1, message: 'not a command output kube-netdiag reads: skipped' });
      else
        for (const [art, body] of one) {
          const at = `hosts/${id}/${art}`;
          // two files with the same output: the first (by name) is read, the other said
          if (files.has(at)) notes.push({ file: k, line: 1, message: `a second ${art}: skipped` });
          else {
            files.set(at, body);
            origins.set(at, k);
          }
        }
    }
    if (files.size > 0) {
      const skipped = strip(b.skipped, (k) =>
        !k.includes('/') && ARTIFACT_SET.has(k) ? `hosts/${id}/${k}` : undefined,
      );
      return { ...b, files, skipped, origins, ...(notes.length ? { notes } : {}) };
    }
  }
  throw new NotABundleError(
    b.path,
    b.files.size === 0
      ? 'it holds no files kube-netdiag reads'
      : 'no hosts/ or cluster/ folder, no bundle.json, and no known command output at its top level',
  );
}

// A single captured file becomes a one-host bundle (host id "local") once its kind is recognised.
export function readSingleFile(path: string): RawBundle {
  const st = statSync(path);
  if (!st.isFile()) throw new NotAFileError(path);
  if (st.size > MAX_FILE) throw new BundleTooLargeError(path, `${mib(st.size)} in one file`);
  const text = decodeText(readBounded(path, st.size));
  if (text === undefined)
    throw new NotABundleError(path, 'its content is not text in a known encoding (UTF-8 or UTF-16)');
  return fromText(path, text);
}

// What one file of any name holds: a paste's outputs, or one output recognised by name or content.
function oneText(name: string, text: string): Map<string, string> | undefined {
  const paste = splitTranscript(text);
  if (paste?.parts.some((p) => p.artifact)) return transcriptFiles(paste) as Map<string, string>;
  const kind = detectArtifact(name, text);
  return kind ? new Map([[kind, text]]) : undefined;
}

// One text — a command's output, or a pasted terminal session with prompts — as a one-host bundle.
export function fromText(path: string, text: string): RawBundle {
  const paste = splitTranscript(text);
  if (paste?.parts.some((p) => p.artifact)) {
    const files = new Map<string, string>();
    for (const [name, body] of transcriptFiles(paste)) files.set(`hosts/local/${name}`, body);
    const warnings = paste.notes.map((n) => ({ file: basename(path), line: n.line, message: n.message }));
    // every part keeps the paste's line numbers: evidence cites the paste itself
    const origins = new Map([...files.keys()].map((k) => [k, basename(path)]));
    return { path, origin: 'file', files, origins, ...(warnings.length ? { notes: warnings } : {}) };
  }
  const kind = detectArtifact(path, text);
  if (!kind)
    throw new NotABundleError(path, 'neither its name nor its content matches a command output kube-netdiag reads');
  return { path, origin: 'file', files: new Map([[`hosts/local/${kind}`, text]]) };
}
