// The material's red/blue lab: two namespaces on bridge v-net-0 in a "host" namespace that NATs them
// to an "outside" namespace (a LAN host running dnsmasq), plus a Docker-style DNAT port mapping.
//
//   red  (veth-red 192.168.15.1/24) ─┐
//                                    ├─ v-net-0 192.168.15.5/24 [host] eth0 192.168.1.2/24 ── eth0 192.168.1.3/24 [outside]
//   blue (veth-blue 192.168.15.2/24)─┘        MASQUERADE 192.168.15.0/24, ip_forward=1          dnsmasq :53
import { startDns, TCP_SERVER } from '../checks.js';
import type { Lab } from '../engine.js';
import { defineScenario } from '../scenario.js';

const DNS = '192.168.1.3';
const HOSTS = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n';
const RESOLV = `search lab.test\nnameserver ${DNS}\n`;

/** What can differ from the material's steps (each fault is a change of some of these). */
interface Settings {
  bridgeUp: boolean;
  /** red's address as added (the material: with /24). */
  redAddr: string;
  redUp: boolean;
  /** blue's default gateway (none: no default route). */
  blueGateway: string | undefined;
  ipForward: 0 | 1;
  masquerade: boolean;
  forwardPolicy: 'ACCEPT' | 'DROP';
  /** Where the host's port 8080 is forwarded. */
  publishTo: string;
  blueResolv: string;
  blueNsswitch: string;
  blueHosts: string;
}

const NSSWITCH = 'passwd:         files\ngroup:          files\nhosts:          files dns\nnetworks:       files\n';

