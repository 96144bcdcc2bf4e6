// Errors that cross a command boundary carry a stable `code` and a message that states cause and remedy.

/** Base class: every user-facing failure has a stable code for scripts and docs. */
export class NetdiagError extends Error {
  readonly code: string;
  readonly exitCode: number;
  constructor(code: string, message: string, exitCode = 2) {
    super(message);
    this.name = 'NetdiagError';
    this.code = code;
    this.exitCode = exitCode;
  }
}

// Thrown when the path given to `analyze` does not exist, so the user can fix a typo rather than read a stack.
export class InputNotFoundError extends NetdiagError {
  constructor(path: string) {
    super(
      'ERR_INPUT_NOT_FOUND',
      `${path} does not exist. Cause: the path given to analyze is not on disk. Remedy: pass a bundle directory, a .tar.gz bundle or a single captured file.`,
    );
  }
}

// Thrown when a path exists but holds nothing we recognise, so we never report a silent "all clear".
export class NotABundleError extends NetdiagError {
  constructor(path: string, why: string) {
    super(
      'ERR_NOT_A_BUNDLE',
      `${path} is not a kube-netdiag bundle: ${why}. Remedy: see README "Bundle layout" (hosts/<id>/ip-addr.txt, iptables-save.txt, resolv.conf, ...) or pass one captured file.`,
    );
  }
}

// Thrown when an archive cannot be unpacked, so the user knows the capture itself is damaged.
export class UnreadableArchiveError extends NetdiagError {
  constructor(path: string, why: string) {
    // name the form the file claims to be, and the tool that checks it
    const [form, check] = /\.(tar\.xz|txz)$/i.test(path)
      ? ['.tar.xz', 'xz -t']
      : /\.zip$/i.test(path)
        ? ['.zip', 'unzip -t']
        : /\.tar$/i.test(path)
          ? ['.tar', 'tar -tf']
          : ['.tar.gz', 'gzip -t'];
    super(
      'ERR_UNREADABLE_ARCHIVE',
      `${path} could not be read as a ${form} archive: ${why.replace(/\.+$/, '')}. Remedy: check the file was copied completely (${check} ${path}) or unpack it and pass the directory.`,
    );
  }
}

// Thrown for bad flag values that the CLI library cannot validate on its own.
export class UsageError extends NetdiagError {
  constructor(message: string) {
    super('ERR_USAGE', message);
  }
}

// A file-system or system-call failure (no space, read-only, permission) as one line naming the path and the cause.
export class SystemError extends NetdiagError {
  constructor(e: NodeJS.ErrnoException & { dest?: string }) {
    const where = e.path ? ` ${e.path}${e.dest ? ` → ${e.dest}` : ''}` : '';
    const what = e.syscall ? `${e.syscall}${where}` : `the operation${where}`;
    super(
      'ERR_SYSTEM',
      `${what} failed: ${e.code}${e.message ? ` (${e.message.split('\n')[0]!.slice(0, 200)})` : ''}. Remedy: check the path, its permissions and the free space.`,
    );
  }
}

// Anything else is a bug: one line with the cause; the stack only when asked for (KUBE_NETDIAG_DEBUG=1).
export class InternalError extends NetdiagError {
  constructor(e: unknown) {
    const msg = (e instanceof Error ? e.message : String(e)).split('\n')[0]!.slice(0, 300);
    super(
      'ERR_INTERNAL',
      `internal error: ${msg}. This is a bug in kube-netdiag: please report it with the command you ran (KUBE_NETDIAG_DEBUG=1 prints the stack).`,
    );
  }
}

// Any thrown value as a coded error: ours as they are, a system-call failure as ERR_SYSTEM, the rest ERR_INTERNAL.
export function asNetdiagError(e: unknown): NetdiagError {
  if (e instanceof NetdiagError) return e;
  const x = e as NodeJS.ErrnoException;
  if (x && typeof x === 'object' && typeof x.code === 'string' && typeof x.syscall === 'string')
    return new SystemError(x);
  return new InternalError(e);
}
