// Once per run: the suite must leave no knd-* entry in the temp folder that was not there before it started.
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';

const ours = (): Set<string> => new Set(readdirSync(tmpdir()).filter((n) => n.startsWith('knd-')));

export default function setup(): () => void {
  const before = ours();
  return () => {
    const left = [...ours()].filter((n) => !before.has(n));
    if (left.length > 0) throw new Error(`the test run left ${left.length} temp folder(s) in ${tmpdir()}: ${left.slice(0, 10).join(', ')}`);
  };
}
