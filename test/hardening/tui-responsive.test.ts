// Analysis runs off the terminal UI's event loop: while the analyzers work on a large bundle, the main thread keeps
// answering (timers fire, keys are read), and the UI opens before the analysis ends (issue 11, item 12).
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { kubeProxySave } from '../../bench/kube-proxy-gen.js';
import { ROOT } from '../helpers.js';

describe('analysis off the UI thread', () => {
  it('the compiled worker analyzes a 3,000-Service node while the main thread keeps ticking', async () => {
    // the compiled program (npm test builds it first): only there does the worker file exist
    const report = (await import(
      pathToFileURL(join(ROOT, 'dist', 'src', 'report.js')).href
    )) as typeof import('../../src/report.js');
    const files = new Map([
      ['hosts/node/iptables-save.txt', kubeProxySave(3000, 9000)],
      ['hosts/node/host.json', '{"kind":"node"}'],
    ]);
    const raw = { path: 'big', origin: 'dir' as const, files };
    const inThread = Date.now();
    report.reportFromSnapshot(
      (await import(pathToFileURL(join(ROOT, 'dist', 'src', 'snapshot', 'build.js')).href)).buildSnapshot(raw),
    );
    const threadMs = Date.now() - inThread;
    let ticks = 0;
    const timer = setInterval(() => ticks++, 5);
    const t0 = Date.now();
    const a = await report.analyzeOffThread(raw);
    const ms = Date.now() - t0;
    clearInterval(timer);
    expect(a.failures).toEqual([]);
    // the main thread was free: a 5 ms timer fired for most of the time the analysis took
    expect(threadMs).toBeGreaterThan(50);
    expect(ticks).toBeGreaterThan(Math.min(ms, threadMs) / 5 / 4);
  });
});
