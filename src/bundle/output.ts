// Where `capture -o OUT` writes, decided before anything is collected: a fresh sibling folder receives the files
// and is renamed into place at the end, so a failed or interrupted capture leaves OUT exactly as it was.
import { randomBytes } from 'node:crypto';
import {
  createReadStream,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, resolve, sep } from 'node:path';
import { Parser as TarParser, create as tarCreate } from 'tar';
import { onInterrupt } from '../cleanup.js';
import { NetdiagError } from '../errors.js';
import { TAR_RE } from './layout.js';
import { MAX_ENTRIES } from './read.js';
import { isBundlePath, isInside } from './paths.js';

// Thrown when OUT must not be replaced, so the user keeps data the tool did not create.
export class OutputRefusedError extends NetdiagError {
  constructor(path: string, why: string, remedy: string) {
    super('ERR_OUTPUT_REFUSED', `will not write to ${path}: ${why}. Remedy: ${remedy}`);
  }
}

export interface OutputPlan {
  /** Absolute final path. */
  final: string;
  tar: boolean;
  /** What is at `final` now and will be replaced at the end (never deleted before the new bundle is complete). */
  replaces?: 'bundle' | 'forced';
}

// Every file under dir is a bundle file and bundle.json says kube-netdiag made it (so replacing it loses nothing).
export function isPreviousBundleDir(dir: string): boolean {
  let ok = true;
  let count = 0;
  const walk = (d: string, rel: string, depth: number): void => {
    if (!ok || depth > 3) return void (ok = false);
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (++count > MAX_ENTRIES) return void (ok = false);
      if (e.isDirectory()) walk(join(d, e.name), r, depth + 1);
      else if (!e.isFile() || !isBundlePath(r)) return void (ok = false);
      if (!ok) return;
    }
  };
  try {
    walk(dir, '', 0);
    if (!ok) return false;
    const m = JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8')) as Record<string, unknown>;
    return typeof m.createdBy === 'string' && m.createdBy.startsWith('kube-netdiag');
  } catch {
    return false;
  }
}

