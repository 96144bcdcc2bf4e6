import { describe, expect, it } from 'vitest';
import { parseProbes } from '../../src/parsers/probes.js';

describe('parseProbes', () => {
  it('reads the sample with one line per probe', () => {
    const text =
      '[\n  {"kind":"ping","role":"gateway","target":"192.168.15.5","ok":true,"result":"ok","ms":3},\n  {"kind":"dns","role":"nameserver","target":"192.168.1.3","name":"lab.test","ok":false,"result":"timeout","ms":1002},\n  {"kind":"resolve","role":"resolver","target":"web.lab.test","name":"web.lab.test","ok":true,"result":"192.168.1.3","ms":4}\n]\n';
    const { value, warnings } = parseProbes(text, 'probes.json');
    expect(warnings).toEqual([]);
    expect(value.map((p) => [p.kind, p.target, p.ok, p.src.line])).toEqual([
      ['ping', '192.168.15.5', true, 2],
      ['dns', '192.168.1.3', false, 3],
      ['resolve', 'web.lab.test', true, 4],
    ]);
    expect(value[1]!.src.text).toBe(
      '{"kind":"dns","role":"nameserver","target":"192.168.1.3","name":"lab.test","ok":false,"result":"timeout","ms":1002}',
    );
  });
  it('entries it does not understand are warnings', () => {
    expect(parseProbes('[{"kind":"telnet"}, 3]', 'f').warnings).toHaveLength(2);
  });
});
