// Runs a full-screen UI on the process's terminal and gives the terminal back however it ends: the UI's own
// quit, SIGTERM/SIGHUP (exit 143), or a crash (the stack after the screen is restored, exit 2).
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
  const onSignal = (sig: NodeJS.Signals): void => {
    restore();
    process.exit(sig === 'SIGINT' ? 130 : 143);
  };
  const onCrash = (e: unknown): void => {
    restore();
    io.stderr.write(`kube-netdiag: the UI crashed: ${(e as Error).stack ?? String(e)}\n`);
    process.exit(2);
  };
  // only the real process's terminal needs process-wide handlers (tests pass their own streams)
  const realProcess = io.stdin === process.stdin;
  if (realProcess) {
    process.on('SIGTERM', onSignal);
    process.on('SIGHUP', onSignal);
    process.on('exit', restore);
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
  }
  try {
    await ui(term, color);
  } finally {
    restore();
    if (realProcess) {
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', onSignal);
      process.off('exit', restore);
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
    }
  }
}
