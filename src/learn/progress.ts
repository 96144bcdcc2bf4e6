// The learner's progress and scores, one JSON file per user in the XDG config directory.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

export interface WalkthroughResult {
  /** 3 for the right cause at the first try, 2 after one wrong pick, 1 after more. */
  score: number;
  wrong: number;
  /** Toolbox commands looked at before answering. */
  looked: number;
  at: string;
}

export interface ExerciseProgress {
  /** Best walkthrough result. */
  walkthrough?: WalkthroughResult;
  attempts?: number;
  /** When `lab check` first passed for this exercise. */
  labFixedAt?: string;
}

export interface Progress {
  version: 1;
  exercises: Record<string, ExerciseProgress>;
}

// $XDG_CONFIG_HOME/kube-netdiag/learn.json, else ~/.config/kube-netdiag/learn.json.
export function progressPath(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(env.HOME || homedir(), '.config');
  return join(base, 'kube-netdiag', 'learn.json');
}

// Read progress; a missing or damaged file is a fresh start (the damaged one is not overwritten until a save).
export function loadProgress(path: string): Progress {
  try {
    const p = JSON.parse(readFileSync(path, 'utf8')) as Progress;
    if (p && p.version === 1 && p.exercises && typeof p.exercises === 'object') return p;
  } catch {
    /* no progress yet */
  }
  return { version: 1, exercises: {} };
}

// Write atomically (a crash mid-write leaves the old file).
export function saveProgress(path: string, p: Progress): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(p, null, 2)}\n`);
  renameSync(tmp, path);
}

// The score of a walkthrough answered after `wrong` wrong picks.
export function scoreFor(wrong: number): number {
  return Math.max(1, 3 - wrong);
}

// Record a finished walkthrough, keeping the best result.
export function recordWalkthrough(
  p: Progress,
  id: string,
  r: Omit<WalkthroughResult, 'score' | 'at'>,
  now = new Date(),
): Progress {
  const cur = p.exercises[id] ?? {};
  const result: WalkthroughResult = { ...r, score: scoreFor(r.wrong), at: now.toISOString() };
  const best = !cur.walkthrough || result.score > cur.walkthrough.score ? result : cur.walkthrough;
  return {
    ...p,
    exercises: { ...p.exercises, [id]: { ...cur, walkthrough: best, attempts: (cur.attempts ?? 0) + 1 } },
  };
}

// Record that the live lab of an exercise was fixed (the first time counts).
export function recordLabFixed(p: Progress, id: string, now = new Date()): Progress {
  const cur = p.exercises[id] ?? {};
  return { ...p, exercises: { ...p.exercises, [id]: { ...cur, labFixedAt: cur.labFixedAt ?? now.toISOString() } } };
}
