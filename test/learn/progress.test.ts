// Scores and progress persistence in the XDG config directory.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  loadProgress,
  progressPath,
  recordLabFixed,
  recordWalkthrough,
  saveProgress,
  scoreFor,
} from '../../src/learn/progress.js';
import { tempDir } from '../tmp.js';

describe('scores and progress', () => {
  it('3 stars at the first try, 2 after one wrong pick, never below 1', () => {
    expect([0, 1, 2, 5].map(scoreFor)).toEqual([3, 2, 1, 1]);
  });
  it('keeps the best walkthrough, counts attempts, and the first lab fix', () => {
    let p = loadProgress('/nonexistent/learn.json');
    p = recordWalkthrough(p, 'no-masquerade', { wrong: 2, looked: 4 }, new Date('2026-11-26T10:00:00Z'));
    p = recordWalkthrough(p, 'no-masquerade', { wrong: 0, looked: 1 }, new Date('2026-11-26T11:00:00Z'));
    p = recordWalkthrough(p, 'no-masquerade', { wrong: 1, looked: 1 }, new Date('2026-11-26T12:00:00Z'));
    expect(p.exercises['no-masquerade']).toEqual({
      attempts: 3,
      walkthrough: { wrong: 0, looked: 1, score: 3, at: '2026-11-26T11:00:00.000Z' },
    });
    p = recordLabFixed(p, 'no-masquerade', new Date('2026-11-26T13:00:00Z'));
    p = recordLabFixed(p, 'no-masquerade', new Date('2026-11-26T14:00:00Z'));
    expect(p.exercises['no-masquerade']!.labFixedAt).toBe('2026-11-26T13:00:00.000Z');
  });
  it('lives in $XDG_CONFIG_HOME/kube-netdiag (else ~/.config), round-trips, and survives a damaged file', () => {
    const xdg = tempDir('xdg-');
    expect(progressPath({ XDG_CONFIG_HOME: xdg })).toBe(join(xdg, 'kube-netdiag', 'learn.json'));
    expect(progressPath({ HOME: '/home/ana' })).toBe('/home/ana/.config/kube-netdiag/learn.json');
    expect(progressPath({ XDG_CONFIG_HOME: 'relative/dir', HOME: '/home/ana' })).toBe(
      '/home/ana/.config/kube-netdiag/learn.json',
    );
    const path = progressPath({ XDG_CONFIG_HOME: xdg });
    const p = recordWalkthrough(loadProgress(path), 'bridge-down', { wrong: 1, looked: 2 });
    saveProgress(path, p);
    expect(loadProgress(path)).toEqual(p);
    writeFileSync(path, '{"version": 1, "exerc');
    expect(loadProgress(path)).toEqual({ version: 1, exercises: {} });
    expect(readFileSync(path, 'utf8')).toContain('exerc');
  });
});
