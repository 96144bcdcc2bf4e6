// Step 4: the finding kube-netdiag reports on the capture, with its proving lines and fix, and why the fix works.
import { localize } from '../../../analyzers/index.js';
import { msg, text, colon } from '../../../i18n/lang.js';
import { detailAllLines } from '../../tui/panes/main.js';
import { fit } from '../../tui/text.js';
import { wrap } from '../../width.js';
import type { StepModule } from './step.js';

const stars = (n: number): string => '★'.repeat(n) + '☆'.repeat(3 - n);

export const revealStep: StepModule = {
  title: text('Reveal', '揭曉'),
  right({ walk, st, progress, width, p }) {
    const lang = st.lang;
    const e = walk.exercise;
    const best = progress.exercises[e.id]?.walkthrough;
    const score = msg(lang, text('Score: {stars}', '分數：{stars}'), { stars: stars(Math.max(1, 3 - st.wrong)) });
    const counts = `${msg(lang, text('wrong picks', '選錯次數'))} ${st.wrong}, ${msg(lang, text('commands looked at', '看過的指令'))} ${st.looked.size}${best ? `, ${msg(lang, text('best', '最佳'))} ${stars(best.score)}` : ''}`;
    const out = [
      p('ok', fit(`${score}  (${counts})  ${msg(lang, text('tab + PgDn: read on', 'tab + PgDn：往下讀'))}`, width)),
      '',
    ];
    if (walk.finding)
      out.push(
        ...detailAllLines(
          localize(walk.finding, lang),
          { report: walk.report, snapshot: walk.snapshot },
          lang,
          width,
          p,
        ),
      );
    else {
      const missing = text(
        `the analyzers did not report ${e.answer} on this capture`,
        `分析器沒有在這份擷取中回報 ${e.answer}`,
      );
      out.push(p('critical', fit(msg(lang, missing), width)));
    }
    out.push('', p('title', fit(msg(lang, text('Why the fix works', '為什麼這樣修就好')), width, false)));
    for (const l of wrap(e.why[lang], width)) out.push(fit(l, width));
    if (e.live)
      out.push(
        '',
        fit(
          `${msg(lang, text('Now fix it for real', '接著實際修好它'))}${colon(lang)}sudo kube-netdiag lab up ${e.id}`,
          width,
        ),
      );
    return out;
  },
};

export { stars };
