// The terminal UI's controller: lays the panes out for the current size, maps keys (through the keymap) to
// actions on the state, and redraws. Collection for live sources runs in the background; the UI never waits.
import { type Lang, msg, text } from '../../i18n/lang.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../../analyzers/types.js';
import { localize } from '../../analyzers/index.js';
import { renderJson } from '../json.js';
import { renderMarkdown } from '../markdown.js';
import type { Term } from './adapter.js';
import { type Action, actionFor, hintBar, parseCommand } from './keymap.js';
import {
  type Data,
  type Focus,
  type Progress,
  type Source,
  type TargetRow,
  type UiState,
  type ViewName,
  clamp,
  initialState,
  sortFindings,
  targetRows,
  viewHost,
  visibleFindings,
} from './model.js';
import { detailAllLines, findingsLines, headerLine, helpOverlay, progressLines, targetsLines } from './panes/main.js';
import {
  dnsLines,
  natLines,
  natRows,
  nextMatch,
  rawFiles,
  rawLines,
  routesLines,
  topologyLines,
} from './panes/views.js';
import { type Painter, fit, painter, scrolled } from './text.js';

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
}

export interface App {
  /** Resolves when the user quits. */
  done: Promise<void>;
  state: UiState;
  /** Run one action (tests drive the app with keys; this is for the benchmark). */
  act(a: Action): void;
  redraw(): void;
}

const VIEW_OF: Partial<Record<Action, ViewName>> = {
  viewFindings: 'findings',
  viewRaw: 'raw',
  viewRoutes: 'routes',
  viewNat: 'nat',
  viewDns: 'dns',
  viewTopology: 'topology',
};

