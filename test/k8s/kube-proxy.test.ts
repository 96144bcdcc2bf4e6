import { describe, expect, it } from 'vitest';
import { readKubeProxy } from '../../src/snapshot/k8s/kube-proxy.js';
import { parseIptablesSave } from '../../src/parsers/iptables-save.js';
import { fixture } from '../helpers.js';

// fixtures/reference/kube-proxy-overall.iptables-save.txt is the [lab] output of docs/networking-facts.md §iptables-save-format
// (kube-proxy's TestOverallIPTablesRules through iptables-restore → iptables-save 1.8.9), with the chains
// the reference elides left out.
describe('readKubeProxy (docs/networking-facts.md §iptables-save-format, §no-endpoints-rules)', () => {
  const rs = parseIptablesSave(fixture('reference/kube-proxy-overall.iptables-save.txt'), 'f').value;
  const kp = readKubeProxy(rs)!;
  it('service ports by kind, address, port and chain', () => {
    expect(kp.ports.map((p) => `${p.spn}|${p.kind}|${p.ip}:${p.port}/${p.protocol}|${p.chain}`)).toEqual([
      'ns1/svc1:p80|cluster IP|172.30.0.41:80/TCP|KUBE-SVC-XPGD46QRK7WJZT7O',
      'ns2/svc2:p80|external IP|192.168.99.22:80/TCP|KUBE-EXT-GNZBNJ2PO5MGZ6GT',
      'ns2/svc2:p80|loadbalancer IP|1.2.3.4:80/TCP|KUBE-EXT-GNZBNJ2PO5MGZ6GT',
      'ns5/svc5:p80|loadbalancer IP|5.6.7.8:80/TCP|KUBE-FW-NUKIZ6OKUXPJNT4C',
    ]);
  });
  it('no-endpoint rules live in filter (REJECT) and KUBE-EXTERNAL-SERVICES (DROP for no local endpoints)', () => {
    expect(kp.noEndpoints.map((n) => `${n.spn}|${n.local}|${n.ip ?? '-'}:${n.port}`)).toEqual([
      'ns6/svc6:p80|false|172.30.0.46:80',
      'ns2/svc2:p80|true|192.168.99.22:80',
      'ns2/svc2:p80|true|-:3001',
    ]);
  });
  it('node ports, endpoints through EXT/FW/SVC → SEP → DNAT, jumps, masquerade and canary', () => {
    expect(kp.nodePorts.map((n) => `${n.spn}|${n.port}|${n.chain}`)).toEqual([
      'ns2/svc2:p80|3001|KUBE-EXT-GNZBNJ2PO5MGZ6GT',
    ]);
    expect(kp.endpointsOf('KUBE-EXT-4SW47YFZTEDKD3PK').map((e) => e.endpoint)).toEqual(['10.180.0.5:80']);
    expect(kp.endpointsOf('KUBE-SVC-NUKIZ6OKUXPJNT4C').map((e) => e.endpoint)).toEqual(['10.180.0.3:80']);
    expect(Object.keys(kp.jumps).sort()).toEqual(['output', 'postrouting', 'prerouting']);
    expect(kp.markMasq?.targetOpts.get('set-xmark')).toBe('0x4000/0x4000');
    expect(kp.masquerade?.targetOpts.has('random-fully')).toBe(true);
    expect(kp.canary).toBe(true);
  });
  it('no KUBE-SERVICES chain: not a kube-proxy iptables node', () => {
    expect(readKubeProxy(parseIptablesSave('*nat\n:PREROUTING ACCEPT [0:0]\nCOMMIT\n', 'f').value)).toBeUndefined();
  });
});
