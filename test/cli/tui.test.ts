// The UI's entry points in-process: demo and tui on a (fake) terminal, the text report without one, and the
// terminal given back (alternate screen left, cursor shown) when the user quits.
import { localHostId } from '../../src/collectors/target.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runAnalyzers } from '../../src/analyzers/index.js';
import { readBundle } from '../../src/bundle/read.js';
import { main } from '../../src/cli/main.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { FakeApiServer } from '../../bench/fake-apiserver.js';
import { fakeIo } from '../cli-io.js';
import { ROOT } from '../helpers.js';
import { scriptReply } from '../collectors/k8s/script-reply.js';
import { tempDir } from '../tmp.js';

const io = (tty: boolean) =>
  fakeIo({ tty, env: { HOME: '/nonexistent', KUBECONFIG: '/nonexistent/config' }, cwd: ROOT });

const until = async (cond: () => boolean): Promise<void> => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
};

describe('tui entry points', () => {
  it('demo on a terminal opens the UI; q quits with 0 and gives the terminal back', async () => {
    const t = io(true);
    const code = main(['demo'], { io: t.io });
    await until(() => t.out().includes('Findings'));
    t.stdin.write('q');
    expect(await code).toBe(0);
    const tail = t.out().slice(t.out().lastIndexOf('Findings'));
    expect(tail).toContain('\x1b[?1049l'); // alternate screen left
    expect(tail).toContain('\x1b[?25h'); // cursor shown
  });
  it('demo -o json on a terminal still prints the report (an explicit format means a report)', async () => {
    const t = io(true);
    expect(await main(['demo', '-o', 'json'], { io: t.io })).toBe(0);
    expect(JSON.parse(t.out()).findings).toHaveLength(5);
  });
  it('tui --bundle without a terminal prints the text report and says so on stderr', async () => {
    const t = io(false);
    expect(await main(['tui', '--bundle', `${ROOT}/fixtures/demo`], { io: t.io })).toBe(0);
    expect(t.err()).toMatch(/not a terminal: printing the text report/);
    expect(t.out()).toMatch(/^kube-netdiag: .*fixtures\/demo/);
  });
  it('the bare command on a terminal with no cluster: says so and offers the demo (:demo), which opens', async () => {
    // no kubeconfig anywhere, whatever the machine running the test has
    const saved = {
      KUBECONFIG: process.env.KUBECONFIG,
      HOME: process.env.HOME,
      KUBERNETES_SERVICE_HOST: process.env.KUBERNETES_SERVICE_HOST,
    };
    process.env.HOME = tempDir('home-');
    delete process.env.KUBECONFIG;
    delete process.env.KUBERNETES_SERVICE_HOST;
    onTestFinished(() => {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    });
    const t = io(true);
    const code = main([], { io: t.io });
    await until(() => t.flat().includes('Noclusterreachable:nokubeconfigandnotinapod'));
    for (const k of [':', 'd', 'e', 'm', 'o', '\r']) t.stdin.write(k);
    await until(() => t.flat().includes('5critical0warning0info'));
    t.stdin.write('q');
    expect(await code).toBe(0);
  });
  it('tui --local: collects this machine in the background, progress then findings; r collects again', async () => {
    const t = io(true);
    const code = main(['tui', '--local'], { io: t.io });
    // this machine, named by its hostname
    const me = localHostId();
    await until(() => t.flat().includes(`collected${me.slice(0, 40)}`));
    // the targets pane may cut a long name: its start and the kind are enough
    await until(() => t.flat().includes(me.slice(0, 8)) && t.flat().includes('(host)'));
    // the status line says "collected 1 host(s)" after each collection
    await until(() => (t.flat().match(/collected1host\(s\)/g) ?? []).length === 1);
    t.stdin.write('r');
    await until(() => (t.flat().match(/collected1host\(s\)/g) ?? []).length === 2);
    t.stdin.write('q');
    expect(await code).toBe(0);
  });
  it('tui --kubeconfig --node: a live cluster through the API, the header names context, server and version', async () => {
    const server = await new FakeApiServer({
      objects: new Map([
        [
          'cluster/nodes.json',
          JSON.stringify({ kind: 'List', apiVersion: 'v1', items: [{ metadata: { name: 'worker-1' } }] }),
        ],
      ]),
      exec: (c) => (c.command[0] === 'sh' ? scriptReply(c) : {}),
    }).start();
    onTestFinished(() => server.stop());
    const dir = tempDir('tui-kube-');
    writeFileSync(join(dir, 'config'), server.kubeconfig('tui-ctx'));
    const t = io(true);
    const code = main(['tui', '--kubeconfig', join(dir, 'config'), '--node', 'worker-1'], { io: t.io });
    await until(() => t.flat().includes('tui-ctx·http://127.0.0.1'));
    await until(() => t.flat().includes('worker-1(node)'));
    expect(t.flat()).toContain('v1.31.4');
    t.stdin.write('q');
    expect(await code).toBe(0);
    expect(server.leftovers()).toEqual([]);
  });
  it('the bare command without a terminal still prints the usage', async () => {
    const t = io(false);
    expect(await main([], { io: t.io })).toBe(0);
    expect(t.out()).toMatch(/^Usage: kube-netdiag/);
  });
  it("the UI's worker thread sees the whole capture: a sosreport's own paths, a paste's notes, --as", async () => {
    // the compiled worker (npm test builds dist/ first); from the sources the analysis runs in-process
    const dist = (await import(join(ROOT, 'dist/src/report.js'))) as typeof import('../../src/report.js');
    const cases: [string, import('../../src/snapshot/build.js').BuildOptions][] = [
      [join(ROOT, 'fixtures/sosreport/sosreport-worker-1-2026-12-02'), {}],
      [join(ROOT, 'fixtures/pastes/worker-1-masq-missing.txt'), { as: new Map([['*', 'host']]) }],
    ];
    for (const [path, b] of cases) {
      const raw = await readBundle(path);
      const there = await dist.analyzeOffThread(raw, b);
      const here = runAnalyzers(buildSnapshot(raw, b));
      const cite = (a: typeof here) => a.findings.map((f) => [f.id, f.target, f.evidence.map((e) => e.source)]);
      expect(cite(there)).toEqual(cite(here));
      expect(there.findings.length).toBeGreaterThan(0);
    }
  });
});
