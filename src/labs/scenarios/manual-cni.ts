// The material's "manual CNI": a veth pair between a node and a container namespace, addressed by hand
// (veth-host 10.1.1.1/24 on the node, veth-container 10.1.1.2/24 and lo up in the container).
import type { Lab } from '../engine.js';
import { defineScenario } from '../scenario.js';

/** What can differ from the material's steps. */
interface Settings {
  /** The container's address as added (the material: with /24). */
  containerAddr: string;
  containerUp: boolean;
  loUp: boolean;
}

async function setup(lab: Lab, s: Readonly<Settings>): Promise<void> {
  await lab.addHost('node');
  await lab.addHost('container');
  await lab.ip('node', 'link', 'set', 'lo', 'up');
  await lab.veth(
    { host: 'node', name: 'veth-host', mac: '02:0c:01:00:00:01' },
    { host: 'container', name: 'veth-container', mac: '02:0c:01:00:00:02' },
  );
  await lab.ip('node', 'addr', 'add', '10.1.1.1/24', 'dev', 'veth-host');
  await lab.ip('node', 'link', 'set', 'veth-host', 'up');
  await lab.ip('container', 'addr', 'add', s.containerAddr, 'dev', 'veth-container');
  if (s.containerUp) await lab.ip('container', 'link', 'set', 'veth-container', 'up');
  if (s.loUp) await lab.ip('container', 'link', 'set', 'lo', 'up');
  for (const id of lab.hosts) {
    lab.writeEtc(id, 'resolv.conf', 'nameserver 10.1.1.1\n');
    lab.writeEtc(id, 'nsswitch.conf', 'hosts:          files dns\n');
    lab.writeEtc(id, 'hosts', '127.0.0.1\tlocalhost\n');
  }
}

export const manualCni = defineScenario({
  id: 'manual-cni',
  title: {
    en: 'The CNI steps by hand: a veth pair from the node into a container namespace',
    'zh-TW': '手動模擬 CNI：從節點拉一對 veth 到容器的 namespace',
  },
  hosts: ['node', 'container'],
  checks: [
    { name: 'node→container', kind: 'ping', from: 'node', to: '10.1.1.2' },
    { name: 'container→node', kind: 'ping', from: 'container', to: '10.1.1.1' },
    { name: 'container-lo', kind: 'ping', from: 'container', to: '127.0.0.1' },
  ],
  healthy: { containerAddr: '10.1.1.2/24', containerUp: true, loUp: true },
  faults: {
    'veth-down': {
      set: { containerUp: false },
      about: { en: 'veth-container is never brought up', 'zh-TW': 'veth-container 沒有啟用' },
      expect: ['interface-down@container', 'dns-nameserver-unreachable@container'],
      breaks: ['node→container', 'container→node'],
    },
    'lo-down': {
      set: { loUp: false },
      about: { en: 'lo is left down in the container', 'zh-TW': '容器內的 lo 沒有啟用' },
      expect: ['interface-down@container'],
      breaks: ['container-lo'],
    },
    'missing-prefix': {
      set: { containerAddr: '10.1.1.2' },
      about: { en: "the container's address is added without /24", 'zh-TW': '容器的位址少了 /24' },
      expect: ['address-prefix-mismatch@container', 'dns-nameserver-unreachable@container'],
      breaks: ['node→container', 'container→node'],
    },
  },
  setup,
});
