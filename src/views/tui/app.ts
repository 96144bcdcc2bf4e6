// The terminal UI's controller: lays the panes out for the current size, maps keys (through the keymap) to
// actions on the state, and redraws. Collection for live sources runs in the background; the UI never waits.
import { localize } from '../../analyzers/index.js';
import type { Finding } from '../../analyzers/types.js';
import { type Lang, msg, text } from '../../i18n/lang.js';
import { type FilePort, diskFiles, uiWriter } from './files.js';
import type { Term } from './adapter.js';
import { type Action, actionFor, commandLines, hintBar } from './keymap.js';
import {
  type Data,
  type Focus,
  type Progress,
  type Source,
  type TargetRow,
  type UiState,
  clamp,
  crumbsOf,
  initialState,
  sortFindings,
  sortedBy,
  targetRows,
  viewHost,
  visibleFindings,
} from './model.js';
import { describeLines } from './panes/describe.js';
import {
  detailAllLines,
  findingsLines,
  headerLine,
  helpOverlay,
  overlayPage,
  progressLines,
  targetsLines,
} from './panes/main.js';
import { type Painter, fit, painter, scrolled } from './text.js';
import { type Effect, type UpdateEnv, promptKey, submitPrompt, update } from './update.js';
import { type ViewName, viewOf } from './views/index.js';
import type { ViewCtx } from './views/view.js';

/** Where the UI writes files (e, E, y): a port, so tests and other hosts can put them elsewhere. */
export interface AppOptions {
  lang: Lang;
  color: boolean;
  /** Where `e`, `E` and `y` write files. */
  cwd: string;
  /** Collects (again) for live sources; reports progress lines as targets complete. */
  collect?: (
    progress: (line: { id: string; text: string; ok: boolean }, done: number, total: number) => void,
  ) => Promise<Data>;
  /** Shown when there is no data and nothing to collect (e.g. no cluster reachable). */
  emptyText?: string[];
  /** `d`: switch to the bundled demo capture. */
  demo?: () => Promise<{ data: Data; source: Source }>;
  /** Data still being analyzed (off this thread): the UI opens at once and keys work while it runs. */
  pending?: { label: string; data: Promise<Data> };
  /** Default: the local filesystem. */
  files?: FilePort;
}

export interface App {
  /** Resolves when the user quits. */
  done: Promise<void>;
  /** The current state (a new object after every key). */
  readonly state: UiState;
  /** Run one action (tests drive the app with keys; this is for the benchmark). */
  act(a: Action): void;
  redraw(): void;
}

