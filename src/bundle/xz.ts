// .tar.xz archives (sos's default) decompressed by the system's xz, streamed: Node has no xz decoder of its own,
// and xz-utils is on every Linux that made the archive. Bounded: a decompression bomb is stopped, not followed.
import { spawn } from 'node:child_process';
import type { Readable } from 'node:stream';
import { NetdiagError } from '../errors.js';

/** Most bytes read out of one .tar.xz (the bundle's own limits apply to what is kept; this stops a bomb). */
export const MAX_XZ_OUT = 4 * 1024 * 1024 * 1024;

// Thrown when .tar.xz is given and no xz program is installed.
export class XzMissingError extends NetdiagError {
  constructor(path: string) {
    super(
      'ERR_XZ_MISSING',
      `${path} is an xz archive, and reading it needs the xz program, which is not installed. Remedy: install it (apt-get install xz-utils, dnf install xz, brew install xz), or unpack the archive (tar -xJf ${path}) and pass the folder.`,
    );
  }
}

// The decompressed bytes of FILE as a stream; `done` settles when xz has exited (rejecting on failure), `stop`
// ends it early.
export function xzStream(file: string): { out: Readable; done: Promise<void>; stop: () => void } {
  const child = spawn('xz', ['-dc', '--', file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let err = '';
  let seen = 0;
  child.stderr.on('data', (c: Buffer) => {
    if (err.length < 2000) err += c.toString('utf8');
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new XzMissingError(file) : new Error(`xz could not run: ${e.message}`)),
    );
    child.stdout.on('data', (c: Buffer) => {
      seen += c.length;
      if (seen > MAX_XZ_OUT) {
        child.kill('SIGKILL');
        reject(new Error(`it unpacks to more than ${MAX_XZ_OUT / 1024 ** 3} GiB`));
      }
    });
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(err.trim().split('\n')[0] || `xz ended with ${signal ?? `exit ${code}`}`));
    });
  });
  done.catch(() => {});
  return { out: child.stdout, done, stop: () => child.kill('SIGKILL') };
}
