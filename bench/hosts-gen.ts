// A cluster capture of many hosts for the scaling figures: nodes with a cni0 bridge and 30 pods each, every pod a
// host folder of its own (ip addr with its veth end, ip route via the bridge), as `capture --all-nodes` writes them.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Write HOSTS host folders (nodes and their pods) under DIR.
export function writeHostsBundle(dir: string, hosts: number): void {
  const perNode = 30;
  const nodes = Math.max(1, Math.ceil(hosts / (perNode + 1)));
  let written = 0;
  for (let n = 0; n < nodes && written < hosts; n++) {
    const sub = `10.${200 + Math.floor(n / 256)}.${n % 256}`;
    const node = `node-${n}`;
    const veths = [];
    const pods = Math.min(perNode, hosts - written - 1);
    for (let p = 0; p < pods; p++)
      veths.push(
        `${10 + p}: veth${p}@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP group default\n    link/ether 02:00:00:${(n >> 8) & 255}:${n & 255}:${p} brd ff:ff:ff:ff:ff:ff link-netns ${node}-pod-${p}\n`,
      );
    const d = join(dir, 'hosts', node);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'host.json'), JSON.stringify({ kind: 'node', name: node }));
    writeFileSync(
      join(d, 'ip-addr.txt'),
      `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    inet 127.0.0.1/8 scope host lo\n2: eth0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1500 qdisc fq_codel state UP group default qlen 1000\n    inet 192.168.${Math.floor(n / 250)}.${(n % 250) + 2}/16 scope global eth0\n3: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000\n    link/ether 02:01:00:${(n >> 8) & 255}:${n & 255}:01 brd ff:ff:ff:ff:ff:ff\n    inet ${sub}.1/24 scope global cni0\n${veths.join('')}`,
    );
    writeFileSync(
      join(d, 'ip-route.txt'),
      `default via 192.168.0.1 dev eth0 \n${sub}.0/24 dev cni0 proto kernel scope link src ${sub}.1 \n192.168.0.0/16 dev eth0 proto kernel scope link src 192.168.${Math.floor(n / 250)}.${(n % 250) + 2} \n`,
    );
    written++;
    for (let p = 0; p < pods; p++) {
      const pd = join(dir, 'hosts', `${node}-pod-${p}`);
      mkdirSync(pd, { recursive: true });
      writeFileSync(
        join(pd, 'host.json'),
        JSON.stringify({ kind: 'pod', name: `pod-${p}`, node, netns: `${node}-pod-${p}` }),
      );
      writeFileSync(
        join(pd, 'ip-addr.txt'),
        `1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000\n    inet 127.0.0.1/8 scope host lo\n2: eth0@if${10 + p}: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default\n    link/ether 0a:00:00:${(n >> 8) & 255}:${n & 255}:${p} brd ff:ff:ff:ff:ff:ff link-netns ${node}\n    inet ${sub}.${p + 2}/24 scope global eth0\n`,
      );
      writeFileSync(
        join(pd, 'ip-route.txt'),
        `default via ${sub}.1 dev eth0 \n${sub}.0/24 dev eth0 proto kernel scope link src ${sub}.${p + 2} \n`,
      );
      written++;
    }
  }
}
