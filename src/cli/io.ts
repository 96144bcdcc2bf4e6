// The streams and environment a command writes to, injectable so tests run the CLI in-process.
import type { Readable, Writable } from 'node:stream';

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
