// A pod's files are read as the pod sees them: a /etc/resolv.conf that is a symbolic link to a node or collector
// path (absolute, or climbing with ..) never brings that file into the bundle; a FIFO never blocks; a link loop
// ends (issue 11, item 5). Tested with the real shell functions of the node script and the local reader.
import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAT_ROOT, IN_ROOT } from '../../src/collectors/k8s/node-script.js';
import { readInRoot } from '../../src/collectors/target.js';
import { tempDir } from '../tmp.js';

// A fake container root next to a "node" file the links try to reach.
function layout() {
  const d = tempDir('root-');
  const root = join(d, 'root');
  mkdirSync(join(root, 'etc'), { recursive: true });
  mkdirSync(join(root, 'run', 'resolve'), { recursive: true });
  writeFileSync(join(d, 'node-secret'), 'root:$6$node-hash\n');
  writeFileSync(join(root, 'run', 'resolve', 'resolv.conf'), 'nameserver 10.96.0.10\n');
  return { d, root };
}

const catroot = (root: string, path: string) =>
  spawnSync('sh', ['-c', `${IN_ROOT}\n${CAT_ROOT}\ncatroot "$1" "$2"`, 'sh', root, path], {
    encoding: 'utf8',
    timeout: 10_000,
  });

describe('pod files through symbolic links', () => {
  it('an absolute link is followed inside the pod root (as the pod sees it), never to the node', async () => {
    const { d, root } = layout();
    symlinkSync('/run/resolve/resolv.conf', join(root, 'etc', 'resolv.conf'));
    expect(catroot(root, '/etc/resolv.conf').stdout).toBe('nameserver 10.96.0.10\n');
    expect(await readInRoot(root, '/etc/resolv.conf')).toBe('nameserver 10.96.0.10\n');
    // a link to the node's file by its absolute path lands inside the root, where it does not exist
    symlinkSync(join(d, 'node-secret'), join(root, 'etc', 'hosts'));
    const r = catroot(root, '/etc/hosts');
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/No such file/);
    await expect(readInRoot(root, '/etc/hosts')).rejects.toMatchObject({ code: 'ENOENT' });
  });
  it('.. stops at the pod root; a loop ends; a FIFO is refused at once', async () => {
    const { root } = layout();
    symlinkSync('../../../../../node-secret', join(root, 'etc', 'nsswitch.conf'));
    expect(catroot(root, '/etc/nsswitch.conf').stdout).toBe('');
    await expect(readInRoot(root, '/etc/nsswitch.conf')).rejects.toMatchObject({ code: 'ENOENT' });
    symlinkSync('/etc/loop-b', join(root, 'etc', 'loop-a'));
    symlinkSync('/etc/loop-a', join(root, 'etc', 'loop-b'));
    expect(catroot(root, '/etc/loop-a').status).toBe(40);
    await expect(readInRoot(root, '/etc/loop-a')).rejects.toMatchObject({ code: 'ELOOP' });
    spawnSync('mkfifo', [join(root, 'etc', 'resolv.conf')]);
    const t0 = Date.now();
    const f = catroot(root, '/etc/resolv.conf');
    expect(f.stderr).toMatch(/not a regular file/);
    await expect(readInRoot(root, '/etc/resolv.conf')).rejects.toMatchObject({ code: 'EINVAL' });
    expect(Date.now() - t0).toBeLessThan(5000);
  });
});
