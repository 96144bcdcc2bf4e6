// The reading side of bundles: the limits every input is held to, text decoding, and the archive forms (.tar.gz,
// .tar, .tar.xz, .zip, and .tar / .tar.gz nested one level inside a .zip, as a Cilium sysdump keeps its node
// reports). Only files a bundle or a known capture format may hold are kept; anything left out says why.
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import type { Parser as TarParserType } from 'tar';
import type * as Yauzl from 'yauzl';
import { NetdiagError, UnreadableArchiveError } from '../errors.js';
import { ARTIFACT_NAMES } from './artifacts.js';
import { wantedByFormat } from './formats/index.js';
import { XZ_RE } from './layout.js';
import { isBundlePath } from './paths.js';
import { xzStream } from './xz.js';

/** Largest single file read (a bundle holds command outputs; a 10,000-Service node's rules fit many times over). */
export const MAX_FILE = 128 * 1024 * 1024;
/** Largest total of the files kept from one bundle. */
export const MAX_TOTAL = 512 * 1024 * 1024;
/** Most entries looked at in one bundle (folder walk or archive). */
export const MAX_ENTRIES = 200_000;
export const ARTIFACT_SET = new Set<string>(ARTIFACT_NAMES);

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
export const keep = (p: string): boolean =>
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

export interface Reading {
  files: Map<string, string>;
  skipped: Map<string, string>;
  total: number;
  entries: number;
}

export const mib = (n: number): string => `${(n / 1024 / 1024).toFixed(1)} MiB`;

// Add one file's bytes (decoded, within the limits) to what is read.
export function accept(r: Reading, path: string, rel: string, buf: Buffer): void {
  const text = decodeText(buf);
  if (text === undefined) {
    r.skipped.set(rel, 'unreadable: not text in a known encoding');
    return;
  }
  r.total += buf.length;
  if (r.total > MAX_TOTAL) throw new BundleTooLargeError(path, `more than ${mib(MAX_TOTAL)} of files`);
  r.files.set(rel, text);
}

export const newReading = (): Reading => ({ files: new Map(), skipped: new Map(), total: 0, entries: 0 });

// tar and yauzl are loaded when an archive is read: a folder or a paste never needs them (~30 ms at start).
let tarParser: typeof TarParserType | undefined;
const loadTar = async (): Promise<typeof TarParserType> => (tarParser ??= (await import('tar')).Parser);

// Read a tar stream (gzip or not: the parser tells) into `r`, each path under `prefix`.
function readTarStream(
  Parser: typeof TarParserType,
  path: string,
  input: Readable,
  r: Reading,
  prefix = '',
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const parser = new Parser({ strict: true });
    let over = false;
    const fail = (e: Error): void => {
      if (over) return;
      over = true;
      input.destroy();
      reject(e instanceof NetdiagError ? e : new UnreadableArchiveError(path, e.message));
    };
    parser.on('entry', (entry) => {
      const rel = prefix + entry.path.replace(/^\.\//, '');
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
    parser.on('end', () => {
      if (!over) resolve();
    });
    input.on('error', (e: Error) => fail(e));
    input.pipe(parser);
  });
}

// A .tar.gz / .tgz / .tar / .tar.xz file.
export async function readTar(path: string): Promise<Reading> {
  const r = newReading();
  // loaded before any stream exists, so that each stream has its error handler from the start
  const Parser = await loadTar();
  const xz = XZ_RE.test(path) ? xzStream(path) : undefined;
  try {
    await Promise.all([readTarStream(Parser, path, xz ? xz.out : createReadStream(path), r), xz?.done]);
  } catch (e) {
    xz?.stop();
    throw e instanceof NetdiagError ? e : new UnreadableArchiveError(path, (e as Error).message);
  }
  return r;
}

export const NESTED_RE = /\.(tar|tar\.gz|tgz)$/i;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;

// A .zip file (a Cilium sysdump), with the .tar / .tar.gz files inside it that a capture format wants read in
// under their own name (one level: an archive in those is not opened).
export async function readZip(path: string): Promise<Reading> {
  const r = newReading();
  const yauzl = (await import('yauzl')).default;
  const Parser = await loadTar();
  return new Promise<Reading>((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => {
      if (err || !zip) return reject(new UnreadableArchiveError(path, err?.message ?? 'not a zip file'));
      let over = false;
      const fail = (e: Error): void => {
        if (over) return;
        over = true;
        zip.close();
        reject(e instanceof NetdiagError ? e : new UnreadableArchiveError(path, e.message));
      };
      const next = (): void => {
        if (!over) zip.readEntry();
      };
      zip.on('error', fail);
      zip.on('end', () => {
        if (over) return;
        over = true;
        resolve(r);
      });
      zip.on('entry', (entry: Yauzl.Entry) => {
        const rel = entry.fileName.replace(/^\.\//, '');
        if (++r.entries > MAX_ENTRIES) return fail(new BundleTooLargeError(path, `more than ${MAX_ENTRIES} entries`));
        if (rel.endsWith('/')) return next();
        const nested = NESTED_RE.test(rel) && wantedByFormat(rel);
        if (!nested && !keep(rel)) return next();
        if (((entry.externalFileAttributes >>> 16) & S_IFMT) === S_IFLNK) {
          r.skipped.set(rel, 'a symbolic link: not followed');
          return next();
        }
        const size = entry.uncompressedSize;
        const limit = nested ? MAX_TOTAL : MAX_FILE;
        if (size > limit) {
          r.skipped.set(rel, `too large (${mib(size)}; the limit is ${mib(limit)})`);
          return next();
        }
        if (!nested && r.total + size > MAX_TOTAL)
          return fail(new BundleTooLargeError(path, `more than ${mib(MAX_TOTAL)} of files`));
        zip.openReadStream(entry, (e2, stream) => {
          if (e2 || !stream) return fail(e2 ?? new Error(`${rel} could not be opened`));
          if (nested) {
            // a broken report inside the sysdump is said and skipped; the rest of the sysdump is still read
            readTarStream(Parser, path, stream, r, `${rel.replace(NESTED_RE, '')}/`).then(next, (e: Error) => {
              if (e instanceof BundleTooLargeError) return fail(e);
              r.skipped.set(rel, `a nested archive that could not be read: ${e.message}`);
              next();
            });
            return;
          }
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', (e: Error) => fail(e));
          stream.on('end', () => {
            try {
              accept(r, path, rel, Buffer.concat(chunks));
              next();
            } catch (e) {
              fail(e as Error);
            }
          });
        });
      });
      next();
    });
  });
}
