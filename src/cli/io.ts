// The streams and environment a command writes to, injectable so tests run the CLI in-process.
import { type Readable, Writable } from 'node:stream';
import { cleanBlock } from '../text/clean.js';

export interface Io {
  stdout: Writable & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: Writable;
  env: NodeJS.ProcessEnv;
  /** Keys for the terminal UI (absent in most tests: then the UI is never started). */
  stdin?: Readable & { isTTY?: boolean };
  /** Directory where the UI writes exports (default: the process's working directory). */
  cwd?: string;
}

// The real process streams.
export function processIo(): Io {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env, stdin: process.stdin };
}

// Colours only on a terminal and never when NO_COLOR is set (https://no-color.org).
export function useColor(io: Io): boolean {
  return !!io.stdout.isTTY && !('NO_COLOR' in io.env && io.env.NO_COLOR !== undefined);
}

// The same streams, with every control character on stderr shown as a visible escape: progress lines, warnings and
// errors carry node, pod and file names from someone else's machine, and none may drive the user's terminal.
export function withSafeStderr(io: Io): Io {
  const inner = io.stderr;
  const stderr = new Writable({
    write(chunk: Buffer | string, _enc, cb) {
      // pass through at once (no buffering here): a process.exit right after a write must not lose the line
      inner.write(cleanBlock(String(chunk)));
      cb();
    },
  });
  return { ...io, stderr };
}
