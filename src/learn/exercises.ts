// Every failure case of the material as an exercise: one definition drives the walkthrough (on the case's
// fixture), the live lab (the same scenario and fault, built in namespaces) and the fixture itself.
import type { FindingId } from '../analyzers/index.js';
import type { Lang } from '../i18n/lang.js';
import type { FindingRef } from '../labs/scenario.js';
import type { ScenarioFault } from '../labs/scenarios/index.js';

export type Topic = 'switching' | 'routing' | 'gateway' | 'nat' | 'dns' | 'cni' | 'kubernetes';

/** How the material rates each topic for the CKA (switching low, routing and the default gateway medium, NAT high). */
export const CKA: Record<Topic, { level: 'low' | 'medium' | 'high'; basis: Record<Lang, string> }> = {
  switching: {
    level: 'low',
    basis: {
      en: 'Switching is layer 2 (bridges such as cni0): the material says the CKA does not go deep here.',
      'zh-TW': 'Switching 屬於第 2 層(例如 cni0 這類 bridge):教材說 CKA 不會深入考。',
    },
  },
  routing: {
    level: 'medium',
    basis: {
      en: 'Routing carries pod traffic between nodes and ClusterIP traffic: rated medium in the material.',
      'zh-TW': 'Routing 負責跨節點的 Pod 流量與 ClusterIP 流量:教材評為中等。',
    },
  },
  gateway: {
    level: 'medium',
    basis: {
      en: "The default gateway is how a node sends pods' egress out: rated medium in the material.",
      'zh-TW': '預設閘道決定節點如何把 Pod 的對外流量送出去:教材評為中等。',
    },
  },
  nat: {
    level: 'high',
    basis: {
      en: 'NAT is rated high: SNAT lets pods out, DNAT turns a virtual IP into a pod IP (kube-proxy).',
      'zh-TW': 'NAT 被評為高:SNAT 讓 Pod 能出網,DNAT 把虛擬 IP 轉成 Pod 的真實 IP(kube-proxy)。',
    },
  },
  dns: {
    level: 'high',
    basis: {
      en: 'DNS and "network does not work" troubleshooting are listed among the CKA scenarios in the material.',
      'zh-TW': '教材把 DNS 與「網路不通」的排查列為 CKA 的考試情境。',
    },
  },
  cni: {
    level: 'medium',
    basis: {
      en: 'How a CNI plugin wires a pod (veth into its namespace) is a CKA scenario in the material.',
      'zh-TW': 'CNI plugin 如何把 Pod 接上網路(把 veth 放進它的 namespace)是教材列出的 CKA 情境。',
    },
  },
  kubernetes: {
    level: 'high',
    basis: {
      en: 'Services, kube-proxy, CoreDNS and NetworkPolicy are core CKA troubleshooting.',
      'zh-TW': 'Service、kube-proxy、CoreDNS 與 NetworkPolicy 是 CKA 排查的核心。',
    },
  },
};

/** An exercise: a fault of a scenario (the pair is checked against the scenario list by the compiler). */
export type Exercise = ScenarioFault & ExerciseBody;

interface ExerciseBody {
  id: string;
  topic: Topic;
  title: Record<Lang, string>;
  /** Where the learner meets the problem. */
  story: Record<Lang, string>;
  /** The failing command: run inside `host`'s namespace when fixtures are made; `display` is what the learner types. */
  symptom: { host: string; argv: string[]; display: string };
  /** The finding (id@target) the analyzers report on the fixture: the right answer. */
  answer: FindingRef;
  /** Plausible wrong causes (finding ids in CAUSES). */
  distractors: FindingId[];
  /** Why the fix works. */
  why: Record<Lang, string>;
  /** Lab hints, one per `lab hint`, from a nudge to the command to run. */
  hints: Record<Lang, string>[];
  /** A live lab exists (cluster cases are walkthroughs on captures only). */
  live: boolean;
  /**
   * Commands that fix the live lab when the finding's own fix needs a choice made by a person (which address,
   * which line to delete); `{host}` stands for that lab namespace's real name.
   */
  labFix?: string[];
}

