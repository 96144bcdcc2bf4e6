// API answers and credentials that never end: an exec credential plugin that waits forever (an SSO helper waiting
// for a browser) and a list that streams without end get a deadline or a cap, each with a clear message
// (issue 11, item 15).
import { execFileSync } from 'node:child_process';
import { createServer } from 'node:http';
import { writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MAX_RESPONSE_BYTES, connect, getJson } from '../../src/collectors/k8s/connect.js';
import { execInPod } from '../../src/collectors/k8s/exec.js';
import { tempDir } from '../tmp.js';

const config = (server: string, user: string) =>
  `apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster: {server: "${server}"}\nusers:\n- name: u\n  user:\n${user}\ncontexts:\n- name: ctx\n  context: {cluster: c, user: u}\ncurrent-context: ctx\n`;
const plugin = (cmd: string, args: string[]) =>
  `    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: ${cmd}\n      args: [${args.map((a) => JSON.stringify(a)).join(', ')}]\n      interactiveMode: Never\n`;

describe('exec credential plugins', () => {
  it('a plugin that never answers is stopped at the deadline with a clear message (requests and exec alike)', async () => {
    const dir = tempDir('plugin-');
    const secs = 600 + (process.pid % 300);
    writeFileSync(join(dir, 'config'), config('http://127.0.0.1:1', plugin('sh', ['-c', `sleep ${secs}; echo never`])));
    const conn = connect({ kubeconfig: join(dir, 'config'), pluginTimeoutMs: 1000 });
    const t0 = Date.now();
    await expect(getJson(conn, '/version')).rejects.toThrow(
      /credentials for context ctx could not be obtained: the exec credential plugin "sh" gave no answer within 1 s and was stopped.*\[?/,
    );
    expect(Date.now() - t0).toBeLessThan(10_000);
    const ex = await execInPod(conn, { namespace: 'default', pod: 'p', command: ['true'], timeoutMs: 20_000 });
    expect(ex).toMatchObject({
      ok: false,
      reason: 'unauthorized',
      message: expect.stringMatching(/gave no answer within 1 s/),
    });
    // the plugin and its children are gone
    const left = (() => {
      try {
        return execFileSync('pgrep', ['-f', `sleep ${secs}`], { encoding: 'utf8' });
      } catch {
        return '';
      }
    })();
    expect(left).toBe('');
  });
  it('a plugin that fails says why', async () => {
    const dir = tempDir('plugin-');
    writeFileSync(
      join(dir, 'config'),
      config('http://127.0.0.1:1', plugin('sh', ['-c', 'echo "error: token expired, run sso login" >&2; exit 1'])),
    );
    const conn = connect({ kubeconfig: join(dir, 'config') });
    const e = await getJson(conn, '/version').catch((x: Error & { code?: string }) => x);
    expect((e as { code?: string }).code).toBe('ERR_CREDENTIALS');
    expect((e as Error).message).toMatch(/error: token expired, run sso login/);
  });
});

describe('answers without end', () => {
  it('a list that streams forever is cut at the size cap, with memory bounded', async () => {
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"kind":"PodList","items":[');
      // bounded: stops by itself after 200 MiB even if nobody stops reading
      const push = (): void => {
        while (sent < 200 && res.write(chunk)) sent++;
        if (sent < 200 && !res.destroyed) res.once('drain', push);
        else res.end();
      };
      res.on('close', () => (sent = 200));
      push();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const dir = tempDir('stream-');
      writeFileSync(
        join(dir, 'config'),
        config(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, '    token: t'),
      );
      const conn = connect({ kubeconfig: join(dir, 'config') });
      const before = process.memoryUsage().rss;
      await expect(getJson(conn, '/api/v1/pods', 60_000)).rejects.toThrow(/larger than 64 MiB; stopped reading/);
      expect(process.memoryUsage().rss - before).toBeLessThan(MAX_RESPONSE_BYTES * 3);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