// Every entry of the archive is a bundle file under one top folder and its bundle.json says kube-netdiag made it.
export async function isPreviousBundleArchive(file: string): Promise<boolean> {
  return new Promise<boolean>((done) => {
    let ok = true;
    let ours = false;
    let top: string | undefined;
    let entries = 0;
    const parser = new TarParser({ strict: true });
    const input = createReadStream(file);
    const finish = (v: boolean): void => {
      input.destroy();
      done(v);
    };
    parser.on('entry', (e) => {
      const p = e.path.replace(/^\.\//, '').replace(/\/$/, '');
      const slash = p.indexOf('/');
      const head = slash < 0 ? p : p.slice(0, slash);
      top ??= head;
      const rest = slash < 0 ? '' : p.slice(slash + 1);
      if (
        ++entries > MAX_ENTRIES ||
        head !== top ||
        (e.type === 'File' && !isBundlePath(rest)) ||
        !['File', 'Directory'].includes(e.type)
      )
        ok = false;
      if (ok && rest === 'bundle.json' && (e.size ?? 0) < 65536) {
        const chunks: Buffer[] = [];
        e.on('data', (c: Buffer) => chunks.push(c));
        e.on('end', () => {
          try {
            const m = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
            ours = typeof m.createdBy === 'string' && m.createdBy.startsWith('kube-netdiag');
          } catch {
            ok = false;
          }
        });
      } else e.resume();
      if (!ok) finish(false);
    });
    parser.on('error', () => finish(false));
    parser.on('warn', () => finish(false));
    parser.on('end', () => finish(ok && ours));
    input.on('error', () => finish(false));
    input.pipe(parser);
  });
}

// Pack PARENT/TOP into FILE (.tar.gz) with TOP as the single top folder.
async function tarFolder(parent: string, top: string, file: string): Promise<void> {
  await tarCreate({ gzip: true, file, cwd: parent, portable: true }, [top]);
}

// Decide whether OUT may be written, without writing anything. Refusals name the cause and the remedy.
export async function planOutput(out: string, o: { force?: boolean; cwd?: string } = {}): Promise<OutputPlan> {
  const final = resolve(o.cwd ?? process.cwd(), out);
  const tar = TAR_RE.test(final);
  const cwd = resolve(o.cwd ?? process.cwd());
  // the current folder, any folder above it, the home folder and / are never replaced, --force or not
  if (final === sep || isInside(cwd, final) || isInside(homedir(), final)) {
    throw new OutputRefusedError(
      out,
      'it is the current folder, a folder above it, or the home folder',
      'name a new folder, e.g. -o ./netdiag-bundle or -o bundle.tar.gz',
    );
  }
  const parent = dirname(final);
  if (!existsSync(parent) || !statSync(parent).isDirectory()) {
    throw new OutputRefusedError(
      out,
      `its folder ${parent} does not exist`,
      `create it first (mkdir -p ${parent}) or choose another path`,
    );
  }
  let st: Stats;
  try {
    st = lstatSync(final);
  } catch {
    return { final, tar };
  }
  if (tar) {
    if (st.isFile() && (await isPreviousBundleArchive(final))) return { final, tar, replaces: 'bundle' };
    if (o.force && (st.isFile() || st.isSymbolicLink())) return { final, tar, replaces: 'forced' };
    throw new OutputRefusedError(
      out,
      st.isDirectory() ? 'it is a folder' : 'it exists and is not a kube-netdiag archive',
      st.isDirectory() ? 'choose a file name' : 'choose another name, or pass --force to replace it',
    );
  }
  if (st.isDirectory()) {
    if (readdirSync(final).length === 0) return { final, tar, replaces: 'bundle' };
    if (isPreviousBundleDir(final)) return { final, tar, replaces: 'bundle' };
    if (o.force) return { final, tar, replaces: 'forced' };
    throw new OutputRefusedError(
      out,
      'it is a folder that holds files kube-netdiag did not write',
      'choose a new folder, or pass --force to replace it',
    );
  }
  if (o.force) return { final, tar, replaces: 'forced' };
  throw new OutputRefusedError(out, 'a file of that name exists', 'choose another name, or pass --force to replace it');
}

export interface Staging {
  /** The folder the bundle's files go into. */
  root: string;
  /** Put the bundle in place (archive or folder), replacing what the plan allows; then nothing is left behind. */
  commit(): Promise<void>;
  /** Remove the partial output (also run on a signal). */
  abort(): void;
}

// A hidden sibling of OUT (same filesystem, so the final rename is atomic); removed on every exit path.
export function openStaging(plan: OutputPlan): Staging {
  const parent = dirname(plan.final);
  const name = basename(plan.final);
  const tmp = join(parent, `.${name}.knd-partial-${randomBytes(4).toString('hex')}`);
  mkdirSync(tmp);
  const top = plan.tar ? name.replace(TAR_RE, '') || 'bundle' : '';
  const root = plan.tar ? join(tmp, top) : tmp;
  if (plan.tar) mkdirSync(root);
  let open = true;
  const remove = (): void => {
    if (open) rmSync(tmp, { recursive: true, force: true });
    open = false;
  };
  const off = onInterrupt(remove);
  return {
    root,
    abort: () => {
      remove();
      off();
    },
    commit: async () => {
      try {
        if (plan.tar) {
          const file = join(tmp, name);
          await tarFolder(tmp, top, file);
          renameSync(file, plan.final); // replaces a previous archive in one step
          return;
        }
        let old: string | undefined;
        if (plan.replaces && existsSync(plan.final)) {
          old = join(parent, `.${name}.knd-old-${randomBytes(4).toString('hex')}`);
          renameSync(plan.final, old);
        }
        try {
          renameSync(tmp, plan.final);
          open = false;
        } catch (e) {
          if (old) renameSync(old, plan.final);
          throw e;
        }
        if (old) rmSync(old, { recursive: true, force: true });
      } finally {
        remove();
        off();
      }
    },
  };
}
