// `kube-netdiag lab list|up|down`: the material's topologies, built and broken in real network namespaces.
import { detectLang, type Text, text, wordsIn } from '../i18n/lang.js';
import { NetdiagError, UsageError } from '../errors.js';
import { failingChecks } from '../labs/checks.js';
import { Lab, labSupport, teardownOnSignals } from '../labs/engine.js';
import { ALL_SCENARIOS, scenario } from '../labs/scenarios/index.js';
import { type LabState, forgetLab, saveLab, savedLabs } from '../labs/state.js';
import { checkLab } from '../labs/check.js';
import { EXERCISES, exercise, exerciseForLab } from '../learn/exercises.js';
import { loadProgress, progressPath, recordLabFixed, saveProgress } from '../learn/progress.js';
import { spawn } from 'node:child_process';
import { run } from '../collectors/runner.js';
import { checkText, scenarioHints } from '../labs/hints.js';
import type { Io } from './io.js';
import { wrap } from '../views/width.js';

const T = {
  exercises: text(
    'Exercises (lab up EXERCISE, then lab check / lab hint / lab reset)',
    '練習（lab up 練習名稱，接著 lab check / lab hint / lab reset）',
  ),
  symptom: text('Try', '試試看'),
  whenFixed: text('When you think it is fixed', '你覺得修好了的時候'),
  stuck: text('stuck', '卡住了'),
  fixed: text('Fixed: every check passes and no finding remains.', '修好了：所有檢查都通過，也沒有任何發現。'),
  notYet: text('Not fixed yet', '還沒修好'),
  stillFailing: text('still failing', '仍然失敗'),
  stillThere: text(
    'The connections work, but the fault still shows in what kube-netdiag sees: look again (lab hint).',
    '連線都通了，但 kube-netdiag 看到的狀態裡仍有這個故障：再檢查一次（lab hint）。',
  ),
  overlay: text(
    'Each namespace has its own /etc/resolv.conf, nsswitch.conf and hosts: `ip netns exec` lays the files of /etc/netns/<namespace>/ over /etc. Edit them there from outside (e.g. /etc/netns/{ns}/nsswitch.conf); inside, write in place (cat > /etc/nsswitch.conf), since sed -i cannot replace a file laid over another (Device or resource busy).',
    '每個 namespace 都有自己的 /etc/resolv.conf、nsswitch.conf 和 hosts：`ip netns exec` 會把 /etc/netns/<namespace>/ 下的檔案蓋在 /etc 上。請從外面編輯那裡的檔案（例如 /etc/netns/{ns}/nsswitch.conf）；在裡面則要原地寫入（cat > /etc/nsswitch.conf），因為 sed -i 無法取代一個被蓋上的檔案（Device or resource busy）。',
  ),
  noShell: text('No such host in this lab', '這個實驗室沒有這台主機'),
  noHint: text(
    'No more hints: run kube-netdiag diagnose on the lab, or see the walkthrough',
    '沒有更多提示了：對實驗室執行 kube-netdiag diagnose，或看看練習的解說',
  ),
  pick: text('Several labs are up: name one', '目前有好幾個實驗室：請指定一個'),
  noLab: text(
    'No lab is up: start one with kube-netdiag lab up EXERCISE',
    '沒有啟用中的實驗室：用 kube-netdiag lab up 練習名稱 開一個',
  ),
  scenarios: text('Scenarios', '情境'),
  faults: text('faults', '故障'),
  up: text('Labs that are up', '目前啟用中的實驗室'),
  none: text('none', '無'),
  built: text('Lab is up', '實驗室已建立'),
  enter: text('Enter a namespace', '進入 namespace'),
  checks: text('Connectivity now', '目前的連通性'),
  ok: text('ok', '正常'),
  fails: text('FAILS', '失敗'),
  diagnose: text('Diagnose it', '診斷'),
  remove: text('Remove it', '移除'),
  removed: text('removed', '已移除'),
} satisfies Record<string, Text>;

