// Runs a full-screen UI on the process's terminal and gives the terminal back however it ends: the UI's own
// quit, a signal (SIGINT/SIGTERM/SIGHUP/SIGQUIT, 128 + its number), or a crash (the stack after the screen is restored, exit 2).
import { onInterrupt } from '../cleanup.js';
import { type Term, type TtyOut, createTerm } from '../views/tui/adapter.js';
import { type Io, useColor } from './io.js';

// Give `ui` a terminal on io's streams; resolves when it does.
export async function withTerminal(io: Io, ui: (term: Term, color: boolean) => Promise<void>): Promise<void> {
  const color = useColor(io);
  const term = createTerm({ input: io.stdin!, output: io.stdout as TtyOut, color });
  let restored = false;
  const restore = (): void => {
    if (restored) return;
    restored = true;
    term.destroy();
  };
  const onCrash = (e: unknown): void => {
    restore();
    io.stderr.write(`kube-netdiag: the UI crashed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(2);
  };
  // only the real process's terminal needs process-wide handlers (tests pass their own streams)
  const realProcess = io.stdin === process.stdin;
  const handlers: [string, Parameters<typeof process.on>[1]][] = realProcess
    ? [
        ['exit', restore],
        ['uncaughtException', onCrash],
        ['unhandledRejection', onCrash],
      ]
    : [];
  for (const [ev, fn] of handlers) process.on(ev, fn);
  // signals go through the one cleanup registry: the terminal first, then collector pods and temp folders
  const off = realProcess ? onInterrupt(restore, { first: true }) : () => {};
  try {
    await ui(term, color);
  } finally {
    restore();
    off();
    for (const [ev, fn] of handlers) process.off(ev, fn);
  }
}
