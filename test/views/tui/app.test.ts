// The terminal UI in-process: every view's visible text, key navigation, filtering, resize, export, clipboard,
// language, NO_COLOR, live progress without blocking, and a 10,000-row table.
import { fixText } from '../../../src/analyzers/types.js';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANALYZERS } from '../../../src/analyzers/index.js';
import type { RawFinding } from '../../../src/analyzers/types.js';
import { KEYMAP, hintBar } from '../../../src/views/tui/keymap.js';
import { targetRows } from '../../../src/views/tui/model.js';
import { natRows } from '../../../src/views/tui/views/nat.js';
import { type Running, data, open } from './harness.js';
import { tempDir } from '../../tmp.js';

let running: Running | undefined;
afterEach(() => {
  running?.term.destroy();
  running = undefined;
});

describe('the main screen on the demo capture', () => {
  it('header with source and counts, targets with their worst severity, findings most severe first, detail with evidence', async () => {
    const r = (running = await open(await data('demo'), { source: { label: 'fixtures/demo', mode: 'offline' } }));
    const s = r.screen();
    expect(s.split('\n')[0]).toMatch(/^kube-netdiag fixtures\/demo .* 5 critical 0 warning 0 info +\[offline\] *$/);
    expect(s).toMatch(/● all \(4 hosts\)/);
    expect(s).toMatch(/● blue \(netns\)/);
    expect(s).toMatch(/Findings 5\/5/);
    // the first finding's proof, in its file, with its line number
    expect(s).toMatch(/hosts\/blue\/resolv\.conf/);
    expect(s).toMatch(/2 │ nameserver 192\.168\.1\.3/);
    // the hint bar comes from the keymap
    expect(s.split('\n').at(-1)!.trimEnd()).toBe(hintBar('en', 100));
  });
  it('j selects the next finding and the detail follows; tab/enter move between panes', async () => {
    const r = (running = await open(await data('demo')));
    await r.keys('j');
    expect(r.app.state.finding).toBe(1);
    expect(r.screen()).toMatch(/blue has no default route/);
    await r.keys('enter');
    expect(r.app.state.focus).toBe('detail');
    await r.keys('tab');
    expect(r.app.state.focus).toBe('targets');
    await r.keys('j', 'j');
    // host selected: only its findings
    expect(r.screen()).toMatch(/Findings 2\/5/);
    expect(r.screen()).toMatch(/masquerade-missing/);
    expect(r.screen()).not.toMatch(/nsswitch-no-dns/);
  });
  it('/ filters the table with a regex; a bad regex is said and matched literally', async () => {
    const r = (running = await open(await data('demo')));
    await r.keys('/', 'm', 'a', 's', 'q', 'enter');
    expect(r.screen()).toMatch(/Findings 1\/5 \/masq\//);
    expect(r.screen()).toMatch(/masquerade-missing/);
    await r.keys('/', 'backspace', 'backspace', 'backspace', 'backspace', '(', 'enter');
    expect(r.screen()).toMatch(/bad regex/);
    await r.keys('/', 'backspace', 'enter');
    expect(r.screen()).toMatch(/Findings 5\/5/);
  });
  it('the filter applies as it is typed and esc takes it away; tab completes a : command', async () => {
    const r = (running = await open(await data('demo')));
    await r.keys('/', 'm', 'a', 's');
    // no enter yet: the table already narrows
    expect(r.screen()).toMatch(/Findings 1\/5 \/mas\//);
    await r.keys('escape');
    expect(r.screen()).toMatch(/Findings 5\/5/);
    expect(r.app.state.prompt).toBeUndefined();
    // a filter set with enter is the first thing esc clears
    await r.keys('/', 'b', 'l', 'u', 'e', 'enter', 'escape');
    expect(r.app.state.filter).toBe('');
    await r.keys(':', 't', 'o', 'tab');
    expect(r.app.state.prompt?.text).toBe('topology ');
    await r.keys(...Array(9).fill('backspace'), 'd', 'tab');
    expect(r.screen()).toMatch(/dns {2}demo|demo {2}dns/);
    await r.keys('escape');
  });
  it('enter on the detail opens :raw at the evidence line; / searches and n goes to the next match', async () => {
    const r = (running = await open(await data('demo')));
    await r.keys('enter', 'enter');
    expect(r.app.state.view).toBe('raw');
    expect(r.screen()).toMatch(/hosts\/blue\/resolv\.conf {2}\(\d+\/\d+, ←\/→ file\)/);
    await r.keys('right');
    expect(r.screen()).toMatch(/hosts\/blue\/(?!resolv)/);
    await r.keys('escape');
    expect(r.app.state.view).toBe('findings');
  });
  it(':nat shows the chains from the hooks down to the DNAT, with the Service a KUBE-SVC chain belongs to', async () => {
    const d = await data('k8s-hostgw/healthy');
    const r = (running = await open(d));
    // select worker-1 in the targets tree
    await r.keys('tab', 'tab', ...Array(targetRows(d).findIndex((x) => x.host === 'worker-1')).fill('j'));
    await r.keys(':', 'n', 'a', 't', 'enter');
    expect(r.screen()).toMatch(/worker-1: iptables/);
    expect(r.screen()).toMatch(/▸ nat PREROUTING \(policy ACCEPT\)/);
    // open PREROUTING, then KUBE-SERVICES, then the web Service's chain
    await r.keys('enter');
    await r.keys('j', 'enter');
    expect(r.screen()).toMatch(/▸ → KUBE-SVC-\w+ ⟵ default\/web cluster IP/);
    // walk the cursor to a row by its label, the way a user would with j
    const goTo = async (re: RegExp) => {
      const idx = natRows(d.snapshot.byId.get('worker-1'), r.app.state.views.nat.expanded).findIndex((x) =>
        re.test(x.label),
      );
      expect(idx).toBeGreaterThan(r.app.state.views.nat.cursor);
      await r.keys(...Array(idx - r.app.state.views.nat.cursor).fill('j'), 'enter');
    };
    await goTo(/⟵ default\/web cluster IP/);
    await goTo(/→ KUBE-SEP-/);
    expect(r.screen()).toMatch(/DNAT ⇒ 10\.244\.0\.7:8080/);
  });
  it(':dns shows resolv.conf, nsswitch and the search expansion a lookup sends (docs/networking-facts.md §pod-resolv-conf)', async () => {
    const d = await data('k8s-hostgw/healthy');
    const r = (running = await open(d));
    await r.keys('tab', 'tab', ...Array(targetRows(d).findIndex((x) => x.host === 'default.client')).fill('j'));
    await r.keys(':', 'd', 'n', 's', 'enter');
    const s = r.screen();
    expect(s).toMatch(/nameserver: 10\.96\.0\.10/);
    expect(s).toMatch(/kube-dns ClusterIP: 10\.96\.0\.10/);
    expect(s).toMatch(/looking up "kubernetes\.default" \(ndots:5\)/);
    expect(s).toMatch(/1\. kubernetes\.default\.default\.svc\.cluster\.local\. +→ 10\.96\.0\.10/);
    await r.keys('/', ...'api.example.com.', 'enter');
    expect(r.screen()).toMatch(/1\. api\.example\.com\. +→/);
    expect(r.screen()).not.toMatch(/2\. /);
  });
  it(':routes N shows which route a destination takes', async () => {
    const r = (running = await open(await data('demo')));
    await r.keys('tab', 'tab', 'j', 'j');
    await r.keys(':', ...'routes 8.8.8.8', 'enter');
    expect(r.screen()).toMatch(/8\.8\.8\.8 → default via 192\.168\.1\.3 dev eth0/);
    expect(r.screen()).toMatch(/▶ default via 192\.168\.1\.3/);
  });
  it(':trace FROM TO follows a packet hop by hop; a bad destination says why', async () => {
    const r = (running = await open(await data('demo')));
    await r.keys(':', ...'trace red 192.168.1.3', 'enter');
    const s = r.screen();
    expect(s).toMatch(/Trace red → 192\.168\.1\.3 \(icmp\)/);
    expect(s).toMatch(/Path 1 of 1: /);
    expect(s).toMatch(/route +192\.168\.1\.3 dev veth-red via 192\.168\.15\.5/);
    await r.keys('/', ...'red nowhere', 'enter');
    expect(r.screen()).toMatch(/--to nowhere: write an IPv4 address/);
  });
  it(':topology draws the bridge with its ports and the far end of each veth, and uplinks', async () => {
    const r = (running = await open(await data('demo')));
    await r.keys('6');
    const s = r.screen();
    expect(s).toMatch(/┌─ bridge host:v-net-0 192\.168\.15\.5\/24 +UP/);
    expect(s).toMatch(/veth-red-br ⇄ red:veth-red 192\.168\.15\.1\/24 +UP/);
    expect(s).toMatch(/↑ host: uplink via 192\.168\.1\.3 dev eth0/);
  });
  it('l switches every text to Traditional Chinese, aligned; ? lists every key of the keymap', async () => {
    const r = (running = await open(await data('demo')));
    // the report is language-free: switching language localizes it again and analyzes nothing
    const runs = ANALYZERS.map((a) => vi.spyOn(a, 'run'));
    await r.keys('l');
    for (const spy of runs) expect(spy).not.toHaveBeenCalled();
    for (const spy of runs) spy.mockRestore();
    const s = r.screen();
    expect(s).toMatch(/blue 沒有預設路由/);
    expect(s).toMatch(/5 嚴重 0 警告 0 資訊/);
    expect(s).toMatch(/發現 5\/5/);
    expect(s).toMatch(/<tab> 窗格/);
    // CJK takes two cells: every row of the screen is still exactly as wide as the terminal
    const { displayWidth } = await import('../../../src/views/width.js');
    expect(new Set(s.split('\n').map(displayWidth))).toEqual(new Set([100]));
    await r.keys('l', '?');
    // the help scrolls: every key's line is on one of its pages
    let seen = r.screen();
    for (let i = 0; i < 40; i++) {
      await r.keys('j');
      seen += r.screen();
    }
    const flat = seen.replace(/\s+/g, '');
    for (const b of KEYMAP) expect(flat).toContain(b.help.en.slice(0, 20).replace(/\s+/g, ''));
    await r.keys('escape');
    expect(r.app.state.overlay).toBeUndefined();
  });
  it('at 80×24 the detail wraps: every whole fix command and whole proving line is on screen', async () => {
    const d = await data('demo');
    const r = (running = await open(d, { cols: 80, rows: 24 }));
    // each finding in turn, its detail scrolled from top to bottom
    let seen = '';
    for (let k = 0; k < d.report.findings.length; k++) {
      await r.keys('tab');
      for (let i = 0; i < 60; i++) {
        seen += r.screen();
        await r.keys('j');
      }
      await r.keys('G');
      seen += r.screen();
      await r.keys('tab', 'tab', 'j');
    }
    const flat = seen.replace(/[\s│]+/g, '');
    for (const f of d.report.findings) {
      for (const c of f.fix) expect(flat).toContain(fixText(c).replace(/\s+/g, ''));
      for (const e of f.evidence) expect(flat).toContain(e.text.replace(/\s+/g, ''));
    }
  });
  it('d describes the selected finding, or the selected target, in full in an overlay that scrolls; esc closes', async () => {
    const r = (running = await open(await data('demo'), { cols: 80, rows: 24 }));
    await r.keys('d');
    expect(r.app.state.overlay).toBe('describe');
    // the first finding of the table (the most severe, first by id)
    expect(r.screen()).toMatch(/Describe dns-nameserver-unreachable/);
    expect(r.screen()).toMatch(/evidence/);
    await r.keys('escape', 'tab', 'tab', 'j', 'd');
    // a target: what it is, its files, devices and routes
    const s = r.screen();
    expect(s).toMatch(/Describe blue/);
    expect(s).toMatch(/hosts\/blue\/resolv\.conf/);
    expect(s).toMatch(/files/);
    await r.keys('G');
    expect(r.screen()).toMatch(/routes?/);
    await r.keys('escape');
    expect(r.app.state.overlay).toBeUndefined();
  });
  it("at 80 columns a node's pods are told apart by their own names; kinds and counts follow the language", async () => {
    const r = (running = await open(await data('k8s-hostgw/healthy'), { cols: 80, rows: 24 }));
    const s = r.screen();
    expect(s).toMatch(/coredns-a/);
    expect(s).toMatch(/coredns-b/);
    expect(s).toMatch(/worker-1 \(nod/);
    await r.keys('l');
    expect(r.screen()).toMatch(/worker-1（節/);
    expect(r.screen()).toMatch(/全部（7 台主機）/);
  });
  it('shift + a column letter sorts the findings (again: reverse); ctrl-a lists every command; breadcrumbs', async () => {
    const r = (running = await open(await data('demo')));
    const ids = () => [...r.screen().matchAll(/CRIT\s+(\S+)/g)].map((m) => m[1]!);
    await r.keys('I');
    expect(r.screen()).toMatch(/Findings 5\/5 ↓id/);
    const byId = ids();
    expect(byId).toEqual([...byId].sort());
    await r.keys('I');
    expect(ids()).toEqual([...byId].reverse());
    await r.keys('T');
    expect(r.screen()).toMatch(/↓target/);
    await r.keys('\x01');
    expect(r.app.state.overlay).toBe('commands');
    for (const c of [':raw', ':routes', ':nat', ':dns', ':topology', ':trace', ':export', ':demo', ':quit'])
      expect(r.screen()).toContain(c);
    await r.keys('escape', 'tab', 'tab', 'j');
    // the header says where the selection is
    expect(r.screen().split('\n')[0]).toMatch(/fixtures\/test › blue/);
  });
  it('resize redraws at the new size; 80×24 still shows every pane', async () => {
    const r = (running = await open(await data('demo'), { cols: 80, rows: 24 }));
    expect(r.screen().split('\n')).toHaveLength(24);
    expect(r.screen()).toMatch(/Targets/);
    r.tty.resize(132, 40);
    await r.keys();
    await new Promise((res) => setTimeout(res, 30));
    expect(r.screen().split('\n')).toHaveLength(40);
    expect(r.screen().split('\n')[0]).toHaveLength(132);
  });
  it('e and E export the report; y copies the fix to a file and the clipboard (OSC 52)', async () => {
    const r = (running = await open(await data('demo')));
    await r.keys('e', 'E');
    expect(readFileSync(join(r.cwd, 'kube-netdiag-report.md'), 'utf8')).toMatch(/^# kube-netdiag/);
    expect(JSON.parse(readFileSync(join(r.cwd, 'kube-netdiag-report.json'), 'utf8')).findings).toHaveLength(5);
    await r.keys('y');
    const fix = readFileSync(join(r.cwd, 'kube-netdiag-fix-dns-nameserver-unreachable.sh'), 'utf8');
    expect(fix).toContain('ip netns exec blue ip route add default via 192.168.15.5');
    const osc = /\x1b\]52;c;([A-Za-z0-9+/=]+)\x07/.exec(r.tty.written());
    expect(Buffer.from(osc![1]!, 'base64').toString()).toContain('ip route add default');
    expect(r.screen()).toMatch(/copied fix to the clipboard/);
    // a script to read and run: shebang, what it is for, stop at the first failure
    expect(fix.split('\n').slice(0, 4)).toEqual([
      '#!/bin/sh',
      expect.stringMatching(/^# /),
      expect.stringMatching(/^# kube-netdiag dns-nameserver-unreachable on blue: review before running\.$/),
      'set -e',
    ]);
    // an absolute path is taken as it is; a file someone else left there is not overwritten
    const elsewhere = join(tempDir('tui-abs'), 'report.md');
    await r.keys(':', ...`export ${elsewhere}`.split(''), 'enter');
    expect(readFileSync(elsewhere, 'utf8')).toMatch(/^# kube-netdiag/);
    writeFileSync(join(r.cwd, 'theirs.md'), 'keep me');
    await r.keys(':', ...'export theirs.md'.split(''), 'enter');
    expect(readFileSync(join(r.cwd, 'theirs.md'), 'utf8')).toBe('keep me');
    expect(r.screen()).toMatch(/cannot write .*theirs\.md/);
    // what this session wrote it may write again
    await r.keys('e');
    expect(r.screen()).toMatch(/wrote .*kube-netdiag-report\.md/);
  });
  it(':raw with every target selected lists every file of the capture, not "no files"', async () => {
    const r = (running = await open(await data('demo')));
    await r.keys(':', 'r', 'a', 'w', 'enter');
    expect(r.screen()).not.toMatch(/no files collected/);
    expect(r.screen()).toMatch(/blue\/ip-addr|blue\/resolv/);
  });
  it('NO_COLOR: no colour codes reach the terminal; the focused pane is still marked', async () => {
    const r = (running = await open(await data('demo'), { color: false }));
    await r.keys('j');
    expect(r.tty.written()).not.toMatch(/\x1b\[(?:3[0-7]|9[0-7]|38;5;\d+)m/);
    expect(r.screen()).toMatch(/\[Findings 5\/5\]/);
  });
  it('q resolves the app (the caller restores the terminal)', async () => {
    const r = (running = await open(await data('demo')));
    let quit = false;
    void r.app.done.then(() => (quit = true));
    await r.keys('q');
    await new Promise((res) => setTimeout(res, 5));
    expect(quit).toBe(true);
  });
});

describe('live sources and big tables', () => {
  it('collection runs in the background: progress lines and gauge, keys still work, then the findings', async () => {
    const d = await data('demo');
    let finish: (x: typeof d) => void = () => {};
    const r = (running = await open(undefined, {
      source: { label: 'live', mode: 'live' },
      collect: (progress) => {
        progress({ id: '1', text: 'collected red: 12 files', ok: true }, 1, 2);
        return new Promise((res) => (finish = res));
      },
    }));
    expect(r.screen()).toMatch(/collecting… 1\/2/);
    expect(r.screen()).toMatch(/collected red: 12 files/);
    await r.keys('?');
    expect(r.screen()).toMatch(/Keys/);
    await r.keys('escape', 'r');
    expect(r.screen()).toMatch(/already collecting/);
    finish(d);
    await new Promise((res) => setTimeout(res, 10));
    expect(r.screen()).toMatch(/Findings 5\/5/);
    expect(r.screen()).toMatch(/collected 4 host/);
  });
  it('a live session survives d (it describes) and :demo (it refuses to replace what was collected)', async () => {
    const d = await data('demo');
    let asked = 0;
    const r = (running = await open(undefined, {
      source: { label: 'live', mode: 'live' },
      collect: async () => d,
      demo: async () => {
        asked++;
        return { data: d, source: { label: 'fixtures/demo', mode: 'offline' } };
      },
    }));
    await new Promise((res) => setTimeout(res, 10));
    await r.keys('d');
    expect(r.app.state.overlay).toBe('describe');
    await r.keys('escape', ':', 'd', 'e', 'm', 'o', 'enter');
    await new Promise((res) => setTimeout(res, 10));
    expect(asked).toBe(0);
    expect(r.screen()).toMatch(/would replace this live session/);
    expect(r.screen().split('\n')[0]).toMatch(/live/);
  });
  it('a capture cannot be re-collected: r says so', async () => {
    const r = (running = await open(await data('demo')));
    await r.keys('r');
    expect(r.screen()).toMatch(/this source is a capture/);
  });
  it('10,000 findings: only the visible rows are drawn, G jumps to the last, the filter narrows', async () => {
    const d = await data('demo');
    const many: RawFinding[] = Array.from({ length: 10_000 }, (_, i) => ({
      ...d.report.findings[0]!,
      target: `pod-${String(i).padStart(5, '0')}`,
    }));
    const r = (running = await open({ ...d, report: { ...d.report, findings: many } }));
    expect(r.screen()).toMatch(/Findings 10000\/10000/);
    await r.keys('G');
    expect(r.app.state.finding).toBe(9999);
    const table = r
      .screen()
      .split('\n')
      .map((l) => l.split('││')[1] ?? '')
      .filter((l) => /^(CRIT|INFO|WARN) /.test(l));
    expect(table.length).toBeGreaterThan(3);
    expect(table.at(-1)).toMatch(/pod-09999/);
    expect(table.some((l) => l.includes('pod-00000'))).toBe(false);
    await r.keys('/', ...'pod-00042 ', 'enter');
    expect(r.screen()).toMatch(/Findings 1\/10000/);
  });
  it('no data and nothing to collect: the empty text is shown and :demo opens the demo', async () => {
    const d = await data('demo');
    const r = (running = await open(undefined, {
      source: { label: 'no cluster', mode: 'offline' },
      emptyText: [
        'No cluster reachable: connect ECONNREFUSED.',
        'Type :demo to open the bundled demo capture, q to quit.',
      ],
      demo: async () => ({ data: d, source: { label: 'fixtures/demo', mode: 'offline' } }),
    }));
    expect(r.screen()).toMatch(/No cluster reachable/);
    await r.keys(':', 'd', 'e', 'm', 'o', 'enter');
    await new Promise((res) => setTimeout(res, 10));
    expect(r.screen()).toMatch(/Findings 5\/5/);
    expect(r.screen().split('\n')[0]).toMatch(/fixtures\/demo/);
    expect(existsSync(r.cwd)).toBe(true);
  });
});
