// Worker thread entry: build the snapshot of a bundle and run every analyzer, off the terminal UI's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { runAnalyzers } from './analyzers/index.js';
import { buildSnapshot } from './snapshot/build.js';

const d = workerData as {
  path: string;
  origin: 'dir' | 'tar' | 'file';
  files: [string, string][];
  skipped: [string, string][];
};
parentPort!.postMessage(
  runAnalyzers(buildSnapshot({ path: d.path, origin: d.origin, files: new Map(d.files), skipped: new Map(d.skipped) })),
);
