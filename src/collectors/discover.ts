// Finds the network namespaces of this machine: named ones (`ip netns list`) and unnamed ones held by
// processes (containers, CNI pods) that have interfaces besides lo, one PID each.
import { readFile, readdir, readlink, stat } from 'node:fs/promises';
import { run } from './runner.js';
import type { Target } from './target.js';

// Names printed by `ip netns list` ("blue (id: 1)" → "blue").
export function parseNetnsList(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim().split(/\s+/)[0] ?? '')
    .filter((n) => n !== '');
}

async function nsInode(path: string): Promise<number | undefined> {
  try {
    const link = await readlink(path);
    const m = /net:\[(\d+)\]/.exec(link);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

// Every namespace worth capturing besides the local one.
export async function discoverNamespaces(): Promise<{ targets: Target[]; warnings: string[] }> {
  const warnings: string[] = [];
  const targets: Target[] = [];
  const list = await run(['ip', 'netns', 'list']);
  const names = list.ok ? parseNetnsList(list.stdout) : [];
  if (!list.ok) warnings.push(`ip netns list: ${list.message ?? list.reason}`);
  const known = new Set<number>();
  const self = await nsInode('/proc/self/ns/net');
  if (self !== undefined) known.add(self);
  for (const n of names) {
    targets.push({ kind: 'netns', name: n });
    try {
      known.add((await stat(`/run/netns/${n}`)).ino);
    } catch {
      /* not bind-mounted where we look: it is still captured by name */
    }
  }
  let pids: string[] = [];
  try {
    pids = (await readdir('/proc')).filter((p) => /^\d+$/.test(p)).sort((a, b) => Number(a) - Number(b));
  } catch (e) {
    warnings.push(`cannot list /proc: ${(e as Error).message}`);
  }
  for (const p of pids) {
    const ino = await nsInode(`/proc/${p}/ns/net`);
    if (ino === undefined || known.has(ino)) continue;
    known.add(ino);
    const dev = await readFile(`/proc/${p}/net/dev`, 'utf8').catch(() => '');
    const ifaces = dev
      .split('\n')
      .slice(2)
      .map((l) => l.split(':')[0]!.trim())
      .filter((n) => n && n !== 'lo');
    if (ifaces.length === 0) continue;
    const comm = (await readFile(`/proc/${p}/comm`, 'utf8').catch(() => 'proc')).trim().replace(/[^\w.-]/g, '_');
    targets.push({ kind: 'pid', pid: Number(p), label: `${comm}-${p}` });
  }
  return { targets, warnings };
}
