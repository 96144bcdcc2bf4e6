// Step 1: the story and the failing command exactly as it printed at capture time.
import { msg, text } from '../../../i18n/lang.js';
import { wrap } from '../../width.js';
import { fit } from '../../tui/text.js';
import type { StepModule } from './step.js';

export const symptomStep: StepModule = {
  title: text('Symptom', '症狀'),
  right({ walk, st, width, p }) {
    const lang = st.lang;
    const out: string[] = [];
    for (const l of wrap(walk.exercise.story[lang], width)) out.push(fit(l, width));
    out.push('', p('bold', fit(`$ ${walk.symptom.command}`, width)));
    for (const l of walk.symptom.output.replace(/\n$/, '').split('\n')) out.push(fit(l, width));
    out.push(p('dim', fit(`(exit status ${walk.symptom.exitCode})`, width)), '');
    out.push(fit(msg(lang, text('n: investigate with the commands of the material', 'n：用教材裡的指令調查')), width));
    return out;
  },
};