async function requireRoot(io: Io): Promise<boolean> {
  const s = await labSupport();
  if (!s.ok)
    io.stderr.write(
      `kube-netdiag lab: ${s.reason}. Cause: labs create network namespaces, veth pairs and iptables rules. Remedy: run as root on Linux with iproute2 and iptables installed. [ERR_LAB_UNSUPPORTED]\n`,
    );
  return s.ok;
}

// `lab list`: scenarios, their faults, and labs that are up.
export function runLabList(o: { lang?: string }, io: Io): number {
  const lang = detectLang(o.lang, io.env);
  const t = wordsIn(lang, T);
  io.stdout.write(`${t.scenarios}:\n`);
  for (const sc of ALL_SCENARIOS) {
    io.stdout.write(`\n  ${sc.id}  ${sc.title[lang]}\n    ${t.faults}:\n`);
    for (const [f, spec] of Object.entries(sc.faults)) io.stdout.write(`      ${f.padEnd(22)} ${spec.about[lang]}\n`);
  }
  io.stdout.write(`\n${t.exercises}:\n`);
  for (const e of EXERCISES.filter((x) => x.live))
    io.stdout.write(`  ${e.id.padEnd(22)} ${e.title[lang]}  (${e.scenario} --fault ${e.fault})\n`);
  const up = savedLabs();
  io.stdout.write(`\n${t.up}: ${up.length === 0 ? t.none : ''}\n`);
  for (const l of up)
    io.stdout.write(
      `  ${l.prefix}  ${l.scenario}${l.faults.length ? ` --fault ${l.faults.join(' --fault ')}` : ''}  (${l.createdAt})\n`,
    );
  return 0;
}

// `lab up SCENARIO [--fault F]...` or `lab up EXERCISE`: build it, say how to get in, show what works and what does not.
export async function runLabUp(
  id: string,
  o: { fault?: string[]; lang?: string; prefix?: string },
  io: Io,
): Promise<number> {
  const ex = exercise(id);
  if (ex && !ex.live)
    throw new UsageError(
      `exercise "${id}" is a walkthrough on a cluster capture, with no live lab: run \`kube-netdiag learn ${id}\`.`,
    );
  const sc = scenario(ex ? ex.scenario : id);
  if (!sc)
    throw new UsageError(
      `unknown scenario or exercise "${id}"; run \`kube-netdiag lab list\` (scenarios: ${ALL_SCENARIOS.map((s) => s.id).join(', ')}; exercises: ${EXERCISES.filter(
        (e) => e.live,
      )
        .map((e) => e.id)
        .join(', ')}).`,
    );
  const faults = ex ? [ex.fault] : (o.fault ?? []);
  for (const f of faults)
    if (!sc.faults[f])
      throw new UsageError(`scenario ${sc.id} has no fault "${f}" (faults: ${Object.keys(sc.faults).join(', ')}).`);
  if (!(await requireRoot(io))) return 2;
  const lang = detectLang(o.lang, io.env);
  const t = wordsIn(lang, T);
  const lab = new Lab(o.prefix ?? `kndlab${Math.random().toString(16).slice(2, 6)}`);
  const exId = ex?.id ?? exerciseForLab(sc.id, faults)?.id;
  const record = {
    scenario: sc.id,
    faults,
    createdAt: new Date().toISOString(),
    ...(exId ? { exercise: exId, hintsShown: 0 } : {}),
  };
  // recorded before anything exists, so even a kill -9 mid-build leaves `lab down` something to sweep
  saveLab({ ...lab.state(), ...record });
  const off = teardownOnSignals(
    () => [lab],
    () => forgetLab(lab.prefix),
  );
  try {
    await sc.build(lab, faults);
    saveLab({ ...lab.state(), ...record });
  } catch (e) {
    await lab.down();
    forgetLab(lab.prefix);
    // a command of the build failed (a kernel without veth or bridge, a missing iptables): say so, not "bug"
    if (e instanceof NetdiagError) throw e;
    throw new NetdiagError(
      'ERR_LAB_BUILD',
      `building lab ${sc.id} failed and what was built is removed: ${(e as Error).message.split('\n')[0]!.slice(0, 300)}. Remedy: check that this kernel has veth, bridge and netfilter support and that iproute2 and iptables are installed.`,
    );
  } finally {
    off();
  }
  io.stdout.write(`${t.built}: ${lab.prefix} (${sc.id}${faults.length ? `, ${faults.join(', ')}` : ''})\n\n`);
  const exo = exId ? exercise(exId) : undefined;
  if (exo)
    io.stdout.write(
      `${exo.title[lang]}\n${exo.story[lang]}\n${t.symptom}: ${exo.symptom.display.replace(/ip netns exec (\S+)/, (_, h: string) => `ip netns exec ${lab.ns(h)}`)}\n${t.whenFixed}: kube-netdiag lab check ${lab.prefix}   (${t.stuck}: kube-netdiag lab hint ${lab.prefix})\n\n`,
    );
  io.stdout.write(`${t.enter}:\n`);
  for (const h of lab.hosts)
    io.stdout.write(
      `  kube-netdiag lab shell ${h}${` `.repeat(Math.max(1, 12 - h.length))}# ip netns exec ${lab.ns(h)} bash\n`,
    );
  io.stdout.write(`\n${wrap(t.overlay.replace('{ns}', lab.ns(lab.hosts[0] ?? 'host')), 100).join('\n')}\n`);
  const failing = new Set(await failingChecks(lab, sc.checks));
  io.stdout.write(`\n${t.checks}:\n`);
  for (const c of sc.checks) io.stdout.write(`  ${c.name.padEnd(16)} ${failing.has(c.name) ? t.fails : t.ok}\n`);
  io.stdout.write(
    `\n${t.diagnose}:\n  kube-netdiag diagnose ${lab.hosts.map((h) => `--netns ${lab.ns(h)}`).join(' ')}\n\n${t.remove}:\n  kube-netdiag lab down ${lab.prefix}\n`,
  );
  return 0;
}

