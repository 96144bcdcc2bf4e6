// Names and files from someone else's machine: they never leave the output folder, never become a command,
// never drive the terminal, and deep or looping input never hangs or crashes analysis (issue 11, items 4, 6, 12, 16, 17).
import { fixText } from '../../src/analyzers/types.js';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeApiServer } from '../../bench/fake-apiserver.js';
import { bundleFilePath, isBundlePath, safeHostId } from '../../src/bundle/paths.js';
import { parseIptablesSave } from '../../src/parsers/iptables-save.js';
import { reportFromSnapshot } from '../../src/report.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { evaluate } from '../../src/snapshot/netfilter.js';
import { shq } from '../../src/text/shell.js';
import { renderMarkdown } from '../../src/views/markdown.js';
import { renderText } from '../../src/views/text.js';
import { runCli } from '../cli-io.js';
import { fixture } from '../helpers.js';
import { tempDir } from '../tmp.js';

let server: FakeApiServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

// Where each character of a command line stands: quoted or not; operators and substitutions outside quotes.
function lex(cmd: string): { quoted: boolean[]; operators: string[]; substitutions: number } {
  const quoted: boolean[] = [];
  const operators: string[] = [];
  let substitutions = 0;
  let i = 0;
  let wordStart = true;
  while (i < cmd.length) {
    const c = cmd[i]!;
    if (c === '\\') {
      quoted[i] = quoted[i + 1] = true;
      i += 2;
      wordStart = false;
    } else if (c === "'") {
      quoted[i] = true;
      const close = cmd.indexOf("'", i + 1);
      const end = close < 0 ? cmd.length - 1 : close;
      for (let k = i; k <= end; k++) quoted[k] = true;
      i = end + 1;
      wordStart = false;
    } else if (c === '$' && cmd[i + 1] === "'") {
      let k = i + 2;
      while (k < cmd.length && cmd[k] !== "'") k += cmd[k] === '\\' ? 2 : 1;
      for (let j = i; j <= k; j++) quoted[j] = true;
      i = k + 1;
      wordStart = false;
    } else if (c === '"') {
      let k = i + 1;
      while (k < cmd.length && cmd[k] !== '"') {
        if (cmd[k] === '$' || cmd[k] === '`') substitutions++;
        k += cmd[k] === '\\' ? 2 : 1;
      }
      for (let j = i; j <= k; j++) quoted[j] = true;
      i = k + 1;
      wordStart = false;
    } else if (c === '#' && wordStart) {
      for (let j = i; j < cmd.length; j++) quoted[j] = true; // a comment: inert up to the end of the line
      break;
    } else {
      if (/[;&|<>()`]/.test(c)) operators.push(c);
      if (c === '$') substitutions++;
      quoted[i] = false;
      wordStart = /\s/.test(c);
      i++;
    }
  }
  return { quoted, operators, substitutions };
}

// folder names (no '/': a path component cannot hold one)
const EVIL = [
  'red; touch knd-pwned #',
  'x$(touch knd-pwned)',
  "a'b`id`",
  'two\nlines',
  'esc\x1b]52;c;cm0gLXJmIH4=\x07',
];

// A lab capture with every host renamed to a hostile name (folder, host.json name and netns).
function hostileBundle(name: string): Map<string, string> {
  const files = new Map<string, string>();
  const src = buildSnapshot({ path: 'x', origin: 'dir', files: new Map() }); // warm import only
  void src;
  const base = 'bridge-nat/no-default-route';
  for (const h of ['blue', 'host', 'red', 'outside']) {
    for (const f of [
      'ip-addr.txt',
      'ip-route.txt',
      'iptables-save.txt',
      'sysctl.txt',
      'resolv.conf',
      'nsswitch.conf',
      'hosts',
    ]) {
      try {
        files.set(`hosts/${h === 'blue' ? name : h}/${f}`, fixture(`${base}/hosts/${h}/${f}`));
      } catch {
        /* not every host has every file */
      }
    }
    files.set(
      `hosts/${h === 'blue' ? name : h}/host.json`,
      JSON.stringify({ kind: 'netns', name: h === 'blue' ? name : h, netns: h === 'blue' ? name : h }),
    );
  }
  return files;
}

describe('fix commands: a captured name is always one quoted word', () => {
  it('shq: plain stays plain, anything else is one word with no raw control character', () => {
    expect(shq('eth0')).toBe('eth0');
    expect(shq('10.0.0.0/24')).toBe('10.0.0.0/24');
    expect(shq("it's")).toBe(`'it'\\''s'`);
    expect(shq('a\nb')).toBe("$'a\\x0ab'");
    for (const e of EVIL) expect(shq(e)).not.toMatch(/[\x00-\x1f]/);
  });
  for (const name of EVIL) {
    it(`host named ${JSON.stringify(name)}: every fix parses in bash, the name never stands outside quotes`, () => {
      const snap = buildSnapshot({ path: 'hostile', origin: 'dir', files: hostileBundle(name) });
      const report = reportFromSnapshot(snap);
      const mine = report.findings.filter(
        (f) => f.target === name && f.fix.some((c) => fixText(c).includes(`ip netns exec ${shq(name)} `)),
      );
      expect(mine.map((f) => f.id)).toContain('no-default-route');
      for (const f of report.findings) {
        for (const cmd of f.fix.map((e) => fixText(e))) {
          expect(cmd).not.toMatch(/[\x00-\x1f\x7f]/);
          const l = lex(cmd);
          expect(l.substitutions, cmd).toBe(0);
          expect(
            l.operators.filter((o) => o !== '>'),
            cmd,
          ).toEqual([]);
          // every occurrence of the shell-quoted name sits inside quotes
          const q = shq(name);
          for (let at = cmd.indexOf(q); at >= 0; at = cmd.indexOf(q, at + 1)) {
            for (let k = at; k < at + q.length; k++) expect(l.quoted[k], `${cmd} @${k}`).toBe(true);
          }
          const syntax = spawnSync('bash', ['-n', '-c', cmd], { encoding: 'utf8' });
          expect(syntax.status, `${cmd}\n${syntax.stderr}`).toBe(0);
        }
      }
      expect(existsSync('knd-pwned')).toBe(false);
    });
  }
});

describe('control characters from input never reach the terminal or break Markdown', () => {
  it('text and Markdown show escapes; a newline and a fence in a name do not open a new block', () => {
    const name = 'evil\x1b]0;owned\x07\n```\nrm -rf ~';
    const report = reportFromSnapshot(
      buildSnapshot({ path: 'hostile\x1b[2J', origin: 'dir', files: hostileBundle(name) }),
    );
    const text = renderText(report, { lang: 'en', color: false, width: 100 });
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(text).toContain('evil\\e]0;owned\\x07\\n```\\nrm -rf ~');
    const md = renderMarkdown(report, 'en');
    expect(md).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(md.split('\n').filter((l) => l.startsWith('rm -rf'))).toEqual([]);
    // every fence opened is closed by a fence of the same length
    const fences = md
      .split('\n')
      .filter((l) => /^`{3,}/.test(l))
      .map((l) => l.match(/^`+/)![0].length);
    expect(fences.length % 2).toBe(0);
    for (let i = 0; i < fences.length; i += 2) expect(fences[i + 1]).toBe(fences[i]);
  });
  it('stderr of the CLI (progress, warnings, errors) carries no escape sequence from a name', async () => {
    const r = await runCli(['analyze', '/nonexistent/\x1b]52;c;Zm9v\x07bundle']);
    expect(r.code).toBe(2);
    expect(r.err).not.toMatch(/\x1b|\x07/);
    expect(r.err).toContain('\\e]52;c;Zm9v\\x07bundle');
  });
});

