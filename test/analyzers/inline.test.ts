// Variants a live lab cannot produce (the kernel refuses them) or that need a hand-made capture.
import { describe, expect, it } from 'vitest';
import { d, findings, fixture } from '../helpers.js';

const ids = (fs: ReturnType<typeof findings>) => fs.map((f) => `${f.id}:${f.variant}@${f.target}`);

const BLUE_ADDR = d(`
  1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
      inet 127.0.0.1/8 scope host lo
  2: eth0@if9: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
      link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff link-netnsid 0
      inet 10.0.0.2/24 scope global eth0
`);

describe('gateway-unreachable', () => {
  it('off-link gateway (typed by hand or left behind after an address change)', () => {
    const fs = findings({
      'hosts/a/ip-addr.txt': BLUE_ADDR,
      'hosts/a/ip-route.txt':
        'default via 10.9.9.1 dev eth0 \n10.0.0.0/24 dev eth0 proto kernel scope link src 10.0.0.2 \n',
    });
    expect(ids(fs)).toContain('gateway-unreachable:gateway-off-link@a');
    expect(fs[0]!.severity).toBe('critical');
  });
  it('gateway that failed ARP', () => {
    const fs = findings({
      'hosts/a/ip-addr.txt': BLUE_ADDR,
      'hosts/a/ip-route.txt': 'default via 10.0.0.1 dev eth0 \n10.0.0.0/24 dev eth0 scope link \n',
      'hosts/a/ip-neigh.txt': '10.0.0.1 dev eth0 FAILED \n',
    });
    expect(ids(fs)).toEqual(['gateway-unreachable:neigh-failed@a']);
    expect(fs[0]!.evidence.map((e) => e.source)).toContain('hosts/a/ip-neigh.txt');
  });
  it('route through a missing device, and a linkdown static route (warning)', () => {
    const fs = findings({
      'hosts/a/ip-addr.txt': BLUE_ADDR,
      'hosts/a/ip-route.txt':
        'default via 10.0.0.1 dev eth0 \n10.0.0.0/24 dev eth0 scope link \n172.20.0.0/16 via 10.0.0.7 dev eth9 \n',
    });
    expect(ids(fs)).toEqual(['gateway-unreachable:dev-missing@a']);
    expect(fs[0]!.severity).toBe('warning');
  });
  it('healthy: on-link gateway, onlink flag, and a segment we cannot see fully', () => {
    expect(
      findings({
        'hosts/a/ip-addr.txt': BLUE_ADDR,
        'hosts/a/ip-route.txt':
          'default via 10.0.0.1 dev eth0 \n10.0.0.0/24 dev eth0 scope link \n10.244.1.0/24 via 10.244.1.0 dev eth0 onlink \n',
      }),
    ).toEqual([]);
  });
});

describe('interface-down and bridge-down', () => {
  it('no carrier with an uncaptured peer; loopback down', () => {
    const fs = findings({
      'hosts/n/ip-addr.txt': d(`
      1: lo: <LOOPBACK> mtu 65536 qdisc noop state DOWN group default qlen 1000
      3: vethA@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state LOWERLAYERDOWN group default qlen 1000
          link/ether 02:00:00:00:00:0a brd ff:ff:ff:ff:ff:ff link-netns cni-1234
          inet 10.1.1.1/24 scope global vethA
    `),
    });
    expect(ids(fs).sort()).toEqual(['interface-down:carrier@n', 'interface-down:loopback@n']);
    expect(fs.find((f) => f.variant === 'carrier')!.params.peer).toBe('ifindex 2 in netns cni-1234');
  });
  it('a bridge known only from `ip -d link` is still a bridge', () => {
    const fs = findings({
      'hosts/n/ip-link.txt':
        '4: docker0: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN mode DEFAULT group default\n    link/ether 02:42:00:00:00:01 brd ff:ff:ff:ff:ff:ff promiscuity 0\n    bridge forward_delay 1500 hello_time 200\n',
    });
    expect(ids(fs)).toEqual(['bridge-down:default@n']);
  });
});

