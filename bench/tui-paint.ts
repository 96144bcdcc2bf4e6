// The terminal UI's figures: first full paint of a 100-host bundle (after it is parsed), and how long one
// keypress takes in a 10,000-row findings table. The screen is a real blessed screen on in-memory streams.
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import type { RawFinding } from '../src/analyzers/types.js';
import { analyzePath } from '../src/report.js';
import { createTerm } from '../src/views/tui/adapter.js';
import { type App, startApp } from '../src/views/tui/app.js';
import type { Action } from '../src/views/tui/keymap.js';
import { natRows } from '../src/views/tui/views/nat.js';

function tty(): { input: PassThrough; output: Writable } {
  const input = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => {} });
  const output = Object.assign(
    new Writable({
      write(_c, _e, cb) {
        cb();
      },
    }),
    { isTTY: true, columns: 160, rows: 50 },
  );
  return { input, output };
}

// Figures as printable rows.
export async function tuiFigures(root: string): Promise<[string, string][]> {
  const dir = mkdtempSync(join(tmpdir(), 'knd-bench-tui-'));
  try {
    // 100 hosts: the demo's four namespaces, 25 times over
    const demo = join(root, 'fixtures', 'demo', 'hosts');
    for (let i = 0; i < 25; i++)
      for (const h of readdirSync(demo))
        cpSync(join(demo, h), join(dir, 'hosts', `${h}-${String(i).padStart(2, '0')}`), { recursive: true });
    const t0 = performance.now();
    const { report, snapshot } = await analyzePath(dir);
    const parsed = performance.now() - t0;
    const a = tty();
    const term = createTerm({ input: a.input, output: a.output as never, color: true });
    const t1 = performance.now();
    startApp(term, { label: dir, mode: 'offline' }, { report, snapshot }, { lang: 'en', color: true, cwd: dir });
    const paint = performance.now() - t1;
    term.destroy();
    // 10,000 findings: one keypress = one action and one redraw
    const many: RawFinding[] = Array.from({ length: 10_000 }, (_, i) => ({
      ...report.findings[0]!,
      target: `pod-${i}`,
    }));
    const b = tty();
    const term2 = createTerm({ input: b.input, output: b.output as never, color: true });
    const t2 = performance.now();
    const app = startApp(
      term2,
      { label: 'synthetic', mode: 'offline' },
      { snapshot, report: { ...report, findings: many } },
      { lang: 'en', color: true, cwd: dir },
    );
    const paintBig = performance.now() - t2;
    const keys = 300;
    const t3 = performance.now();
    for (let i = 0; i < keys; i++) {
      app.act('down');
      app.redraw();
    }
    const perKey = (performance.now() - t3) / keys;
    const t4 = performance.now();
    app.act('bottom');
    app.redraw();
    const jump = performance.now() - t4;
    term2.destroy();
    return [
      [
        '100-host bundle: parse + analyze',
        `${parsed.toFixed(0)} ms (${snapshot.hosts.length} hosts, ${report.findings.length} findings)`,
      ],
      ['100-host bundle: first full paint', `${paint.toFixed(0)} ms after parsing  (target <= 500 ms)`],
      ['10,000-row table: first paint', `${paintBig.toFixed(0)} ms`],
      ['10,000-row table: one keypress (j)', `${perKey.toFixed(2)} ms  (mean of ${keys})`],
      ['10,000-row table: jump to last (G)', `${jump.toFixed(2)} ms`],
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// One action and its redraw, timed.
function timed(app: App, a: Action): number {
  const t = performance.now();
  app.act(a);
  app.redraw();
  return performance.now() - t;
}

// The terminal UI on a large node (issue 17: first paint <= 500 ms after parsing, every key <= 50 ms): the bundle is
// parsed and analyzed, the UI painted once at 160x50, then a walk through every view, into :nat's KUBE-SERVICES
// chain (one row per Service) and through it; the slowest key is reported with its name.
export async function tuiLargeFigures(bundle: string): Promise<[string, string][]> {
  const t0 = performance.now();
  const { report, snapshot } = await analyzePath(bundle);
  const parsed = performance.now() - t0;
  const a = tty();
  const term = createTerm({ input: a.input, output: a.output as never, color: true });
  try {
    const t1 = performance.now();
    const app = startApp(
      term,
      { label: bundle, mode: 'offline' },
      { report, snapshot },
      { lang: 'en', color: true, cwd: bundle },
    );
    const paint = performance.now() - t1;
    const keys: [string, number][] = [];
    const press = (a: Action, n = 1): void => {
      for (let i = 0; i < n; i++) keys.push([a, timed(app, a)]);
    };
    const node = snapshot.hosts.find((h) => h.kind === 'node' && h.iptables);
    press('view:nat');
    // down to nat PREROUTING, open it, down to its jump to KUBE-SERVICES, open that (one row per Service)
    const rows = (): ReturnType<typeof natRows> => natRows(node, app.state.views.nat.expanded);
    const goTo = (key: (k: string) => boolean): void => {
      const at = rows().findIndex((r) => key(r.key));
      if (at < 0) throw new Error('the :nat row the benchmark walks to is missing');
      press('top');
      press('down', at);
    };
    goTo((k) => k === 'nat:PREROUTING');
    press('enter');
    goTo((k) => k.startsWith('nat:PREROUTING#') && rows().find((r) => r.key === k)?.opens === 'KUBE-SERVICES');
    press('enter');
    const serviceRows = rows().length;
    press('down', 50);
    press('pageDown', 20);
    press('bottom');
    press('pageUp', 5);
    press('top');
    for (const v of ['findings', 'routes', 'topology', 'dns', 'raw', 'trace', 'nat'] as const) press(`view:${v}`);
    press('pageDown', 5);
    press('describe');
    press('back');
    press('help');
    press('back');
    press('nextPane');
    press('down', 5);
    const sorted = keys.map(([, ms]) => ms).sort((x, y) => x - y);
    const [slowName, slowMs] = keys.reduce((m, k) => (k[1] > m[1] ? k : m));
    return [
      ['parse + analyze', `${parsed.toFixed(0)} ms (${report.findings.length} findings)`],
      ['first full paint', `${paint.toFixed(0)} ms after parsing  (target <= 500 ms)`],
      [':nat KUBE-SERVICES open', `${serviceRows.toLocaleString('en')} rows`],
      [
        `keys (${keys.length}): median / slowest`,
        `${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} ms / ${slowMs.toFixed(1)} ms (${slowName})  (target <= 50 ms)`,
      ],
    ];
  } finally {
    term.destroy();
  }
}
