// The CLI in-process (fake standard streams, a terminal or not, and a one-call runner for whole commands), and the
// real command as a separate process (the compiled dist/, built by `npm test`).
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { execa } from 'execa';
import type { Io } from '../src/cli/io.js';

export interface FakeIo {
  io: Io;
  out: () => string;
  err: () => string;
  /** stdout without escape sequences and blanks (blessed moves the cursor over blank cells). */
  flat: () => string;
  stdin: PassThrough & { isTTY: boolean; setRawMode: (b: boolean) => void };
}

export function fakeIo(o: { tty?: boolean; env?: NodeJS.ProcessEnv; cwd?: string } = {}): FakeIo {
  let out = '';
  let err = '';
  const tty = o.tty ?? false;
  const stdout = Object.assign(
    new Writable({
      write(c, _e, cb) {
        out += String(c);
        cb();
      },
    }),
    { isTTY: tty, columns: 100, rows: 30 },
  );
  const stderr = new Writable({
    write(c, _e, cb) {
      err += String(c);
      cb();
    },
  });
  const stdin = Object.assign(new PassThrough(), { isTTY: tty, setRawMode: () => {} });
  return {
    io: { stdout, stderr, stdin, env: o.env ?? {}, ...(o.cwd ? { cwd: o.cwd } : {}) },
    out: () => out,
    err: () => err,
    flat: () => out.replace(/\x1b\[[0-9;?]*[a-zA-Z]/g, '').replace(/\s/g, ''),
    stdin,
  };
}

// Run one command to the end. main is imported on first use, so a test can set process.env before it loads.
export async function runCli(
  argv: string[],
  o: { tty?: boolean; env?: NodeJS.ProcessEnv } = {},
): Promise<{ code: number; out: string; err: string }> {
  const { main } = await import('../src/cli/main.js');
  const f = fakeIo(o);
  const code = await main(argv, { io: f.io });
  return { code, out: f.out(), err: f.err() };
}

export interface Ran {
  code: number;
  out: string;
  err: string;
}

// Run `kube-netdiag ARGS` with only the environment given (plus PATH and HOME), never the developer's kubeconfig.
export async function kn(
  args: string[],
  env: Record<string, string> = {},
  timeoutMs = 60_000,
  input?: string,
): Promise<Ran> {
  const r = await execa(process.execPath, [join(import.meta.dirname, '..', 'bin', 'kube-netdiag'), ...args], {
    reject: false,
    timeout: timeoutMs,
    ...(input !== undefined ? { input } : {}),
    extendEnv: false,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: env.HOME ?? '/nonexistent', LANG: 'C', ...env },
  });
  return { code: r.exitCode ?? -1, out: r.stdout, err: r.stderr };
}

/** Nothing a user should ever see: the generic catch-all and a JavaScript stack. */
export const NO_STACK = /unexpected error|\n\s+at .+\(.+:\d+:\d+\)/;
