// Work that must run however the process ends: Ctrl-C, SIGTERM, or a normal return (labs, debug pods).

// Run `fn` on SIGINT/SIGTERM, then exit with the signal's conventional code; returns the unregister function.
export function onInterrupt(fn: () => Promise<void>): () => void {
  let stopping = false;
  // a persistent listener, not `once`: execa's signal-exit re-raises the signal when it believes it is the
  // last listener, which would kill the process in the middle of the cleanup
  const handler = (sig: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\nkube-netdiag: ${sig}: cleaning up before exit…\n`);
    void fn()
      .catch((e: unknown) => process.stderr.write(`kube-netdiag: cleanup failed: ${(e as Error).message}\n`))
      .finally(() => process.exit(sig === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
}
