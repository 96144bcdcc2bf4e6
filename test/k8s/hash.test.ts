import { describe, expect, it } from 'vitest';
import { sepChain, svcChain } from '../../src/snapshot/k8s/hash.js';

// Values verified against upstream tests and real clusters: docs/networking-facts.md §chain-hashing.
describe('kube-proxy chain hashes (docs/networking-facts.md §chain-hashing)', () => {
  it('service chains', () => {
    expect(svcChain('default/kubernetes:https', 'tcp')).toBe('KUBE-SVC-NPX46M4PTMTKRN6Y');
    expect(svcChain('kube-system/kube-dns:dns', 'udp')).toBe('KUBE-SVC-TCOU7JCQXEZGVUNU');
    expect(svcChain('kube-system/kube-dns:dns-tcp', 'tcp')).toBe('KUBE-SVC-ERIFXISQEP7F7OF4');
    expect(svcChain('kube-system/kube-dns:metrics', 'TCP')).toBe('KUBE-SVC-JD5MR3NA4I4DYORP');
  });
  it('endpoint chains', () => {
    expect(sepChain('ns1/svc1:p80', 'tcp', '10.180.0.1:80')).toBe('KUBE-SEP-SXIVWICOYRO3J4NJ');
  });
  it('the §1.4 sample chains: svc4 and svc5', () => {
    expect(svcChain('ns4/svc4:p80', 'tcp')).toBe('KUBE-SVC-4SW47YFZTEDKD3PK');
    expect(svcChain('ns5/svc5:p80', 'tcp', 'KUBE-FW-')).toBe('KUBE-FW-NUKIZ6OKUXPJNT4C');
    expect(sepChain('ns4/svc4:p80', 'tcp', '10.180.0.5:80')).toBe('KUBE-SEP-C6EBXVWJJZMIWKLZ');
  });
});