describe('names never steer a write', () => {
  it('safeHostId keeps valid names and turns the rest into one safe component, distinct per name', () => {
    expect(safeHostId('worker-1')).toBe('worker-1');
    expect(safeHostId('kube-system.coredns-7db6d8ff4d-abcde')).toBe('kube-system.coredns-7db6d8ff4d-abcde');
    for (const bad of ['..', '.', '../../etc', 'a/b', '', 'x\ny', '-rf']) {
      const id = safeHostId(bad);
      expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9._@+-]*$/);
      expect(id).not.toBe('..');
    }
    expect(safeHostId('a/b')).not.toBe(safeHostId('a_b'));
  });
  it('only bundle paths under the root are accepted', () => {
    expect(isBundlePath('hosts/worker-1/ip-addr.json')).toBe(true);
    for (const p of [
      'hosts/../x/ip-addr.json',
      '../../etc/cron.d/x',
      'hosts/w/../../x',
      'hosts/w/evil.sh',
      '/etc/passwd',
      'cluster/../x.json',
    ]) {
      expect(isBundlePath(p), p).toBe(false);
      expect(() => bundleFilePath('/tmp/root', p)).toThrow(/ERR|refused/);
    }
  });
  it('a hostile node: section names that climb out, and node and pod names from the API, stay inside the output', async () => {
    const list = (items: unknown[]) => JSON.stringify({ kind: 'List', apiVersion: 'v1', items });
    const objects = new Map([
      ['cluster/nodes.json', list([{ metadata: { name: '../../../escape-node' } }])],
      [
        'cluster/pods.json',
        list([
          {
            metadata: { name: '../../pod', namespace: '..' },
            spec: { nodeName: '../../../escape-node', containers: [{ name: 'c' }] },
            status: { phase: 'Running', podIP: '10.244.0.9' },
          },
        ]),
      ],
    ]);
    server = await new FakeApiServer({
      objects,
      exec: (c) => {
        const b = c.command[5];
        const sec = (a: string, text: string) =>
          `@@KND ${b} BEGIN ${a}\n${text}\n@@KND ${b} END ${a} 0\n\n@@KND ${b} DONE ${a}\n`;
        const pod = c.command[6];
        return {
          stdout: `${sec('ip-route.json', '[]')}${sec('../../../../outside.txt', 'pwned')}${sec('pod:../../x/resolv.conf', 'pwned')}${sec(`pod:${pod}/../../../x`, 'pwned')}${sec(`pod:${pod}/resolv.conf`, 'nameserver 10.96.0.10')}@@KND ${b} FINISHED\n`,
        };
      },
    }).start();
    const dir = tempDir('hostile-');
    writeFileSync(join(dir, 'config'), server.kubeconfig('evil'));
    const out = join(dir, 'deep', 'b');
    (await import('node:fs')).mkdirSync(join(dir, 'deep'));
    const r = await runCli(['capture', '--kubeconfig', join(dir, 'config'), '--all-nodes', '-o', out]);
    expect(r.code).toBe(0);
    const walk = (d: string): string[] =>
      readdirSync(d, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? walk(join(d, e.name)).map((x) => `${e.name}/${x}`) : [e.name],
      );
    expect(readdirSync(dir).sort()).toEqual(['config', 'deep']);
    expect(readdirSync(join(dir, 'deep'))).toEqual(['b']);
    const files = walk(out);
    for (const f of files) expect(isBundlePath(f), f).toBe(true);
    expect(files.some((f) => /pwned/.test(f))).toBe(false);
    const nodeDir = files.find((f) => f.endsWith('/ip-route.json'))!.split('/')[1]!;
    expect(nodeDir).toMatch(/^escape-node-x[0-9a-f]{10}$/);
    expect(files.find((f) => f.endsWith('/resolv.conf'))).toMatch(/^hosts\/[A-Za-z0-9][^/]*\/resolv\.conf$/);
    const errors = files
      .filter((f) => f.endsWith('errors.json'))
      .map((f) => (require('node:fs') as typeof import('node:fs')).readFileSync(join(out, f), 'utf8'))
      .join('\n');
    expect(errors).toMatch(/ignored 3 section\(s\) with names that were not asked for/);
    expect(server.leftovers()).toEqual([]);
  });
});

