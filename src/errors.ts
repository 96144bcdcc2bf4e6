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
    super('ERR_INPUT_NOT_FOUND', `${path} does not exist. Cause: the path given to analyze is not on disk. Remedy: pass a bundle directory, a .tar.gz bundle or a single captured file.`);
  }
}

// Thrown when a path exists but holds nothing we recognise, so we never report a silent "all clear".
export class NotABundleError extends NetdiagError {
  constructor(path: string, why: string) {
    super('ERR_NOT_A_BUNDLE', `${path} is not a kube-netdiag bundle: ${why}. Remedy: see README "Bundle layout" (hosts/<id>/ip-addr.txt, iptables-save.txt, resolv.conf, ...) or pass one captured file.`);
  }
}

// Thrown when an archive cannot be unpacked, so the user knows the capture itself is damaged.
export class UnreadableArchiveError extends NetdiagError {
  constructor(path: string, why: string) {
    super('ERR_UNREADABLE_ARCHIVE', `${path} could not be read as a .tar.gz archive: ${why}. Remedy: check the file was copied completely (gzip -t ${path}) or unpack it and pass the directory.`);
  }
}

// Thrown for bad flag values that the CLI library cannot validate on its own.
export class UsageError extends NetdiagError {
  constructor(message: string) {
    super('ERR_USAGE', message);
  }
}
