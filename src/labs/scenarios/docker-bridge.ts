// Docker's default bridge, built by hand: containers c1 and c2 on docker0 (172.17.0.0/16), Docker's own
// iptables shapes (DOCKER chains, FORWARD policy DROP with its accepts, MASQUERADE ! -o docker0) and
// `-p 8080:80` publishing c1's port 80 on the host.
import { startDns, TCP_SERVER } from '../checks.js';
import type { Lab } from '../engine.js';
import { defineScenario } from '../scenario.js';

const OUT = '192.168.1.3';

/** What can differ from what Docker sets up. */
interface Settings {
  /** c2 gets a veth on docker0 (false: `--network none`). */
  c2Networked: boolean;
  /** Where `-p 8080:80` sends traffic. */
  publishTo: string;
  masquerade: boolean;
  /** FORWARD accepts traffic from docker0 (Docker's own rules). */
  forwardAccepts: boolean;
}

async function setup(lab: Lab, s: Readonly<Settings>): Promise<void> {
  for (const id of ['host', 'c1', 'c2', 'outside']) await lab.addHost(id);
  for (const id of lab.hosts) await lab.ip(id, 'link', 'set', 'lo', 'up');
  await lab.ip('host', 'link', 'add', 'docker0', 'address', '02:42:00:00:00:01', 'type', 'bridge');
  await lab.ip('host', 'addr', 'add', '172.17.0.1/16', 'dev', 'docker0');
  await lab.ip('host', 'link', 'set', 'docker0', 'up');
  let n = 0;
  for (const c of ['c1', 'c2']) {
    n++;
    // `docker run --network none`: the container gets its own namespace with lo and nothing else
    if (c === 'c2' && !s.c2Networked) continue;
    await lab.veth(
      { host: c, name: 'eth0', mac: `02:42:ac:11:00:0${n + 1}` },
      { host: 'host', name: `veth${c}`, mac: `02:42:00:00:01:0${n}` },
    );
    await lab.ip('host', 'link', 'set', `veth${c}`, 'master', 'docker0');
    await lab.ip('host', 'link', 'set', `veth${c}`, 'up');
    await lab.ip(c, 'addr', 'add', `172.17.0.${n + 1}/16`, 'dev', 'eth0');
    await lab.ip(c, 'link', 'set', 'eth0', 'up');
    await lab.ip(c, 'route', 'add', 'default', 'via', '172.17.0.1');
  }
  await lab.veth(
    { host: 'host', name: 'eth0', mac: '02:6b:6e:00:02:02' },
    { host: 'outside', name: 'eth0', mac: '02:6b:6e:00:02:03' },
  );
  await lab.ip('host', 'addr', 'add', '192.168.1.2/24', 'dev', 'eth0');
  await lab.ip('host', 'link', 'set', 'eth0', 'up');
  await lab.ip('outside', 'addr', 'add', `${OUT}/24`, 'dev', 'eth0');
  await lab.ip('outside', 'link', 'set', 'eth0', 'up');
  await lab.ip('host', 'route', 'add', 'default', 'via', OUT);
  await lab.exec('host', ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
  await lab.exec('outside', ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
  const target = s.publishTo;
  const rules = [
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    ':DOCKER - [0:0]',
    '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
    '-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER',
    ...(s.masquerade ? ['-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE'] : []),
    '-A DOCKER -i docker0 -j RETURN',
    `-A DOCKER ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination ${target}:80`,
    'COMMIT',
    '*filter',
    ':INPUT ACCEPT [0:0]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':DOCKER - [0:0]',
    ':DOCKER-USER - [0:0]',
    '-A FORWARD -j DOCKER-USER',
    '-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    '-A FORWARD -o docker0 -j DOCKER',
    ...(s.forwardAccepts
      ? ['-A FORWARD -i docker0 ! -o docker0 -j ACCEPT', '-A FORWARD -i docker0 -o docker0 -j ACCEPT']
      : []),
    `-A DOCKER -d ${target}/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT`,
    '-A DOCKER-USER -j RETURN',
    'COMMIT',
  ];
  await lab.exec('host', ['iptables-restore'], `${rules.join('\n')}\n`);
  for (const id of lab.hosts) {
    lab.writeEtc(id, 'resolv.conf', `nameserver ${OUT}\n`);
    lab.writeEtc(id, 'nsswitch.conf', 'hosts:          files dns\n');
    lab.writeEtc(id, 'hosts', '127.0.0.1\tlocalhost\n');
  }
  await lab.spawn('c1', TCP_SERVER(80));
  await lab.waitListening('c1', 80);
  await startDns(lab, 'outside', OUT, ['web.lab.test,192.168.1.3']);
}

export const dockerBridge = defineScenario({
  id: 'docker-bridge',
  title: {
    en: "Docker's default bridge: c1 and c2 on docker0, NAT to the outside, and -p 8080:80 to c1",
    'zh-TW': 'Docker 預設 bridge:c1 與 c2 接在 docker0,NAT 到外部，並以 -p 8080:80 對應到 c1',
  },
  hosts: ['host', 'c1', 'c2', 'outside'],
  checks: [
    { name: 'c1→c2', kind: 'ping', from: 'c1', to: '172.17.0.3' },
    { name: 'c1→outside', kind: 'ping', from: 'c1', to: OUT },
    { name: 'c2-dns', kind: 'dns', from: 'c2', lookup: 'web.lab.test' },
    { name: 'outside→8080', kind: 'tcp', from: 'outside', to: '192.168.1.2', port: 8080 },
  ],
  healthy: { c2Networked: true, publishTo: '172.17.0.2', masquerade: true, forwardAccepts: true },
  faults: {
    'dnat-wrong-target': {
      set: { publishTo: '172.17.0.9' },
      about: {
        en: '-p 8080:80 maps to 172.17.0.9, a container that does not exist',
        'zh-TW': '-p 8080:80 對應到不存在的容器 172.17.0.9',
      },
      expect: ['dnat-target-unknown@host'],
      breaks: ['outside→8080'],
    },
    'no-masquerade': {
      set: { masquerade: false },
      about: {
        en: "Docker's MASQUERADE rule for 172.17.0.0/16 is gone",
        'zh-TW': 'Docker 替 172.17.0.0/16 設的 MASQUERADE 規則不見了',
      },
      expect: ['masquerade-missing@host'],
      breaks: ['c1→outside', 'c2-dns'],
    },
    'network-none': {
      set: { c2Networked: false },
      about: {
        en: 'c2 was started with --network none: lo only, no eth0',
        'zh-TW': 'c2 以 --network none 啟動：只有 lo，沒有 eth0',
      },
      expect: ['no-network-interface@c2'],
      breaks: ['c1→c2', 'c2-dns'],
    },
    'forward-drop': {
      set: { forwardAccepts: false },
      about: {
        en: 'FORWARD is DROP and the docker0 accept rules are gone',
        'zh-TW': 'FORWARD 為 DROP，且 docker0 的放行規則不見了',
      },
      expect: ['forward-blocked@host'],
      breaks: (env) => [...(env.bridgeNf ? ['c1→c2'] : []), 'c1→outside', 'c2-dns', 'outside→8080'],
    },
  },
  setup,
});
