// Exercises on Docker's default bridge and on the manual CNI steps.
import type { Exercise } from './exercises.js';
import { curl, ping, sym } from './exercise-kit.js';

export const CONTAINER_EXERCISES: Exercise[] = [
  {
    id: 'docker-dnat-wrong',
    scenario: 'docker-bridge',
    fault: 'dnat-wrong-target',
    topic: 'nat',
    live: true,
    title: {
      en: 'Docker -p 8080:80 goes nowhere: DNAT to the wrong container',
      'zh-TW': 'Docker -p 8080:80 連不到：DNAT 指到錯的容器',
    },
    story: {
      en: 'c1 serves port 80 and was published with -p 8080:80. From outside, host:8080 does not answer.',
      'zh-TW': 'c1 在 80 埠提供服務，並以 -p 8080:80 發布。從外部連 host:8080 卻沒有回應。',
    },
    symptom: sym('outside', curl('http://192.168.1.2:8080/')),
    labFix: [
      'ip netns exec {host} iptables -t nat -R DOCKER 2 ! -i docker0 -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.17.0.2:80',
      'ip netns exec {host} iptables -R DOCKER 1 -d 172.17.0.2/32 ! -i docker0 -o docker0 -p tcp -m tcp --dport 80 -j ACCEPT',
    ],
    answer: 'dnat-target-unknown@host',
    distractors: ['forward-blocked', 'masquerade-missing', 'interface-down'],
    why: {
      en: "A port mapping is a DNAT rule: the destination is rewritten to --to-destination. If that address belongs to no container, the packet is forwarded into nothing. Pointing the rule at c1's address (172.17.0.2:80) fixes it.",
      'zh-TW':
        '連接埠對應就是一條 DNAT 規則：目的地會被改寫成 --to-destination。如果那個位址不屬於任何容器，封包就被送進虛無。把規則改指向 c1 的位址（172.17.0.2:80）即可。',
    },
    hints: [
      { en: 'Where does the host send a packet for port 8080?', 'zh-TW': 'host 把送往 8080 埠的封包送去哪裡？' },
      {
        en: 'Compare `ip netns exec host iptables -t nat -nvL DOCKER` with `ip netns exec c1 ip addr`.',
        'zh-TW': '比較 `ip netns exec host iptables -t nat -nvL DOCKER` 和 `ip netns exec c1 ip addr`。',
      },
    ],
  },
  {
    id: 'docker-network-none',
    scenario: 'docker-bridge',
    fault: 'network-none',
    topic: 'cni',
    live: true,
    title: {
      en: 'Docker --network none vs host vs bridge: what ip addr shows',
      'zh-TW': 'Docker --network none、host 與 bridge:ip addr 看到什麼',
    },
    story: {
      en: 'c1 runs with the default bridge network. c2 was started with different flags and can reach nothing, not even c1. Compare what `ip addr` shows in c1, c2 and on the host (what --network host would see).',
      'zh-TW':
        'c1 用預設的 bridge 網路執行。c2 用了不同的參數啟動，什麼都連不到，連 c1 也不行。比較 c1、c2 與 host（--network host 看到的就是它）上 `ip addr` 的結果。',
    },
    symptom: sym('c2', ping('172.17.0.2')),
    labFix: [
      'ip netns exec {host} ip link add vethc2 type veth peer name eth0 netns {c2}',
      'ip netns exec {host} ip link set vethc2 master docker0 up',
      'ip netns exec {c2} ip addr add 172.17.0.3/16 dev eth0',
      'ip netns exec {c2} ip link set eth0 up',
      'ip netns exec {c2} ip route add default via 172.17.0.1',
    ],
    answer: 'no-network-interface@c2',
    distractors: ['interface-down', 'forward-blocked', 'bridge-down'],
    why: {
      en: "--network none gives a container its own namespace with only lo: no eth0, no route, so nothing outside it is reachable. bridge mode adds an eth0 veth on docker0 (what c1 has); host mode skips the namespace and shows the host's own interfaces. Re-run c2 with the bridge network (or, by hand, give it a veth on docker0, an address and a default route).",
      'zh-TW':
        '--network none 讓容器有自己的 namespace，但只有 lo：沒有 eth0、沒有路由，外面什麼都連不到。bridge 模式會在 docker0 上加一條 veth 當 eth0（就像 c1）；host 模式則不建 namespace，看到的是 host 自己的介面。用 bridge 網路重新啟動 c2（或手動給它一條接到 docker0 的 veth、位址與預設路由）。',
    },
    hints: [
      { en: 'Count the interfaces c2 has.', 'zh-TW': '數一數 c2 有幾個介面。' },
      {
        en: 'Run `ip netns exec c2 ip addr` and compare it with c1.',
        'zh-TW': '執行 `ip netns exec c2 ip addr`，和 c1 比較。',
      },
    ],
  },
  {
    id: 'cni-veth-down',
    scenario: 'manual-cni',
    fault: 'veth-down',
    topic: 'cni',
    live: true,
    title: { en: 'Manual CNI: the veth in the container was left down', 'zh-TW': '手動 CNI：容器裡的 veth 沒有啟用' },
    story: {
      en: 'You did the CNI steps by hand: veth pair, one end into the container namespace, addresses on both. The node cannot reach the container.',
      'zh-TW': '你手動做了 CNI 的步驟：建立 veth pair、把一端放進容器的 namespace、兩端都設好位址。節點卻連不到容器。',
    },
    symptom: sym('node', ping('10.1.1.2')),
    answer: 'interface-down@container',
    distractors: ['address-prefix-mismatch', 'forward-blocked', 'no-default-route'],
    why: {
      en: 'A veth pair only carries traffic when both ends are up; moving an end into a namespace leaves it down. `ip link set veth-container up` inside the container finishes the step.',
      'zh-TW':
        'veth pair 要兩端都啟用才能傳資料；把一端移進 namespace 後它會是關閉的。在容器裡執行 `ip link set veth-container up` 就完成這一步了。',
    },
    hints: [
      {
        en: 'Moving an interface into a namespace resets something.',
        'zh-TW': '把介面移進 namespace 會重設某樣東西。',
      },
      { en: 'Run `ip netns exec container ip link`.', 'zh-TW': '執行 `ip netns exec container ip link`。' },
    ],
  },
  {
    id: 'cni-lo-down',
    scenario: 'manual-cni',
    fault: 'lo-down',
    topic: 'cni',
    live: true,
    title: { en: 'Manual CNI: lo was left down in the container', 'zh-TW': '手動 CNI：容器裡的 lo 沒有啟用' },
    story: {
      en: 'The container reaches the node, but a program in it cannot talk to itself on 127.0.0.1.',
      'zh-TW': '容器連得到節點，但容器裡的程式卻無法透過 127.0.0.1 跟自己溝通。',
    },
    symptom: sym('container', ping('127.0.0.1')),
    answer: 'interface-down@container',
    distractors: ['address-prefix-mismatch', 'no-default-route', 'bridge-down'],
    why: {
      en: 'A new namespace starts with lo down, and 127.0.0.1 lives on lo. CNI plugins bring it up for you; by hand you must run `ip link set lo up`.',
      'zh-TW':
        '新的 namespace 一開始 lo 是關閉的，而 127.0.0.1 就在 lo 上。CNI plugin 會幫你啟用它；手動時就得自己執行 `ip link set lo up`。',
    },
    hints: [
      { en: '127.0.0.1 belongs to one interface. Which?', 'zh-TW': '127.0.0.1 屬於某個介面。是哪一個？' },
      {
        en: 'Run `ip netns exec container ip link show lo`.',
        'zh-TW': '執行 `ip netns exec container ip link show lo`。',
      },
    ],
  },
];
