// `kube-netdiag analyze BUNDLE|FILE`: read, parse, analyze and print, with an exit code scripts can rely on.
import { parseAs } from './as-kind.js';
import { UsageError } from '../errors.js';
import { detectLang, type Lang } from '../i18n/lang.js';
import { analyzePath, type Report } from '../report.js';
import { renderJson } from '../views/json.js';
import { renderMarkdown } from '../views/markdown.js';
import { renderText } from '../views/text.js';
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
  const { report } = await analyzePath(path, as ? { as } : {});
  io.stdout.write(render(report, o.output, lang, io));
  return exitCodeFor(report, o);
}

// Render one report in the requested format.
export function render(report: Report, output: string, lang: Lang, io: Io): string {
  if (output === 'json') return renderJson(report, lang);
  if (output === 'markdown') return renderMarkdown(report, lang);
  return renderText(report, { lang, color: useColor(io), width: io.stdout.columns ?? 100 });
}
