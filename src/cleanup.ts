// Work that must run however the process ends: Ctrl-C, SIGTERM, a closed terminal (SIGHUP), SIGQUIT, or a
// normal return (labs, collector pods, partial output folders, the terminal itself).

/** Exit code per signal: 128 + the signal number, as shells report it. */
export const SIGNAL_EXIT: Readonly<Record<string, number>> = { SIGHUP: 129, SIGINT: 130, SIGQUIT: 131, SIGTERM: 143 };

interface Task {
  run: () => Promise<void> | void;
  first: boolean;
}

const tasks = new Set<Task>();
let stopping = false;

/** Longest a signal waits for cleanups before exiting anyway (each cleanup also bounds its own work). */
const CLEANUP_CAP_MS = 60_000;

// Write to stderr without dying when the terminal is gone (SIGHUP: writes may fail with EIO/EPIPE).
function say(text: string): void {
  try {
    process.stderr.write(text);
  } catch {
    /* no terminal left to tell */
  }
}

function handler(sig: NodeJS.Signals): void {
  if (stopping) {
    say(`kube-netdiag: ${sig}: still cleaning up, exiting when done\n`);
    return;
  }
  stopping = true;
  process.stderr.on('error', () => {});
  const list = [...tasks];
  // the terminal first (so the messages below are readable), then everything else at once
  for (const t of list.filter((x) => x.first)) {
    try {
      void t.run();
    } catch {
      /* a broken terminal must not stop the rest */
    }
  }
  say(`\nkube-netdiag: ${sig}: cleaning up before exit…\n`);
  const rest = list.filter((x) => !x.first).reverse();
  const all = Promise.allSettled(rest.map((t) => Promise.resolve().then(() => t.run()))).then((rs) => {
    for (const r of rs)
      if (r.status === 'rejected')
        say(`kube-netdiag: cleanup failed: ${(r.reason as Error)?.message ?? String(r.reason)}\n`);
  });
  const cap = new Promise<void>((r) => setTimeout(r, CLEANUP_CAP_MS).unref());
  void Promise.race([all, cap]).finally(() => process.exit(SIGNAL_EXIT[sig] ?? 1));
}

function install(on: boolean): void {
  for (const sig of Object.keys(SIGNAL_EXIT) as NodeJS.Signals[]) {
    // a persistent listener, not `once`: execa's signal-exit re-raises the signal when it believes it is the
    // last listener, which would kill the process in the middle of the cleanup
    if (on) process.on(sig, handler);
    else process.off(sig, handler);
  }
}

// Run `fn` when a signal ends the process, then exit with the signal's code; returns the unregister function.
// `first` cleanups (the terminal) run before the message and before the others.
export function onInterrupt(fn: () => Promise<void> | void, o: { first?: boolean } = {}): () => void {
  const t: Task = { run: fn, first: !!o.first };
  if (tasks.size === 0) install(true);
  tasks.add(t);
  return () => {
    if (!tasks.delete(t)) return;
    if (tasks.size === 0 && !stopping) install(false);
  };
}