// `lab down [PREFIX]`: remove one lab, or every lab `lab up` made.
export async function runLabDown(prefix: string | undefined, o: { lang?: string }, io: Io): Promise<number> {
  if (!(await requireRoot(io))) return 2;
  const t = wordsIn(detectLang(o.lang, io.env), T);
  const labs = savedLabs().filter((l) => !prefix || l.prefix === prefix);
  if (prefix && labs.length === 0) throw new UsageError(`no lab "${prefix}" is up (see \`kube-netdiag lab list\`).`);
  const present = (await run(['ip', 'netns', 'list'])).stdout.split('\n').map((x) => x.trim().split(/\s+/)[0] ?? '');
  for (const l of labs) {
    // also whatever carries the prefix but was not recorded yet (a build killed half-way)
    const namespaces = [...new Set([...l.namespaces, ...present.filter((n) => n.startsWith(`${l.prefix}-`))])];
    await Lab.fromState({ ...l, namespaces }).down();
    forgetLab(l.prefix);
    io.stdout.write(`${t.removed}: ${l.prefix} (${l.scenario})\n`);
  }
  return 0;
}

// The lab a command is about: the named one, or the only one that is up.
function pickLab(prefix: string | undefined, t: Record<keyof typeof T, string>): LabState {
  const labs = savedLabs();
  if (prefix) {
    const l = labs.find((x) => x.prefix === prefix);
    if (!l) throw new UsageError(`no lab "${prefix}" is up (see \`kube-netdiag lab list\`).`);
    return l;
  }
  if (labs.length === 0) throw new UsageError(`${t.noLab}.`);
  if (labs.length > 1) throw new UsageError(`${t.pick}: ${labs.map((l) => l.prefix).join(', ')}.`);
  return labs[0]!;
}

