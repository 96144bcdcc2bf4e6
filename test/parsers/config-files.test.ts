import { describe, expect, it } from 'vitest';
import { parseHosts } from '../../src/parsers/hosts.js';
import { parseIpNeigh, parseIpNeighJson } from '../../src/parsers/ip-neigh.js';
import { parseIpRule } from '../../src/parsers/ip-rule.js';
import { parseNsswitch } from '../../src/parsers/nsswitch-conf.js';
import { parseResolvConf } from '../../src/parsers/resolv-conf.js';
import { parseSs } from '../../src/parsers/ss.js';
import { parseSysctl } from '../../src/parsers/sysctl.js';
import { d } from '../helpers.js';

describe('parseResolvConf (docs/networking-facts.md §pod-resolv-conf)', () => {
  it('the expected pod file', () => {
    const { value, warnings } = parseResolvConf(
      'search default.svc.cluster.local svc.cluster.local cluster.local example.com\nnameserver 10.0.0.10\noptions ndots:5\n',
      'resolv.conf',
    );
    expect(warnings).toEqual([]);
    expect(value.nameservers.map((n) => n.address)).toEqual(['10.0.0.10']);
    expect(value.search).toHaveLength(4);
    expect(value.options.get('ndots')!.value).toBe('5');
  });
  it('last search/domain wins; comments with # and ;; bad nameserver warned', () => {
    const { value, warnings } = parseResolvConf(
      'search a.example\ndomain b.example # later wins\n; comment\nnameserver not-an-ip\nnameserver 1.1.1.1\nfrobnicate\n',
      'f',
    );
    expect(value.search).toEqual(['b.example']);
    expect(value.nameservers.map((n) => n.address)).toEqual(['1.1.1.1']);
    expect(warnings.map((w) => w.line)).toEqual([4, 6]);
    expect(value.meaningfulLines).toBe(5);
  });
  it('empty file has no meaningful lines', () => {
    expect(parseResolvConf('# nothing\n\n', 'f').value.meaningfulLines).toBe(0);
  });
});

describe('parseNsswitch (docs/networking-facts.md §nsswitch)', () => {
  it('services with [STATUS=action] criteria, negation included', () => {
    const { value, warnings } = parseNsswitch(
      d(`
      passwd:         files systemd
      hosts:          files mdns4_minimal [NOTFOUND=return] dns myhostname
      networks:       files [!UNAVAIL=return] dns
    `),
      'f',
    );
    expect(warnings).toEqual([]);
    expect(value.get('hosts')!.services.map((s) => s.name)).toEqual(['files', 'mdns4_minimal', 'dns', 'myhostname']);
    expect(value.get('hosts')!.services[1]!.actions).toEqual([
      { status: 'notfound', negated: false, action: 'return' },
    ]);
    expect(value.get('networks')!.services[0]!.actions[0]).toEqual({
      status: 'unavail',
      negated: true,
      action: 'return',
    });
  });
  it('bad criteria are warnings', () => {
    expect(parseNsswitch('hosts: [NOTFOUND=return] files [BOGUS=x]\n', 'f').warnings).toHaveLength(2);
  });
});

describe('parseHosts', () => {
  it('entries, kubelet header, bad lines', () => {
    const { value, warnings } = parseHosts(
      '# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n10.0.0.50 db.example.com db\nnot-ip name\n10.0.0.51\n',
      'f',
    );
    expect(value.kubeletManaged).toBe(true);
    expect(value.entries[1]).toMatchObject({ address: '10.0.0.50', names: ['db.example.com', 'db'] });
    expect(warnings.map((w) => w.line)).toEqual([4, 5]);
  });
});

