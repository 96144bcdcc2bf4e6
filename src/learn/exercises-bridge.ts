// Exercises on the material's red/blue lab: two namespaces on a bridge, routed and NATed by the host.
import type { Exercise } from './exercises.js';
import { ping, sym } from './exercise-kit.js';

export const BRIDGE_EXERCISES: Exercise[] = [
  {
    id: 'interface-down',
    scenario: 'bridge-nat',
    fault: 'veth-down',
    topic: 'switching',
    live: true,
    title: { en: 'Ping fails: an interface is down', 'zh-TW': 'ping 不通：介面沒有啟用' },
    story: {
      en: 'You wired red and blue to the bridge v-net-0 by hand. From red, blue does not answer.',
      'zh-TW': '你手動把 red 和 blue 接到 bridge v-net-0。從 red 去 ping,blue 沒有回應。',
    },
    symptom: sym('red', ping('192.168.15.2')),
    answer: 'interface-down@red',
    distractors: ['bridge-down', 'address-prefix-mismatch', 'forward-blocked'],
    why: {
      en: 'A link that is down carries nothing, and the kernel drops the routes that use it. `ip link set … up` brings it back, and its connected route returns with it.',
      'zh-TW': '關閉的鏈路什麼都傳不了，核心也會撤掉經過它的路由。`ip link set … up` 讓它恢復，直連路由也會跟著回來。',
    },
    hints: [
      {
        en: 'Start where the ping starts: what does red think its interfaces are doing?',
        'zh-TW': '從 ping 的起點看起：red 的介面現在是什麼狀態？',
      },
      {
        en: 'Run `ip link` in red and look at the state of each interface.',
        'zh-TW': '在 red 執行 `ip link`，看每個介面的 state。',
      },
    ],
  },
  {
    id: 'missing-prefix',
    scenario: 'bridge-nat',
    fault: 'missing-prefix',
    topic: 'routing',
    live: true,
    title: { en: 'Ping fails: an address without its /24', 'zh-TW': 'ping 不通：位址少了 /24' },
    story: {
      en: "red's address was added in a hurry. blue, on the same bridge, is now unreachable from red.",
      'zh-TW': 'red 的位址是匆忙加上的。現在 red 連不到同一個 bridge 上的 blue。',
    },
    symptom: sym('red', ping('192.168.15.2')),
    answer: 'address-prefix-mismatch@red',
    distractors: ['interface-down', 'bridge-down', 'forward-blocked'],
    why: {
      en: 'Without /24 the address is a /32: the kernel adds no route for 192.168.15.0/24, so red does not know its neighbours are on the wire. Re-adding it as /24 creates the connected route.',
      'zh-TW':
        '少了 /24，位址就成了 /32：核心不會加上 192.168.15.0/24 的路由，red 也就不知道鄰居就在同一條線上。改用 /24 重新加入，直連路由就會出現。',
    },
    hints: [
      {
        en: 'Both ends are up. What does red believe is directly connected?',
        'zh-TW': '兩端都已啟用。red 認為哪些網段是直連的？',
      },
      {
        en: 'Compare `ip addr` in red and blue: look at the number after the slash.',
        'zh-TW': '比較 red 和 blue 的 `ip addr`：看斜線後面的數字。',
      },
    ],
  },
  {
    id: 'bridge-down',
    scenario: 'bridge-nat',
    fault: 'bridge-down',
    topic: 'switching',
    live: true,
    title: {
      en: 'Nobody on the bridge can talk: the bridge is down',
      'zh-TW': 'bridge 上誰都連不到誰：bridge 沒有啟用',
    },
    story: {
      en: 'Every veth is up and addressed, yet red and blue cannot reach each other or the host.',
      'zh-TW': '每條 veth 都已啟用、也設了位址，red 和 blue 卻彼此不通，也連不到 host。',
    },
    symptom: sym('red', ping('192.168.15.2')),
    answer: 'bridge-down@host',
    distractors: ['interface-down', 'forward-blocked', 'address-prefix-mismatch'],
    why: {
      en: 'A bridge that is down forwards no frame between its ports. `ip link set v-net-0 up` is the step the material warns is easy to forget.',
      'zh-TW': '沒啟用的 bridge 不會在埠之間轉送任何訊框。`ip link set v-net-0 up` 正是教材提醒容易忘掉的那一步。',
    },
    hints: [
      { en: 'The veths are fine: look at what joins them.', 'zh-TW': 'veth 都沒問題：看看把它們接在一起的東西。' },
      { en: 'Run `ip link show v-net-0` on the host.', 'zh-TW': '在 host 執行 `ip link show v-net-0`。' },
    ],
  },
  {
    id: 'no-masquerade',
    scenario: 'bridge-nat',
    fault: 'no-masquerade',
    topic: 'nat',
    live: true,
    title: { en: 'No egress: MASQUERADE is missing', 'zh-TW': '無法對外：少了 MASQUERADE' },
    story: {
      en: 'red and blue reach the host, but nothing beyond it answers them.',
      'zh-TW': 'red 和 blue 連得到 host，但 host 之外沒有人回應它們。',
    },
    symptom: sym('blue', ping('192.168.1.3')),
    answer: 'masquerade-missing@host',
    distractors: ['ip-forward-disabled', 'no-default-route', 'forward-blocked'],
    why: {
      en: "The packets leave with 192.168.15.x sources, which the outside network has no route back to. MASQUERADE rewrites the source to the host's own address on the way out, so replies find their way back.",
      'zh-TW':
        '封包帶著 192.168.15.x 的來源位址出去，外部網路沒有回到那裡的路由。MASQUERADE 在封包離開時把來源改成 host 自己的位址，回應才找得到回來的路。',
    },
    hints: [
      { en: 'Packets do leave the host. Think about the way back.', 'zh-TW': '封包確實離開了 host。想想回程。' },
      {
        en: 'Read the nat table: `ip netns exec host iptables -t nat -nvL POSTROUTING`.',
        'zh-TW': '讀 nat 表：`ip netns exec host iptables -t nat -nvL POSTROUTING`。',
      },
    ],
  },
  {
    id: 'ip-forward-off',
    scenario: 'bridge-nat',
    fault: 'ip-forward-off',
    topic: 'routing',
    live: true,
    title: { en: 'No egress: IP forwarding is off', 'zh-TW': '無法對外：IP forwarding 關閉' },
    story: {
      en: 'The rules look right, the routes look right, and still no packet from blue gets past the host.',
      'zh-TW': '規則看起來沒錯，路由看起來也沒錯，可是 blue 的封包就是過不了 host。',
    },
    symptom: sym('blue', ping('192.168.1.3')),
    answer: 'ip-forward-disabled@host',
    distractors: ['masquerade-missing', 'no-default-route', 'interface-down'],
    why: {
      en: 'With net.ipv4.ip_forward=0 the host only accepts packets addressed to itself and drops everything it would have to route on. Setting it to 1 turns the host into a router.',
      'zh-TW': 'net.ipv4.ip_forward=0 時，host 只收寄給自己的封包，需要它轉送的一律丟棄。設成 1,host 才會當路由器用。',
    },
    hints: [
      {
        en: 'The host must pass packets from one interface to another. Is it allowed to?',
        'zh-TW': 'host 得把封包從一個介面轉到另一個介面。它被允許這麼做嗎？',
      },
      {
        en: 'Run `ip netns exec host sysctl net.ipv4.ip_forward`.',
        'zh-TW': '執行 `ip netns exec host sysctl net.ipv4.ip_forward`。',
      },
    ],
  },
  {
    id: 'no-default-gateway',
    scenario: 'bridge-nat',
    fault: 'no-default-route',
    topic: 'gateway',
    live: true,
    title: { en: 'No egress and no DNS: no default gateway', 'zh-TW': '無法對外也無法解析：沒有預設閘道' },
    story: {
      en: 'blue talks to red fine, but any address outside 192.168.15.0/24 fails at once.',
      'zh-TW': 'blue 和 red 之間沒問題，但 192.168.15.0/24 以外的位址一律立刻失敗。',
    },
    symptom: sym('blue', ping('192.168.1.3')),
    answer: 'no-default-route@blue',
    distractors: ['masquerade-missing', 'ip-forward-disabled', 'dns-no-nameserver'],
    why: {
      en: 'Without a default route, blue has no idea where to send anything off its own subnet, so the kernel refuses at once ("Network is unreachable"). A default route via the bridge address hands such packets to the host.',
      'zh-TW':
        '沒有預設路由，blue 不知道自己子網段以外的封包該送去哪裡，核心會立刻拒絕（「Network is unreachable」）。加上經由 bridge 位址的預設路由，這些封包就交給 host 處理。',
    },
    hints: [
      {
        en: '"Network is unreachable" comes from blue itself, before any packet leaves.',
        'zh-TW': '「Network is unreachable」是 blue 自己說的，封包根本還沒出去。',
      },
      { en: 'Run `ip netns exec blue ip route`.', 'zh-TW': '執行 `ip netns exec blue ip route`。' },
    ],
  },
  {
    id: 'no-nameserver',
    scenario: 'bridge-nat',
    fault: 'no-nameserver',
    topic: 'dns',
    live: true,
    title: { en: 'DNS fails: no nameserver', 'zh-TW': 'DNS 失敗：沒有 nameserver' },
    story: {
      en: 'blue pings 192.168.1.3 fine, but any name fails to resolve.',
      'zh-TW': 'blue ping 192.168.1.3 沒問題，可是任何名稱都解析不了。',
    },
    symptom: sym('blue', ping('web.lab.test')),
    answer: 'dns-no-nameserver@blue',
    distractors: ['nsswitch-no-dns', 'no-default-route', 'masquerade-missing'],
    why: {
      en: 'The resolver reads its servers from resolv.conf. With no nameserver line it asks 127.0.0.1, where nothing listens. Adding the real server gives queries somewhere to go.',
      'zh-TW':
        '解析器從 resolv.conf 讀取伺服器。沒有 nameserver 那一行，它就去問 127.0.0.1，而那裡沒有服務在聽。加上真正的伺服器，查詢才有地方可去。',
    },
    hints: [
      {
        en: "Addresses work, names do not: the problem is in the resolver's configuration.",
        'zh-TW': '用位址可以、用名稱不行：問題出在解析器的設定。',
      },
      {
        en: 'Run `ip netns exec blue cat /etc/resolv.conf`.',
        'zh-TW': '執行 `ip netns exec blue cat /etc/resolv.conf`。',
      },
    ],
  },
  {
    id: 'nsswitch-no-dns',
    scenario: 'bridge-nat',
    fault: 'nsswitch-files-only',
    topic: 'dns',
    live: true,
    title: { en: 'DNS fails: nsswitch.conf never asks DNS', 'zh-TW': 'DNS 失敗：nsswitch.conf 從不詢問 DNS' },
    story: {
      en: "resolv.conf is correct and `dig @192.168.1.3 web.lab.test` would answer, yet blue's programs cannot resolve the name.",
      'zh-TW': 'resolv.conf 沒錯，`dig @192.168.1.3 web.lab.test` 也會有答案，可是 blue 的程式就是解析不到這個名稱。',
    },
    symptom: sym('blue', ping('web.lab.test')),
    answer: 'nsswitch-no-dns@blue',
    distractors: ['dns-no-nameserver', 'hosts-override', 'no-default-route'],
    why: {
      en: 'glibc only asks the sources nsswitch.conf lists for hosts. With `hosts: files` it stops after /etc/hosts and never sends a query. `hosts: files dns` restores the lookup.',
      'zh-TW':
        'glibc 只會詢問 nsswitch.conf 為 hosts 列出的來源。`hosts: files` 時它查完 /etc/hosts 就停了，根本不送查詢。改成 `hosts: files dns` 就恢復了。',
    },
    hints: [
      {
        en: 'The DNS server is fine, and the resolver config names it. Who decides whether DNS is asked at all?',
        'zh-TW': 'DNS 伺服器沒問題，解析設定也寫了它。那是誰決定要不要詢問 DNS?',
      },
      {
        en: 'Run `ip netns exec blue cat /etc/nsswitch.conf`.',
        'zh-TW': '執行 `ip netns exec blue cat /etc/nsswitch.conf`。',
      },
    ],
  },
  {
    id: 'hosts-shadow',
    scenario: 'bridge-nat',
    fault: 'hosts-override',
    topic: 'dns',
    live: true,
    title: {
      en: 'A name goes to the wrong place: /etc/hosts shadows DNS',
      'zh-TW': '名稱被導到錯的地方：/etc/hosts 蓋過了 DNS',
    },
    story: {
      en: 'DNS says web.lab.test is 192.168.1.3, but blue keeps going somewhere else.',
      'zh-TW': 'DNS 說 web.lab.test 是 192.168.1.3，可是 blue 一直連到別的地方。',
    },
    symptom: sym('blue', ['getent', 'hosts', 'web.lab.test']),
    labFix: ["sed -i '/web.lab.test/d' /etc/netns/{blue}/hosts"],
    answer: 'hosts-override@blue',
    distractors: ['nsswitch-no-dns', 'dns-no-nameserver', 'dnat-target-unknown'],
    why: {
      en: 'With `hosts: files dns`, /etc/hosts is read first and its answer wins. Removing the stale line lets the lookup fall through to DNS.',
      'zh-TW':
        '在 `hosts: files dns` 下，/etc/hosts 會先被讀，而且它的答案優先。刪掉那行過時的紀錄，查詢就會落到 DNS。',
    },
    hints: [
      {
        en: 'A wrong answer, not no answer: who answered before DNS?',
        'zh-TW': '是錯的答案，不是沒有答案：誰在 DNS 之前就回答了？',
      },
      { en: 'Run `ip netns exec blue cat /etc/hosts`.', 'zh-TW': '執行 `ip netns exec blue cat /etc/hosts`。' },
    ],
  },
  {
    id: 'forward-drop',
    scenario: 'bridge-nat',
    fault: 'forward-drop',
    topic: 'nat',
    live: true,
    title: { en: 'No egress: FORWARD policy DROP', 'zh-TW': '無法對外：FORWARD 政策為 DROP' },
    story: {
      en: 'Someone installed a container runtime on the host. Since then red and blue cannot get out.',
      'zh-TW': '有人在 host 上裝了容器執行環境。從那之後 red 和 blue 就出不去了。',
    },
    symptom: sym('blue', ping('192.168.1.3')),
    answer: 'forward-blocked@host',
    distractors: ['ip-forward-disabled', 'masquerade-missing', 'no-default-route'],
    why: {
      en: 'Routed packets traverse the filter FORWARD chain. With policy DROP and no accept for the bridge, every one of them is dropped. An ACCEPT for traffic from v-net-0 (and its replies) lets it through.',
      'zh-TW':
        '被轉送的封包會經過 filter 表的 FORWARD 鏈。政策是 DROP 又沒有放行 bridge 的規則，全部都被丟掉。為來自 v-net-0 的流量（與其回應）加上 ACCEPT 就能通過。',
    },
    hints: [
      {
        en: 'Forwarding is on and NAT is in place. Is the packet allowed to be forwarded?',
        'zh-TW': '轉送已開啟，NAT 也設好了。這個封包被允許轉送嗎？',
      },
      {
        en: 'Run `ip netns exec host iptables -nvL FORWARD`.',
        'zh-TW': '執行 `ip netns exec host iptables -nvL FORWARD`。',
      },
    ],
  },
];