// `lab check [PREFIX]`: real traffic plus a fresh analysis; exit 0 when fixed, 1 with what is still wrong.
export async function runLabCheck(prefix: string | undefined, o: { lang?: string }, io: Io): Promise<number> {
  if (!(await requireRoot(io))) return 2;
  const lang = detectLang(o.lang, io.env);
  const t = wordsIn(lang, T);
  const st = pickLab(prefix, t);
  const sc = scenario(st.scenario)!;
  const lab = Lab.fromState(st);
  const v = await checkLab(lab, sc, st.exercise ? exercise(st.exercise)?.answer : undefined);
  io.stdout.write(`${t.checks}:\n`);
  for (const c of sc.checks) io.stdout.write(`  ${c.name.padEnd(16)} ${v.failing.includes(c.name) ? t.fails : t.ok}\n`);
  if (v.fixed) {
    io.stdout.write(`\n${t.fixed}\n`);
    if (st.exercise) {
      const path = progressPath(io.env);
      saveProgress(path, recordLabFixed(loadProgress(path), st.exercise));
    }
    return 0;
  }
  // what still fails, as a user would see it; never which finding explains it (that would give the answer away)
  io.stdout.write(`\n${t.notYet}:\n`);
  for (const c of sc.checks.filter((x) => v.failing.includes(x.name)))
    io.stdout.write(`  ${t.stillFailing}: ${checkText(c)[lang]}\n`);
  if (v.failing.length === 0 && v.findings.length > 0) io.stdout.write(`  ${t.stillThere}\n`);
  return 1;
}

// `lab hint [PREFIX]`: the exercise's next hint (each call shows one more).
export function runLabHint(prefix: string | undefined, o: { lang?: string }, io: Io): number {
  const lang = detectLang(o.lang, io.env);
  const t = wordsIn(lang, T);
  const st = pickLab(prefix, t);
  const ex = st.exercise ? exercise(st.exercise) : undefined;
  const n = st.hintsShown ?? 0;
  // an exercise's own hints, or graded hints from the scenario's faults (a lab opened with --fault)
  const lab = Lab.fromState(st);
  const sc = scenario(st.scenario);
  const hints =
    ex?.hints ??
    (sc
      ? scenarioHints(sc, st.faults, `kube-netdiag diagnose ${lab.hosts.map((h) => `--netns ${lab.ns(h)}`).join(' ')}`)
      : []);
  const hint = hints[n];
  if (!hint) {
    io.stdout.write(`${t.noHint}${ex ? `: kube-netdiag learn ${ex.id}` : ''}\n`);
    return 0;
  }
  // names in the hint are the lab's short host names; the learner types the real ones
  const text = hint[lang].replace(/ip netns exec (\w+)/g, (_, h: string) => `ip netns exec ${st.prefix}-${h}`);
  io.stdout.write(`${n + 1}/${hints.length}: ${text}\n`);
  saveLab({ ...st, hintsShown: n + 1 });
  return 0;
}

// `lab reset [PREFIX]`: tear down and build again with the same names, scenario and faults.
export async function runLabReset(prefix: string | undefined, o: { lang?: string }, io: Io): Promise<number> {
  if (!(await requireRoot(io))) return 2;
  const st = pickLab(prefix, wordsIn(detectLang(o.lang, io.env), T));
  await Lab.fromState(st).down();
  forgetLab(st.prefix);
  return runLabUp(
    st.exercise ?? st.scenario,
    { ...(st.exercise ? {} : { fault: st.faults }), ...(o.lang ? { lang: o.lang } : {}), prefix: st.prefix },
    io,
  );
}

// `lab shell HOST [PREFIX]`: a shell inside one of the lab's namespaces, its prompt naming the host, so a learner
// always knows where a command runs.
export async function runLabShell(
  host: string,
  prefix: string | undefined,
  o: { lang?: string },
  io: Io,
): Promise<number> {
  if (!(await requireRoot(io))) return 2;
  const t = wordsIn(detectLang(o.lang, io.env), T);
  const lab = Lab.fromState(pickLab(prefix, t));
  const id = lab.hosts.find((h) => h === host || lab.ns(h) === host);
  if (!id) throw new UsageError(`${t.noShell}: "${host}" (${lab.hosts.join(', ')}).`);
  const ns = lab.ns(id);
  // the environment is ours, not the caller's: a PS1 naming the host, no rc file to override it
  const child = spawn('ip', ['netns', 'exec', ns, 'env', `PS1=[lab ${id}] \\w# `, 'bash', '--norc', '-i'], {
    stdio: 'inherit',
  });
  return new Promise<number>((resolve) => {
    child.on('error', (e) => {
      io.stderr.write(`kube-netdiag lab shell: ${e.message}\n`);
      resolve(2);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}