describe('address-prefix-mismatch', () => {
  it('two veth ends in different subnets', () => {
    const fs = findings({
      'hosts/a/ip-addr.txt':
        '2: v@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\n    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns b\n    inet 192.168.15.1/24 scope global v\n',
      'hosts/b/ip-addr.txt':
        '2: v@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\n    link/ether 02:00:00:00:00:02 brd ff:ff:ff:ff:ff:ff link-netns a\n    inet 192.168.16.2/24 scope global v\n',
    });
    expect(ids(fs)).toEqual(['address-prefix-mismatch:subnets@b']);
  });
  it('Calico-style /32 pod with a scope-link route to its gateway is fine', () => {
    expect(
      findings({
        'hosts/pod/ip-addr.txt':
          '2: eth0@if9: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\n    link/ether 02:00:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns node\n    inet 10.122.36.69/32 scope global eth0\n',
        'hosts/pod/ip-route.txt': 'default via 169.254.1.1 dev eth0 \n169.254.1.1 dev eth0 scope link \n',
        'hosts/node/ip-addr.txt':
          '2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\n    inet 192.168.10.5/24 scope global eth0\n9: cali08440ddce5b@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\n    link/ether ee:ee:ee:ee:ee:ee brd ff:ff:ff:ff:ff:ff link-netns pod\n',
        'hosts/node/ip-route.txt':
          'default via 192.168.10.1 dev eth0 onlink \n10.122.36.69 dev cali08440ddce5b scope link \n',
      }).filter((f) => f.severity !== 'info'),
    ).toEqual([]);
  });
});

describe('NAT and forwarding', () => {
  const HOST = d(`
    2: docker0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default qlen 1000
        link/ether 02:42:00:00:00:01 brd ff:ff:ff:ff:ff:ff
        inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0
    3: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000
        link/ether 52:54:00:00:00:01 brd ff:ff:ff:ff:ff:ff
        inet 192.168.56.10/24 scope global eth0
    5: veth1@if4: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue master docker0 state UP group default qlen 1000
        link/ether 02:00:00:00:00:05 brd ff:ff:ff:ff:ff:ff link-netnsid 0
  `);
  const ROUTES =
    'default via 192.168.56.1 dev eth0 proto dhcp metric 100 \n172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1 \n192.168.56.0/24 dev eth0 proto kernel scope link src 192.168.56.10 \n';
  const DOCKER = d(`
    *nat
    :POSTROUTING ACCEPT [0:0]
    -A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE
    -A PREROUTING -p tcp -m tcp --dport 8080 -j DNAT --to-destination 10.99.0.7:80
    COMMIT
    *filter
    :FORWARD DROP [0:0]
    -A FORWARD -j DOCKER-USER
    -A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
    -A FORWARD -i docker0 ! -o docker0 -j ACCEPT
    -A DOCKER-USER -j RETURN
    COMMIT
  `);
  it("Docker's own rules: MASQUERADE with ! -o, FORWARD DROP with accepts before it: no NAT/forward finding; DNAT only default-routed", () => {
    const fs = findings({
      'hosts/node/ip-addr.txt': HOST,
      'hosts/node/ip-route.txt': ROUTES,
      'hosts/node/iptables-save.txt': DOCKER,
      'hosts/node/sysctl.txt': 'net.ipv4.ip_forward = 1\n',
    });
    expect(ids(fs)).toEqual(['dnat-target-unknown:default-only@node']);
    expect(fs[0]!.severity).toBe('warning');
  });
  it('the same host with ip_forward=0 and without the docker0 accept: both reported', () => {
    const broken = DOCKER.replace('-A FORWARD -i docker0 ! -o docker0 -j ACCEPT\n', '');
    const fs = findings({
      'hosts/node/ip-addr.txt': HOST,
      'hosts/node/ip-route.txt': ROUTES,
      'hosts/node/iptables-save.txt': broken,
      'hosts/node/sysctl.txt': 'net.ipv4.ip_forward = 0\n',
    });
    expect(ids(fs)).toEqual(expect.arrayContaining(['forward-blocked:outbound@node', 'ip-forward-disabled:nat@node']));
  });
  it('an `iptables -L` capture without the nat table does not claim MASQUERADE is missing', () => {
    const fs = findings({
      'hosts/node/ip-addr.txt': HOST,
      'hosts/node/ip-route.txt': ROUTES,
      'hosts/node/iptables-L.txt':
        'Chain INPUT (policy ACCEPT)\ntarget     prot opt source               destination\n\nChain FORWARD (policy ACCEPT)\ntarget     prot opt source               destination\n',
    });
    expect(ids(fs)).toEqual([]);
  });
  it('an empty iptables-save (no tables loaded) does mean no MASQUERADE', () => {
    const fs = findings({
      'hosts/node/ip-addr.txt': HOST,
      'hosts/node/ip-route.txt': ROUTES,
      'hosts/node/iptables-save.txt': '',
    });
    expect(ids(fs)).toEqual(['masquerade-missing:default@node']);
    expect(fs[0]!.evidence.some((e) => e.line === 0 && /no \*nat table/.test(e.text))).toBe(true);
  });
  it('no NAT needed when the upstream host routes the subnet back', () => {
    const fs = findings({
      'hosts/node/ip-addr.txt': HOST.replace('eth0: <', 'eth0@if7: <').replace(
        '52:54:00:00:00:01 brd ff:ff:ff:ff:ff:ff',
        '52:54:00:00:00:01 brd ff:ff:ff:ff:ff:ff link-netns router',
      ),
      'hosts/node/ip-route.txt': ROUTES.replace('192.168.56.1 ', '192.168.56.1 '),
      'hosts/node/iptables-save.txt': '',
      'hosts/router/ip-addr.txt':
        '7: eth1@if3: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 state UP\n    link/ether 02:00:00:00:00:07 brd ff:ff:ff:ff:ff:ff link-netns node\n    inet 192.168.56.1/24 scope global eth1\n',
      'hosts/router/ip-route.txt': '192.168.56.0/24 dev eth1 scope link \n172.17.0.0/16 via 192.168.56.10 dev eth1 \n',
    });
    expect(ids(fs).filter((x) => x.startsWith('masquerade'))).toEqual([]);
  });
});