// The symptom command as typed: in the lab namespace, or with kubectl exec for a pod ("<ns>.<name>").
function sym(host: string, argv: string[]): Exercise['symptom'] {
  const pod = /^([^.]+)\.(.+)$/.exec(host);
  const shown = argv.map((a) => (/[\s'"]/.test(a) ? `'${a}'` : a)).join(' ');
  return {
    host,
    argv,
    display: pod ? `kubectl exec -n ${pod[1]} ${pod[2]} -- ${shown}` : `ip netns exec ${host} ${shown}`,
  };
}

const ping = (to: string): string[] => ['ping', '-n', '-c', '1', '-W', '2', to];
const curl = (url: string): string[] => ['curl', '-sS', '--max-time', '3', url];

export const EXERCISES: Exercise[] = [
  {
    id: 'interface-down',
    scenario: 'bridge-nat',
    fault: 'veth-down',
    topic: 'switching',
    live: true,
    title: { en: 'Ping fails: an interface is down', 'zh-TW': 'ping 不通:介面沒有啟用' },
    story: {
      en: 'You wired red and blue to the bridge v-net-0 by hand. From red, blue does not answer.',
      'zh-TW': '你手動把 red 和 blue 接到 bridge v-net-0。從 red 去 ping,blue 沒有回應。',
    },
    symptom: sym('red', ping('192.168.15.2')),
    answer: 'interface-down@red',
    distractors: ['bridge-down', 'address-prefix-mismatch', 'forward-blocked'],
    why: {
      en: 'A link that is down carries nothing, and the kernel drops the routes that use it. `ip link set … up` brings it back, and its connected route returns with it.',
      'zh-TW': '關閉的鏈路什麼都傳不了,核心也會撤掉經過它的路由。`ip link set … up` 讓它恢復,直連路由也會跟著回來。',
    },
    hints: [
      {
        en: 'Start where the ping starts: what does red think its interfaces are doing?',
        'zh-TW': '從 ping 的起點看起:red 的介面現在是什麼狀態?',
      },
      {
        en: 'Run `ip link` in red and look at the state of each interface.',
        'zh-TW': '在 red 執行 `ip link`,看每個介面的 state。',
      },
    ],
  },
  {
    id: 'missing-prefix',
    scenario: 'bridge-nat',
    fault: 'missing-prefix',
    topic: 'routing',
    live: true,
    title: { en: 'Ping fails: an address without its /24', 'zh-TW': 'ping 不通:位址少了 /24' },
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
        '少了 /24,位址就成了 /32:核心不會加上 192.168.15.0/24 的路由,red 也就不知道鄰居就在同一條線上。改用 /24 重新加入,直連路由就會出現。',
    },
    hints: [
      {
        en: 'Both ends are up. What does red believe is directly connected?',
        'zh-TW': '兩端都已啟用。red 認為哪些網段是直連的?',
      },
      {
        en: 'Compare `ip addr` in red and blue: look at the number after the slash.',
        'zh-TW': '比較 red 和 blue 的 `ip addr`:看斜線後面的數字。',
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
      'zh-TW': 'bridge 上誰都連不到誰:bridge 沒有啟用',
    },
    story: {
      en: 'Every veth is up and addressed, yet red and blue cannot reach each other or the host.',
      'zh-TW': '每條 veth 都已啟用、也設了位址,red 和 blue 卻彼此不通,也連不到 host。',
    },
    symptom: sym('red', ping('192.168.15.2')),
    answer: 'bridge-down@host',
    distractors: ['interface-down', 'forward-blocked', 'address-prefix-mismatch'],
    why: {
      en: 'A bridge that is down forwards no frame between its ports. `ip link set v-net-0 up` is the step the material warns is easy to forget.',
      'zh-TW': '沒啟用的 bridge 不會在埠之間轉送任何訊框。`ip link set v-net-0 up` 正是教材提醒容易忘掉的那一步。',
    },
    hints: [
      { en: 'The veths are fine: look at what joins them.', 'zh-TW': 'veth 都沒問題:看看把它們接在一起的東西。' },
      { en: 'Run `ip link show v-net-0` on the host.', 'zh-TW': '在 host 執行 `ip link show v-net-0`。' },
    ],
  },
  {
    id: 'no-masquerade',
    scenario: 'bridge-nat',
    fault: 'no-masquerade',
    topic: 'nat',
    live: true,
    title: { en: 'No egress: MASQUERADE is missing', 'zh-TW': '無法對外:少了 MASQUERADE' },
    story: {
      en: 'red and blue reach the host, but nothing beyond it answers them.',
      'zh-TW': 'red 和 blue 連得到 host,但 host 之外沒有人回應它們。',
    },
    symptom: sym('blue', ping('192.168.1.3')),
    answer: 'masquerade-missing@host',
    distractors: ['ip-forward-disabled', 'no-default-route', 'forward-blocked'],
    why: {
      en: "The packets leave with 192.168.15.x sources, which the outside network has no route back to. MASQUERADE rewrites the source to the host's own address on the way out, so replies find their way back.",
      'zh-TW':
        '封包帶著 192.168.15.x 的來源位址出去,外部網路沒有回到那裡的路由。MASQUERADE 在封包離開時把來源改成 host 自己的位址,回應才找得到回來的路。',
    },
    hints: [
      { en: 'Packets do leave the host. Think about the way back.', 'zh-TW': '封包確實離開了 host。想想回程。' },
      {
        en: 'Read the nat table: `ip netns exec host iptables -t nat -nvL POSTROUTING`.',
        'zh-TW': '讀 nat 表:`ip netns exec host iptables -t nat -nvL POSTROUTING`。',
      },
    ],
  },
  {
    id: 'ip-forward-off',
    scenario: 'bridge-nat',
    fault: 'ip-forward-off',
    topic: 'routing',
    live: true,
    title: { en: 'No egress: IP forwarding is off', 'zh-TW': '無法對外:IP forwarding 關閉' },
    story: {
      en: 'The rules look right, the routes look right, and still no packet from blue gets past the host.',
      'zh-TW': '規則看起來沒錯,路由看起來也沒錯,可是 blue 的封包就是過不了 host。',
    },
    symptom: sym('blue', ping('192.168.1.3')),
    answer: 'ip-forward-disabled@host',
    distractors: ['masquerade-missing', 'no-default-route', 'interface-down'],
    why: {
      en: 'With net.ipv4.ip_forward=0 the host only accepts packets addressed to itself and drops everything it would have to route on. Setting it to 1 turns the host into a router.',
      'zh-TW': 'net.ipv4.ip_forward=0 時,host 只收寄給自己的封包,需要它轉送的一律丟棄。設成 1,host 才會當路由器用。',
    },
    hints: [
      {
        en: 'The host must pass packets from one interface to another. Is it allowed to?',
        'zh-TW': 'host 得把封包從一個介面轉到另一個介面。它被允許這麼做嗎?',
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
    title: { en: 'No egress and no DNS: no default gateway', 'zh-TW': '無法對外也無法解析:沒有預設閘道' },
    story: {
      en: 'blue talks to red fine, but any address outside 192.168.15.0/24 fails at once.',
      'zh-TW': 'blue 和 red 之間沒問題,但 192.168.15.0/24 以外的位址一律立刻失敗。',
    },
    symptom: sym('blue', ping('192.168.1.3')),
    answer: 'no-default-route@blue',
    distractors: ['masquerade-missing', 'ip-forward-disabled', 'dns-no-nameserver'],
    why: {
      en: 'Without a default route, blue has no idea where to send anything off its own subnet, so the kernel refuses at once ("Network is unreachable"). A default route via the bridge address hands such packets to the host.',
      'zh-TW':
        '沒有預設路由,blue 不知道自己子網段以外的封包該送去哪裡,核心會立刻拒絕(「Network is unreachable」)。加上經由 bridge 位址的預設路由,這些封包就交給 host 處理。',
    },
    hints: [
      {
        en: '"Network is unreachable" comes from blue itself, before any packet leaves.',
        'zh-TW': '「Network is unreachable」是 blue 自己說的,封包根本還沒出去。',
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
    title: { en: 'DNS fails: no nameserver', 'zh-TW': 'DNS 失敗:沒有 nameserver' },
    story: {
      en: 'blue pings 192.168.1.3 fine, but any name fails to resolve.',
      'zh-TW': 'blue ping 192.168.1.3 沒問題,可是任何名稱都解析不了。',
    },
    symptom: sym('blue', ping('web.lab.test')),
    answer: 'dns-no-nameserver@blue',
    distractors: ['nsswitch-no-dns', 'no-default-route', 'masquerade-missing'],
    why: {
      en: 'The resolver reads its servers from resolv.conf. With no nameserver line it asks 127.0.0.1, where nothing listens. Adding the real server gives queries somewhere to go.',
      'zh-TW':
        '解析器從 resolv.conf 讀取伺服器。沒有 nameserver 那一行,它就去問 127.0.0.1,而那裡沒有服務在聽。加上真正的伺服器,查詢才有地方可去。',
    },
    hints: [
      {
        en: "Addresses work, names do not: the problem is in the resolver's configuration.",
        'zh-TW': '用位址可以、用名稱不行:問題出在解析器的設定。',
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
    title: { en: 'DNS fails: nsswitch.conf never asks DNS', 'zh-TW': 'DNS 失敗:nsswitch.conf 從不詢問 DNS' },
    story: {
      en: "resolv.conf is correct and `dig @192.168.1.3 web.lab.test` would answer, yet blue's programs cannot resolve the name.",
      'zh-TW': 'resolv.conf 沒錯,`dig @192.168.1.3 web.lab.test` 也會有答案,可是 blue 的程式就是解析不到這個名稱。',
    },
    symptom: sym('blue', ping('web.lab.test')),
    answer: 'nsswitch-no-dns@blue',
    distractors: ['dns-no-nameserver', 'hosts-override', 'no-default-route'],
    why: {
      en: 'glibc only asks the sources nsswitch.conf lists for hosts. With `hosts: files` it stops after /etc/hosts and never sends a query. `hosts: files dns` restores the lookup.',
      'zh-TW':
        'glibc 只會詢問 nsswitch.conf 為 hosts 列出的來源。`hosts: files` 時它查完 /etc/hosts 就停了,根本不送查詢。改成 `hosts: files dns` 就恢復了。',
    },
    hints: [
      {
        en: 'The DNS server is fine, and the resolver config names it. Who decides whether DNS is asked at all?',
        'zh-TW': 'DNS 伺服器沒問題,解析設定也寫了它。那是誰決定要不要詢問 DNS?',
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
      'zh-TW': '名稱被導到錯的地方:/etc/hosts 蓋過了 DNS',
    },
    story: {
      en: 'DNS says web.lab.test is 192.168.1.3, but blue keeps going somewhere else.',
      'zh-TW': 'DNS 說 web.lab.test 是 192.168.1.3,可是 blue 一直連到別的地方。',
    },
    symptom: sym('blue', ['getent', 'hosts', 'web.lab.test']),
    labFix: ["sed -i '/web.lab.test/d' /etc/netns/{blue}/hosts"],
    answer: 'hosts-override@blue',
    distractors: ['nsswitch-no-dns', 'dns-no-nameserver', 'dnat-target-unknown'],
    why: {
      en: 'With `hosts: files dns`, /etc/hosts is read first and its answer wins. Removing the stale line lets the lookup fall through to DNS.',
      'zh-TW': '在 `hosts: files dns` 下,/etc/hosts 會先被讀,而且它的答案優先。刪掉那行過時的紀錄,查詢就會落到 DNS。',
    },
    hints: [
      {
        en: 'A wrong answer, not no answer: who answered before DNS?',
        'zh-TW': '是錯的答案,不是沒有答案:誰在 DNS 之前就回答了?',
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
    title: { en: 'No egress: FORWARD policy DROP', 'zh-TW': '無法對外:FORWARD 政策為 DROP' },
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
        '被轉送的封包會經過 filter 表的 FORWARD 鏈。政策是 DROP 又沒有放行 bridge 的規則,全部都被丟掉。為來自 v-net-0 的流量(與其回應)加上 ACCEPT 就能通過。',
    },
    hints: [
      {
        en: 'Forwarding is on and NAT is in place. Is the packet allowed to be forwarded?',
        'zh-TW': '轉送已開啟,NAT 也設好了。這個封包被允許轉送嗎?',
      },
      {
        en: 'Run `ip netns exec host iptables -nvL FORWARD`.',
        'zh-TW': '執行 `ip netns exec host iptables -nvL FORWARD`。',
      },
    ],
  },
  {
    id: 'docker-dnat-wrong',
    scenario: 'docker-bridge',
    fault: 'dnat-wrong-target',
    topic: 'nat',
    live: true,
    title: {
      en: 'Docker -p 8080:80 goes nowhere: DNAT to the wrong container',
      'zh-TW': 'Docker -p 8080:80 連不到:DNAT 指到錯的容器',
    },
    story: {
      en: 'c1 serves port 80 and was published with -p 8080:80. From outside, host:8080 does not answer.',
      'zh-TW': 'c1 在 80 埠提供服務,並以 -p 8080:80 發布。從外部連 host:8080 卻沒有回應。',
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
        '連接埠對應就是一條 DNAT 規則:目的地會被改寫成 --to-destination。如果那個位址不屬於任何容器,封包就被送進虛無。把規則改指向 c1 的位址(172.17.0.2:80)即可。',
    },
    hints: [
      { en: 'Where does the host send a packet for port 8080?', 'zh-TW': 'host 把送往 8080 埠的封包送去哪裡?' },
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
        'c1 用預設的 bridge 網路執行。c2 用了不同的參數啟動,什麼都連不到,連 c1 也不行。比較 c1、c2 與 host(--network host 看到的就是它)上 `ip addr` 的結果。',
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
        '--network none 讓容器有自己的 namespace,但只有 lo:沒有 eth0、沒有路由,外面什麼都連不到。bridge 模式會在 docker0 上加一條 veth 當 eth0(就像 c1);host 模式則不建 namespace,看到的是 host 自己的介面。用 bridge 網路重新啟動 c2(或手動給它一條接到 docker0 的 veth、位址與預設路由)。',
    },
    hints: [
      { en: 'Count the interfaces c2 has.', 'zh-TW': '數一數 c2 有幾個介面。' },
      {
        en: 'Run `ip netns exec c2 ip addr` and compare it with c1.',
        'zh-TW': '執行 `ip netns exec c2 ip addr`,和 c1 比較。',
      },
    ],
  },
  {
    id: 'cni-veth-down',
    scenario: 'manual-cni',
    fault: 'veth-down',
    topic: 'cni',
    live: true,
    title: { en: 'Manual CNI: the veth in the container was left down', 'zh-TW': '手動 CNI:容器裡的 veth 沒有啟用' },
    story: {
      en: 'You did the CNI steps by hand: veth pair, one end into the container namespace, addresses on both. The node cannot reach the container.',
      'zh-TW': '你手動做了 CNI 的步驟:建立 veth pair、把一端放進容器的 namespace、兩端都設好位址。節點卻連不到容器。',
    },
    symptom: sym('node', ping('10.1.1.2')),
    answer: 'interface-down@container',
    distractors: ['address-prefix-mismatch', 'forward-blocked', 'no-default-route'],
    why: {
      en: 'A veth pair only carries traffic when both ends are up; moving an end into a namespace leaves it down. `ip link set veth-container up` inside the container finishes the step.',
      'zh-TW':
        'veth pair 要兩端都啟用才能傳資料;把一端移進 namespace 後它會是關閉的。在容器裡執行 `ip link set veth-container up` 就完成這一步了。',
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
    title: { en: 'Manual CNI: lo was left down in the container', 'zh-TW': '手動 CNI:容器裡的 lo 沒有啟用' },
    story: {
      en: 'The container reaches the node, but a program in it cannot talk to itself on 127.0.0.1.',
      'zh-TW': '容器連得到節點,但容器裡的程式卻無法透過 127.0.0.1 跟自己溝通。',
    },
    symptom: sym('container', ping('127.0.0.1')),
    answer: 'interface-down@container',
    distractors: ['address-prefix-mismatch', 'no-default-route', 'bridge-down'],
    why: {
      en: 'A new namespace starts with lo down, and 127.0.0.1 lives on lo. CNI plugins bring it up for you; by hand you must run `ip link set lo up`.',
      'zh-TW':
        '新的 namespace 一開始 lo 是關閉的,而 127.0.0.1 就在 lo 上。CNI plugin 會幫你啟用它;手動時就得自己執行 `ip link set lo up`。',
    },
    hints: [
      { en: '127.0.0.1 belongs to one interface. Which?', 'zh-TW': '127.0.0.1 屬於某個介面。是哪一個?' },
      {
        en: 'Run `ip netns exec container ip link show lo`.',
        'zh-TW': '執行 `ip netns exec container ip link show lo`。',
      },
    ],
  },
  {
    id: 'svc-no-endpoints',
    scenario: 'k8s-hostgw',
    fault: 'selector-mismatch',
    topic: 'kubernetes',
    live: false,
    title: { en: 'A Service with no endpoints', 'zh-TW': '沒有端點的 Service' },
    story: {
      en: 'The web pods run and are ready. From the client pod, the web Service refuses every connection.',
      'zh-TW': 'web Pod 都在執行而且已就緒。從 client Pod 連 web Service,每次都被拒絕。',
    },
    symptom: sym('default.client', curl('http://10.96.100.10/')),
    answer: 'service-no-endpoints@service:default/web',
    distractors: ['service-not-programmed', 'pod-dns-nameserver-mismatch', 'forward-blocked'],
    why: {
      en: 'A Service sends traffic to the pods its selector matches. Here it selects app=webapp while the pods are labelled app=web, so its EndpointSlice is empty and kube-proxy rejects connections. Fixing the selector fills the EndpointSlice.',
      'zh-TW':
        'Service 會把流量送給 selector 選到的 Pod。這裡它選的是 app=webapp,Pod 的標籤卻是 app=web,所以 EndpointSlice 是空的,kube-proxy 直接拒絕連線。修正 selector,EndpointSlice 就會有端點。',
    },
    hints: [],
  },
  {
    id: 'kube-proxy-stale',
    scenario: 'k8s-hostgw',
    fault: 'kube-proxy-stale',
    topic: 'kubernetes',
    live: false,
    title: { en: 'kube-proxy is not programming a Service', 'zh-TW': 'kube-proxy 沒有設定某個 Service' },
    story: {
      en: 'The web Service has ready endpoints, and it works from worker-2. From the client pod on worker-1, connections to its ClusterIP time out.',
      'zh-TW': 'web Service 有就緒的端點,從 worker-2 也連得通。從 worker-1 上的 client Pod 連它的 ClusterIP 卻逾時。',
    },
    symptom: sym('default.client', curl('http://10.96.100.10/')),
    answer: 'service-not-programmed@worker-1',
    distractors: ['service-no-endpoints', 'pod-dns-nameserver-mismatch', 'forward-blocked'],
    why: {
      en: 'A ClusterIP exists only as kube-proxy rules on each node. worker-1 has no KUBE-SERVICES rule for 10.96.100.10, so the packet is never translated. Restarting kube-proxy on worker-1 makes it resync every rule.',
      'zh-TW':
        'ClusterIP 只以 kube-proxy 規則的形式存在於每個節點上。worker-1 的 KUBE-SERVICES 沒有 10.96.100.10 的規則,封包永遠不會被轉換。重新啟動 worker-1 上的 kube-proxy,它會重新同步所有規則。',
    },
    hints: [],
  },
  {
    id: 'pod-dns-mismatch',
    scenario: 'k8s-hostgw',
    fault: 'pod-dns-mismatch',
    topic: 'kubernetes',
    live: false,
    title: { en: "A pod's nameserver is not kube-dns", 'zh-TW': 'Pod 的 nameserver 不是 kube-dns' },
    story: {
      en: 'CoreDNS is healthy and other pods resolve names. The client pod cannot.',
      'zh-TW': 'CoreDNS 運作正常,其他 Pod 都解析得到名稱。只有 client Pod 不行。',
    },
    symptom: sym('default.client', ping('web.default.svc.cluster.local')),
    answer: 'pod-dns-nameserver-mismatch@default.client',
    distractors: ['coredns-no-endpoints', 'netpol-blocks-dns', 'service-no-endpoints'],
    why: {
      en: "With dnsPolicy ClusterFirst, kubelet writes the kube-dns ClusterIP as the pod's nameserver. This pod's resolv.conf names another address, where no DNS answers. Fix the pod's dnsConfig (or kubelet's clusterDNS) and recreate the pod.",
      'zh-TW':
        'dnsPolicy 為 ClusterFirst 時,kubelet 會把 kube-dns 的 ClusterIP 寫成 Pod 的 nameserver。這個 Pod 的 resolv.conf 寫的卻是別的位址,那裡沒有 DNS 回應。修正 Pod 的 dnsConfig(或 kubelet 的 clusterDNS),再重建 Pod。',
    },
    hints: [],
  },
  {
    id: 'coredns-loop',
    scenario: 'k8s-hostgw',
    fault: 'coredns-loop',
    topic: 'kubernetes',
    live: false,
    title: { en: 'CoreDNS loops and crash-loops', 'zh-TW': 'CoreDNS 形成迴圈並不斷重啟' },
    story: {
      en: 'After a node upgrade, both CoreDNS pods are in CrashLoopBackOff and every name lookup in the cluster fails.',
      'zh-TW': '節點升級之後,兩個 CoreDNS Pod 都陷入 CrashLoopBackOff,叢集內所有名稱查詢都失敗。',
    },
    symptom: sym('default.client', ping('web.default.svc.cluster.local')),
    answer: 'coredns-loop@service:kube-system/kube-dns',
    distractors: ['pod-dns-nameserver-mismatch', 'netpol-blocks-dns', 'service-not-programmed'],
    why: {
      en: "CoreDNS runs with dnsPolicy Default, so it inherits the node's resolv.conf. That file points at systemd-resolved's 127.0.0.53; inside CoreDNS that address is CoreDNS itself, so `forward . /etc/resolv.conf` sends queries back to itself, and the loop plugin stops it. Point kubelet's resolvConf at /run/systemd/resolve/resolv.conf (the real servers).",
      'zh-TW':
        'CoreDNS 以 dnsPolicy Default 執行,所以繼承了節點的 resolv.conf。那份檔案指向 systemd-resolved 的 127.0.0.53;在 CoreDNS 裡這個位址就是它自己,於是 `forward . /etc/resolv.conf` 把查詢轉回給自己,loop plugin 就讓它停下來。把 kubelet 的 resolvConf 指到 /run/systemd/resolve/resolv.conf(真正的伺服器)。',
    },
    hints: [],
  },
  {
    id: 'netpol-blocks-dns',
    scenario: 'k8s-hostgw',
    fault: 'netpol-deny-egress',
    topic: 'kubernetes',
    live: false,
    title: { en: 'A NetworkPolicy blocks DNS', 'zh-TW': 'NetworkPolicy 擋住了 DNS' },
    story: {
      en: 'A security review added a default-deny egress policy to namespace default. Now its pods cannot resolve any name. (In the lab the policy is only in the API objects: the data plane there does not enforce policies.)',
      'zh-TW':
        '一次資安檢查在命名空間 default 加了預設拒絕 egress 的政策。從此那裡的 Pod 什麼名稱都解析不了。(實驗室裡這條政策只存在於 API 物件中:那裡的資料平面不會強制執行政策。)',
    },
    symptom: sym('default.client', ['cat', '/etc/resolv.conf']),
    answer: 'netpol-blocks-dns@default.client',
    distractors: ['pod-dns-nameserver-mismatch', 'coredns-no-endpoints', 'service-not-programmed'],
    why: {
      en: 'Once a policy with Egress selects a pod, only the egress it allows is permitted, and that includes DNS. Add an egress rule to kube-system pods labelled k8s-app=kube-dns on UDP and TCP 53.',
      'zh-TW':
        '一旦有含 Egress 的政策選到某個 Pod,就只允許政策放行的 egress,DNS 也不例外。加一條 egress 規則,放行連到 kube-system 中標籤為 k8s-app=kube-dns 的 Pod 的 UDP 與 TCP 53。',
    },
    hints: [],
  },
];

// An exercise by id.
export function exercise(id: string): Exercise | undefined {
  return EXERCISES.find((e) => e.id === id);
}

// The exercise a lab (scenario + faults) is, when it is one.
export function exerciseForLab(scenario: string, faults: readonly string[]): Exercise | undefined {
  return EXERCISES.find((e) => e.scenario === scenario && faults.length === 1 && faults[0] === e.fault);
}

/** The fixture a walkthrough reads. */
export const fixtureOf = (e: Exercise): string => `${e.scenario}/${e.fault}`;
