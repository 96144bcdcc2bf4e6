// Prints one plain closing line ("tests: N passed, N failed, N skipped, N errors") that any CI log reader
// understands; errors are failed hooks, modules that did not load and unhandled errors, so a run that lost a
// whole file never reads as clean.
import type { Reporter, SerializedError, TestModule } from 'vitest/node';

export function summarize(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>): string {
  const n = { passed: 0, failed: 0, skipped: 0, errors: unhandled.length };
  for (const m of modules) {
    n.errors += m.errors().length;
    for (const s of m.children.allSuites()) n.errors += s.errors().length;
    for (const t of m.children.allTests()) {
      const s = t.result().state;
      if (s === 'passed') n.passed++;
      else if (s === 'failed') n.failed++;
      else n.skipped++;
    }
  }
  return `tests: ${n.passed} passed, ${n.failed} failed, ${n.skipped} skipped, ${n.errors} errors`;
}

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>, unhandled: ReadonlyArray<SerializedError>): void {
    process.stdout.write(`\n${summarize(modules, unhandled)}\n`);
  }
}