describe('DNS', () => {
  it('resolv.conf absent on the target (errors.json) vs simply not captured', () => {
    const absent = findings({
      'hosts/p/ip-addr.txt': BLUE_ADDR,
      'hosts/p/errors.json':
        '[{"artifact":"resolv.conf","reason":"absent","message":"/etc/resolv.conf does not exist"}]',
    });
    expect(ids(absent)).toEqual(['dns-no-resolv-conf:missing@p']);
    expect(findings({ 'hosts/p/ip-addr.txt': BLUE_ADDR })).toEqual([]);
  });
  it('nameserver behind a blackhole route; loopback nameserver with lo down; one good server lowers severity', () => {
    const fs = findings({
      'hosts/a/ip-addr.txt': BLUE_ADDR.replace('<LOOPBACK,UP,LOWER_UP>', '<LOOPBACK>'),
      'hosts/a/ip-route.txt':
        'default via 10.0.0.1 dev eth0 \n10.0.0.0/24 dev eth0 scope link \nblackhole 8.8.8.0/24 \n',
      'hosts/a/resolv.conf': 'nameserver 8.8.8.8\nnameserver 127.0.0.53\nnameserver 10.0.0.1\n',
    });
    const dns = fs.filter((f) => f.id === 'dns-nameserver-unreachable');
    expect(dns.map((f) => `${f.variant}:${f.severity}`).sort()).toEqual([
      'loopback-down:warning',
      'reject-route:warning',
    ]);
  });
  it('hosts-override is silent when nsswitch.conf is absent (glibc asks DNS first)', () => {
    const files = {
      'hosts/a/hosts': '10.1.2.3 db.example.com\n',
      'hosts/a/errors.json': '[{"artifact":"nsswitch.conf","reason":"absent","message":"no file"}]',
    };
    expect(findings(files)).toEqual([]);
    expect(ids(findings({ 'hosts/a/hosts': '10.1.2.3 db.example.com\n' }))).toEqual(['hosts-override:default@a']);
  });
});

describe('port-less bridges', () => {
  it('docker0 with no containers shows NO-CARRIER: normal, not interface-down (docs/networking-facts.md §ip-addr)', () => {
    const fs = findings({
      'hosts/n/ip-addr.txt':
        '16: docker0: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1500 qdisc noqueue state DOWN group default qlen 1000\n    link/ether 02:42:8f:00:00:01 brd ff:ff:ff:ff:ff:ff\n    inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0\n',
    });
    expect(fs).toEqual([]);
  });
});

