// Builds the k8s scenarios' two-node cluster for real from its settings: nodes on a LAN namespace, pods on each
// node's cni0 (or Calico-style cali* veths), routes to the other node's pods, CoreDNS answering (dnsmasq), web
// pods serving TCP, and kube-proxy's own rules (generated from the cluster objects) loaded with iptables-restore.
import { createHash } from 'node:crypto';
import { readCluster } from '../../../snapshot/k8s/cluster.js';
import { startDns, TCP_SERVER } from '../../checks.js';
import type { Lab } from '../../engine.js';
import { kubeProxyRestore } from '../../kube-proxy-rules.js';
import { clusterFiles, DNS_IP, NODES, pods, type Settings, WEB_IP } from './cluster.js';

// A pod's resolv.conf as kubelet writes it for dnsPolicy ClusterFirst (docs/networking-facts.md §pod-resolv-conf).
const podResolv = (ns: string, nameservers: string[]): string =>
  `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\n${nameservers.map((n) => `nameserver ${n}\n`).join('')}options ndots:5\n`;

// Build the two-node cluster from its settings.
export async function setup(lab: Lab, s: Readonly<Settings>): Promise<void> {
  const vxlan = s.backend === 'vxlan';
  const calico = s.backend === 'calico';
  const files = clusterFiles(s);
  for (const [k, v] of files) lab.bundleFiles.set(k, v);
  const cluster = readCluster(files, [])!;
  // the LAN: a router namespace with a bridge the nodes plug into
  await lab.addHost('lan');
  await lab.ip('lan', 'link', 'set', 'lo', 'up');
  await lab.ip('lan', 'link', 'add', 'lan0', 'address', '02:4c:00:00:00:01', 'type', 'bridge');
  await lab.ip('lan', 'addr', 'add', '192.168.56.1/24', 'dev', 'lan0');
  await lab.ip('lan', 'link', 'set', 'lan0', 'up');
  await lab.exec('lan', ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
  lab.writeEtc('lan', 'resolv.conf', 'nameserver 192.168.56.1\n');
  lab.writeEtc('lan', 'nsswitch.conf', 'hosts:          files dns\n');
  lab.writeEtc('lan', 'hosts', '127.0.0.1\tlocalhost\n');
  let k = 0;
  for (const n of NODES) {
    k++;
    await lab.addHost(n.name);
    lab.hostMeta.set(n.name, { kind: 'node', name: n.name });
    await lab.ip(n.name, 'link', 'set', 'lo', 'up');
    await lab.veth(
      { host: n.name, name: 'eth0', mac: `02:4e:00:00:00:0${k}` },
      { host: 'lan', name: `port-${n.name}`, mac: `02:4c:00:00:01:0${k}` },
    );
    await lab.ip('lan', 'link', 'set', `port-${n.name}`, 'master', 'lan0');
    await lab.ip('lan', 'link', 'set', `port-${n.name}`, 'up');
    await lab.ip(n.name, 'addr', 'add', `${n.ip}/24`, 'dev', 'eth0');
    await lab.ip(n.name, 'link', 'set', 'eth0', 'up');
    await lab.ip(n.name, 'route', 'add', 'default', 'via', '192.168.56.1');
    if (!calico) {
      await lab.ip(n.name, 'link', 'add', 'cni0', 'address', `02:4e:00:00:10:0${k}`, 'type', 'bridge');
      if (vxlan) await lab.ip(n.name, 'link', 'set', 'cni0', 'mtu', '1450');
      await lab.ip(n.name, 'addr', 'add', `${n.gw}/24`, 'dev', 'cni0');
      await lab.ip(n.name, 'link', 'set', 'cni0', 'up');
    } else {
      // Calico: the node's own block is a blackhole, pods get /32 routes through their cali* veth
      await lab.ip(n.name, 'route', 'add', 'blackhole', n.cidr, 'proto', 'bird');
    }
    if (vxlan) {
      // flannel's VXLAN backend: flannel.1 (VNI 1, port 8472), the node's podCIDR network address on it,
      // and per remote node a route via its flannel.1 address, a permanent neighbour and an FDB entry
      await lab.ip(
        n.name,
        'link',
        'add',
        'flannel.1',
        'address',
        `02:4e:00:00:20:0${k}`,
        'type',
        'vxlan',
        'id',
        '1',
        'local',
        n.ip,
        'dev',
        'eth0',
        'dstport',
        '8472',
        'nolearning',
      );
      await lab.ip(n.name, 'link', 'set', 'flannel.1', 'mtu', '1450');
      await lab.ip(n.name, 'addr', 'add', `${n.cidr.replace(/\/24$/, '')}/32`, 'dev', 'flannel.1');
      await lab.ip(n.name, 'link', 'set', 'flannel.1', 'up');
    }
    for (const [j, o] of NODES.entries()) {
      if (o === n || (!s.podRoutes1 && n.name === 'worker-1')) continue;
      const remote = o.cidr.replace(/\/24$/, '');
      if (calico) await lab.ip(n.name, 'route', 'add', o.cidr, 'via', o.ip, 'dev', 'eth0', 'proto', 'bird');
      else if (!vxlan) await lab.ip(n.name, 'route', 'add', o.cidr, 'via', o.ip, 'dev', 'eth0');
      else {
        const mac = `02:4e:00:00:20:0${j + 1}`;
        await lab.ip(n.name, 'route', 'add', o.cidr, 'via', remote, 'dev', 'flannel.1', 'onlink');
        await lab.ip(n.name, 'neigh', 'add', remote, 'lladdr', mac, 'dev', 'flannel.1', 'nud', 'permanent');
        await lab.exec(n.name, ['bridge', 'fdb', 'append', mac, 'dev', 'flannel.1', 'dst', o.ip]);
      }
    }
    await lab.exec(n.name, ['sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    if (!s.bridgeNf1 && n.name === 'worker-1')
      await lab.exec(n.name, ['sysctl', '-qw', 'net.bridge.bridge-nf-call-iptables=0']);
    // systemd-resolved's stub on worker-2 is what CoreDNS (dnsPolicy Default) would inherit
    lab.writeEtc(
      n.name,
      'resolv.conf',
      s.coredns === 'looping' && n.name === 'worker-2'
        ? 'nameserver 127.0.0.53\noptions edns0 trust-ad\nsearch lab.internal\n'
        : 'nameserver 192.168.56.1\nsearch lab.internal\n',
    );
    lab.writeEtc(n.name, 'nsswitch.conf', 'hosts:          files dns\n');
    lab.writeEtc(n.name, 'hosts', `127.0.0.1\tlocalhost\n${n.ip}\t${n.name}\n`);
  }
  let m = 0;
  for (const p of pods(s)) {
    if (p.hostNetwork) continue;
    m++;
    const id = `${p.ns}.${p.name}`;
    const node = NODES.find((n) => n.name === p.node)!;
    await lab.addHost(id);
    lab.hostMeta.set(id, { kind: 'pod', name: p.name, namespace: p.ns, node: p.node });
    await lab.ip(id, 'link', 'set', 'lo', 'up');
    const hostSide = calico
      ? `cali${createHash('sha1').update(id).digest('hex').slice(0, 11)}`
      : `veth${p.name.replace(/[^a-z0-9]/g, '')}`.slice(0, 15);
    await lab.veth(
      { host: id, name: 'eth0', mac: `02:50:00:00:00:${String(m).padStart(2, '0')}` },
      { host: p.node, name: hostSide, mac: `02:51:00:00:00:${String(m).padStart(2, '0')}` },
    );
    if (!calico) await lab.ip(p.node, 'link', 'set', hostSide, 'master', 'cni0');
    await lab.ip(p.node, 'link', 'set', hostSide, 'up');
    await lab.ip(id, 'addr', 'add', calico ? `${p.ip}/32` : `${p.ip}/24`, 'dev', 'eth0');
    if (vxlan) {
      await lab.ip(id, 'link', 'set', 'eth0', 'mtu', '1450');
      await lab.ip(p.node, 'link', 'set', hostSide, 'mtu', '1450');
    }
    await lab.ip(id, 'link', 'set', 'eth0', 'up');
    if (calico) {
      // the pod's gateway is a link-local address nobody owns: the host side answers ARP for it (proxy_arp)
      await lab.exec(p.node, [
        'sysctl',
        '-qw',
        `net.ipv4.conf.${hostSide}.proxy_arp=${!s.clientProxyArp && p.name === 'client' ? 0 : 1}`,
      ]);
      // as Calico does: answer proxy ARP at once (the default proxy_delay holds replies up to 0.8 s)
      await lab.exec(p.node, ['sysctl', '-qw', `net.ipv4.neigh.${hostSide}.proxy_delay=0`]);
      await lab.ip(p.node, 'route', 'add', p.ip, 'dev', hostSide, 'scope', 'link');
      await lab.ip(id, 'route', 'add', '169.254.1.1', 'dev', 'eth0', 'scope', 'link');
      await lab.ip(id, 'route', 'add', 'default', 'via', '169.254.1.1', 'dev', 'eth0');
    } else await lab.ip(id, 'route', 'add', 'default', 'via', node.gw);
    lab.writeEtc(id, 'resolv.conf', podResolv(p.ns, p.name === 'client' ? s.clientNameservers : [DNS_IP]));
    lab.writeEtc(id, 'nsswitch.conf', 'hosts:          files dns\n');
    lab.writeEtc(id, 'hosts', `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n${p.ip}\t${p.name}\n`);
    if (p.name.startsWith('web')) {
      await lab.spawn(id, TCP_SERVER(8080));
      await lab.waitListening(id, 8080);
    }
    if (p.name.startsWith('coredns') && s.coredns === 'running') {
      await startDns(
        lab,
        id,
        p.ip,
        [`web.default.svc.cluster.local,${WEB_IP}`, 'kubernetes.default.svc.cluster.local,10.96.0.1'],
        ['--local=/cluster.local/'],
      );
    }
  }
  for (const n of NODES) {
    const { flushed, ...o } = n.name === 'worker-1' ? s.kubeProxy1 : { ...s.kubeProxy2, flushed: false };
    // `iptables -F` and kube-proxy crash-looping: none of its rules come back (the CNI's own rules do)
    await lab.exec(n.name, ['iptables-restore'], flushed ? '*nat\nCOMMIT\n' : kubeProxyRestore(cluster, o));
    if (n.name === 'worker-2' || s.podMasq1) await podMasquerade(lab, n, calico);
    if (s.docker1 !== 'none' && n.name === 'worker-1')
      await dockerInstalled(lab, n.name, s.docker1 === 'with-cni-accepts');
  }
}

// The CNI's masquerade for pod traffic leaving the cluster network (docs/networking-facts.md §pod-egress-nat):
// flannel's FLANNEL-POSTRTG (it leaves kube-proxy's marked packets to KUBE-POSTROUTING and pod-to-pod traffic
// alone), or Calico's nat-outgoing (Calico matches its IP pools with ipsets; the lab writes the pool as a CIDR).
async function podMasquerade(lab: Lab, n: (typeof NODES)[number], calico: boolean): Promise<void> {
  const pods = '10.244.0.0/16';
  const c = (rule: string, comment: string): string => `${rule} -m comment --comment "${comment}"`;
  const rules = calico
    ? [
        ':cali-nat-outgoing - [0:0]',
        '-I POSTROUTING 1 -j cali-nat-outgoing',
        `-A cali-nat-outgoing -s ${pods} ! -d ${pods} -j MASQUERADE --random-fully`,
      ]
    : [
        ':FLANNEL-POSTRTG - [0:0]',
        `${c('-I POSTROUTING 1', 'flanneld masq')} -j FLANNEL-POSTRTG`,
        `${c('-A FLANNEL-POSTRTG -m mark --mark 0x4000/0x4000', 'flanneld masq')} -j RETURN`,
        `${c(`-A FLANNEL-POSTRTG -s ${n.cidr} -d ${pods}`, 'flanneld masq')} -j RETURN`,
        `${c(`-A FLANNEL-POSTRTG -s ${pods} -d ${n.cidr}`, 'flanneld masq')} -j RETURN`,
        `${c(`-A FLANNEL-POSTRTG ! -s ${pods} -d ${n.cidr}`, 'flanneld masq')} -j RETURN`,
        `${c(`-A FLANNEL-POSTRTG -s ${pods} ! -d 224.0.0.0/4`, 'flanneld masq')} -j MASQUERADE --random-fully`,
        `${c(`-A FLANNEL-POSTRTG ! -s ${pods} -d ${pods}`, 'flanneld masq')} -j MASQUERADE --random-fully`,
      ];
  await lab.exec(n.name, ['iptables-restore', '--noflush'], `*nat\n${rules.join('\n')}\nCOMMIT\n`);
}

// What installing Docker does to a node: docker0, MASQUERADE for it, and FORWARD policy DROP with accepts
// for docker0 only (moby sets the policy when it turns ip_forward on; docs/networking-facts.md §node-prerequisites).
async function dockerInstalled(lab: Lab, node: string, flannelAccepts: boolean): Promise<void> {
  await lab.ip(node, 'link', 'add', 'docker0', 'address', '02:42:8f:00:00:01', 'type', 'bridge');
  await lab.ip(node, 'addr', 'add', '172.17.0.1/16', 'dev', 'docker0');
  await lab.ip(node, 'link', 'set', 'docker0', 'up');
  const rules = [
    '*nat',
    ':DOCKER - [0:0]',
    '-A PREROUTING -m addrtype --dst-type LOCAL -j DOCKER',
    '-A OUTPUT ! -d 127.0.0.0/8 -m addrtype --dst-type LOCAL -j DOCKER',
    '-A POSTROUTING -s 172.17.0.0/16 ! -o docker0 -j MASQUERADE',
    '-A DOCKER -i docker0 -j RETURN',
    'COMMIT',
    '*filter',
    ':FORWARD DROP [0:0]',
    ':DOCKER - [0:0]',
    ':DOCKER-USER - [0:0]',
    ':DOCKER-ISOLATION-STAGE-1 - [0:0]',
    ':DOCKER-ISOLATION-STAGE-2 - [0:0]',
    '-A FORWARD -j DOCKER-USER',
    '-A FORWARD -j DOCKER-ISOLATION-STAGE-1',
    '-A FORWARD -o docker0 -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
    '-A FORWARD -o docker0 -j DOCKER',
    '-A FORWARD -i docker0 ! -o docker0 -j ACCEPT',
    '-A FORWARD -i docker0 -o docker0 -j ACCEPT',
    '-A DOCKER-ISOLATION-STAGE-1 -i docker0 ! -o docker0 -j DOCKER-ISOLATION-STAGE-2',
    '-A DOCKER-ISOLATION-STAGE-1 -j RETURN',
    '-A DOCKER-ISOLATION-STAGE-2 -o docker0 -j DROP',
    '-A DOCKER-ISOLATION-STAGE-2 -j RETURN',
    '-A DOCKER-USER -j RETURN',
    // what flannel adds so pod traffic survives a FORWARD DROP policy (FLANNEL-FWD)
    ...(flannelAccepts
      ? [
          ':FLANNEL-FWD - [0:0]',
          '-A FORWARD -m comment --comment "flanneld forward" -j FLANNEL-FWD',
          '-A FLANNEL-FWD -s 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
          '-A FLANNEL-FWD -d 10.244.0.0/16 -m comment --comment "flanneld forward" -j ACCEPT',
        ]
      : []),
    'COMMIT',
  ];
  // --noflush: Docker adds to what kube-proxy wrote, as on a real node
  await lab.exec(node, ['iptables-restore', '--noflush'], `${rules.join('\n')}\n`);
}
