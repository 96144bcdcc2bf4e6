// Worker thread entry: build the snapshot of a bundle and run every analyzer, off the terminal UI's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { runAnalyzers } from './analyzers/index.js';
import { type RawBundleData, rawFromData } from './bundle/layout.js';
import { buildSnapshot } from './snapshot/build.js';
import type { HostKind } from './snapshot/types.js';

const d = workerData as { raw: RawBundleData; as: [string, HostKind][] };
parentPort!.postMessage(runAnalyzers(buildSnapshot(rawFromData(d.raw), d.as.length ? { as: new Map(d.as) } : {})));
