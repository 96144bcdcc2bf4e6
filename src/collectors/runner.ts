// Runs one fixed argv (never a shell string built from input) with a timeout, and never throws.
import { execa } from 'execa';

export interface RunResult {
  ok: boolean;
  stdout: string;
  stderr: string;
  exitCode?: number;
  /** Why it failed, in words fit for errors.json. */
  reason?: 'missing-binary' | 'permission' | 'timeout' | 'failed';
  message?: string;
}

// Run argv and classify any failure instead of throwing.
export async function run(argv: string[], opts: { timeoutMs?: number; input?: string } = {}): Promise<RunResult> {
  const [file, ...args] = argv;
  const r = await execa(file!, args, {
    reject: false,
    timeout: opts.timeoutMs ?? 10_000,
    input: opts.input,
    stripFinalNewline: false,
    env: { LC_ALL: 'C' },
  });
  if (!r.failed) return { ok: true, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode ?? 0 };
  const code = (r as unknown as { code?: string }).code;
  // `ip netns exec` and `nsenter` report a missing inner binary on stderr rather than as ENOENT
  const innerMissing = /exec of "[^"]+" failed: No such file|failed to execute \S+: No such file/.test(r.stderr ?? '');
  const reason: RunResult['reason'] =
    code === 'ENOENT' || innerMissing
      ? 'missing-binary'
      : r.timedOut
        ? 'timeout'
        : code === 'EACCES' ||
            /permission denied|Operation not permitted|must be root|you must be root/i.test(r.stderr ?? '')
          ? 'permission'
          : 'failed';
  return {
    ok: false,
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
    exitCode: r.exitCode,
    reason,
    message: (r.stderr || r.shortMessage || '').trim().split('\n')[0],
  };
}

// Run and throw with the command and its stderr when it fails (for lab building, where failure is fatal).
export async function must(argv: string[], input?: string): Promise<string> {
  const r = await run(argv, { input });
  if (!r.ok) throw new Error(`${argv.join(' ')} failed: ${r.message ?? r.reason}`);
  return r.stdout;
}
