// A walkthrough's material, read from the exercise's fixture: the symptom as it was really printed, the toolbox
// (each command with the output it printed at capture time), the choices, and the finding that is the answer.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Lang } from '../i18n/lang.js';
import type { RawFinding } from '../analyzers/types.js';
import { ARTIFACT_TABLE, type ArtifactRow, commandLine } from '../bundle/artifacts.js';
import { analyzePath } from '../report.js';
import type { Report } from '../report.js';
import type { Host, Snapshot } from '../snapshot/types.js';
import { causeOf } from './causes.js';
import { type Exercise, fixtureOf } from './exercises.js';

export interface Tool {
  host: string;
  /** What the learner would type. */
  command: string;
  /** The command alone, without the way into the host (`ip addr`). */
  bare: string;
  /** Where it runs, as a heading the host's commands share (`kubectl exec -n default client --`). */
  where: string;
  /** Bundle file holding what that command printed. */
  file: string;
}

export interface Choice {
  /** Finding id this cause stands for. */
  id: string;
  label: string;
}

export interface Walkthrough {
  exercise: Exercise;
  report: Report;
  snapshot: Snapshot;
  symptom: { command: string; output: string; exitCode: number };
  tools: Tool[];
  choices: Choice[];
  /** The finding the analyzers report that answers the exercise. */
  finding: RawFinding | undefined;
}

const CLUSTER_FILES = ['pods', 'services', 'endpointslices', 'networkpolicies', 'configmaps'];

// How a command on a host is typed, in front of the command: inside a namespace, on a node, or in a pod.
function wayIn(h: Host): string {
  if (h.kind === 'pod') return `kubectl exec -n ${h.meta.namespace ?? 'default'} ${h.meta.name ?? h.id} --`;
  if (h.kind === 'node') return `[${h.id}]$`;
  return `ip netns exec ${h.id}`;
}

// The toolbox of a fixture: every host's captured commands, then the cluster objects.
export function toolsOf(snap: Snapshot): Tool[] {
  const tools: Tool[] = [];
  for (const h of snap.hosts) {
    if (h.id === 'lan') continue; // the lab's stand-in for the physical network
    // which command printed each file: the artifact table says
    for (const row of ARTIFACT_TABLE as readonly ArtifactRow[]) {
      const path = `${h.dir}/${row.name}`;
      const cmd = commandLine(row);
      const where = wayIn(h);
      // one row per command: two files one command printed are one thing to run
      if (cmd && snap.files.has(path) && !tools.some((t) => t.host === h.id && t.bare === cmd))
        tools.push({ host: h.id, command: `${where} ${cmd}`, bare: cmd, where, file: path });
    }
  }
  for (const k of CLUSTER_FILES) {
    const path = `cluster/${k}.json`;
    const cmd = `kubectl get ${k} -A -o json`;
    if (snap.files.has(path)) tools.push({ host: 'cluster', command: cmd, bare: cmd, where: 'cluster', file: path });
  }
  return tools;
}

// The answer and the distractors in an order fixed per exercise (the same on every run, not always first).
export function choicesOf(e: Exercise, lang: Lang): Choice[] {
  const answerId = e.answer.split('@')[0]!;
  const ids = [answerId, ...e.distractors];
  const key = (id: string): string => createHash('sha256').update(`${e.id}:${id}`).digest('hex');
  return ids.sort((a, b) => key(a).localeCompare(key(b))).map((id) => ({ id, label: causeOf(id)?.label[lang] ?? id }));
}

// Is this pick right? When it is not, the hint points at the evidence that rules it out.
export function judge(e: Exercise, id: string, lang: Lang): { correct: true } | { correct: false; hint: string } {
  if (id === e.answer.split('@')[0]) return { correct: true };
  return { correct: false, hint: causeOf(id)?.hint[lang] ?? '' };
}

// Load everything a walkthrough shows from the exercise's fixture.
export async function loadWalkthrough(e: Exercise, fixturesDir: string, lang: Lang): Promise<Walkthrough> {
  const { report, snapshot, raw } = await analyzePath(join(fixturesDir, fixtureOf(e)));
  const sym = raw.files.get('learn/symptom.json');
  let symptom = { command: e.symptom.display, output: '(not captured: run `npm run fixtures` as root)', exitCode: 1 };
  if (sym) {
    try {
      symptom = JSON.parse(sym) as typeof symptom;
    } catch {
      /* keep the placeholder */
    }
  }
  const finding = report.findings.find((f) => `${f.id}@${f.target}` === e.answer);
  return { exercise: e, report, snapshot, symptom, tools: toolsOf(snapshot), choices: choicesOf(e, lang), finding };
}
