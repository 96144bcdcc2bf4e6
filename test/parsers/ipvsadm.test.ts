import { describe, expect, it } from 'vitest';
import { parseIpvsadm } from '../../src/parsers/ipvsadm.js';

// docs/networking-facts.md §kube-proxy-ipvs
const SAMPLE = [
  'IP Virtual Server version 1.2.1 (size=4096)',
  'Prot LocalAddress:Port Scheduler Flags',
  '  -> RemoteAddress:Port           Forward Weight ActiveConn InActConn',
  'TCP  10.0.0.1:443 rr persistent 10800',
  '  -> 192.168.0.1:6443             Masq    1      1          0',
  'TCP  10.0.0.10:53 rr',
  '  -> 172.17.0.2:53                Masq    1      0          0',
  'UDP  10.0.0.10:53 rr',
  '  -> 172.17.0.2:53                Masq    1      0          0',
  'TCP  10.0.1.175:80 rr',
].join('\n');

describe('parseIpvsadm (docs/networking-facts.md §kube-proxy-ipvs)', () => {
  it('virtual servers and their real servers; one without reals has no endpoints', () => {
    const { value, warnings } = parseIpvsadm(SAMPLE, 'ipvsadm.txt');
    expect(warnings).toEqual([]);
    expect(
      value.map(
        (v) =>
          `${v.protocol} ${v.address}:${v.port} ${v.scheduler} -> ${v.reals.map((r) => `${r.address}:${r.port}/${r.forward}`).join(',')}`,
      ),
    ).toEqual([
      'TCP 10.0.0.1:443 rr -> 192.168.0.1:6443/Masq',
      'TCP 10.0.0.10:53 rr -> 172.17.0.2:53/Masq',
      'UDP 10.0.0.10:53 rr -> 172.17.0.2:53/Masq',
      'TCP 10.0.1.175:80 rr -> ',
    ]);
    expect(value[0]!.reals[0]!.src.line).toBe(5);
  });
  it('garbage and orphans are warnings', () => {
    expect(parseIpvsadm('  -> 1.2.3.4:80 Masq 1 0 0\nTCP nonsense\nwhat\n', 'f').warnings.map((w) => w.line)).toEqual([
      1, 2, 3,
    ]);
  });
});