describe('input that would make analysis hang or crash', () => {
  it('chains that jump to each other in a diamond (and to themselves) are walked in linear time', () => {
    const lines = ['*filter', ':FORWARD DROP [0:0]'];
    // 30 levels of two paths each: 2^30 paths for a walk that does not remember chains
    for (let i = 0; i < 30; i++) lines.push(`:C${i} - [0:0]`);
    lines.push('-A FORWARD -m foo -j C0');
    for (let i = 0; i < 29; i++)
      lines.push(`-A C${i} -m foo -j C${i + 1}`, `-A C${i} -m bar -j C${i + 1}`, `-A C${i} -m baz -j C${i}`);
    lines.push('-A C29 -m foo -j ACCEPT', 'COMMIT');
    const rs = parseIptablesSave(lines.join('\n'), 'iptables-save.txt').value;
    const t0 = Date.now();
    const v = evaluate(rs, 'filter', 'FORWARD', { proto: 'tcp' });
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(v.certain).toBe(false);
    expect(v.verdict).toBe('DROP');
    expect(v.maybes.map((r) => r.chain)).toContain('C29');
  });
  it('host.json and bundle.json nested 100,000 deep: every analyzer runs, every format renders', async () => {
    const deep = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const files = hostileBundle('blue');
    files.set('hosts/blue/host.json', `{"kind":"netns","name":${deep},"netns":"blue"}`);
    files.set('bundle.json', `{"format":1,"cluster":{"context":${deep}},"createdBy":${deep}}`);
    const snap = buildSnapshot({ path: 'deep', origin: 'dir', files });
    const report = reportFromSnapshot(snap);
    expect(report.failures).toEqual([]);
    expect(report.findings.map((f) => `${f.id}@${f.target}`)).toContain('no-default-route@blue');
    expect(snap.warnings.some((w) => /field "name" is not a string/.test(w.message))).toBe(true);
    const dir = tempDir('deep-');
    for (const [k, v] of files) {
      (await import('node:fs')).mkdirSync(join(dir, k, '..'), { recursive: true });
      writeFileSync(join(dir, k), v);
    }
    for (const o of ['json', 'markdown', 'text']) {
      const r = await runCli(['analyze', dir, '-o', o, '--fail-on', 'none']);
      expect(r.code, `${o}: ${r.err}`).toBe(0);
    }
  });
});
