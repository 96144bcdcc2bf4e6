// Step 2: the material's commands, each with the output it printed on the captured hosts.
import { msg, text } from '../../../i18n/lang.js';
import { fit, windowOf } from '../../tui/text.js';
import type { StepModule } from './step.js';

export const investigateStep: StepModule = {
  title: text('Investigate', '調查'),
  leftLabel: text('Commands', '指令'),
  left({ walk, st, width, height, p }) {
    const rows = walk.tools.map((t, i) => `${st.looked.has(i) ? '✓' : ' '} ${t.command}`);
    const { top, items } = windowOf(rows, st.tool, height);
    return items.map((r, i) => (top + i === st.tool ? p('sel', fit(r, width)) : fit(r, width)));
  },
  right({ walk, st, width, p }) {
    const t = walk.tools[st.tool];
    if (!t) return [fit(msg(st.lang, text('no captured commands', '沒有擷取到的指令')), width)];
    const body = walk.snapshot.files.get(t.file) ?? '';
    return [
      p('bold', fit(`$ ${t.command}`, width)),
      ...body
        .replace(/\n$/, '')
        .split('\n')
        .map((l) => fit(l, width)),
    ];
  },
  update(st, key, walk) {
    if (key === 'enter') return { st: { ...st, focus: 'right' } };
    const tool = Math.max(0, Math.min(walk.tools.length - 1, st.tool + (key === 'down' ? 1 : -1)));
    return { st: { ...st, tool, looked: new Set([...st.looked, tool]), scroll: 0 } };
  },
};
