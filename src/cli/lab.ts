// `kube-netdiag lab list|up|down`: the material's topologies, built and broken in real network namespaces.
import type { Lang } from '../analyzers/catalog.js';
import { UsageError } from '../errors.js';
import { detectLang } from '../i18n/lang.js';
import { failingChecks } from '../labs/checks.js';
import { Lab, labSupport, teardownOnSignals } from '../labs/engine.js';
import { scenario, SCENARIOS } from '../labs/scenarios/index.js';
import { forgetLab, saveLab, savedLabs } from '../labs/state.js';
import { run } from '../collectors/runner.js';
import type { Io } from './io.js';

const T = {
  en: { scenarios: 'Scenarios', faults: 'faults', up: 'Labs that are up', none: 'none', built: 'Lab is up', enter: 'Enter a namespace', checks: 'Connectivity now', ok: 'ok', fails: 'FAILS', diagnose: 'Diagnose it', remove: 'Remove it', removed: 'removed' },
  'zh-TW': { scenarios: '情境', faults: '故障', up: '目前啟用中的實驗室', none: '無', built: '實驗室已建立', enter: '進入 namespace', checks: '目前的連通性', ok: '正常', fails: '失敗', diagnose: '診斷', remove: '移除', removed: '已移除' },
} as const satisfies Record<Lang, Record<string, string>>;

async function requireRoot(io: Io): Promise<boolean> {
  const s = await labSupport();
  if (!s.ok) io.stderr.write(`kube-netdiag lab: ${s.reason}. Cause: labs create network namespaces, veth pairs and iptables rules. Remedy: run as root on Linux with iproute2 and iptables installed. [ERR_LAB_UNSUPPORTED]\n`);
  return s.ok;
}

// `lab list`: scenarios, their faults, and labs that are up.
export function runLabList(o: { lang?: string }, io: Io): number {
  const lang = detectLang(o.lang, io.env);
  const t = T[lang];
  io.stdout.write(`${t.scenarios}:\n`);
  for (const sc of SCENARIOS) {
    io.stdout.write(`\n  ${sc.id}  ${sc.title[lang]}\n    ${t.faults}:\n`);
    for (const [f, spec] of Object.entries(sc.faults)) io.stdout.write(`      ${f.padEnd(22)} ${spec.about[lang]}\n`);
  }
  const up = savedLabs();
  io.stdout.write(`\n${t.up}: ${up.length === 0 ? t.none : ''}\n`);
  for (const l of up) io.stdout.write(`  ${l.prefix}  ${l.scenario}${l.faults.length ? ` --fault ${l.faults.join(' --fault ')}` : ''}  (${l.createdAt})\n`);
  return 0;
}

// `lab up SCENARIO [--fault F]...`: build it, say how to get in, show what works and what does not.
export async function runLabUp(id: string, o: { fault?: string[]; lang?: string }, io: Io): Promise<number> {
  const sc = scenario(id);
  if (!sc) throw new UsageError(`unknown scenario "${id}"; run \`kube-netdiag lab list\` (scenarios: ${SCENARIOS.map((s) => s.id).join(', ')}).`);
  const faults = o.fault ?? [];
  for (const f of faults) if (!sc.faults[f]) throw new UsageError(`scenario ${sc.id} has no fault "${f}" (faults: ${Object.keys(sc.faults).join(', ')}).`);
  if (!(await requireRoot(io))) return 2;
  const lang = detectLang(o.lang, io.env);
  const t = T[lang];
  const lab = new Lab(`kndlab${Math.random().toString(16).slice(2, 6)}`);
  const record = { scenario: sc.id, faults, createdAt: new Date().toISOString() };
  // recorded before anything exists, so even a kill -9 mid-build leaves `lab down` something to sweep
  saveLab({ ...lab.state(), ...record });
  const off = teardownOnSignals(() => [lab], () => forgetLab(lab.prefix));
  try {
    await sc.build(lab, faults);
    saveLab({ ...lab.state(), ...record });
  } catch (e) {
    await lab.down();
    forgetLab(lab.prefix);
    throw e;
  } finally {
    off();
  }
  io.stdout.write(`${t.built}: ${lab.prefix} (${sc.id}${faults.length ? `, ${faults.join(', ')}` : ''})\n\n${t.enter}:\n`);
  for (const h of lab.hosts) io.stdout.write(`  ip netns exec ${lab.ns(h)} bash\n`);
  const failing = new Set(await failingChecks(lab, sc.checks));
  io.stdout.write(`\n${t.checks}:\n`);
  for (const c of sc.checks) io.stdout.write(`  ${c.name.padEnd(16)} ${failing.has(c.name) ? t.fails : t.ok}\n`);
  io.stdout.write(`\n${t.diagnose}:\n  kube-netdiag diagnose ${lab.hosts.map((h) => `--netns ${lab.ns(h)}`).join(' ')}\n\n${t.remove}:\n  kube-netdiag lab down ${lab.prefix}\n`);
  return 0;
}

// `lab down [PREFIX]`: remove one lab, or every lab `lab up` made.
export async function runLabDown(prefix: string | undefined, o: { lang?: string }, io: Io): Promise<number> {
  if (!(await requireRoot(io))) return 2;
  const t = T[detectLang(o.lang, io.env)];
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
