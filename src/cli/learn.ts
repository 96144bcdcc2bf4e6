// `kube-netdiag learn [EXERCISE]`: the guided walkthroughs in the terminal UI, and `learn --list` with progress.
import { LEVEL } from '../learn/exercise-kit.js';
import { padCells } from '../views/width.js';
import { detectLang, msg, text, colon, semicolon } from '../i18n/lang.js';
import { UsageError } from '../errors.js';
import { CKA, EXERCISES, exercise } from '../learn/exercises.js';
import { loadProgress, progressPath } from '../learn/progress.js';
import { loadWalkthrough } from '../learn/walkthrough.js';
import { startLearn } from '../views/learn/app.js';
import type { Io } from './io.js';
import { withTerminal } from './terminal.js';

// `learn --list`: every exercise, its CKA relevance, the best walkthrough score and whether the lab was fixed.
export function runLearnList(o: { lang?: string }, io: Io): number {
  const lang = detectLang(o.lang, io.env);
  const p = loadProgress(progressPath(io.env));
  const done = EXERCISES.filter((e) => p.exercises[e.id]?.walkthrough).length;
  io.stdout.write(
    `${msg(lang, text('Exercises', '練習'))} (${done}/${EXERCISES.length} ${msg(lang, text('done', '完成'))}${semicolon(lang)}${progressPath(io.env)})\n\n`,
  );
  for (const e of EXERCISES) {
    const pr = p.exercises[e.id];
    const score = pr?.walkthrough ? '★'.repeat(pr.walkthrough.score).padEnd(3, '☆') : '---';
    const lab = e.live
      ? pr?.labFixedAt
        ? msg(lang, text('lab fixed', '實機已修好'))
        : msg(lang, text('lab', '實機'))
      : '';
    // padded by terminal cells, so the columns line up in Chinese too
    const level = `CKA ${LEVEL[CKA[e.topic].level]![lang]}`;
    io.stdout.write(`  ${score}  ${e.id.padEnd(22)} ${padCells(level, 12)} ${padCells(lab, 12)} ${e.title[lang]}\n`);
  }
  io.stdout.write(`\n${msg(lang, text('Start one', '開始'))}${colon(lang)}kube-netdiag learn ${EXERCISES[0]!.id}\n`);
  return 0;
}

// `learn [ID]`: the walkthrough UI; without a terminal, the exercise as text (answering needs a terminal).
export async function runLearn(
  id: string | undefined,
  o: { lang?: string },
  io: Io,
  fixturesDir: string,
): Promise<number> {
  const lang = detectLang(o.lang, io.env);
  if (id && !exercise(id))
    throw new UsageError(
      `unknown exercise "${id}"; run \`kube-netdiag learn --list\` (exercises: ${EXERCISES.map((e) => e.id).join(', ')}).`,
    );
  if (!io.stdout.isTTY || !io.stdin?.isTTY) {
    io.stderr.write(
      `kube-netdiag: not a terminal: ${id ? 'printing the exercise' : 'listing the exercises'}; answering needs the interactive UI\n`,
    );
    if (!id) return runLearnList(o, io);
    const w = await loadWalkthrough(exercise(id)!, fixturesDir, lang);
    const e = w.exercise;
    io.stdout.write(
      `${e.title[lang]}\n\n${e.story[lang]}\n\n$ ${w.symptom.command}\n${w.symptom.output}${w.symptom.output.endsWith('\n') ? '' : '\n'}\n`,
    );
    io.stdout.write(
      `${msg(lang, text('Commands you can look at', '可以查看的指令'))}${colon(lang).trimEnd()}\n${w.tools.map((t) => `  ${t.command}`).join('\n')}\n\n`,
    );
    io.stdout.write(
      `${msg(lang, text('Which is the cause?', '原因是哪一個？'))}\n${w.choices.map((c, i) => `  ${String.fromCharCode(97 + i)}) ${c.label}`).join('\n')}\n`,
    );
    return 0;
  }
  await withTerminal(io, async (term, color) => {
    const app = startLearn(term, {
      lang,
      color,
      fixturesDir,
      progressPath: progressPath(io.env),
      ...(id ? { start: id } : {}),
    });
    await app.done;
  });
  return 0;
}