describe('interface-down: an overlay device (issue 15)', () => {
  // fixtures/k8s-vxlan/healthy/hosts/worker-1, with flannel.1 set down and its address gone
  const addr = fixture('k8s-vxlan/healthy/hosts/worker-1/ip-addr.txt')
    .replace(
      /flannel\.1: <BROADCAST,MULTICAST,UP,LOWER_UP>(.*)state UNKNOWN/,
      'flannel.1: <BROADCAST,MULTICAST>$1state DOWN',
    )
    .replace(/\n\s+inet 10\.244\.0\.0\/32 scope global flannel\.1/, '');
  const routes = fixture('k8s-vxlan/healthy/hosts/worker-1/ip-route.txt');
  it('a down flannel.1 with no address left is reported, citing the device', () => {
    const fs = findings({ 'hosts/worker-1/ip-addr.txt': addr, 'hosts/worker-1/ip-route.txt': routes });
    const f = fs.find((x) => x.id === 'interface-down');
    expect(f).toMatchObject({ variant: 'admin', target: 'worker-1', params: { iface: 'flannel.1' } });
  });
  it('the same device up is not', () => {
    const fs = findings({
      'hosts/worker-1/ip-addr.txt': fixture('k8s-vxlan/healthy/hosts/worker-1/ip-addr.txt'),
      'hosts/worker-1/ip-route.txt': routes,
    });
    expect(fs.filter((x) => x.id === 'interface-down')).toEqual([]);
  });
});

describe('a partial device listing is partial (issue 15)', () => {
  // `ip addr show docker0` (one device, in the shape iproute2 6.1.0 prints it) beside the full route table
  const docker0 = d(`
    3: docker0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc noqueue state UP group default
        link/ether 02:42:ac:11:00:01 brd ff:ff:ff:ff:ff:ff
        inet 172.17.0.1/16 brd 172.17.255.255 scope global docker0
  `);
  const routes =
    'default via 10.0.2.2 dev enp0s3 proto dhcp metric 100\n10.0.2.0/24 dev enp0s3 proto kernel scope link src 10.0.2.15\n172.17.0.0/16 dev docker0 proto kernel scope link src 172.17.0.1\n';
  it('a route through a device the listing does not show is no "missing device"', () => {
    const fs = findings({ 'hosts/h/ip-addr.txt': docker0, 'hosts/h/ip-route.txt': routes });
    expect(fs.filter((f) => f.id === 'gateway-unreachable')).toEqual([]);
  });
  it('with the whole listing (lo is always in it), a device that is not there is missing', () => {
    const all = `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    inet 127.0.0.1/8 scope host lo\n${docker0}`;
    const fs = findings({ 'hosts/h/ip-addr.txt': all, 'hosts/h/ip-route.txt': routes });
    expect(fs.find((f) => f.id === 'gateway-unreachable')).toMatchObject({ variant: 'dev-missing' });
  });
});

describe('iptables-backend-split (fixtures/backend-split/README.md)', () => {
  it("iptables-nft-save's warning that legacy tables are present", () => {
    const fs = findings({ 'hosts/n/iptables-save.txt': fixture('backend-split/iptables-nft-save.txt') });
    const f = fs.find((x) => x.id === 'iptables-backend-split');
    expect(f).toMatchObject({ variant: 'warned', target: 'n' });
    expect(f!.evidence[0]!.text).toMatch(/^# Warning: iptables-legacy tables present/);
  });
  it('legacy rules captured beside iptables-nft tables with rules of their own', () => {
    const fs = findings({
      'hosts/n/iptables-save.txt': fixture('backend-split/iptables-legacy-save.txt'),
      'hosts/n/nft.txt': fixture('backend-split/nft.txt'),
    });
    expect(fs.find((x) => x.id === 'iptables-backend-split')).toMatchObject({
      variant: 'both',
      params: { legacy: 'nat', nft: 'ip nat' },
    });
  });
  it('one backend alone is no split', () => {
    const one = findings({ 'hosts/n/iptables-save.txt': fixture('backend-split/iptables-legacy-save.txt') });
    expect(one.some((x) => x.id === 'iptables-backend-split')).toBe(false);
    const healthy = findings({
      'hosts/n/iptables-save.txt': fixture('k8s-hostgw/healthy/hosts/worker-1/iptables-save.txt'),
      'hosts/n/nft.txt': fixture('backend-split/nft.txt'),
    });
    // an nf_tables iptables-save beside its own tables in nft: the same rules seen twice, not a split
    expect(healthy.some((x) => x.id === 'iptables-backend-split')).toBe(false);
  });
});

describe('no-network-interface needs to see lo', () => {
  it('a garbled or empty device listing is no proof that the namespace has only lo', () => {
    const fs = findings({ 'hosts/x/ip-addr.txt': 'garbage that is not ip addr output\n' });
    expect(fs.some((f) => f.id === 'no-network-interface')).toBe(false);
  });
});
