// `kube-netdiag analyze BUNDLE|FILE`: read, parse, analyze and print, with an exit code scripts can rely on.
import { parseAs } from './as-kind.js';
import { BundleTooLargeError, MAX_FILE, decodeText, fromText } from '../bundle/read.js';
import { NotABundleError, UsageError } from '../errors.js';
import { detectLang, type Lang } from '../i18n/lang.js';
import { analyzePath, analyzeRaw, type Report } from '../report.js';
import type { Writable } from 'node:stream';
import { jsonChunks } from '../views/json.js';
import { markdownChunks } from '../views/markdown.js';
import { textChunks } from '../views/text.js';
import { exitCodeFor } from './exit.js';
import { type Io, useColor } from './io.js';

export interface AnalyzeOptions {
  output: string;
  failOn: string;
  lang?: string;
  allowPartial?: boolean;
  /** `--as KIND` or `--as HOST=KIND`, repeatable. */
  as?: string[];
}

const OUTPUTS = ['text', 'json', 'markdown'];
const FAIL_ON = ['critical', 'warning', 'info', 'none'];

// Run analyze and write the chosen format; returns the exit code.
export async function runAnalyze(path: string, o: AnalyzeOptions, io: Io): Promise<number> {
  if (!OUTPUTS.includes(o.output))
    throw new UsageError(`--output must be one of ${OUTPUTS.join(', ')} (got "${o.output}").`);
  if (!FAIL_ON.includes(o.failOn))
    throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')} (got "${o.failOn}").`);
  const lang = detectLang(o.lang, io.env);
  const as = parseAs(o.as);
  const opts = as ? { as } : {};
  // `-`: what was piped in (a paste, one command's output)
  const { report } =
    path === '-' ? analyzeRaw(fromText('stdin', await readStdin(io)), opts) : await analyzePath(path, opts);
  await writePieces(io.stdout, renderPieces(report, o.output, lang, io));
  return exitCodeFor(report, o);
}

// The report in the requested format, in pieces made as they are written.
export function renderPieces(report: Report, output: string, lang: Lang, io: Io): Iterable<string> {
  if (output === 'json') return jsonChunks(report, lang);
  if (output === 'markdown') return markdownChunks(report, lang);
  return textChunks(report, { lang, color: useColor(io), width: io.stdout.columns ?? 100 });
}

// Write pieces in batches of about 64 KiB, waiting whenever the reader (a pipe, a slow terminal) is behind: the
// report is never held whole in memory.
export async function writePieces(out: Writable, pieces: Iterable<string>): Promise<void> {
  let batch = '';
  for (const p of pieces) {
    batch += p;
    if (batch.length < 1 << 16) continue;
    const more = out.write(batch);
    batch = '';
    if (!more && !out.destroyed)
      await new Promise<void>((resolve) => {
        const done = (): void => {
          out.off('drain', done);
          out.off('close', done);
          resolve();
        };
        out.on('drain', done);
        out.on('close', done);
      });
  }
  if (batch) out.write(batch);
}

// All of standard input as text, within the same limit as one file of a bundle.
async function readStdin(io: Io): Promise<string> {
  if (!io.stdin || io.stdin.isTTY)
    throw new UsageError('analyze -: pipe a paste or a command output in (e.g. `pbpaste | kube-netdiag analyze -`).');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of io.stdin) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(String(c));
    size += b.length;
    if (size > MAX_FILE) throw new BundleTooLargeError('stdin', `more than ${MAX_FILE / 1024 / 1024} MiB`);
    chunks.push(b);
  }
  const text = decodeText(Buffer.concat(chunks));
  if (text === undefined) throw new NotABundleError('stdin', 'it is not text in a known encoding (UTF-8 or UTF-16)');
  return text;
}
