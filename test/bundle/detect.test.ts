import { describe, expect, it } from 'vitest';
import { detectArtifact, detectByContent } from '../../src/bundle/detect.js';
import { fixture } from '../helpers.js';

describe('single-file recognition', () => {
  it('by exact bundle name and by common aliases', () => {
    expect(detectArtifact('/x/ip-route.json', '')).toBe('ip-route.json');
    expect(detectArtifact('/x/iptables-save', '')).toBe('iptables-save.txt');
    expect(detectArtifact('/tmp/resolv.conf', '')).toBe('resolv.conf');
  });
  it('by content, for every text format we read (real captures and §7 samples)', () => {
    const cases: [string, string][] = [
      [fixture('bridge-nat/healthy/hosts/host/ip-addr.txt'), 'ip-addr.txt'],
      [fixture('bridge-nat/healthy/hosts/host/ip-route.txt'), 'ip-route.txt'],
      [fixture('bridge-nat/healthy/hosts/host/iptables-save.txt'), 'iptables-save.txt'],
      [fixture('bridge-nat/healthy/hosts/host/ip-rule.txt'), 'ip-rule.txt'],
      [fixture('bridge-nat/healthy/hosts/host/sysctl.txt'), 'sysctl.txt'],
      [fixture('bridge-nat/healthy/hosts/outside/ss.txt'), 'ss.txt'],
      [fixture('bridge-nat/healthy/hosts/blue/resolv.conf'), 'resolv.conf'],
      [fixture('bridge-nat/healthy/hosts/blue/nsswitch.conf'), 'nsswitch.conf'],
      [fixture('bridge-nat/healthy/hosts/blue/hosts'), 'hosts'],
      ['Chain INPUT (policy ACCEPT 0 packets, 0 bytes)\n', 'iptables-L.txt'],
      [
        'Kernel IP routing table\nDestination     Gateway         Genmask         Flags Metric Ref    Use Iface\n',
        'route-n.txt',
      ],
      ['Address                  HWtype  HWaddress           Flags Mask            Iface\n', 'arp-n.txt'],
      ['eth0: flags=4163<UP,BROADCAST,RUNNING,MULTICAST>  mtu 1500\n', 'ifconfig.txt'],
      ['10.244.0.2 dev cni0 lladdr 96:57:99:c5:da:9b REACHABLE \n', 'ip-neigh.txt'],
      ['[{"ifindex":1,"ifname":"lo","flags":["LOOPBACK"],"addr_info":[]}]', 'ip-addr.json'],
      ['[{"dst":"default","gateway":"10.0.0.1","dev":"eth0","flags":[]}]', 'ip-route.json'],
      ['IP Virtual Server version 1.2.1 (size=4096)\n', 'ipvsadm.txt'],
    ];
    for (const [text, want] of cases) expect(detectByContent(text), want).toBe(want);
  });
  it('prose is not mistaken for a capture', () => {
    expect(detectByContent('just some words\nand more words\n')).toBeUndefined();
  });
  it('a name that promises one output but holds another is read by its content (issue 15: iptables.txt with -L)', () => {
    const list =
      'Chain INPUT (policy ACCEPT 0 packets, 0 bytes)\n pkts bytes target prot opt in out source destination\n';
    expect(detectArtifact('iptables.txt', list)).toBe('iptables-L.txt');
    expect(detectArtifact('iptables.txt', '*filter\n:INPUT ACCEPT [0:0]\nCOMMIT\n')).toBe('iptables-save.txt');
    // content nobody recognises: the name still counts (the reader then warns line by line)
    expect(detectArtifact('iptables.txt', 'garbled\n')).toBe('iptables-save.txt');
  });
});
