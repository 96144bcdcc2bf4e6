import { describe, expect, it } from 'vitest';
import { redact } from '../../src/collectors/redact.js';
import { fixture } from '../helpers.js';

describe('redaction (on by default in captures)', () => {
  it('masks planted tokens, passwords, bearer credentials, JWTs and private keys', () => {
    const planted = [
      'users:(("app",pid=1,fd=3)) --token=s3cr3t-planted-value',
      'DB_PASSWORD=hunter2-planted',
      'Authorization: Bearer abcdefghijklmnop-planted',
      'jwt eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJwbGFudGVkIn0.c2lnbmF0dXJlcGxhbnRlZA',
      '-----BEGIN RSA PRIVATE KEY-----\nMIIEplanted\n-----END RSA PRIVATE KEY-----',
      'api_key: "planted-key"',
    ].join('\n');
    const r = redact(planted);
    expect(r.text).not.toMatch(/planted|s3cr3t|hunter2|MIIE/);
    expect(r.count).toBe(6);
  });
  it('leaves real network captures alone (nsswitch databases, routes, rules)', () => {
    for (const f of [
      'bridge-nat/healthy/hosts/host/nsswitch.conf',
      'bridge-nat/healthy/hosts/host/iptables-save.txt',
      'bridge-nat/healthy/hosts/host/ip-addr.txt',
    ]) {
      const text = fixture(f).replace('[REDACTED]', 'files');
      expect(redact(text)).toEqual({ text, count: 0 });
    }
  });
});
