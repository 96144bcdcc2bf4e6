// The real command as a user runs it: a separate process (the compiled dist/, built by `npm test`), its own
// environment, stdout, stderr and exit code.
import { join } from 'node:path';
import { execa } from 'execa';
import { ROOT } from '../helpers.js';

export interface Ran {
  code: number;
  out: string;
  err: string;
}

// Run `kube-netdiag ARGS` with only the environment given (plus PATH and HOME), never the developer's kubeconfig.
export async function kn(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<Ran> {
  const r = await execa(process.execPath, [join(ROOT, 'bin', 'kube-netdiag'), ...args], {
    reject: false,
    timeout: timeoutMs,
    extendEnv: false,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: env.HOME ?? '/nonexistent', LANG: 'C', ...env },
  });
  return { code: r.exitCode ?? -1, out: r.stdout, err: r.stderr };
}

/** Nothing a user should ever see: the generic catch-all and a JavaScript stack. */
export const NO_STACK = /unexpected error|\n\s+at .+\(.+:\d+:\d+\)/;