describe('parseSysctl', () => {
  it('key = value, key=value, /proc paths, and missing keys', () => {
    const { value, warnings } = parseSysctl(
      'net.ipv4.ip_forward = 1\nnet.ipv4.conf.all.rp_filter=2\n/proc/sys/net/netfilter/nf_conntrack_max:262144\nsysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory\nbogus line\n',
      'f',
    );
    expect(value.values.get('net.ipv4.ip_forward')!.value).toBe('1');
    expect(value.values.get('net.ipv4.conf.all.rp_filter')!.value).toBe('2');
    expect(value.values.get('net.netfilter.nf_conntrack_max')!.value).toBe('262144');
    expect(value.missing.has('net.bridge.bridge-nf-call-iptables')).toBe(true);
    expect(warnings.map((w) => w.line)).toEqual([5]);
  });
  it('the forms people paste: /proc paths with " = ", and a machine name first (pdsh, ansible, vagrant)', () => {
    const { value, warnings } = parseSysctl(
      '/proc/sys/net/ipv4/conf/all/rp_filter = 2\nnode2: net.ipv4.ip_forward = 0\nworker-1.lab: net.bridge.bridge-nf-call-iptables=1\n',
      'f',
    );
    expect(warnings).toEqual([]);
    expect(value.values.get('net.ipv4.conf.all.rp_filter')!.value).toBe('2');
    expect(value.values.get('net.ipv4.ip_forward')!.value).toBe('0');
    expect(value.values.get('net.bridge.bridge-nf-call-iptables')!.value).toBe('1');
  });
});

describe('parseSs (docs/networking-facts.md §ss)', () => {
  it('ss -tulpn with the run-together header and kernel sockets', () => {
    const { value, warnings } = parseSs(
      d(`
      Netid State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess                            
      udp   UNCONN 0      0            0.0.0.0:8472       0.0.0.0:*                                      
      udp   UNCONN 0      0         10.244.0.1:53         0.0.0.0:*    users:(("python3",pid=10302,fd=3))
      tcp   LISTEN 0      5                  *:10250            *:*    users:(("python3",pid=10302,fd=4))
    `),
      'f',
    );
    expect(warnings).toEqual([]);
    expect(value[0]).toMatchObject({ proto: 'udp', address: '0.0.0.0', port: 8472 });
    expect(value[0]!.process).toBeUndefined();
    expect(value[1]).toMatchObject({ address: '10.244.0.1', port: 53, process: 'python3', pid: 10302 });
    expect(value[2]).toMatchObject({ address: '*', port: 10250 });
  });
  it('netstat -tulpn', () => {
    const { value } = parseSs(
      'Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name\ntcp6       0      0 :::10250                :::*                    LISTEN      10302/python3\nudp        0      0 0.0.0.0:8472            0.0.0.0:*                           -\n',
      'f',
    );
    expect(value[0]).toMatchObject({ proto: 'tcp6', port: 10250, pid: 10302, process: 'python3' });
    expect(value[1]).toMatchObject({ proto: 'udp', port: 8472 });
  });
});

describe('ip neigh and ip rule (docs/networking-facts.md §ip-neigh)', () => {
  it('neighbour states in text and JSON', () => {
    const t = parseIpNeigh(
      '10.244.0.2 dev cni0 lladdr 96:57:99:c5:da:9b REACHABLE \n192.168.56.99 dev eth0 FAILED \n10.244.1.0 dev flannel.1 lladdr 6e:1f:3a:50:0c:9d PERMANENT \n',
      'f',
    );
    expect(t.value.map((n) => n.state[0])).toEqual(['REACHABLE', 'FAILED', 'PERMANENT']);
    const j = parseIpNeighJson(
      '[{"dst":"10.244.0.2","dev":"cni0","lladdr":"96:57:99:c5:da:9b","state":["REACHABLE"]}]',
      'f',
    );
    expect(j.value[0]).toMatchObject({ dst: '10.244.0.2', state: ['REACHABLE'] });
  });
  it('ip rule priorities and tables', () => {
    const r = parseIpRule(
      '0:\tfrom all lookup local\n32765:\tfrom 10.244.0.0/16 lookup 100\n32766:\tfrom all lookup main\n',
      'f',
    );
    expect(r.value[1]).toMatchObject({
      priority: 32765,
      selector: 'from 10.244.0.0/16',
      action: 'lookup',
      table: '100',
    });
  });
});
