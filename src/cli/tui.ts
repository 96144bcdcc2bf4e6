// `kube-netdiag` / `tui` / `demo` on a terminal: the interactive UI on a bundle, live Linux targets, or the
// current kube context; without a terminal the text report is printed instead (and stderr says so).
import { detectLang, type Lang, msg, text } from '../i18n/lang.js';
import { NoClusterError, connect, probeApi } from '../collectors/k8s/connect.js';
import type { RawBundle } from '../bundle/layout.js';
import { readBundle } from '../bundle/read.js';
import { analyzeOffThread, analyzePath, reportFromAnalysis } from '../report.js';
import { type BuildOptions, buildSnapshot } from '../snapshot/build.js';
import { parseAs } from './as-kind.js';
import { startApp } from '../views/tui/app.js';
import type { Data, Source } from '../views/tui/model.js';
import { renderPieces, writePieces } from './analyze.js';
import { EXIT, exitCodeFor } from './exit.js';
import { type TargetOptions, clusterMode, gather, memorySink } from './collect.js';
import type { Io } from './io.js';
import { withTerminal } from './terminal.js';

export type TuiOptions = Partial<TargetOptions> & {
  bundle?: string;
  lang?: string;
  output?: string;
  failOn?: string;
  /** `--as KIND` / `--as HOST=KIND`. */
  as?: string[];
};

const hasLiveTargets = (o: TuiOptions): boolean =>
  !!(o.local || o.netns?.length || o.allNetns || o.pid?.length || o.docker?.length || clusterMode(o as TargetOptions));

const LIVE_DEFAULTS = {
  timeout: '10',
  concurrency: '8',
  redact: true,
  debugNamespace: 'kube-system',
  nodeTimeout: '120',
};

// Is the current context's API server answering? (a short probe so the UI opens within a second or two)
async function reachableContext(o: TuiOptions): Promise<{ ok: true } | { ok: false; why: string }> {
  try {
    const conn = connect({
      ...(o.kubeconfig ? { kubeconfig: o.kubeconfig } : {}),
      ...(o.context ? { context: o.context } : {}),
    });
    const p = await probeApi(conn, 2500);
    return p.ok ? { ok: true } : { ok: false, why: p.cause };
  } catch (e) {
    return { ok: false, why: e instanceof NoClusterError ? 'no kubeconfig and not in a pod' : (e as Error).message };
  }
}

// Snapshot here (the views need it), analyzers in a worker thread.
async function analyzed(raw: RawBundle, b: BuildOptions = {}, snapshot = buildSnapshot(raw, b)): Promise<Data> {
  const analysis = await analyzeOffThread(raw, b);
  return { snapshot, report: reportFromAnalysis(snapshot, analysis) };
}

// Run the UI (or, without a terminal, print the report); returns the exit code.
export async function runTui(
  mode: 'auto' | 'bundle',
  o: TuiOptions,
  io: Io,
  createdBy: string,
  demoPath: string,
): Promise<number> {
  const lang: Lang = detectLang(o.lang, io.env);
  const as = parseAs(o.as);
  const b: BuildOptions = as ? { as } : {};
  const tty = !!io.stdout.isTTY && !!io.stdin?.isTTY;
  const live = mode === 'auto' && hasLiveTargets(o);
  let noCluster: string | undefined;
  if (mode === 'auto' && !live) {
    const r = await reachableContext(o);
    if (r.ok) o.cluster = true;
    else noCluster = r.why;
  }
  const liveOpts = (): TargetOptions => ({ ...LIVE_DEFAULTS, ...o, quiet: true }) as TargetOptions;
  const collectData = async (
    onLine?: (text: string, ok: boolean) => void,
  ): Promise<{ data: Data; label: string; cluster?: Source['cluster'] }> => {
    const { bundle: raw } = await gather(
      { ...liveOpts(), ...(onLine ? { onProgress: onLine } : {}) },
      io,
      createdBy,
      memorySink(),
    );
    const data = await analyzed(raw, b);
    return {
      data,
      label: raw.path,
      ...(data.snapshot.manifest?.cluster ? { cluster: data.snapshot.manifest.cluster } : {}),
    };
  };
  if (!tty) {
    io.stderr.write('kube-netdiag: not a terminal: printing the text report instead of the interactive UI\n');
    if (noCluster && !o.bundle) {
      io.stderr.write(`kube-netdiag: no cluster reachable (${noCluster}); showing the demo capture\n`);
    }
    const { report } =
      o.bundle || noCluster
        ? await analyzePath(o.bundle ?? demoPath, b)
        : { report: (await collectData()).data.report };
    await writePieces(io.stdout, renderPieces(report, o.output ?? 'text', lang, io));
    // the demo is a demonstration, not a verdict
    if (!o.bundle && noCluster) return EXIT.ok;
    return exitCodeFor(report, { failOn: o.failOn ?? 'none', ...(o.allowPartial ? { allowPartial: true } : {}) });
  }
  const source: Source = {
    label: o.bundle ?? (noCluster ? msg(lang, text('no cluster', '沒有叢集')) : 'live'),
    mode: o.bundle || noCluster ? 'offline' : 'live',
  };
  // a bundle is read and parsed here (bounded by the reader's limits); its analysis runs off the UI's thread
  let pending: { label: string; data: Promise<Data> } | undefined;
  if (o.bundle) {
    const raw = await readBundle(o.bundle);
    const snapshot = buildSnapshot(raw, b);
    if (snapshot.manifest?.cluster) source.cluster = snapshot.manifest.cluster;
    pending = {
      label: msg(lang, text(`analyzing ${o.bundle}…`, `正在分析 ${o.bundle}…`)),
      data: analyzed(raw, b, snapshot),
    };
  }
  await withTerminal(io, async (term, color) => {
    const app = startApp(term, source, undefined, {
      ...(pending ? { pending } : {}),
      lang,
      color,
      cwd: io.cwd ?? process.cwd(),
      ...(source.mode === 'live'
        ? {
            collect: async (progress) => {
              let n = 0;
              const r = await collectData((text, ok) => progress({ id: String(n), text, ok }, ++n, 0));
              source.label = r.label;
              if (r.cluster) source.cluster = r.cluster;
              return r.data;
            },
          }
        : {}),
      ...(noCluster
        ? {
            emptyText: [
              text(`No cluster reachable: ${noCluster}.`, `連不上任何叢集：${noCluster}。`),
              text('', ''),
              text(
                'Type :demo to open the bundled demo capture, q to quit.',
                '輸入 :demo 開啟內附的示範擷取，按 q 離開。',
              ),
              text(
                'Or run: kube-netdiag tui --bundle PATH | --local | --context NAME',
                '或執行：kube-netdiag tui --bundle 路徑 | --local | --context 名稱',
              ),
            ].map((t) => t[lang]),
          }
        : {}),
      demo: async () => ({
        data: await analyzed(await readBundle(demoPath)),
        source: { label: demoPath, mode: 'offline' },
      }),
    });
    await app.done;
  });
  return 0;
}
