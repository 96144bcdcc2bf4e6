// A terminal UI in-process: fake TTY streams, keys written to the input, the screen read from blessed's buffer.
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { analyzePath } from '../../../src/report.js';
import { type Term, createTerm } from '../../../src/views/tui/adapter.js';
import { type App, type AppOptions, startApp } from '../../../src/views/tui/app.js';
import type { Data, Source } from '../../../src/views/tui/model.js';
import { ROOT } from '../../helpers.js';
import { tempDir } from '../../tmp.js';

export interface FakeTty {
  input: PassThrough & { isTTY: boolean; setRawMode: (b: boolean) => void };
  output: Writable & { isTTY: boolean; columns: number; rows: number };
  /** Everything written to the terminal. */
  written: () => string;
  resize(cols: number, rows: number): void;
}

export function fakeTty(cols = 100, rows = 30): FakeTty {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => {} });
  let out = '';
  const output = Object.assign(
    new Writable({
      write(c, _e, cb) {
        out += String(c);
        cb();
      },
    }),
    { isTTY: true, columns: cols, rows },
  );
  return {
    input,
    output,
    written: () => out,
    resize(c, r) {
      output.columns = c;
      output.rows = r;
      output.emit('resize');
    },
  };
}

/** Key names as a terminal sends them. */
const SEQ: Record<string, string> = {
  enter: '\r',
  escape: '\x1b',
  tab: '\t',
  'S-tab': '\x1b[Z',
  up: '\x1b[A',
  down: '\x1b[B',
  right: '\x1b[C',
  left: '\x1b[D',
  backspace: '\x7f',
  'C-c': '\x03',
};

export interface Running {
  tty: FakeTty;
  term: Term;
  app: App;
  cwd: string;
  /** Send keys (names from SEQ, or literal text) and let the screen redraw. */
  keys(...ks: string[]): Promise<void>;
  screen(): string;
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 5));

export async function data(fixture: string): Promise<Data> {
  const r = await analyzePath(join(ROOT, 'fixtures', fixture));
  return { report: r.report, snapshot: r.snapshot };
}

// Start the app on a fixture (or given data) in a fake terminal.
export async function open(
  d: Data | undefined,
  o: Partial<AppOptions> & { source?: Source; cols?: number; rows?: number } = {},
): Promise<Running> {
  const tty = fakeTty(o.cols ?? 100, o.rows ?? 30);
  const term = createTerm({ input: tty.input, output: tty.output, color: o.color ?? true });
  const cwd = tempDir('tui-');
  const app = startApp(term, o.source ?? { label: 'fixtures/test', mode: 'offline' }, d, {
    lang: o.lang ?? 'en',
    color: o.color ?? true,
    cwd,
    ...o,
  });
  const r: Running = {
    tty,
    term,
    app,
    cwd,
    async keys(...ks) {
      for (const k of ks) {
        tty.input.write(SEQ[k] ?? k);
        await tick();
      }
    },
    screen: () => term.text(),
  };
  await tick();
  return r;
}
