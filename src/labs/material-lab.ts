// The material's red/blue lab: two namespaces on bridge v-net-0 in a "host" namespace that NATs them
// to an "outside" namespace (a LAN host running dnsmasq), plus a Docker-style DNAT port mapping.
//
//   red  (veth-red 192.168.15.1/24) ─┐
//                                    ├─ v-net-0 192.168.15.5/24 [host] eth0 192.168.1.2/24 ── eth0 192.168.1.3/24 [outside]
//   blue (veth-blue 192.168.15.2/24)─┘        MASQUERADE 192.168.15.0/24, ip_forward=1          dnsmasq :53
import { Lab } from './engine.js';

export const FAULTS = [
  'veth-down', 'bridge-down', 'missing-prefix', 'no-masquerade', 'ip-forward-off', 'no-default-route',
  'gateway-wrong', 'no-resolv-conf', 'no-nameserver', 'nsswitch-files-only', 'hosts-override', 'forward-drop', 'dnat-wrong-target',
] as const;
export type Fault = (typeof FAULTS)[number];

const DNS = '192.168.1.3';
const HOSTS = '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n';

// Build the lab with the given faults applied in place of the healthy step.
export async function buildMaterialLab(lab: Lab, faults: readonly Fault[] = []): Promise<void> {
  const has = (f: Fault): boolean => faults.includes(f);
  for (const id of ['host', 'red', 'blue', 'outside']) await lab.addHost(id);
  for (const id of lab.hosts) await lab.ip(id, 'link', 'set', 'lo', 'up');
  // the virtual switch and its ports
  await lab.ip('host', 'link', 'add', 'v-net-0', 'address', '02:6b:6e:00:00:05', 'type', 'bridge');
  await lab.veth({ host: 'red', name: 'veth-red', mac: '02:6b:6e:00:00:01' }, { host: 'host', name: 'veth-red-br', mac: '02:6b:6e:00:01:01' });
  await lab.veth({ host: 'blue', name: 'veth-blue', mac: '02:6b:6e:00:00:02' }, { host: 'host', name: 'veth-blue-br', mac: '02:6b:6e:00:01:02' });
  await lab.veth({ host: 'host', name: 'eth0', mac: '02:6b:6e:00:02:02' }, { host: 'outside', name: 'eth0', mac: '02:6b:6e:00:02:03' });
  for (const port of ['veth-red-br', 'veth-blue-br']) {
    await lab.ip('host', 'link', 'set', port, 'master', 'v-net-0');
    await lab.ip('host', 'link', 'set', port, 'up');
  }
  await lab.ip('host', 'addr', 'add', '192.168.15.5/24', 'dev', 'v-net-0');
  if (!has('bridge-down')) await lab.ip('host', 'link', 'set', 'v-net-0', 'up');
  await lab.ip('host', 'addr', 'add', '192.168.1.2/24', 'dev', 'eth0');
  await lab.ip('host', 'link', 'set', 'eth0', 'up');
  await lab.ip('outside', 'addr', 'add', `${DNS}/24`, 'dev', 'eth0');
  await lab.ip('outside', 'link', 'set', 'eth0', 'up');
  await lab.ip('host', 'route', 'add', 'default', 'via', DNS);
  // the two "pods"
  await lab.ip('red', 'addr', 'add', has('missing-prefix') ? '192.168.15.1' : '192.168.15.1/24', 'dev', 'veth-red');
  await lab.ip('blue', 'addr', 'add', '192.168.15.2/24', 'dev', 'veth-blue');
  if (!has('veth-down')) await lab.ip('red', 'link', 'set', 'veth-red', 'up');
  await lab.ip('blue', 'link', 'set', 'veth-blue', 'up');
  // a /32 address leaves no connected route to the gateway, so the kernel refuses a default via it
  if (!has('missing-prefix') && !has('veth-down')) await lab.ip('red', 'route', 'add', 'default', 'via', '192.168.15.5');
  if (has('gateway-wrong')) await lab.ip('blue', 'route', 'add', 'default', 'via', '192.168.15.9');
  else if (!has('no-default-route')) await lab.ip('blue', 'route', 'add', 'default', 'via', '192.168.15.5');
  // routing and NAT on the host namespace
  await lab.exec('host', ['sysctl', '-qw', `net.ipv4.ip_forward=${has('ip-forward-off') ? 0 : 1}`]);
  // outside stands for the upstream router: it forwards, and has no route back to 192.168.15.0/24
  await lab.exec('outside', ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
  const nat = ['*nat', ':PREROUTING ACCEPT [0:0]', ':INPUT ACCEPT [0:0]', ':OUTPUT ACCEPT [0:0]', ':POSTROUTING ACCEPT [0:0]'];
  nat.push(`-A PREROUTING -i eth0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination ${has('dnat-wrong-target') ? '192.168.15.3' : '192.168.15.2'}:80`);
  if (!has('no-masquerade')) nat.push('-A POSTROUTING -s 192.168.15.0/24 -j MASQUERADE');
  nat.push('COMMIT');
  const filter = ['*filter', ':INPUT ACCEPT [0:0]', `:FORWARD ${has('forward-drop') ? 'DROP' : 'ACCEPT'} [0:0]`, ':OUTPUT ACCEPT [0:0]'];
  if (has('forward-drop')) filter.push('-A FORWARD -i eth0 -o v-net-0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT');
  filter.push('COMMIT');
  await lab.exec('host', ['iptables-restore'], `${nat.join('\n')}\n${filter.join('\n')}\n`);
  // name resolution as each namespace sees it
  for (const id of ['host', 'red', 'blue', 'outside']) {
    lab.writeEtc(id, 'resolv.conf', `search lab.test\nnameserver ${DNS}\n`);
    lab.writeEtc(id, 'nsswitch.conf', 'passwd:         files\ngroup:          files\nhosts:          files dns\nnetworks:       files\n');
    lab.writeEtc(id, 'hosts', HOSTS);
  }
  if (has('no-resolv-conf')) lab.writeEtc('blue', 'resolv.conf', '');
  if (has('no-nameserver')) lab.writeEtc('blue', 'resolv.conf', 'search lab.test\noptions ndots:1\n');
  if (has('nsswitch-files-only')) lab.writeEtc('blue', 'nsswitch.conf', 'passwd:         files\ngroup:          files\nhosts:          files\n');
  if (has('hosts-override')) lab.writeEtc('blue', 'hosts', `${HOSTS}192.168.1.99\tweb.lab.test web\n`);
  await lab.spawn('outside', ['dnsmasq', '--keep-in-foreground', '--conf-file=/dev/null', '--no-resolv', '--no-hosts', '--user=root', '--bind-interfaces', `--listen-address=${DNS}`, '--host-record=web.lab.test,192.168.1.3', `--pid-file=${lab.runFile('dnsmasq.pid')}`]);
}
