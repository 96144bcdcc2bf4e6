// Step 2: the material's commands, grouped by the host they run on (each host once, its commands under it), and
// the output a command printed on the captured host once it is run (enter): only what was run counts as looked at.
import { msg, text } from '../../../i18n/lang.js';
import type { Walkthrough } from '../../../learn/walkthrough.js';
import { wrapHanging } from '../../width.js';
import { expandTabs, fit, windowOf } from '../../tui/text.js';
import type { StepModule } from './step.js';

// The left pane's rows: a heading per host, then its commands; `tool` maps a command row to its walkthrough tool.
export function toolRows(walk: Walkthrough): { text: string; tool?: number }[] {
  const rows: { text: string; tool?: number }[] = [];
  let at = '';
  walk.tools.forEach((t, i) => {
    if (t.where !== at) rows.push({ text: t.where });
    at = t.where;
    rows.push({ text: t.bare, tool: i });
  });
  return rows;
}

export const investigateStep: StepModule = {
  title: text('Investigate', '調查'),
  leftLabel: text('Commands', '指令'),
  left({ walk, st, width, height, p }) {
    const rows = toolRows(walk);
    const cursor = rows.findIndex((r) => r.tool === st.tool);
    const { top, items } = windowOf(rows, Math.max(0, cursor), height);
    return items.map((r, i) => {
      if (r.tool === undefined) return p('dim', fit(r.text, width));
      const line = fit(`  ${st.looked.has(r.tool) ? '✓' : ' '} ${r.text}`, width);
      return top + i === cursor ? p('sel', line) : line;
    });
  },
  right({ walk, st, width, p }) {
    const t = walk.tools[st.tool];
    if (!t) return [fit(msg(st.lang, text('no captured commands', '沒有擷取到的指令')), width)];
    const head = wrapHanging(`$ ${t.command}`, width, '    ').map((l) => p('bold', fit(l, width)));
    if (!st.looked.has(st.tool))
      return [
        ...head,
        '',
        fit(msg(st.lang, text('enter: run it and read what it printed', 'enter：執行並閱讀它的輸出')), width),
      ];
    const body = walk.snapshot.files.get(t.file) ?? '';
    return [
      ...head,
      ...body
        .replace(/\n$/, '')
        .split('\n')
        .flatMap((l) => wrapHanging(expandTabs(l), width, '  '))
        .map((l) => fit(l, width)),
    ];
  },
  update(st, key, walk) {
    // running a command is what looks at it; moving the cursor only chooses
    if (key === 'enter') return { st: { ...st, focus: 'right', looked: new Set([...st.looked, st.tool]), scroll: 0 } };
    const tool = Math.max(0, Math.min(walk.tools.length - 1, st.tool + (key === 'down' ? 1 : -1)));
    return { st: { ...st, tool, scroll: 0 } };
  },
};
