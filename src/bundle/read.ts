// Loads a bundle into memory from a directory, a .tar.gz / .tgz / .tar.xz, or a single captured file — within fixed limits,
// keeping only the files a bundle may hold, decoding what it keeps, and saying why anything else was left out.
import { createReadStream, existsSync, lstatSync, openSync, readSync, closeSync, readdirSync, statSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { Parser as TarParser } from 'tar';
import { InputNotFoundError, NetdiagError, NotABundleError, UnreadableArchiveError } from '../errors.js';
import { detectArtifact } from './detect.js';
import type { ParseWarning } from '../parsers/types.js';
import { readFormat, wantedByFormat } from './formats/index.js';
import { splitTranscript, transcriptFiles } from './transcript.js';
import { ARTIFACT_NAMES } from './artifacts.js';
import { ARCHIVE_RE, type RawBundle, XZ_RE } from './layout.js';
import { xzStream } from './xz.js';
import { isBundlePath } from './paths.js';

/** Largest single file read (a bundle holds command outputs; a 10,000-Service node's rules fit many times over). */
export const MAX_FILE = 128 * 1024 * 1024;
/** Largest total of the files kept from one bundle. */
export const MAX_TOTAL = 512 * 1024 * 1024;
/** Most entries looked at in one bundle (folder walk or archive). */
export const MAX_ENTRIES = 200_000;
const ARTIFACT_SET = new Set<string>(ARTIFACT_NAMES);

// Thrown when a bundle is bigger than the reader's limits, so memory stays bounded whatever is passed in.
export class BundleTooLargeError extends NetdiagError {
  constructor(path: string, what: string) {
    super(
      'ERR_BUNDLE_TOO_LARGE',
      `${path} is too large to analyze: ${what}. Cause: kube-netdiag keeps a bundle in memory and reads at most ${MAX_TOTAL / 1024 / 1024} MiB of command outputs (${MAX_FILE / 1024 / 1024} MiB a file). Remedy: pass the host folders that matter, or unpack the archive and remove what is not a command output.`,
    );
  }
}

// Thrown when the path is a FIFO, a device or a socket: reading it could block forever or never end.
export class NotAFileError extends NetdiagError {
  constructor(path: string) {
    super(
      'ERR_NOT_A_FILE',
      `${path} is not a regular file or folder (a pipe, a device or a socket). Remedy: save the output to a file first, e.g. iptables-save > iptables-save.txt, and pass that file.`,
    );
  }
}

// May this path (after an optional single top folder) hold something a bundle reader uses? A bare artifact name
// is a folder of one host's outputs.
const readable = (p: string): boolean => ARTIFACT_SET.has(p) || isBundlePath(p, { anyHostId: true });
// a file at the top of the folder, whatever its name: a folder of outputs is read by content, like one file
const keep = (p: string): boolean =>
  readable(p) || readable(p.slice(p.indexOf('/') + 1)) || !p.includes('/') || wantedByFormat(p);

// Bytes to text: BOMs (UTF-8, UTF-16 LE/BE) are honoured, UTF-16 without BOM is recognised by its NUL bytes;
// undefined when the content is mostly not text (then it is "not collected (unreadable)", never an empty fact).
export function decodeText(buf: Buffer): string | undefined {
  let text: string;
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) text = buf.subarray(3).toString('utf8');
  else if (buf[0] === 0xff && buf[1] === 0xfe) text = buf.subarray(2).toString('utf16le');
  else if (buf[0] === 0xfe && buf[1] === 0xff) text = swap16(buf.subarray(2)).toString('utf16le');
  else {
    const head = buf.subarray(0, 4096);
    let oddNul = 0;
    let evenNul = 0;
    for (let i = 0; i < head.length; i++) if (head[i] === 0) i % 2 ? oddNul++ : evenNul++;
    if (head.length >= 4 && oddNul > head.length / 4 && evenNul === 0) text = buf.toString('utf16le');
    else if (head.length >= 4 && evenNul > head.length / 4 && oddNul === 0) text = swap16(buf).toString('utf16le');
    else text = buf.toString('utf8');
  }
  const sample = text.slice(0, 65536);
  let bad = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (c === 0xfffd || c === 0 || (c < 0x20 && c !== 9 && c !== 10 && c !== 13 && c !== 12)) bad++;
  }
  return sample.length > 0 && bad > sample.length / 10 ? undefined : text;
}

function swap16(b: Buffer): Buffer {
  const out = Buffer.from(b.subarray(0, b.length - (b.length % 2)));
  return out.swap16();
}

interface Reading {
  files: Map<string, string>;
  skipped: Map<string, string>;
  total: number;
  entries: number;
}

const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;

// Add one file's bytes (decoded, within the limits) to what is read.
function accept(r: Reading, path: string, rel: string, buf: Buffer): void {
  const text = decodeText(buf);
  if (text === undefined) {
    r.skipped.set(rel, 'unreadable: not text in a known encoding');
    return;
  }
  r.total += buf.length;
  if (r.total > MAX_TOTAL) throw new BundleTooLargeError(path, `more than ${mib(MAX_TOTAL)} of files`);
  r.files.set(rel, text);
}

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
      const r = await readTar(path);
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

async function readTar(path: string): Promise<Reading> {
  const r: Reading = { files: new Map(), skipped: new Map(), total: 0, entries: 0 };
  await new Promise<void>((resolve, reject) => {
    const parser = new TarParser({ strict: true });
    const xz = XZ_RE.test(path) ? xzStream(path) : undefined;
    const input = xz ? xz.out : createReadStream(path);
    const fail = (e: Error): void => {
      input.destroy();
      xz?.stop();
      reject(e instanceof NetdiagError ? e : new UnreadableArchiveError(path, e.message));
    };
    parser.on('entry', (entry) => {
      const rel = entry.path.replace(/^\.\//, '');
      if (++r.entries > MAX_ENTRIES) return fail(new BundleTooLargeError(path, `more than ${MAX_ENTRIES} entries`));
      if (entry.type !== 'File' || !keep(rel)) {
        if (entry.type === 'SymbolicLink' && keep(rel)) r.skipped.set(rel, 'a symbolic link: not followed');
        entry.resume();
        return;
      }
      const size = entry.size ?? 0;
      if (size > MAX_FILE) {
        r.skipped.set(rel, `too large (${mib(size)}; the limit is ${mib(MAX_FILE)} a file)`);
        entry.resume();
        return;
      }
      if (r.total + size > MAX_TOTAL)
        return fail(new BundleTooLargeError(path, `more than ${mib(MAX_TOTAL)} of files`));
      const chunks: Buffer[] = [];
      let got = 0;
      entry.on('data', (c: Buffer) => {
        got += c.length;
        if (got <= MAX_FILE) chunks.push(c);
      });
      entry.on('end', () => {
        try {
          accept(r, path, rel, Buffer.concat(chunks));
        } catch (e) {
          fail(e as Error);
        }
      });
    });
    parser.on('error', (e: Error) => fail(e));
    parser.on('warn', (_code: string, msg: string) => fail(new Error(msg)));
    parser.on('end', () => (xz ? xz.done.then(resolve, fail) : resolve()));
    xz?.done.catch((e: Error) => fail(e));
    input.on('error', (e: Error) => fail(e));
    input.pipe(parser);
  });
  return r;
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
    const id = name.replace(/[^\w.-]/g, '_').replace(/^\.+$/, '_') || 'local';
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
