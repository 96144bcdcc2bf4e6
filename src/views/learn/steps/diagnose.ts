// Step 3: the plausible causes; a wrong pick gets a hint toward the evidence, never the answer.
import { msg, text } from '../../../i18n/lang.js';
import { choicesOf } from '../../../learn/walkthrough.js';
import { wrap } from '../../width.js';
import { fit } from '../../tui/text.js';
import type { StepModule } from './step.js';

export const diagnoseStep: StepModule = {
  title: text('Diagnose', '診斷'),
  leftLabel: text('Causes', '原因'),
  // labels in the language on screen: switching language loads nothing again
  left: ({ walk, st, width, p }) =>
    choicesOf(walk.exercise, st.lang).map((c, i) => {
      const line = fit(`${String.fromCharCode(97 + i)}) ${c.label}`, width);
      return i === st.choice ? p('sel', line) : line;
    }),
  right({ walk, st, width, p }) {
    const out = [
      fit(msg(st.lang, text('What is the cause? Pick one with enter.', '原因是什麼？用 enter 選一個。')), width),
      '',
    ];
    // the highlighted cause in full: the list beside it may cut a long one
    const c = choicesOf(walk.exercise, st.lang)[st.choice];
    if (c) {
      for (const [i, l] of wrap(c.label, Math.max(1, width - 4)).entries())
        out.push(p('bold', fit(`${i ? '   ' : `${String.fromCharCode(97 + st.choice)})`} ${l}`, width)));
      out.push('');
    }
    if (st.feedback) for (const l of wrap(st.feedback, width)) out.push(p(st.solved ? 'ok' : 'warning', fit(l, width)));
    return out;
  },
  update(st, key, walk) {
    if (key === 'enter') return st.solved ? { st } : { st, effect: { type: 'judge' } };
    const choice = Math.max(0, Math.min(walk.choices.length - 1, st.choice + (key === 'down' ? 1 : -1)));
    return { st: { ...st, choice } };
  },
};