// Start the UI on a terminal with data (offline) or a collector (live).
export function startApp(term: Term, source: Source, initial: Data | undefined, o: AppOptions): App {
  let st: UiState = initialState(o.lang);
  const writer = uiWriter(o.files ?? diskFiles, o.cwd);
  let data = initial;
  let rows: TargetRow[] = data ? targetRows(data) : [];
  // the report is language-free: findings are localized here, again only when the language changes
  const localized = (d: Data | undefined): Finding[] =>
    d ? sortFindings(d.report.findings.map((f) => localize(f, st.lang))) : [];
  let findings: Finding[] = localized(data);
  const progress: Progress = { running: false, lines: [], done: 0, total: 0 };
  const p: Painter = painter(o.color);
  const header = term.pane(false);
  const targets = term.pane(true);
  const table = term.pane(true);
  const detail = term.pane(true);
  const view = term.pane(true);
  const help = term.pane(true);
  const bar = term.pane(false);
  const gauge = term.gauge(' progress ');
  let quit: () => void = () => {};
  const done = new Promise<void>((r) => (quit = r));

  const row = (s: UiState = st): TargetRow | undefined => rows[s.target];
  const shown = (s: UiState = st) => {
    const v = visibleFindings(findings, row(s), s.filter);
    return { ...v, list: sortedBy(v.list, s.sort) };
  };
  const selected = (): Finding | undefined => shown().list[st.finding];
  const host = (s: UiState = st) => (data ? data.snapshot.byId.get(viewHost(data, row(s)) ?? '') : undefined);
  const say = (m: string): void => void (st = { ...st, message: m });

  // What a view sees for a state: the snapshot, the selected host, its own slice of the state, its pane.
  function ctxOf(s: UiState, name: ViewName): ViewCtx<unknown> | undefined {
    if (!data) return undefined;
    const h = host(s);
    const r = row(s);
    const hostId = r?.host ?? (r?.key === '*' ? undefined : h?.id);
    return { snap: data.snapshot, host: h, hostId, st: s, s: s.views[name], size: view.inner(), p };
  }

  function setData(d: Data): void {
    const keepKey = row()?.key;
    data = d;
    rows = targetRows(d);
    findings = localized(d);
    const target = Math.max(
      0,
      rows.findIndex((r) => r.key === keepKey),
    );
    st = { ...st, target };
    st = { ...st, finding: clamp(st.finding, shown().list.length) };
  }

  function layout(): void {
    const W = term.width;
    const H = term.height;
    const bodyH = Math.max(3, H - 2);
    const leftW = Math.max(18, Math.min(34, Math.floor(W * 0.26)));
    const rightW = Math.max(10, W - leftW);
    header.place({ top: 0, left: 0, width: W, height: 1 });
    bar.place({ top: H - 1, left: 0, width: W, height: 1 });
    targets.place({ top: 1, left: 0, width: leftW, height: bodyH });
    const tableH = Math.max(4, Math.min(Math.floor(bodyH * 0.42), (shown().list.length || 1) + 3));
    table.place({ top: 1, left: leftW, width: rightW, height: tableH });
    detail.place({ top: 1 + tableH, left: leftW, width: rightW, height: Math.max(3, bodyH - tableH) });
    const live = (source.mode === 'live' || !!o.pending) && (progress.running || !data);
    const gaugeH = live ? 5 : 0;
    gauge.place({ top: 1, left: leftW, width: rightW, height: Math.max(1, gaugeH) });
    view.place({ top: 1 + gaugeH, left: leftW, width: rightW, height: Math.max(3, bodyH - gaugeH) });
    // an overlay takes the screen below the header: read in full, with nothing of the panes under it showing
    help.place({ top: 1, left: 0, width: W, height: Math.max(5, H - 3) });
  }

  function redraw(): void {
    layout();
    const lang = st.lang;
    header.setLines([headerLine(source, data, lang, term.width, p, crumbsOf(rows, st.target, lang))]);
    const focus = (f: Focus) => st.focus === f;
    targets.setLabel(msg(lang, text('Targets', '目標')), focus('targets'));
    targets.setLines(targetsLines(rows, st, targets.inner(), p));
    const live = (source.mode === 'live' || !!o.pending) && (progress.running || !data);
    if (live) {
      gauge.show();
      gauge.set(progress.total ? (progress.done / progress.total) * 100 : 0);
    } else gauge.hide();
    if (st.view === 'findings' && data && !live) {
      table.show();
      detail.show();
      view.hide();
      const list = shown();
      table.setLabel(
        `${msg(lang, text('Findings', '發現'))} ${list.list.length}/${findings.length}${st.filter ? ` /${st.filter}/` : ''}${st.sort ? ` ${st.sort.desc ? '↑' : '↓'}${st.sort.by}` : ''}`,
        focus('findings'),
      );
      table.setLines(findingsLines(list.list, st, table.inner(), p, rows[st.target]?.missing));
      const all = detailAllLines(selected(), data, lang, detail.inner().width, p);
      st = { ...st, detailScroll: Math.max(0, Math.min(st.detailScroll, all.length - detail.inner().height)) };
      detail.setLabel(msg(lang, text('Detail', '詳情')), focus('detail'));
      detail.setLines(scrolled(all, st.detailScroll, detail.inner().height));
    } else {
      table.hide();
      detail.hide();
      view.show();
      const size = view.inner();
      const h = host();
      const ctx = ctxOf(st, st.view);
      const draw = viewOf(st.view).draw;
      let lines: string[];
      if (live) lines = progressLines(progress, lang, size, p);
      else if (!data || !ctx || !draw)
        lines = (o.emptyText ?? [msg(lang, text('nothing collected yet', '尚未擷取'))]).map((l) => fit(l, size.width));
      else lines = draw(ctx);
      const busy =
        o.pending && !data ? msg(lang, text('Analyzing', '分析中')) : msg(lang, text('Collecting', '擷取中'));
      view.setLabel(
        live ? busy : !data ? 'kube-netdiag' : `:${st.view}${h && st.view !== 'topology' ? ` ${h.id}` : ''}`,
        focus('view'),
      );
      view.setLines(lines);
    }
    if (st.overlay === 'help') {
      help.show();
      help.setLabel(msg(lang, text('Help', '說明')), true);
      help.setLines(helpOverlay(lang, help.inner(), st.overlayScroll ?? 0));
    } else if (st.overlay === 'commands') {
      help.show();
      help.setLabel(msg(lang, text('Commands', '指令')), true);
      help.setLines(helpOverlay(lang, help.inner(), st.overlayScroll ?? 0, commandLines(lang)));
    } else if (st.overlay === 'describe') {
      help.show();
      const on = st.focus === 'targets' || st.view !== 'findings' ? 'target' : 'finding';
      const f = on === 'finding' ? selected() : undefined;
      help.setLabel(`${msg(lang, text('Describe', '描述'))} ${f ? f.id : (rows[st.target]?.label ?? '')}`, true);
      const size = help.inner();
      const body = describeLines(f, rows[st.target], on, data, lang, size.width, p);
      help.setLines(overlayPage([], body, lang, size, st.overlayScroll ?? 0));
    } else help.hide();
    const promptText = st.prompt ? `${st.prompt.kind === 'command' ? ':' : '/'}${st.prompt.text}█` : undefined;
    bar.setLines([
      promptText
        ? fit(`${promptText}${st.message ? `   ${st.message}` : ''}`, term.width)
        : st.message
          ? p('warning', fit(st.message, term.width))
          : p('dim', fit(hintBar(lang, term.width), term.width)),
    ]);
    term.render();
  }

  // a page is what the pane being read shows, less a line of overlap: an open overlay, else the focused pane
  const page = (): number => {
    const focused = { targets, findings: table, detail, view }[st.focus];
    return Math.max(1, st.overlay ? help.inner().height - 4 : focused.inner().height - 2);
  };

  function exportReport(kind: 'md' | 'json', file?: string): void {
    say(writer.report(data?.report, kind, st.lang, file));
  }

  function yank(): void {
    const r = writer.fix(selected(), st.lang);
    // OSC 52: terminals that allow it put the text on the clipboard (also through ssh and tmux)
    if (r.copied) term.raw(`\x1b]52;c;${Buffer.from(r.copied).toString('base64')}\x07`);
    say(r.say);
  }

  function recollect(): void {
    if (!o.collect) {
      say(msg(st.lang, text('this source is a capture: nothing to re-collect', '這個來源是擷取檔，無法重新擷取')));
      return;
    }
    if (progress.running) {
      say(msg(st.lang, text('already collecting', '正在擷取中')));
      return;
    }
    progress.running = true;
    progress.lines = [];
    progress.done = 0;
    delete progress.error;
    const started = o.collect((line, n, total) => {
      progress.lines.push(line);
      progress.done = n;
      progress.total = total;
      redraw();
    });
    redraw();
    started.then(
      (d) => {
        progress.running = false;
        setData(d);
        say(
          msg(
            st.lang,
            text(`collected ${d.snapshot.hosts.length} host(s)`, `已擷取 ${d.snapshot.hosts.length} 台主機`),
          ),
        );
        redraw();
      },
      (e: Error) => {
        progress.running = false;
        progress.error = e.message;
        say(e.message);
        redraw();
      },
    );
  }

  // What an update may look at, for the current data and panes.
  const env = (): UpdateEnv => {
    const ev = selected()?.evidence[0];
    return {
      rows,
      shown: (s) => {
        const v = shown(s);
        return { count: v.list.length, ...(v.error ? { error: v.error } : {}) };
      },
      page: page(),
      ctx: ctxOf,
      ...(ev ? { evidence: { source: ev.source, line: ev.line } } : {}),
    };
  };

  // Run what an update asked for: the only place the UI writes files, collects or quits.
  function run(effect: Effect | undefined, before: Lang): void {
    // only the texts change with the language: nothing is analyzed again
    if (st.lang !== before) findings = localized(data);
    if (!effect) return;
    if (effect.type === 'export') exportReport(effect.kind, effect.file);
    else if (effect.type === 'yank') yank();
    else if (effect.type === 'recollect') recollect();
    else if (effect.type === 'quit') quit();
    else if (effect.type === 'demo' && o.demo && source.mode === 'live' && data)
      // the demo would replace what was collected, with no way back: a live session is never thrown away
      say(
        msg(
          st.lang,
          text(
            'The demo would replace this live session: quit and run kube-netdiag demo.',
            '示範會取代目前的即時工作階段：請先離開，再執行 kube-netdiag demo。',
          ),
        ),
      );
    else if (effect.type === 'demo' && o.demo)
      void o.demo().then(
        (x) => {
          Object.assign(source, x.source);
          delete o.collect;
          setData(x.data);
          st = { ...st, view: 'findings', focus: 'findings' };
          redraw();
        },
        (e: Error) => {
          say(e.message);
          redraw();
        },
      );
  }

  function act(a: Action): void {
    const before = st.lang;
    const r = update(st, a, env());
    st = r.st;
    run(r.effect, before);
  }

  function typeInPrompt(name: string): void {
    const r = promptKey(st, name);
    st = r.st;
    if (r.next === 'quit') act('quit');
    else if (r.next === 'submit') {
      const before = st.lang;
      const u = submitPrompt(st, env());
      st = u.st;
      run(u.effect, before);
    }
  }

  term.onKey((name) => {
    if (st.prompt) {
      typeInPrompt(name);
      redraw();
      return;
    }
    const a = actionFor(name);
    if (!a) return;
    act(a);
    redraw();
  });
  term.onResize(() => redraw());
  if (!data && o.pending) {
    progress.running = true;
    progress.lines = [{ id: 'analysis', text: o.pending.label, ok: true }];
    // a quick analysis paints once, with its findings; a slow one shows "Analyzing" after 200 ms, keys working
    const first = setTimeout(() => redraw(), 200);
    o.pending.data.then(
      (d) => {
        clearTimeout(first);
        progress.running = false;
        setData(d);
        redraw();
      },
      (e: Error) => {
        clearTimeout(first);
        progress.running = false;
        progress.error = e.message;
        say(e.message);
        redraw();
      },
    );
  } else {
    if (!data && o.collect) recollect();
    redraw();
  }
  return {
    done,
    get state() {
      return st;
    },
    act,
    redraw,
  };
}