// Build the lab from its settings.
async function setup(lab: Lab, s: Readonly<Settings>): Promise<void> {
  for (const id of ['host', 'red', 'blue', 'outside']) await lab.addHost(id);
  for (const id of lab.hosts) await lab.ip(id, 'link', 'set', 'lo', 'up');
  // the virtual switch and its ports
  await lab.ip('host', 'link', 'add', 'v-net-0', 'address', '02:6b:6e:00:00:05', 'type', 'bridge');
  await lab.veth(
    { host: 'red', name: 'veth-red', mac: '02:6b:6e:00:00:01' },
    { host: 'host', name: 'veth-red-br', mac: '02:6b:6e:00:01:01' },
  );
  await lab.veth(
    { host: 'blue', name: 'veth-blue', mac: '02:6b:6e:00:00:02' },
    { host: 'host', name: 'veth-blue-br', mac: '02:6b:6e:00:01:02' },
  );
  await lab.veth(
    { host: 'host', name: 'eth0', mac: '02:6b:6e:00:02:02' },
    { host: 'outside', name: 'eth0', mac: '02:6b:6e:00:02:03' },
  );
  for (const port of ['veth-red-br', 'veth-blue-br']) {
    await lab.ip('host', 'link', 'set', port, 'master', 'v-net-0');
    await lab.ip('host', 'link', 'set', port, 'up');
  }
  await lab.ip('host', 'addr', 'add', '192.168.15.5/24', 'dev', 'v-net-0');
  if (s.bridgeUp) await lab.ip('host', 'link', 'set', 'v-net-0', 'up');
  await lab.ip('host', 'addr', 'add', '192.168.1.2/24', 'dev', 'eth0');
  await lab.ip('host', 'link', 'set', 'eth0', 'up');
  await lab.ip('outside', 'addr', 'add', `${DNS}/24`, 'dev', 'eth0');
  await lab.ip('outside', 'link', 'set', 'eth0', 'up');
  await lab.ip('host', 'route', 'add', 'default', 'via', DNS);
  // the two "pods"
  await lab.ip('red', 'addr', 'add', s.redAddr, 'dev', 'veth-red');
  await lab.ip('blue', 'addr', 'add', '192.168.15.2/24', 'dev', 'veth-blue');
  if (s.redUp) await lab.ip('red', 'link', 'set', 'veth-red', 'up');
  await lab.ip('blue', 'link', 'set', 'veth-blue', 'up');
  // a /32 address leaves no connected route to the gateway, so the kernel refuses a default via it
  if (s.redAddr.includes('/') && s.redUp) await lab.ip('red', 'route', 'add', 'default', 'via', '192.168.15.5');
  if (s.blueGateway) await lab.ip('blue', 'route', 'add', 'default', 'via', s.blueGateway);
  // routing and NAT on the host namespace
  await lab.exec('host', ['sysctl', '-qw', `net.ipv4.ip_forward=${s.ipForward}`]);
  // outside stands for the upstream router: it forwards, and has no route back to 192.168.15.0/24
  await lab.exec('outside', ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
  const nat = [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
  ];
  nat.push(`-A PREROUTING -i eth0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination ${s.publishTo}:80`);
  if (s.masquerade) nat.push('-A POSTROUTING -s 192.168.15.0/24 -j MASQUERADE');
  nat.push('COMMIT');
  const filter = ['*filter', ':INPUT ACCEPT [0:0]', `:FORWARD ${s.forwardPolicy} [0:0]`, ':OUTPUT ACCEPT [0:0]'];
  if (s.forwardPolicy === 'DROP')
    filter.push('-A FORWARD -i eth0 -o v-net-0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
  filter.push('COMMIT');
  await lab.exec('host', ['iptables-restore'], `${nat.join('\n')}\n${filter.join('\n')}\n`);
  // name resolution as each namespace sees it
  for (const id of ['host', 'red', 'blue', 'outside']) {
    lab.writeEtc(id, 'resolv.conf', id === 'blue' ? s.blueResolv : RESOLV);
    lab.writeEtc(id, 'nsswitch.conf', id === 'blue' ? s.blueNsswitch : NSSWITCH);
    lab.writeEtc(id, 'hosts', id === 'blue' ? s.blueHosts : HOSTS);
  }
  // the "container" behind the port mapping: host:8080 → blue:80
  await lab.spawn('blue', TCP_SERVER(80));
  await lab.waitListening('blue', 80);
  await startDns(lab, 'outside', DNS, ['web.lab.test,192.168.1.3']);
}

const ALL = ['red→blue', 'blue→outside', 'red→outside', 'blue-dns', 'outside→8080'];

export const bridgeNat = defineScenario({
  id: 'bridge-nat',
  title: {
    en: 'red and blue on bridge v-net-0; the host namespace routes and NATs them to an outside network (with DNS and a port mapping)',
    'zh-TW': 'red 與 blue 接在 bridge v-net-0 上；host namespace 替它們路由並 NAT 到外部網路（含 DNS 與連接埠對應）',
  },
  hosts: ['host', 'red', 'blue', 'outside'],
  checks: [
    { name: 'red→blue', kind: 'ping', from: 'red', to: '192.168.15.2' },
    { name: 'blue→outside', kind: 'ping', from: 'blue', to: DNS },
    { name: 'red→outside', kind: 'ping', from: 'red', to: DNS },
    { name: 'blue-dns', kind: 'dns', from: 'blue', lookup: 'web.lab.test' },
    { name: 'outside→8080', kind: 'tcp', from: 'outside', to: '192.168.1.2', port: 8080 },
  ],
  healthy: {
    bridgeUp: true,
    redAddr: '192.168.15.1/24',
    redUp: true,
    blueGateway: '192.168.15.5',
    ipForward: 1,
    masquerade: true,
    forwardPolicy: 'ACCEPT',
    publishTo: '192.168.15.2',
    blueResolv: RESOLV,
    blueNsswitch: NSSWITCH,
    blueHosts: HOSTS,
  },
  faults: {
    'veth-down': {
      set: { redUp: false },
      about: { en: "red's veth is left down", 'zh-TW': 'red 的 veth 沒有啟用' },
      expect: ['interface-down@red', 'no-default-route@red', 'dns-nameserver-unreachable@red'],
      breaks: ['red→blue', 'red→outside'],
    },
    'bridge-down': {
      set: { bridgeUp: false },
      about: { en: 'bridge v-net-0 is never brought up', 'zh-TW': 'bridge v-net-0 沒有啟用' },
      expect: ['bridge-down@host', 'dns-nameserver-unreachable@blue', 'dns-nameserver-unreachable@red'],
      breaks: ALL,
    },
    'missing-prefix': {
      set: { redAddr: '192.168.15.1' },
      about: { en: "red's address is added without /24", 'zh-TW': 'red 的位址少了 /24' },
      expect: ['address-prefix-mismatch@red', 'no-default-route@red', 'dns-nameserver-unreachable@red'],
      breaks: ['red→blue', 'red→outside'],
    },
    'no-masquerade': {
      set: { masquerade: false },
      about: {
        en: 'the host has no MASQUERADE rule for 192.168.15.0/24',
        'zh-TW': 'host 沒有替 192.168.15.0/24 設 MASQUERADE',
      },
      expect: ['masquerade-missing@host'],
      breaks: ['blue→outside', 'red→outside', 'blue-dns'],
    },
    'ip-forward-off': {
      set: { ipForward: 0 },
      about: { en: 'net.ipv4.ip_forward is 0 on the host', 'zh-TW': 'host 的 net.ipv4.ip_forward 為 0' },
      expect: ['ip-forward-disabled@host'],
      breaks: (env) => (env.bridgeNf ? ALL : ALL.filter((c) => c !== 'red→blue')),
    },
    'no-default-route': {
      set: { blueGateway: undefined },
      about: { en: 'blue has no default route', 'zh-TW': 'blue 沒有預設路由' },
      expect: ['no-default-route@blue', 'dns-nameserver-unreachable@blue'],
      breaks: ['blue→outside', 'blue-dns', 'outside→8080'],
    },
    'gateway-wrong': {
      set: { blueGateway: '192.168.15.9' },
      about: {
        en: "blue's default route points at an address nobody has",
        'zh-TW': 'blue 的預設路由指向一個不存在的位址',
      },
      expect: ['gateway-unreachable@blue', 'dns-nameserver-unreachable@blue'],
      breaks: ['blue→outside', 'blue-dns', 'outside→8080'],
    },
    'no-resolv-conf': {
      set: { blueResolv: '' },
      about: { en: "blue's resolv.conf is empty", 'zh-TW': 'blue 的 resolv.conf 是空的' },
      expect: ['dns-no-resolv-conf@blue'],
      breaks: ['blue-dns'],
    },
    'no-nameserver': {
      set: { blueResolv: 'search lab.test\noptions ndots:1\n' },
      about: { en: "blue's resolv.conf has no nameserver line", 'zh-TW': 'blue 的 resolv.conf 沒有 nameserver' },
      expect: ['dns-no-nameserver@blue'],
      breaks: ['blue-dns'],
    },
    'nsswitch-files-only': {
      set: { blueNsswitch: 'passwd:         files\ngroup:          files\nhosts:          files\n' },
      about: { en: "blue's nsswitch.conf says hosts: files", 'zh-TW': 'blue 的 nsswitch.conf 只有 hosts: files' },
      expect: ['nsswitch-no-dns@blue'],
      breaks: ['blue-dns'],
    },
    'hosts-override': {
      set: { blueHosts: `${HOSTS}192.168.1.99\tweb.lab.test web\n` },
      about: {
        en: "blue's /etc/hosts pins web.lab.test to a stale address",
        'zh-TW': 'blue 的 /etc/hosts 把 web.lab.test 固定成過時的位址',
      },
      expect: ['hosts-override@blue'],
      breaks: [],
    },
    'forward-drop': {
      set: { forwardPolicy: 'DROP' },
      about: {
        en: "the host's FORWARD policy is DROP with no accept for the bridge",
        'zh-TW': 'host 的 FORWARD 預設政策為 DROP，且沒有放行 bridge 的規則',
      },
      expect: ['forward-blocked@host'],
      breaks: (env) => (env.bridgeNf ? ALL : ALL.filter((c) => c !== 'red→blue')),
    },
    'dnat-wrong-target': {
      set: { publishTo: '192.168.15.3' },
      about: {
        en: 'the port mapping 8080 → 80 points at 192.168.15.3, which nobody has',
        'zh-TW': '連接埠對應 8080 → 80 指向不存在的 192.168.15.3',
      },
      expect: ['dnat-target-unknown@host'],
      breaks: ['outside→8080'],
    },
  },
  setup,
});