// Start the UI on a terminal with data (offline) or a collector (live).
export function startApp(term: Term, source: Source, initial: Data | undefined, o: AppOptions): App {
  const st = initialState(o.lang);
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

  const row = (): TargetRow | undefined => rows[st.target];
  const shown = () => visibleFindings(findings, row(), st.filter);
  const selected = (): Finding | undefined => shown().list[st.finding];
  const host = () => (data ? data.snapshot.byId.get(viewHost(data, row()) ?? '') : undefined);
  const say = (m: string): void => void (st.message = m);

  function setData(d: Data): void {
    const keepKey = row()?.key;
    data = d;
    rows = targetRows(d);
    findings = localized(d);
    st.target = Math.max(
      0,
      rows.findIndex((r) => r.key === keepKey),
    );
    st.finding = clamp(st.finding, shown().list.length);
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
    const hw = Math.min(W - 4, 90);
    help.place({ top: 2, left: Math.max(0, Math.floor((W - hw) / 2)), width: hw, height: Math.max(5, H - 4) });
  }

  function redraw(): void {
    layout();
    const lang = st.lang;
    header.setLines([headerLine(source, data, lang, term.width, p)]);
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
        `${msg(lang, text('Findings', '發現'))} ${list.list.length}/${findings.length}${st.filter ? ` /${st.filter}/` : ''}`,
        focus('findings'),
      );
      table.setLines(findingsLines(list.list, st, table.inner(), p, rows[st.target]?.missing));
      const all = detailAllLines(selected(), data, lang, detail.inner().width, p);
      st.detailScroll = Math.max(0, Math.min(st.detailScroll, all.length - detail.inner().height));
      detail.setLabel(msg(lang, text('Detail', '詳情')), focus('detail'));
      detail.setLines(scrolled(all, st.detailScroll, detail.inner().height));
    } else {
      table.hide();
      detail.hide();
      view.show();
      const size = view.inner();
      const h = host();
      let lines: string[];
      if (live) lines = progressLines(progress, lang, size, p);
      else if (!data)
        lines = (o.emptyText ?? [msg(lang, text('nothing collected yet', '尚未擷取'))]).map((l) => fit(l, size.width));
      else if (st.view === 'raw')
        lines = rawLines(data.snapshot, row()?.host ?? (row()?.key === '*' ? undefined : h?.id), st, size, p);
      else if (st.view === 'routes') lines = routesLines(data.snapshot, h, st, size, p);
      else if (st.view === 'nat') lines = natLines(h, st, size, p);
      else if (st.view === 'dns') lines = dnsLines(data.snapshot, h, st, size, p);
      else lines = topologyLines(data.snapshot, st, size, p);
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
      help.setLines(helpOverlay(lang, help.inner()));
    } else help.hide();
    const promptText = st.prompt ? `${st.prompt.kind === 'command' ? ':' : '/'}${st.prompt.text}█` : undefined;
    bar.setLines([
      promptText
        ? fit(promptText, term.width)
        : st.message
          ? p('warning', fit(st.message, term.width))
          : p('dim', fit(hintBar(lang, term.width), term.width)),
    ]);
    term.render();
  }

  const move = (delta: number | 'top' | 'bottom'): void => {
    const apply = (cur: number, n: number): number =>
      clamp(delta === 'top' ? 0 : delta === 'bottom' ? n - 1 : cur + delta, Math.max(1, n));
    if (st.focus === 'targets') {
      st.target = apply(st.target, rows.length);
      st.finding = 0;
      st.detailScroll = 0;
      st.raw.file = 0;
      st.raw.scroll = 0;
      st.nat.cursor = 0;
    } else if (st.focus === 'findings') {
      st.finding = apply(st.finding, shown().list.length);
      st.detailScroll = 0;
    } else if (st.focus === 'detail')
      st.detailScroll = Math.max(0, delta === 'top' ? 0 : delta === 'bottom' ? 1e9 : st.detailScroll + delta);
    else if (st.view === 'raw')
      st.raw.scroll = Math.max(0, delta === 'top' ? 0 : delta === 'bottom' ? 1e9 : st.raw.scroll + delta);
    else if (st.view === 'routes')
      st.routes.scroll = Math.max(0, delta === 'top' ? 0 : delta === 'bottom' ? 1e9 : st.routes.scroll + delta);
    else if (st.view === 'nat') st.nat.cursor = apply(st.nat.cursor, natRows(host(), st.nat.expanded).length);
    else if (st.view === 'dns')
      st.dns.scroll = Math.max(0, delta === 'top' ? 0 : st.dns.scroll + (typeof delta === 'number' ? delta : 0));
    else if (st.view === 'topology')
      st.topology.scroll = Math.max(
        0,
        delta === 'top' ? 0 : st.topology.scroll + (typeof delta === 'number' ? delta : 0),
      );
  };
  const page = (): number =>
    Math.max(
      1,
      (st.focus === 'targets'
        ? targets
        : st.focus === 'findings'
          ? table
          : st.focus === 'detail'
            ? detail
            : view
      ).inner().height - 2,
    );

  function setView(v: ViewName): void {
    st.view = v;
    st.focus = v === 'findings' ? 'findings' : 'view';
  }

  function exportReport(kind: 'md' | 'json', file?: string): void {
    if (!data) {
      say(msg(st.lang, text('nothing to export yet', '還沒有可匯出的內容')));
      return;
    }
    const path = join(o.cwd, file ?? `kube-netdiag-report.${kind}`);
    // written in the language on screen
    const report = data.report;
    try {
      writeFileSync(path, kind === 'md' ? renderMarkdown(report, st.lang) : renderJson(report, st.lang));
      say(`${msg(st.lang, text('wrote', '已寫入'))} ${path}`);
    } catch (e) {
      say(`${msg(st.lang, text('cannot write', '無法寫入'))} ${path}: ${(e as Error).message}`);
    }
  }

  function yank(): void {
    const f = selected();
    if (!f || f.fix.length === 0) {
      say(msg(st.lang, text('no fix commands to copy', '沒有可複製的修正指令')));
      return;
    }
    const script = `${f.fix.join('\n')}\n`;
    const path = join(o.cwd, `kube-netdiag-fix-${f.id}.sh`);
    try {
      writeFileSync(path, `# ${f.title}\n${script}`);
    } catch (e) {
      say(`${(e as Error).message}`);
      return;
    }
    // OSC 52: terminals that allow it put the text on the clipboard (also through ssh and tmux)
    term.raw(`\x1b]52;c;${Buffer.from(script).toString('base64')}\x07`);
    say(
      `${msg(st.lang, text('copied fix to the clipboard (OSC 52) and', '已複製修正指令到剪貼簿(OSC 52)並寫入'))} ${path}`,
    );
  }

  function recollect(): void {
    if (!o.collect) {
      say(msg(st.lang, text('this source is a capture: nothing to re-collect', '這個來源是擷取檔,無法重新擷取')));
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

  function submitPrompt(): void {
    const pr = st.prompt!;
    delete st.prompt;
    if (pr.kind === 'filter') {
      st.filter = pr.text;
      st.finding = 0;
      const err = shown().error;
      if (err) say(err);
    } else if (pr.kind === 'search') {
      st.raw.search = pr.text;
      jumpToMatch(0);
    } else if (pr.kind === 'dest') st.routes.dest = pr.text.trim() || undefined;
    else if (pr.kind === 'name') st.dns.name = pr.text.trim() || undefined;
    else {
      const c = parseCommand(pr.text);
      if ('error' in c) {
        say(c.error);
        return;
      }
      if (c.action === 'viewRoutes' && c.arg) st.routes.dest = c.arg;
      if (c.action === 'viewDns' && c.arg) st.dns.name = c.arg;
      if ((c.action === 'export' || c.action === 'exportJson') && c.arg) {
        exportReport(c.arg.endsWith('.json') || c.action === 'exportJson' ? 'json' : 'md', c.arg);
        return;
      }
      act(c.action);
    }
  }

  function jumpToMatch(from: number): void {
    if (!data) return;
    const files = rawFiles(data.snapshot, row()?.host ?? host()?.id);
    const body = data.snapshot.files.get(files[Math.min(st.raw.file, files.length - 1)] ?? '') ?? '';
    const at = nextMatch(body, st.raw.search, from);
    if (at < 0) say(msg(st.lang, text(`not found: ${st.raw.search}`, `找不到:${st.raw.search}`)));
    else {
      st.raw.match = at;
      st.raw.scroll = Math.max(0, at - 3);
    }
  }

  // Open :raw at the first evidence line of the selected finding.
  function openEvidence(): void {
    const f = selected();
    const ev = f?.evidence[0];
    if (!data || !ev) return;
    const m = /^hosts\/([^/]+)\//.exec(ev.source);
    const files = rawFiles(data.snapshot, m ? m[1] : undefined);
    const idx = files.indexOf(ev.source);
    if (m) {
      const r = rows.findIndex((x) => x.host === m[1]);
      if (r >= 0) st.target = r;
    }
    st.raw.file = Math.max(0, idx);
    st.raw.scroll = Math.max(0, ev.line - 4);
    st.raw.search = '';
    setView('raw');
  }

  function act(a: Action): void {
    delete st.message;
    const v = VIEW_OF[a];
    if (v) {
      setView(v);
      return;
    }
    switch (a) {
      case 'up':
        move(-1);
        return;
      case 'down':
        move(1);
        return;
      case 'pageUp':
        move(-page());
        return;
      case 'pageDown':
        move(page());
        return;
      case 'top':
        move('top');
        return;
      case 'bottom':
        move('bottom');
        return;
      case 'prevItem':
      case 'nextItem':
        if (st.view === 'raw') {
          st.raw.file = Math.max(0, st.raw.file + (a === 'nextItem' ? 1 : -1));
          if (data)
            st.raw.file = Math.min(
              st.raw.file,
              Math.max(0, rawFiles(data.snapshot, row()?.host ?? host()?.id).length - 1),
            );
          st.raw.scroll = 0;
        }
        return;
      case 'nextPane':
      case 'prevPane': {
        const order: Focus[] = st.view === 'findings' ? ['targets', 'findings', 'detail'] : ['targets', 'view'];
        const i = Math.max(0, order.indexOf(st.focus));
        st.focus = order[(i + (a === 'nextPane' ? 1 : order.length - 1)) % order.length]!;
        return;
      }
      case 'enter':
        if (st.focus === 'targets') st.focus = st.view === 'findings' ? 'findings' : 'view';
        else if (st.focus === 'findings') st.focus = 'detail';
        else if (st.focus === 'detail') openEvidence();
        else if (st.view === 'nat') {
          const r = natRows(host(), st.nat.expanded)[st.nat.cursor];
          if (r?.opens) {
            if (st.nat.expanded.has(r.key)) st.nat.expanded.delete(r.key);
            else st.nat.expanded.add(r.key);
          }
        }
        return;
      case 'back':
        if (st.overlay) delete st.overlay;
        else if (st.view !== 'findings') setView('findings');
        else if (st.focus === 'detail') st.focus = 'findings';
        else if (st.focus === 'findings') st.focus = 'targets';
        else if (st.filter) st.filter = '';
        return;
      case 'filter':
        st.prompt = {
          kind: st.view === 'raw' ? 'search' : st.view === 'routes' ? 'dest' : st.view === 'dns' ? 'name' : 'filter',
          text: st.view === 'findings' ? st.filter : '',
        };
        return;
      case 'command':
        st.prompt = { kind: 'command', text: '' };
        return;
      case 'nextMatch':
        if (st.view === 'raw') jumpToMatch(st.raw.match + 1);
        return;
      case 'help':
        if (st.overlay) delete st.overlay;
        else st.overlay = 'help';
        return;
      case 'export':
        exportReport('md');
        return;
      case 'exportJson':
        exportReport('json');
        return;
      case 'yank':
        yank();
        return;
      case 'lang':
        st.lang = st.lang === 'en' ? 'zh-TW' : 'en';
        // only the texts change: nothing is analyzed again
        findings = localized(data);
        return;
      case 'recollect':
        recollect();
        return;
      case 'demo':
        if (!o.demo) return;
        void o.demo().then(
          (x) => {
            Object.assign(source, x.source);
            delete o.collect;
            setData(x.data);
            setView('findings');
            redraw();
          },
          (e: Error) => {
            say(e.message);
            redraw();
          },
        );
        return;
      case 'quit':
        quit();
        return;
      default:
        return;
    }
  }

  term.onKey((name) => {
    if (st.prompt) {
      if (name === 'escape') delete st.prompt;
      else if (name === 'enter') submitPrompt();
      else if (name === 'backspace') st.prompt.text = st.prompt.text.slice(0, -1);
      else if (name === 'C-c') act('quit');
      else if (name === 'space') st.prompt.text += ' ';
      else if ([...name].length === 1) st.prompt.text += name;
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
  return { done, state: st, act, redraw };
}
