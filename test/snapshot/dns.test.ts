// One DNS-resolution model for analyzers and views (docs/networking-facts.md §nsswitch, §resolv-conf): the
// nsswitch `hosts` walk, /etc/hosts before DNS, and the search/ndots expansion, as table tests.
import { describe, expect, it } from 'vitest';
import { parseNsswitch } from '../../src/parsers/nsswitch-conf.js';
import { expandName, filesBeforeDns, lookup, walkHosts } from '../../src/snapshot/dns.js';
import { dnsLines } from '../../src/views/tui/views/dns.js';
import { initialState } from '../../src/views/tui/model.js';
import { painter } from '../../src/views/tui/text.js';
import { snap } from '../helpers.js';

const svc = (line: string) => parseNsswitch(line, 'f').value.get('hosts')!.services;
const written = (line: string) => ({
  kind: 'written' as const,
  services: svc(line),
  src: { file: 'f', line: 1, text: line },
});

describe('the nsswitch hosts walk', () => {
  it.each([
    ['hosts: files dns', undefined],
    ['hosts: files [NOTFOUND=return] dns', { status: 'notfound', action: '[NOTFOUND=return]' }],
    ['hosts: files mdns4_minimal [NOTFOUND=return] dns', undefined],
    ['hosts: files [!UNAVAIL=return] dns', { action: '[!UNAVAIL=return]' }],
    ['hosts: files myhostname', 'no-dns'],
    ['hosts: resolve [!UNAVAIL=return] files', undefined],
    ['hosts: dns', undefined],
  ])('%s → %j', (line, want) => {
    const got = walkHosts(svc(line));
    if (want === undefined || typeof want === 'string') expect(got).toEqual(want);
    else expect(got).toMatchObject(want);
  });
  it.each([
    ['hosts: files dns', true],
    ['hosts: dns files', false],
    ['hosts: dns', false],
    ['hosts: files', true],
    ['hosts: resolve files', false],
  ])('files before DNS: %s → %s', (line, want) => {
    expect(filesBeforeDns(written(line))).toBe(want);
  });
  it('glibc default when the file or its hosts line is absent; unknown when not collected', () => {
    const absent = snap({
      'hosts/a/hosts': '10.1.2.3 db\n',
      'hosts/a/errors.json': '[{"artifact":"nsswitch.conf","reason":"absent","message":"no file"}]',
    });
    expect(lookup(absent.hosts[0]!, 'db')).toMatchObject({ order: { kind: 'default' } });
    expect(lookup(absent.hosts[0]!, 'db').hostsAnswer).toBeUndefined();
    const noLine = snap({ 'hosts/a/hosts': '10.1.2.3 db\n', 'hosts/a/nsswitch.conf': 'passwd: files\n' });
    expect(filesBeforeDns(lookup(noLine.hosts[0]!, 'db').order)).toBe(false);
    const unknown = snap({ 'hosts/a/hosts': '10.1.2.3 db\n' });
    expect(lookup(unknown.hosts[0]!, 'db').order).toEqual({ kind: 'unknown' });
  });
});

describe('search and ndots expansion', () => {
  const search = ['default.svc.cluster.local', 'svc.cluster.local', 'cluster.local'];
  it.each([
    [
      'kubernetes.default',
      5,
      [
        'kubernetes.default.default.svc.cluster.local.',
        'kubernetes.default.svc.cluster.local.',
        'kubernetes.default.cluster.local.',
        'kubernetes.default.',
      ],
    ],
    [
      'api.example.com',
      2,
      [
        'api.example.com.',
        'api.example.com.default.svc.cluster.local.',
        'api.example.com.svc.cluster.local.',
        'api.example.com.cluster.local.',
      ],
    ],
    ['api.example.com.', 5, ['api.example.com.']],
    ['web', 0, ['web.', 'web.default.svc.cluster.local.', 'web.svc.cluster.local.', 'web.cluster.local.']],
  ])('%s with ndots:%i', (name, ndots, want) => {
    expect(expandName(name, search, ndots)).toEqual(want);
  });
  it('ndots is read from resolv.conf, capped at 15, 1 when unreadable', () => {
    const h = (opt: string) => snap({ 'hosts/a/resolv.conf': `nameserver 10.0.0.1\noptions ${opt}\n` }).hosts[0]!;
    expect(lookup(h('ndots:5'), 'x').ndots).toBe(5);
    expect(lookup(h('ndots:40'), 'x').ndots).toBe(15);
    expect(lookup(h('ndots:lots'), 'x').ndots).toBe(1);
  });
});

describe(':dns uses the same model', () => {
  const screen = (files: Record<string, string>, name: string) => {
    const s = snap(files);
    const st = initialState('en');
    const ctx = {
      snap: s,
      host: s.hosts[0],
      hostId: s.hosts[0]?.id,
      st,
      s: { name, scroll: 0 },
      size: { width: 120, height: 40 },
      p: painter(false),
    };
    return dnsLines(ctx).join('\n');
  };
  const base = { 'hosts/a/resolv.conf': 'nameserver 10.0.0.1\n', 'hosts/a/hosts': '10.1.2.3 db.example.com\n' };
  it('hosts: dns without files — /etc/hosts does not answer first (wrong before)', () => {
    const s = screen({ ...base, 'hosts/a/nsswitch.conf': 'hosts: dns\n' }, 'db.example.com');
    expect(s).not.toMatch(/answered before DNS/);
    expect(s).toMatch(/1\. db\.example\.com\. +→ 10\.0\.0\.1/);
  });
  it('hosts: files dns — /etc/hosts answers first', () => {
    expect(screen({ ...base, 'hosts/a/nsswitch.conf': 'hosts: files dns\n' }, 'db.example.com')).toMatch(
      /\/etc\/hosts: db\.example\.com → 10\.1\.2\.3 \(answered before DNS is asked\)/,
    );
  });
  it('hosts: files resolve — DNS is reached through systemd-resolved; files [NOTFOUND=return] — it is not', () => {
    expect(screen({ ...base, 'hosts/a/nsswitch.conf': 'hosts: files resolve\n' }, 'x.example')).not.toMatch(
      /never sent/,
    );
    expect(screen({ ...base, 'hosts/a/nsswitch.conf': 'hosts: files [NOTFOUND=return] dns\n' }, 'x.example')).toMatch(
      /nsswitch stops at files\[NOTFOUND=return\]: these queries are never sent/,
    );
  });
  it('nsswitch.conf not collected: the order is shown as unknown, not as the glibc default', () => {
    expect(screen(base, 'x.example')).toMatch(/nsswitch\.conf not collected: order unknown/);
  });
});
