// The catalog of finding ids: the only place ids, default severities and their texts (en, zh-TW) live.
// FINDINGS.md is generated from this file (`npm run catalog`); a test keeps the two in step.

export type Lang = 'en' | 'zh-TW';
type L = Record<Lang, string>;

export interface CatalogEntry {
  severity: 'critical' | 'warning' | 'info';
  summary: L;
  /** Texts per variant; `{name}` placeholders are filled from the finding's params. */
  variants: Record<string, { title: L; explanation: L }>;
}

export const CATALOG = {
  'interface-down': {
    severity: 'critical',
    summary: {
      en: 'An interface that carries addresses, or is a bridge port or veth end, is administratively down or has no carrier (also reported from the peer side).',
      'zh-TW': '帶有位址、或是 bridge 埠 / veth 一端的網路介面被管理性關閉,或沒有 carrier(從對端也看得到)。',
    },
    variants: {
      admin: {
        title: { en: '{iface} on {host} is down', 'zh-TW': '{host} 的介面 {iface} 處於 DOWN 狀態' },
        explanation: {
          en: '{iface} on {host} has no UP flag: it was never brought up, or someone set it down. The kernel neither sends nor receives on it, so its addresses ({addresses}) and every route through it are dead until it is brought up.',
          'zh-TW':
            '{host} 上的 {iface} 沒有 UP 旗標:它從未被啟用,或被人設成 down。核心不會在這個介面上收發任何封包,因此它的位址({addresses})以及經過它的路由全部失效,直到重新啟用為止。',
        },
      },
      'admin-peer': {
        title: { en: '{iface} on {host} is down', 'zh-TW': '{host} 的介面 {iface} 處於 DOWN 狀態' },
        explanation: {
          en: '{iface} on {host} is administratively down. It is one end of a veth pair whose other end is {peer} on {peerHost}; that end now reports NO-CARRIER, so nothing crosses the pair in either direction.',
          'zh-TW':
            '{host} 上的 {iface} 被管理性關閉。它是一對 veth 的其中一端,另一端是 {peerHost} 上的 {peer};另一端因此顯示 NO-CARRIER,封包在兩個方向都無法通過這條虛擬網路線。',
        },
      },
      carrier: {
        title: { en: '{iface} on {host} has no carrier', 'zh-TW': '{host} 的介面 {iface} 沒有 carrier' },
        explanation: {
          en: '{iface} is up but reports NO-CARRIER: the far end of the link ({peer}) is down or gone. A veth only gets carrier when both of its ends are up.',
          'zh-TW':
            '{iface} 已啟用,卻顯示 NO-CARRIER:鏈路另一端({peer})是 down 或已不存在。veth 必須兩端都啟用才會有 carrier。',
        },
      },
      loopback: {
        title: { en: 'Loopback is down in {host}', 'zh-TW': '{host} 的 loopback 介面處於 DOWN' },
        explanation: {
          en: 'lo has no UP flag. Anything in this namespace that talks to 127.0.0.1 or ::1 (a local DNS stub, a sidecar, a health check) fails. New namespaces start with lo down; container runtimes and the CNI loopback plugin are what bring it up.',
          'zh-TW':
            'lo 沒有 UP 旗標。這個 namespace 內任何連向 127.0.0.1 或 ::1 的程式(本機 DNS stub、sidecar、健康檢查)都會失敗。新建立的 namespace 預設 lo 為 down,平常是由容器執行環境或 CNI 的 loopback 外掛負責把它啟用。',
        },
      },
    },
  },
  'bridge-down': {
    severity: 'critical',
    summary: {
      en: 'A bridge device is down, so every namespace attached behind it is cut off.',
      'zh-TW': 'bridge 裝置處於 down 狀態,掛在它後面的所有 namespace 都被切斷。',
    },
    variants: {
      default: {
        title: { en: 'Bridge {bridge} on {host} is down', 'zh-TW': '{host} 上的 bridge {bridge} 處於 DOWN 狀態' },
        explanation: {
          en: '{bridge} is the virtual switch for {ports}. While it is down it passes no frames between its ports and its own address ({addresses}) is unusable, so {behind} can reach neither each other through it nor the gateway on it.',
          'zh-TW':
            '{bridge} 是 {ports} 所連接的虛擬交換器。它處於 down 時不會在各埠之間轉送訊框,本身的位址({addresses})也無法使用,因此 {behind} 既無法經由它互通,也連不到它上面的閘道。',
        },
      },
    },
  },
  'address-prefix-mismatch': {
    severity: 'critical',
    summary: {
      en: 'An address whose prefix leaves its neighbours off-link (e.g. /32 where the segment is a /24), or neighbours on one segment in different subnets.',
      'zh-TW':
        '位址的前綴長度讓同網段的鄰居變成不在直連範圍內(例如網段是 /24 卻設了 /32),或同一網段上的主機分屬不同子網。',
    },
    variants: {
      narrow: {
        title: {
          en: '{address}/{prefix} on {host} is narrower than its segment ({segment})',
          'zh-TW': '{host} 的 {address}/{prefix} 比所在網段({segment})還窄',
        },
        explanation: {
          en: '{iface} on {host} has {address}/{prefix}, while the other hosts on the same wire use {segment}. With this prefix the kernel has no connected route to {peers}, so it never ARPs for them and cannot answer them. This is what an address added without its /{segPrefix} looks like.',
          'zh-TW':
            '{host} 的 {iface} 設定為 {address}/{prefix},但同一條線路上的其他主機使用 {segment}。在這個前綴下,核心沒有通往 {peers} 的直連路由,不會對它們發 ARP,也無法回應它們。加位址時漏寫 /{segPrefix} 就會是這個樣子。',
        },
      },
      subnets: {
        title: {
          en: "{address}/{prefix} on {host} is outside its segment's subnet {segment}",
          'zh-TW': '{host} 的 {address}/{prefix} 不在所屬網段的子網 {segment} 內',
        },
        explanation: {
          en: '{iface} on {host} shares a layer-2 segment with {peers}, but its address is in a different subnet. Frames could pass, yet neither side has a connected route to the other, so IP traffic between them fails.',
          'zh-TW':
            '{host} 的 {iface} 與 {peers} 位於同一個第二層網段,但它的位址屬於另一個子網。訊框雖然傳得過去,雙方卻都沒有通往對方的直連路由,因此彼此之間的 IP 流量會失敗。',
        },
      },
    },
  },
  'no-default-route': {
    severity: 'critical',
    summary: {
      en: 'A namespace that must reach other networks has no default route.',
      'zh-TW': '需要連到其他網路的 namespace 沒有預設路由。',
    },
    variants: {
      gateway: {
        title: { en: '{host} has no default route', 'zh-TW': '{host} 沒有預設路由' },
        explanation: {
          en: '{host} only knows its directly connected subnets ({connected}), so packets for any other network, the Internet included, fail with "Network is unreachable". {gateway} on the same segment already routes for its neighbours and is the gateway to use.',
          'zh-TW':
            '{host} 只認得直連的子網({connected}),所以送往其他網路(包括網際網路)的封包都會以「Network is unreachable」失敗。同一網段上的 {gateway} 已經在替鄰居轉送流量,應該把它設為預設閘道。',
        },
      },
      nameserver: {
        title: { en: '{host} has no default route', 'zh-TW': '{host} 沒有預設路由' },
        explanation: {
          en: '{host} only knows its directly connected subnets ({connected}), yet its nameserver {nameserver} is on another network. Without a default route neither name lookups nor any other traffic can leave this namespace.',
          'zh-TW':
            '{host} 只認得直連的子網({connected}),但它的 nameserver {nameserver} 位於其他網路。沒有預設路由,名稱查詢與其他任何流量都出不了這個 namespace。',
        },
      },
      workload: {
        title: { en: '{host} has no default route', 'zh-TW': '{host} 沒有預設路由' },
        explanation: {
          en: '{host} is a {kind} and is expected to reach other networks, but its routing table only covers {connected}. Connections to anything else fail with "Network is unreachable".',
          'zh-TW':
            '{host} 是 {kind},理應能連到其他網路,但它的路由表只涵蓋 {connected}。連往其他目的地都會以「Network is unreachable」失敗。',
        },
      },
    },
  },
  'gateway-unreachable': {
    severity: 'critical',
    summary: {
      en: "A default or static route's next hop is not on any up, connected subnet, or nothing on the link answers for it.",
      'zh-TW': '預設路由或靜態路由的下一跳不在任何已啟用的直連子網上,或鏈路上沒有主機回應它。',
    },
    variants: {
      calico: {
        title: {
          en: '{host}: Calico gateway {gateway} does not answer ARP',
          'zh-TW': '{host}:Calico 閘道 {gateway} 沒有回應 ARP',
        },
        explanation: {
          en: "{host} sends everything to {gateway} on {dev}, and nothing answers its ARP request. With Calico that address is the intended gateway: no device owns it, and the node answers for it by proxy ARP on the pod's host-side cali* veth. Leave the route as it is; the cause is on the node (proxy_arp on that veth, or the veth itself), which this bundle does not show.",
          'zh-TW':
            '{host} 把所有流量經由 {dev} 交給 {gateway},卻沒有任何裝置回應它的 ARP 請求。在 Calico 中這個位址本來就是設計好的閘道:沒有任何介面擁有它,而是由節點在 Pod 對應的 cali* veth 上以 proxy ARP 代為回應。路由本身不用改;原因在節點上(那條 veth 的 proxy_arp,或 veth 本身),而這份 bundle 看不到。',
        },
      },
      'gateway-off-link': {
        title: {
          en: '{host}: next hop {gateway} of "{route}" is not on-link',
          'zh-TW': '{host}:路由「{route}」的下一跳 {gateway} 不在直連範圍內',
        },
        explanation: {
          en: 'The route "{route}" hands packets to {gateway}, but no up interface of {host} has an address in that gateway\'s subnet and the route is not marked onlink. The kernel cannot resolve the next hop, so everything matching this route is dropped.',
          'zh-TW':
            '路由「{route}」把封包交給 {gateway},但 {host} 沒有任何已啟用的介面位於該閘道的子網內,這條路由也沒有標記 onlink。核心無法解析下一跳,符合這條路由的流量全部被丟棄。',
        },
      },
      'neigh-failed': {
        title: { en: '{host}: gateway {gateway} does not answer ARP', 'zh-TW': '{host}:閘道 {gateway} 沒有回應 ARP' },
        explanation: {
          en: '{host} tried to resolve {gateway} on {dev} and its neighbour table shows {state}: nothing on the link answers for that address. The gateway is down, or the route names the wrong address.',
          'zh-TW':
            '{host} 嘗試在 {dev} 上解析 {gateway},鄰居表顯示為 {state}:鏈路上沒有任何主機回應這個位址。可能是閘道停機,或路由寫錯了位址。',
        },
      },
      'nobody-owns': {
        title: {
          en: '{host}: no host on the segment owns gateway {gateway}',
          'zh-TW': '{host}:網段上沒有任何主機擁有閘道位址 {gateway}',
        },
        explanation: {
          en: '{gateway} lies in the subnet of {dev}, but none of the hosts on that segment ({members}) has that address. Every packet routed by "{route}" waits for an ARP reply that never comes.',
          'zh-TW':
            '{gateway} 位於 {dev} 的子網內,但該網段上的主機({members})沒有一台擁有這個位址。依「{route}」轉送的封包都在等一個永遠不會來的 ARP 回應。',
        },
      },
      'dev-missing': {
        title: {
          en: '{host}: route "{route}" names a missing device',
          'zh-TW': '{host}:路由「{route}」指定的裝置不存在',
        },
        explanation: {
          en: 'The route "{route}" sends packets out of {dev}, which does not exist in {host}.',
          'zh-TW': '路由「{route}」要從 {dev} 送出封包,但 {host} 中沒有這個裝置。',
        },
      },
      'dev-down': {
        title: {
          en: '{host}: route "{route}" leaves through a device without carrier',
          'zh-TW': '{host}:路由「{route}」經由沒有 carrier 的裝置',
        },
        explanation: {
          en: 'The route "{route}" leaves through {dev}, which has no carrier (the route is flagged linkdown), so the kernel skips it.',
          'zh-TW': '路由「{route}」經由 {dev} 送出,但該裝置沒有 carrier(路由帶有 linkdown 標記),核心會略過這條路由。',
        },
      },
    },
  },
  'ip-forward-disabled': {
    severity: 'critical',
    summary: {
      en: 'A host that routes for other namespaces (it is their gateway, or NATs for them) has net.ipv4.ip_forward = 0.',
      'zh-TW': '負責替其他 namespace 轉送流量的主機(是它們的閘道,或替它們做 NAT),net.ipv4.ip_forward 卻是 0。',
    },
    variants: {
      gateway: {
        title: {
          en: 'IP forwarding is off on {host}, the gateway of {dependents}',
          'zh-TW': '{host} 關閉了 IP 轉送,但它是 {dependents} 的閘道',
        },
        explanation: {
          en: '{dependents} send their traffic to {host} as their gateway, but net.ipv4.ip_forward is 0 on {host}, so its kernel drops every packet not addressed to {host} itself. Their traffic reaches {host} and goes no further.',
          'zh-TW':
            '{dependents} 把 {host} 當作閘道送出流量,但 {host} 的 net.ipv4.ip_forward 為 0,核心會丟棄所有目的地不是 {host} 本身的封包。它們的流量送到 {host} 就停住了。',
        },
      },
      bridged: {
        title: {
          en: 'IP forwarding is off on {host}, and bridge {bridge} stops passing traffic',
          'zh-TW': '{host} 關閉了 IP 轉送,bridge {bridge} 也因此不再轉送流量',
        },
        explanation: {
          en: 'net.ipv4.ip_forward is 0 on {host} while net.bridge.bridge-nf-call-iptables is 1. Routed traffic from its dependents ({dependents}) stops at {host}. Worse, br_netfilter passes frames switched between the ports of {bridge} through nat POSTROUTING, where "{rule}" matches and NATs them; NATed frames need IP forwarding, so the kernel drops them and even namespaces on the same bridge cannot reach each other.',
          'zh-TW':
            '{host} 的 net.ipv4.ip_forward 為 0,而 net.bridge.bridge-nf-call-iptables 為 1。依賴它轉送的 {dependents} 流量會停在 {host}。更糟的是,br_netfilter 會讓 {bridge} 各埠之間交換的訊框經過 nat 表的 POSTROUTING,被「{rule}」比對到並做 NAT;做過 NAT 的訊框需要 IP 轉送,核心因此把它們丟掉,就算是同一個 bridge 上的 namespace 也無法互通。',
        },
      },
      nat: {
        title: {
          en: 'IP forwarding is off on {host}, which NATs for {subnets}',
          'zh-TW': '{host} 關閉了 IP 轉送,但它替 {subnets} 做 NAT',
        },
        explanation: {
          en: '{host} has NAT rules for {subnets}, which only help if it forwards packets, but net.ipv4.ip_forward is 0. Nothing from those subnets is routed onward.',
          'zh-TW':
            '{host} 針對 {subnets} 設了 NAT 規則,這只有在它會轉送封包時才有用,但 net.ipv4.ip_forward 為 0,來自這些子網的流量都不會被轉送出去。',
        },
      },
    },
  },
  'masquerade-missing': {
    severity: 'critical',
    summary: {
      en: 'A private source subnet (bridge subnet, pod CIDR) leaves through another interface with no MASQUERADE/SNAT covering it.',
      'zh-TW': '私有來源子網(bridge 子網、Pod CIDR)經由另一個介面離開主機,卻沒有任何 MASQUERADE/SNAT 規則涵蓋它。',
    },
    variants: {
      default: {
        title: {
          en: '{subnet} leaves {host} via {egress} without MASQUERADE',
          'zh-TW': '{subnet} 經由 {host} 的 {egress} 出去,卻沒有 MASQUERADE',
        },
        explanation: {
          en: '{host} routes traffic from {subnet} (behind {inner}) out of {egress}, but no nat POSTROUTING rule masquerades or SNATs it. Packets leave with private source addresses that the next network has no route back to, so replies never return: the namespaces reach {host} but nothing beyond it.',
          'zh-TW':
            '{host} 會把來自 {subnet}({inner} 後方)的流量從 {egress} 轉送出去,但 nat 表的 POSTROUTING 沒有任何 MASQUERADE 或 SNAT 規則處理它。封包帶著私有來源位址離開,下一個網路沒有回程路由,回應永遠回不來:這些 namespace 連得到 {host},卻出不去。',
        },
      },
    },
  },
  'forward-blocked': {
    severity: 'critical',
    summary: {
      en: "filter FORWARD drops the traffic (policy DROP or a DROP/REJECT rule) with nothing accepting the bridge's traffic first.",
      'zh-TW':
        'filter 表的 FORWARD 會丟棄這些流量(policy DROP 或 DROP/REJECT 規則),前面也沒有任何規則先放行 bridge 的流量。',
    },
    variants: {
      outbound: {
        title: {
          en: 'FORWARD on {host} drops traffic from {inner} to {egress}',
          'zh-TW': '{host} 的 FORWARD 會丟棄從 {inner} 到 {egress} 的流量',
        },
        explanation: {
          en: 'A new connection from {subnet} entering on {inner} and leaving on {egress} walks the filter FORWARD chain and ends in {verdict} ({decider}); no earlier rule accepts it. Docker setting the FORWARD policy to DROP on a host that also routes other bridges is the classic cause.',
          'zh-TW':
            '從 {subnet} 經 {inner} 進入、由 {egress} 離開的新連線,走完 filter 表的 FORWARD 鏈後落到 {verdict}({decider}),之前沒有任何規則放行。最常見的原因是 Docker 把 FORWARD 預設政策設為 DROP,而這台主機還替其他 bridge 轉送流量。',
        },
      },
      bridged: {
        title: {
          en: 'FORWARD on {host} drops traffic between ports of {inner}',
          'zh-TW': '{host} 的 FORWARD 會丟棄 {inner} 各埠之間的流量',
        },
        explanation: {
          en: 'net.bridge.bridge-nf-call-iptables is 1, so frames switched by {inner} also pass the filter FORWARD chain, where they end in {verdict} ({decider}). Namespaces on the same bridge cannot reach each other.',
          'zh-TW':
            'net.bridge.bridge-nf-call-iptables 為 1,所以經 {inner} 交換的訊框也會經過 filter 表的 FORWARD 鏈,並在那裡落到 {verdict}({decider})。同一個 bridge 上的 namespace 因此無法互通。',
        },
      },
    },
  },
  'dns-no-resolv-conf': {
    severity: 'critical',
    summary: { en: 'resolv.conf is missing or empty.', 'zh-TW': 'resolv.conf 不存在或是空的。' },
    variants: {
      empty: {
        title: { en: '{host} has an empty resolv.conf', 'zh-TW': '{host} 的 resolv.conf 是空的' },
        explanation: {
          en: '{file} holds no nameserver, search or options line. glibc then falls back to a nameserver at 127.0.0.1; unless a resolver listens there, every DNS lookup in {host} fails.',
          'zh-TW':
            '{file} 沒有任何 nameserver、search 或 options 設定。此時 glibc 會退回使用 127.0.0.1 作為 nameserver;除非那裡有解析器在監聽,否則 {host} 內的 DNS 查詢全部失敗。',
        },
      },
      missing: {
        title: { en: '{host} has no resolv.conf', 'zh-TW': '{host} 沒有 resolv.conf' },
        explanation: {
          en: 'The capture found no /etc/resolv.conf in {host}. glibc then falls back to a nameserver at 127.0.0.1; unless a resolver listens there, every DNS lookup fails.',
          'zh-TW':
            '擷取時在 {host} 找不到 /etc/resolv.conf。glibc 因此退回使用 127.0.0.1;除非那裡有解析器在監聽,否則所有 DNS 查詢都會失敗。',
        },
      },
    },
  },
  'dns-no-nameserver': {
    severity: 'critical',
    summary: { en: 'resolv.conf has no nameserver line.', 'zh-TW': 'resolv.conf 沒有 nameserver 設定。' },
    variants: {
      default: {
        title: {
          en: 'resolv.conf of {host} names no nameserver',
          'zh-TW': '{host} 的 resolv.conf 沒有指定 nameserver',
        },
        explanation: {
          en: '{file} has {lines} configuration line(s) but no nameserver. The resolver therefore asks 127.0.0.1; unless a local resolver listens there, names do not resolve even though the search list looks right.',
          'zh-TW':
            '{file} 有 {lines} 行設定,卻沒有 nameserver。解析器因此會去問 127.0.0.1;除非本機有解析器在那裡監聽,否則即使 search 清單看起來正確,名稱仍然解析不了。',
        },
      },
    },
  },
  'dns-nameserver-unreachable': {
    severity: 'critical',
    summary: {
      en: 'The namespace has no usable route to its nameserver.',
      'zh-TW': '這個 namespace 沒有可用的路由通往它的 nameserver。',
    },
    variants: {
      'no-route': {
        title: {
          en: '{host} has no route to nameserver {nameserver}',
          'zh-TW': '{host} 沒有通往 nameserver {nameserver} 的路由',
        },
        explanation: {
          en: 'No route in {host} covers {nameserver}: it is on no connected subnet and there is no default route. Every query sent to it fails at once with "Network is unreachable".',
          'zh-TW':
            '{host} 沒有任何路由涵蓋 {nameserver}:它不在直連子網內,也沒有預設路由。送往它的每個查詢都會立刻以「Network is unreachable」失敗。',
        },
      },
      'reject-route': {
        title: {
          en: '{host} discards traffic to nameserver {nameserver}',
          'zh-TW': '{host} 會丟棄送往 nameserver {nameserver} 的流量',
        },
        explanation: {
          en: '{host} sends {nameserver} to a {routeType} route ("{route}"), so queries are discarded before they leave.',
          'zh-TW': '{host} 把 {nameserver} 導向 {routeType} 類型的路由(「{route}」),查詢封包在送出前就被丟棄。',
        },
      },
      'dev-down': {
        title: {
          en: '{host} reaches nameserver {nameserver} only through a down interface',
          'zh-TW': '{host} 只能經由已關閉的介面連到 nameserver {nameserver}',
        },
        explanation: {
          en: 'The route to {nameserver} leaves through {dev}, which is down, so queries never get on the wire.',
          'zh-TW': '通往 {nameserver} 的路由經由 {dev},但該介面處於 down,查詢封包根本送不出去。',
        },
      },
      'calico-proxy-arp': {
        title: {
          en: '{host} cannot reach nameserver {nameserver}: its Calico gateway gets no ARP answer',
          'zh-TW': '{host} 連不到 nameserver {nameserver}:它的 Calico 閘道沒有回應 ARP',
        },
        explanation: {
          en: 'The route to {nameserver} goes via {gateway}, the gateway Calico gives every pod, and {host} gets no ARP answer for it because proxy ARP is off on its veth on {node} (see calico-proxy-arp-off there). Every query is lost at the first hop; fixing the node fixes DNS.',
          'zh-TW':
            '通往 {nameserver} 的路由經由 {gateway},也就是 Calico 給每個 Pod 的閘道;由於 {node} 上這個 Pod 的 veth 關閉了 proxy ARP,{host} 查不到它的 ARP(見該節點的 calico-proxy-arp-off)。每個查詢都在第一跳遺失;修好節點,DNS 就恢復了。',
        },
      },
      gateway: {
        title: {
          en: '{host} cannot reach the gateway towards nameserver {nameserver}',
          'zh-TW': '{host} 到不了通往 nameserver {nameserver} 的閘道',
        },
        explanation: {
          en: 'The route to {nameserver} goes via {gateway}, which {host} cannot reach (see gateway-unreachable), so queries are lost at the first hop.',
          'zh-TW':
            '通往 {nameserver} 的路由經由 {gateway},但 {host} 到不了這個閘道(見 gateway-unreachable),查詢在第一跳就遺失了。',
        },
      },
      'not-answering': {
        title: {
          en: 'Nameserver {nameserver} is reachable from {host} but does not answer DNS',
          'zh-TW': '{host} 連得到 nameserver {nameserver},但它不回應 DNS',
        },
        explanation: {
          en: 'The routing in {host} is fine and {nameserver} answered ping at capture time, but a DNS query for "{name}" got "{result}". Something listens at that address, yet no DNS server is serving on port 53 there (stopped, crashed, or bound to another address).',
          'zh-TW':
            '{host} 的路由沒有問題,擷取時 {nameserver} 也回應了 ping,但查詢「{name}」的 DNS 請求得到「{result}」。這個位址上有主機在,卻沒有 DNS 伺服器在 53 埠提供服務(已停止、當掉,或綁在別的位址上)。',
        },
      },
      'no-reply': {
        title: {
          en: 'Nameserver {nameserver} never replies to {host}',
          'zh-TW': 'nameserver {nameserver} 從不回應 {host}',
        },
        explanation: {
          en: 'The routing in {host} sends queries for {nameserver} on their way, but at capture time neither ping nor a DNS query for "{name}" got any reply ({result}). The path beyond the first hop is broken: look at the gateway\'s forwarding and NAT findings.',
          'zh-TW':
            '{host} 的路由會把送往 {nameserver} 的查詢送出去,但擷取時 ping 與查詢「{name}」的 DNS 請求都沒有得到任何回應({result})。第一跳之後的路徑斷了:請查看閘道的轉送與 NAT 相關發現。',
        },
      },
      'loopback-down': {
        title: {
          en: '{host} cannot reach its local nameserver {nameserver}',
          'zh-TW': '{host} 連不到本機的 nameserver {nameserver}',
        },
        explanation: {
          en: '{nameserver} is a loopback address and lo is down in {host}, so the local resolver cannot be reached.',
          'zh-TW': '{nameserver} 是 loopback 位址,而 {host} 的 lo 處於 down,本機解析器無法連線。',
        },
      },
    },
  },
  'nsswitch-no-dns': {
    severity: 'critical',
    summary: {
      en: 'The hosts: line of nsswitch.conf never consults DNS.',
      'zh-TW': 'nsswitch.conf 的 hosts: 設定永遠不會查詢 DNS。',
    },
    variants: {
      absent: {
        title: { en: 'nsswitch.conf of {host} never asks DNS', 'zh-TW': '{host} 的 nsswitch.conf 永遠不會查詢 DNS' },
        explanation: {
          en: 'The hosts line is "{line}". It lists no dns (or resolve) source, so getaddrinfo(), which ping, curl and most programs use, only looks in local files. Names that exist only in DNS never resolve, even though nslookup and dig (which bypass NSS) succeed.',
          'zh-TW':
            'hosts 這行是「{line}」,其中沒有 dns(或 resolve)來源,所以 ping、curl 等多數程式使用的 getaddrinfo() 只查本機檔案。只存在於 DNS 的名稱永遠解析不到,即使繞過 NSS 的 nslookup 與 dig 都查得到。',
        },
      },
      returns: {
        title: { en: 'nsswitch.conf of {host} stops before DNS', 'zh-TW': '{host} 的 nsswitch.conf 在查 DNS 前就停止' },
        explanation: {
          en: 'The hosts line is "{line}". {service} answers {status} for ordinary names and the criterion {action} ends the lookup there, so the dns source after it is never reached.',
          'zh-TW':
            'hosts 這行是「{line}」。{service} 對一般名稱會回傳 {status},而 {action} 讓查詢就此結束,因此後面的 dns 來源永遠輪不到。',
        },
      },
    },
  },
  'hosts-override': {
    severity: 'info',
    summary: {
      en: '/etc/hosts pins a name that would otherwise come from DNS.',
      'zh-TW': '/etc/hosts 固定了某個原本應由 DNS 回答的名稱。',
    },
    variants: {
      default: {
        title: { en: '/etc/hosts in {host} pins {names}', 'zh-TW': '{host} 的 /etc/hosts 固定了 {names}' },
        explanation: {
          en: 'NSS consults files before dns here, so these names always resolve to the addresses written in /etc/hosts and DNS is never asked for them. That is fine when intended; when the service moves, the stale entry silently wins.',
          'zh-TW':
            '這裡的 NSS 會先查 files 再查 dns,因此這些名稱永遠解析成 /etc/hosts 裡寫的位址,不會詢問 DNS。如果是刻意設定就沒問題;但服務搬家後,過時的紀錄會悄悄勝出。',
        },
      },
    },
  },
  'dnat-target-unknown': {
    severity: 'critical',
    summary: {
      en: 'A DNAT (port mapping) points at an address no captured host owns and no connected subnet reaches.',
      'zh-TW': 'DNAT(連接埠對應)指向的位址不屬於任何已擷取的主機,也沒有直連子網到得了。',
    },
    variants: {
      segment: {
        title: {
          en: 'DNAT on {host} maps {match} to {target}, which nobody owns',
          'zh-TW': '{host} 的 DNAT 把 {match} 對應到 {target},但沒有主機擁有這個位址',
        },
        explanation: {
          en: 'Rule {index} of {chain} rewrites the destination to {target}. That address is in the subnet of {dev}, but none of the hosts on that segment ({members}) has it, so connections to the mapped port hang while {host} waits for an ARP reply. The mapping most likely names the wrong container.',
          'zh-TW':
            '{chain} 鏈的第 {index} 條規則把目的地改寫為 {target}。這個位址位於 {dev} 的子網內,但該網段上的主機({members})都沒有這個位址,連到對應埠的連線會一直卡在 {host} 等待 ARP 回應。最可能是對應到了錯誤的容器。',
        },
      },
      'no-route': {
        title: {
          en: 'DNAT on {host} maps {match} to {target}, which it cannot route to',
          'zh-TW': '{host} 的 DNAT 把 {match} 對應到 {target},但它沒有通往該位址的路由',
        },
        explanation: {
          en: 'Rule {index} of {chain} rewrites the destination to {target}, but {host} has no route to that address, so the rewritten packets are dropped.',
          'zh-TW':
            '{chain} 鏈的第 {index} 條規則把目的地改寫為 {target},但 {host} 沒有通往該位址的路由,改寫後的封包會被丟棄。',
        },
      },
      'default-only': {
        title: {
          en: 'DNAT on {host} maps {match} to {target}, which only the default route covers',
          'zh-TW': '{host} 的 DNAT 把 {match} 對應到 {target},但只有預設路由涵蓋它',
        },
        explanation: {
          en: 'Rule {index} of {chain} rewrites the destination to {target}. No captured host owns it and only the default route covers it, so the mapped traffic goes to the upstream gateway instead of a local container.',
          'zh-TW':
            '{chain} 鏈的第 {index} 條規則把目的地改寫為 {target}。沒有任何已擷取的主機擁有這個位址,也只有預設路由涵蓋它,因此對應的流量會被送往上游閘道,而不是本機的容器。',
        },
      },
    },
  },
  'service-no-endpoints': {
    severity: 'critical',
    summary: {
      en: 'A Service has no ready endpoints: its selector matches no pods, the pods are not ready, or the targetPort name is not on the pods.',
      'zh-TW': 'Service 沒有就緒的端點:selector 沒有選到 Pod、Pod 尚未就緒,或 targetPort 名稱不在 Pod 上。',
    },
    variants: {
      'no-pods': {
        title: { en: 'Service {service} selects no pods', 'zh-TW': 'Service {service} 沒有選到任何 Pod' },
        explanation: {
          en: 'The selector {selector} of Service {service} matches no pod in namespace {namespace}, so its EndpointSlices are empty and kube-proxy rejects connections to {ports} at once ("connection refused").',
          'zh-TW':
            'Service {service} 的 selector {selector} 在 namespace {namespace} 中沒有符合的 Pod,因此 EndpointSlice 是空的,kube-proxy 會立刻拒絕連往 {ports} 的連線(connection refused)。',
        },
      },
      'not-ready': {
        title: {
          en: 'Service {service} has pods, but none is ready',
          'zh-TW': 'Service {service} 有 Pod,但沒有一個就緒',
        },
        explanation: {
          en: 'Service {service} selects {pods}, but none passes its readiness check ({why}). Only ready pods become endpoints, so connections to {ports} are rejected until one becomes ready.',
          'zh-TW':
            'Service {service} 選到了 {pods},但沒有一個通過 readiness 檢查({why})。只有就緒的 Pod 會成為端點,所以在有 Pod 就緒之前,連往 {ports} 的連線都會被拒絕。',
        },
      },
      'port-name': {
        title: {
          en: 'Service {service} targets port "{portName}", which its pods do not name',
          'zh-TW': 'Service {service} 的目標埠「{portName}」不在 Pod 的埠名稱中',
        },
        explanation: {
          en: 'Service {service} sends to targetPort "{portName}", but none of its ready pods ({pods}) declares a container port with that name, so no endpoint gets a port and the Service has no endpoints.',
          'zh-TW':
            'Service {service} 的 targetPort 是「{portName}」,但它就緒的 Pod({pods})都沒有宣告這個名稱的容器埠,所以端點拿不到埠號,Service 也就沒有端點。',
        },
      },
      'no-slices': {
        title: {
          en: 'Service {service} has ready pods but no endpoints',
          'zh-TW': 'Service {service} 有就緒的 Pod,卻沒有端點',
        },
        explanation: {
          en: 'Service {service} selects ready pods ({pods}), yet its EndpointSlices list no ready endpoint. The EndpointSlice controller (kube-controller-manager) is behind or failing.',
          'zh-TW':
            'Service {service} 選到了就緒的 Pod({pods}),但 EndpointSlice 中沒有任何就緒端點。EndpointSlice 控制器(kube-controller-manager)落後或出錯了。',
        },
      },
    },
  },
  'coredns-no-endpoints': {
    severity: 'critical',
    summary: {
      en: 'kube-dns has no ready endpoints (CoreDNS is down), so no pod can resolve names.',
      'zh-TW': 'kube-dns 沒有就緒的端點(CoreDNS 停擺),所有 Pod 都無法解析名稱。',
    },
    variants: {
      default: {
        title: {
          en: 'kube-dns has no ready endpoints: cluster DNS is down',
          'zh-TW': 'kube-dns 沒有就緒端點:叢集 DNS 停擺',
        },
        explanation: {
          en: 'Service kube-system/kube-dns ({ip}) has no ready endpoints ({why}). Every pod with dnsPolicy ClusterFirst sends its queries there and kube-proxy rejects them, so all name resolution in the cluster fails.',
          'zh-TW':
            'Service kube-system/kube-dns({ip})沒有就緒的端點({why})。所有 dnsPolicy 為 ClusterFirst 的 Pod 都把查詢送到這裡,而 kube-proxy 會拒絕它們,整個叢集的名稱解析因此失敗。',
        },
      },
    },
  },
  'service-not-programmed': {
    severity: 'critical',
    summary: {
      en: 'A Service port with ready endpoints has no rule on a node: kube-proxy there is stale or down.',
      'zh-TW': '有就緒端點的 Service 埠,在某個節點上卻沒有規則:該節點的 kube-proxy 過時或停擺。',
    },
    variants: {
      default: {
        title: {
          en: '{count} Service port(s) with endpoints are not programmed on {host}',
          'zh-TW': '{host} 上有 {count} 個有端點的 Service 埠沒有設定規則',
        },
        explanation: {
          en: 'The API says {services} have ready endpoints, but the nat KUBE-SERVICES chain on {host} has no rule for them. Connections from this node and its pods to those ClusterIPs are not translated and go nowhere. kube-proxy on {host} has not synced since these Services changed.',
          'zh-TW':
            'API 顯示 {services} 有就緒的端點,但 {host} 的 nat KUBE-SERVICES 鏈沒有對應的規則。從這個節點及其 Pod 連往這些 ClusterIP 的連線不會被轉換,也就無處可去。{host} 上的 kube-proxy 在這些 Service 變動後就沒有同步過。',
        },
      },
    },
  },
  'endpoints-stale': {
    severity: 'critical',
    summary: {
      en: "A node's DNAT targets for a Service differ from the EndpointSlices' ready endpoints.",
      'zh-TW': '節點上某 Service 的 DNAT 目標和 EndpointSlice 中就緒的端點不一致。',
    },
    variants: {
      default: {
        title: {
          en: '{host} sends {service} to endpoints that are not the current ones',
          'zh-TW': '{host} 把 {service} 導向的端點不是目前的端點',
        },
        explanation: {
          en: 'On {host}, {service} is DNATed to {actual}, but its ready endpoints are {expected}. Connections that land on a stale endpoint fail or reach the wrong pod. kube-proxy on {host} has not caught up with the EndpointSlices.',
          'zh-TW':
            '在 {host} 上,{service} 被 DNAT 到 {actual},但它目前就緒的端點是 {expected}。落到過時端點的連線會失敗或連到錯誤的 Pod。{host} 上的 kube-proxy 還沒跟上 EndpointSlice 的變化。',
        },
      },
    },
  },
  'nodeport-not-programmed': {
    severity: 'critical',
    summary: {
      en: 'A NodePort has no KUBE-NODEPORTS entry on a node.',
      'zh-TW': '某個 NodePort 在節點上沒有 KUBE-NODEPORTS 規則。',
    },
    variants: {
      default: {
        title: { en: 'NodePort {ports} is not open on {host}', 'zh-TW': 'NodePort {ports} 在 {host} 上沒有開啟' },
        explanation: {
          en: 'Services {services} publish NodePort {ports}, but the nat KUBE-NODEPORTS chain on {host} has no rule for it, so connections to {host}:{ports} are not forwarded to any pod.',
          'zh-TW':
            'Service {services} 公開了 NodePort {ports},但 {host} 的 nat KUBE-NODEPORTS 鏈沒有對應規則,連往 {host}:{ports} 的連線不會被轉送到任何 Pod。',
        },
      },
    },
  },
  'kube-masquerade-missing': {
    severity: 'critical',
    summary: {
      en: "kube-proxy's KUBE-POSTROUTING / KUBE-MARK-MASQ machinery is missing or not jumped to.",
      'zh-TW': 'kube-proxy 的 KUBE-POSTROUTING / KUBE-MARK-MASQ 機制缺少,或沒有被跳轉到。',
    },
    variants: {
      'no-jump': {
        title: {
          en: 'POSTROUTING on {host} never reaches KUBE-POSTROUTING',
          'zh-TW': '{host} 的 POSTROUTING 沒有跳到 KUBE-POSTROUTING',
        },
        explanation: {
          en: 'kube-proxy marks traffic that must be source-NATed (NodePort and external traffic, hairpin), but nat POSTROUTING on {host} has no jump to KUBE-POSTROUTING, so the MASQUERADE never happens. Replies go straight from the pod to the client, which drops them: NodePorts and external IPs served through this node fail.',
          'zh-TW':
            'kube-proxy 會標記需要做來源 NAT 的流量(NodePort、外部流量、hairpin),但 {host} 的 nat POSTROUTING 沒有跳到 KUBE-POSTROUTING,MASQUERADE 永遠不會發生。回應直接從 Pod 送回用戶端而被丟棄:經由這個節點的 NodePort 與外部 IP 都會失敗。',
        },
      },
      'no-masquerade': {
        title: {
          en: 'KUBE-POSTROUTING on {host} has no MASQUERADE',
          'zh-TW': '{host} 的 KUBE-POSTROUTING 沒有 MASQUERADE',
        },
        explanation: {
          en: 'Traffic marked for SNAT on {host} reaches KUBE-POSTROUTING, but that chain has no MASQUERADE rule, so NodePort and external traffic keeps its client source address and the replies are lost.',
          'zh-TW':
            '{host} 上被標記要做 SNAT 的流量會進到 KUBE-POSTROUTING,但該鏈沒有 MASQUERADE 規則,NodePort 與外部流量保留了用戶端來源位址,回應因此遺失。',
        },
      },
      'no-mark': {
        title: { en: 'KUBE-MARK-MASQ on {host} marks nothing', 'zh-TW': '{host} 的 KUBE-MARK-MASQ 沒有做任何標記' },
        explanation: {
          en: 'KUBE-MARK-MASQ on {host} has no MARK rule, so nothing is ever marked for the MASQUERADE in KUBE-POSTROUTING.',
          'zh-TW': '{host} 的 KUBE-MARK-MASQ 沒有 MARK 規則,所以 KUBE-POSTROUTING 的 MASQUERADE 永遠不會被觸發。',
        },
      },
    },
  },
  'pod-dns-nameserver-mismatch': {
    severity: 'critical',
    summary: {
      en: "A ClusterFirst pod's nameserver is not the kube-dns ClusterIP.",
      'zh-TW': 'dnsPolicy 為 ClusterFirst 的 Pod,其 nameserver 不是 kube-dns 的 ClusterIP。',
    },
    variants: {
      default: {
        title: {
          en: '{host} asks {nameserver} for names, not kube-dns ({dns})',
          'zh-TW': '{host} 向 {nameserver} 查詢名稱,而不是 kube-dns({dns})',
        },
        explanation: {
          en: "The pod uses dnsPolicy ClusterFirst, so kubelet should have written nameserver {dns} (the kube-dns ClusterIP). Its resolv.conf names {nameserver} instead, which no Service serves: cluster names do not resolve. kubelet's clusterDNS setting on its node is wrong.",
          'zh-TW':
            '這個 Pod 使用 dnsPolicy ClusterFirst,kubelet 應該寫入 nameserver {dns}(kube-dns 的 ClusterIP),但它的 resolv.conf 卻是 {nameserver},沒有任何 Service 在這個位址提供服務:叢集內的名稱解析不了。它所在節點的 kubelet clusterDNS 設定有誤。',
        },
      },
    },
  },
  'hostnetwork-dns-policy': {
    severity: 'warning',
    summary: {
      en: "A hostNetwork pod with dnsPolicy ClusterFirst silently uses the node's resolver.",
      'zh-TW': 'hostNetwork 的 Pod 設定 dnsPolicy ClusterFirst,會默默改用節點的解析器。',
    },
    variants: {
      default: {
        title: {
          en: 'hostNetwork pod {pod} cannot resolve cluster names',
          'zh-TW': 'hostNetwork Pod {pod} 無法解析叢集名稱',
        },
        explanation: {
          en: "{pod} runs with hostNetwork and dnsPolicy ClusterFirst. For hostNetwork pods kubelet treats ClusterFirst as Default and gives the pod the node's resolv.conf, so Service names such as kubernetes.default do not resolve. Use dnsPolicy ClusterFirstWithHostNet.",
          'zh-TW':
            '{pod} 以 hostNetwork 執行,dnsPolicy 為 ClusterFirst。對 hostNetwork Pod 而言,kubelet 會把 ClusterFirst 當成 Default,給它節點的 resolv.conf,所以像 kubernetes.default 這樣的 Service 名稱解析不了。請改用 dnsPolicy ClusterFirstWithHostNet。',
        },
      },
    },
  },
  'bridge-nf-call-iptables-disabled': {
    severity: 'critical',
    summary: {
      en: 'Bridged pod traffic bypasses iptables (br_netfilter off), so Service NAT is not undone for pods on the same bridge.',
      'zh-TW': '經 bridge 的 Pod 流量繞過 iptables(br_netfilter 關閉),同一個 bridge 上 Pod 的 Service NAT 無法還原。',
    },
    variants: {
      off: {
        title: { en: 'bridge-nf-call-iptables is 0 on {host}', 'zh-TW': '{host} 的 bridge-nf-call-iptables 為 0' },
        explanation: {
          en: 'net.bridge.bridge-nf-call-iptables is 0 on {host}, so frames switched by {bridge} skip iptables. When a pod reaches a Service whose endpoint sits on the same bridge, the reply goes pod-to-pod without passing conntrack, the DNAT is never reversed, and the client drops it. kubeadm requires this to be 1.',
          'zh-TW':
            '{host} 的 net.bridge.bridge-nf-call-iptables 為 0,經 {bridge} 交換的訊框不會經過 iptables。當 Pod 連到一個端點在同一個 bridge 上的 Service 時,回應直接在 Pod 之間傳遞而不經過 conntrack,DNAT 沒有被還原,用戶端就把它丟掉。kubeadm 要求此值為 1。',
        },
      },
      missing: {
        title: { en: 'br_netfilter is not loaded on {host}', 'zh-TW': '{host} 沒有載入 br_netfilter' },
        explanation: {
          en: 'net.bridge.bridge-nf-call-iptables does not exist on {host}: the br_netfilter module is not loaded, so frames switched by {bridge} skip iptables and Service NAT between pods on the same bridge is never reversed.',
          'zh-TW':
            '{host} 上不存在 net.bridge.bridge-nf-call-iptables:br_netfilter 模組沒有載入,經 {bridge} 交換的訊框不會經過 iptables,同一個 bridge 上 Pod 之間的 Service NAT 永遠無法還原。',
        },
      },
    },
  },
  'dns-too-many-nameservers': {
    severity: 'warning',
    summary: {
      en: 'More than 3 nameservers: glibc uses only the first 3.',
      'zh-TW': 'nameserver 超過 3 個:glibc 只會使用前 3 個。',
    },
    variants: {
      default: {
        title: {
          en: 'resolv.conf of {host} lists {count} nameservers; only 3 are used',
          'zh-TW': '{host} 的 resolv.conf 列了 {count} 個 nameserver,只會用到 3 個',
        },
        explanation: {
          en: 'glibc reads at most 3 nameserver lines (MAXNS), so {ignored} is never asked. Kubernetes warns with DNSConfigForming and drops the extra ones for pods.',
          'zh-TW':
            'glibc 最多只讀 3 行 nameserver(MAXNS),所以 {ignored} 永遠不會被詢問。Kubernetes 會對 Pod 發出 DNSConfigForming 警告並丟掉多出來的部分。',
        },
      },
    },
  },
  'dns-search-limit': {
    severity: 'warning',
    summary: {
      en: 'The search list is over the resolver/kubelet limits (32 domains / 2048 characters; 6 / 256 on old glibc).',
      'zh-TW': 'search 清單超過解析器/kubelet 的上限(32 個網域 / 2048 個字元;舊版 glibc 為 6 / 256)。',
    },
    variants: {
      default: {
        title: {
          en: 'search list of {host} is {domains} domains / {chars} characters',
          'zh-TW': '{host} 的 search 清單有 {domains} 個網域 / {chars} 個字元',
        },
        explanation: {
          en: 'Kubernetes accepts at most 32 search domains and 2048 characters (glibc before 2.26 only 6 and 256); beyond that kubelet truncates the list (event DNSConfigForming) and names that rely on the dropped domains stop resolving.',
          'zh-TW':
            'Kubernetes 最多接受 32 個 search 網域與 2048 個字元(glibc 2.26 以前只有 6 個與 256 個);超過時 kubelet 會截斷清單(事件 DNSConfigForming),依賴被丟掉網域的名稱就解析不到了。',
        },
      },
    },
  },
  'dns-ndots-high': {
    severity: 'info',
    summary: {
      en: 'ndots:5 multiplies lookups for external names; use FQDNs or dnsConfig.',
      'zh-TW': 'ndots:5 會讓外部名稱的查詢次數倍增;請使用 FQDN 或 dnsConfig。',
    },
    variants: {
      default: {
        title: { en: '{count} pod(s) resolve with ndots:{ndots}', 'zh-TW': '{count} 個 Pod 以 ndots:{ndots} 解析名稱' },
        explanation: {
          en: "With ndots:{ndots} a name with fewer than {ndots} dots, such as api.example.com, is first tried with every search domain ({search}) before itself, so each external lookup costs several queries to CoreDNS. Write external names with a trailing dot or lower ndots with the pod's dnsConfig.",
          'zh-TW':
            '在 ndots:{ndots} 下,點少於 {ndots} 個的名稱(例如 api.example.com)會先逐一加上每個 search 網域({search})查詢,最後才查它本身,所以每次外部查詢都要向 CoreDNS 發出好幾個請求。外部名稱請在結尾加上點,或用 Pod 的 dnsConfig 調低 ndots。',
        },
      },
    },
  },
  'conntrack-near-full': {
    severity: 'warning',
    summary: {
      en: 'nf_conntrack_count is at or above 90% of nf_conntrack_max.',
      'zh-TW': 'nf_conntrack_count 已達 nf_conntrack_max 的 90% 以上。',
    },
    variants: {
      default: {
        title: { en: 'conntrack table on {host} is {percent}% full', 'zh-TW': '{host} 的 conntrack 表已滿 {percent}%' },
        explanation: {
          en: '{host} tracks {count} connections out of {max}. When the table fills, the kernel drops new connections ("nf_conntrack: table full, dropping packet"), which looks like random timeouts for Services and DNS.',
          'zh-TW':
            '{host} 正在追蹤 {count} 條連線,上限是 {max}。表滿時核心會丟棄新連線(「nf_conntrack: table full, dropping packet」),看起來就像 Service 與 DNS 隨機逾時。',
        },
      },
    },
  },
  'kube-proxy-unhealthy': {
    severity: 'critical',
    summary: {
      en: 'kube-proxy on a node is not ready or restarting, or its chains, jumps or canary are missing.',
      'zh-TW': '節點上的 kube-proxy 未就緒或不斷重啟,或它的鏈、跳轉規則、canary 不見了。',
    },
    variants: {
      'no-rules': {
        title: {
          en: 'kube-proxy has programmed nothing on {host}',
          'zh-TW': 'kube-proxy 在 {host} 上沒有設定任何規則',
        },
        explanation: {
          en: 'The cluster has {services} Services, but {host} has no KUBE-SERVICES chain in its nat table: kube-proxy is not running there, or the rules were flushed and not restored. No ClusterIP or NodePort works from this node or its pods.{pod}',
          'zh-TW':
            '叢集有 {services} 個 Service,但 {host} 的 nat 表沒有 KUBE-SERVICES 鏈:kube-proxy 沒有在那裡執行,或規則被清空後沒有恢復。從這個節點及其 Pod 出發,所有 ClusterIP 與 NodePort 都不通。{pod}',
        },
      },
      'no-jump': {
        title: { en: 'Service rules on {host} are never reached', 'zh-TW': '{host} 上的 Service 規則永遠不會被走到' },
        explanation: {
          en: 'KUBE-SERVICES exists on {host}, but nat {chains} does not jump to it, so packets to ClusterIPs are never translated. Someone removed the jumps; kube-proxy restores them on its next full sync.',
          'zh-TW':
            '{host} 上有 KUBE-SERVICES,但 nat 的 {chains} 沒有跳到它,送往 ClusterIP 的封包永遠不會被轉換。有人移除了這些跳轉;kube-proxy 會在下一次完整同步時恢復。',
        },
      },
      pod: {
        title: { en: 'kube-proxy on {host} is not healthy', 'zh-TW': '{host} 上的 kube-proxy 不健康' },
        explanation: {
          en: 'The kube-proxy pod {podName} on {host} is {state}. While it is down, Service and EndpointSlice changes are not written to this node, so its rules drift from the cluster.',
          'zh-TW':
            '{host} 上的 kube-proxy Pod {podName} 狀態為 {state}。它停擺期間,Service 與 EndpointSlice 的變動不會寫到這個節點,規則會和叢集漸行漸遠。',
        },
      },
      healthz: {
        title: {
          en: 'kube-proxy on {host} answers /healthz with 503',
          'zh-TW': '{host} 上的 kube-proxy 對 /healthz 回應 503',
        },
        explanation: {
          en: 'kube-proxy reports itself unhealthy: its last successful rule sync was at {lastUpdated}, and at {currentTime} that is older than its healthTimeout. Service changes since then are not on {host}; load balancers that probe port 10256 take the node out of rotation.',
          'zh-TW':
            'kube-proxy 回報自己不健康:它最後一次成功同步規則是在 {lastUpdated},到 {currentTime} 已超過 healthTimeout。此後的 Service 變動都沒有寫到 {host};探測 10256 埠的負載平衡器會把這個節點移出服務。',
        },
      },
      'not-eligible': {
        title: { en: '{host} is not eligible for load-balanced traffic', 'zh-TW': '{host} 不再接收負載平衡流量' },
        explanation: {
          en: "kube-proxy's /healthz on {host} says nodeEligible: false, which it does while the node is being deleted or is tainted out of service. External load balancers stop sending traffic to it; that is expected during a drain, not otherwise.",
          'zh-TW':
            '{host} 上 kube-proxy 的 /healthz 回報 nodeEligible: false,這表示節點正在被刪除,或已被 taint 排除在服務之外。外部負載平衡器會停止把流量送來;在排空(drain)期間這是預期行為,其他時候則不是。',
        },
      },
      canary: {
        title: { en: 'KUBE-PROXY-CANARY is missing on {host}', 'zh-TW': '{host} 上的 KUBE-PROXY-CANARY 不見了' },
        explanation: {
          en: 'kube-proxy keeps an empty KUBE-PROXY-CANARY chain so it can notice when iptables is flushed. It is missing on {host} while other KUBE- chains remain: the tables were flushed or edited by hand, and kube-proxy will rebuild them within its sync period.',
          'zh-TW':
            'kube-proxy 會保留一條空的 KUBE-PROXY-CANARY 鏈,用來察覺 iptables 被清空。{host} 上這條鏈不見了,但其他 KUBE- 鏈還在:表被清空或被手動修改過,kube-proxy 會在同步週期內重建。',
        },
      },
    },
  },
  'coredns-loop': {
    severity: 'critical',
    summary: {
      en: "CoreDNS forwards to a loopback resolver (e.g. the node's 127.0.0.53) and crash-loops on its loop check.",
      'zh-TW': 'CoreDNS 把查詢轉送到 loopback 解析器(例如節點的 127.0.0.53),觸發迴圈檢查而不斷重啟。',
    },
    variants: {
      default: {
        title: {
          en: 'CoreDNS forwards to {loopback} and crash-loops',
          'zh-TW': 'CoreDNS 轉送到 {loopback} 並不斷重啟',
        },
        explanation: {
          en: 'The Corefile says "forward . /etc/resolv.conf", and CoreDNS pods ({pods}) get the resolv.conf of their node {node}, whose nameserver is {loopback}. Inside the pod that address is CoreDNS itself, so its loop plugin detects a forwarding loop and exits: the pods crash-loop and cluster DNS is down.',
          'zh-TW':
            'Corefile 寫著「forward . /etc/resolv.conf」,而 CoreDNS Pod({pods})拿到的是節點 {node} 的 resolv.conf,其中的 nameserver 是 {loopback}。在 Pod 裡這個位址就是 CoreDNS 自己,loop 外掛因此偵測到轉送迴圈而結束:Pod 不斷重啟,叢集 DNS 停擺。',
        },
      },
    },
  },
  'podcidr-route-missing': {
    severity: 'critical',
    summary: {
      en: "A node has no route to another node's podCIDR where its CNI needs one.",
      'zh-TW': '節點在 CNI 需要路由的情況下,沒有通往另一個節點 podCIDR 的路由。',
    },
    variants: {
      default: {
        title: { en: '{host} has no route to the pods of {nodes}', 'zh-TW': '{host} 沒有通往 {nodes} 上 Pod 的路由' },
        explanation: {
          en: 'This CNI routes pod networks node by node, but {host} has no route for {cidrs}: traffic from its pods to pods on {nodes} follows the default route and is lost. The CNI agent on {host} has not installed the route (flannel host-gw, Calico BGP).',
          'zh-TW':
            '這個 CNI 是以節點為單位路由 Pod 網段,但 {host} 沒有 {cidrs} 的路由:它的 Pod 送往 {nodes} 上 Pod 的流量會走預設路由而遺失。{host} 上的 CNI 代理程式沒有建立這條路由(flannel host-gw、Calico BGP)。',
        },
      },
    },
  },
  'netpol-blocks-dns': {
    severity: 'critical',
    summary: {
      en: 'NetworkPolicies select the pod for Egress and none allows UDP/TCP 53 to the DNS pods.',
      'zh-TW': 'NetworkPolicy 對 Pod 啟用了 Egress 限制,卻沒有任何規則允許連到 DNS Pod 的 UDP/TCP 53。',
    },
    variants: {
      blocked: {
        title: { en: 'NetworkPolicy blocks DNS for {pod}', 'zh-TW': 'NetworkPolicy 擋住了 {pod} 的 DNS' },
        explanation: {
          en: '{policies} select {pod} for Egress, and no egress rule allows UDP 53 to the CoreDNS pods ({dns}). Policies apply after kube-proxy\'s DNAT, so queries to the kube-dns ClusterIP are dropped on their way to CoreDNS and every lookup fails ("bad address", "could not resolve host").',
          'zh-TW':
            '{policies} 對 {pod} 啟用了 Egress 限制,卻沒有任何 egress 規則允許連到 CoreDNS Pod({dns})的 UDP 53。政策是在 kube-proxy 做完 DNAT 後才套用的,所以送往 kube-dns ClusterIP 的查詢在前往 CoreDNS 的途中被丟掉,每次解析都會失敗(bad address、could not resolve host)。',
        },
      },
      'tcp-blocked': {
        title: {
          en: 'NetworkPolicy allows DNS over UDP only for {pod}',
          'zh-TW': 'NetworkPolicy 只允許 {pod} 以 UDP 查詢 DNS',
        },
        explanation: {
          en: '{policies} allow UDP 53 to CoreDNS ({dns}) but not TCP 53. Answers too large for UDP come back truncated and the retry over TCP is dropped, so large records fail intermittently.',
          'zh-TW':
            '{policies} 允許連到 CoreDNS({dns})的 UDP 53,但沒有允許 TCP 53。太大而無法用 UDP 傳回的回應會被截斷,改用 TCP 重試時又被擋下,所以大型紀錄會時好時壞。',
        },
      },
    },
  },
  'mtu-mismatch': {
    severity: 'critical',
    summary: {
      en: 'Pod MTU larger than the overlay allows on the underlay (VXLAN −50, IPIP −20, WireGuard −60).',
      'zh-TW': 'Pod 的 MTU 大於 overlay 在底層網路上能承載的大小(VXLAN −50、IPIP −20、WireGuard −60)。',
    },
    variants: {
      overlay: {
        title: {
          en: '{overlay} on {host} has MTU {mtu}, more than {underlay} ({umtu}) minus {overhead}',
          'zh-TW': '{host} 的 {overlay} MTU 為 {mtu},超過 {underlay}({umtu})減去 {overhead}',
        },
        explanation: {
          en: '{overlay} is a {kind} device: each packet it sends gains {overhead} bytes of headers on {underlay}, whose MTU is {umtu}. With MTU {mtu}, full-size packets become {total} bytes and are dropped on the underlay. Small packets (ping, TLS handshakes) pass, large transfers hang.',
          'zh-TW':
            '{overlay} 是 {kind} 裝置:它送出的每個封包在 {underlay} 上都會多出 {overhead} 位元組的標頭,而 {underlay} 的 MTU 是 {umtu}。在 MTU {mtu} 下,滿載的封包會變成 {total} 位元組,在底層網路上被丟棄。小封包(ping、TLS 交握)能通,大量傳輸就會卡住。',
        },
      },
      pod: {
        title: {
          en: 'Pod {host} has MTU {mtu}, more than the overlay {overlay} ({omtu})',
          'zh-TW': 'Pod {host} 的 MTU 為 {mtu},超過 overlay {overlay}({omtu})',
        },
        explanation: {
          en: 'eth0 in {host} sends packets of up to {mtu} bytes, but traffic to other nodes leaves {node} through {overlay}, which carries at most {omtu}. Large packets to pods on other nodes are dropped or fragmented; small ones pass, so connections open and then stall.',
          'zh-TW':
            '{host} 的 eth0 會送出最大 {mtu} 位元組的封包,但前往其他節點的流量要經由 {node} 的 {overlay} 送出,而它最多只能承載 {omtu}。送往其他節點 Pod 的大封包會被丟棄或分段;小封包能通,所以連線建立後就停住了。',
        },
      },
    },
  },
  'calico-proxy-arp-off': {
    severity: 'critical',
    summary: {
      en: "proxy_arp is off on a node's cali* veth, so the pod behind it gets no ARP answer for its gateway 169.254.1.1.",
      'zh-TW': '節點上某條 cali* veth 的 proxy_arp 被關閉,後面的 Pod 對閘道 169.254.1.1 的 ARP 得不到回應。',
    },
    variants: {
      default: {
        title: {
          en: '{host}: proxy_arp is off on {iface} (pod {pods})',
          'zh-TW': '{host}:{iface} 的 proxy_arp 被關閉(Pod {pods})',
        },
        explanation: {
          en: "Calico gives each pod a /32 address and a default route via 169.254.1.1, an address no device owns. The node answers the pod's ARP for it through proxy ARP on the host side of the pod's veth, {iface}. On {host} net.ipv4.conf.{iface}.proxy_arp is 0, so {pods} never learns a MAC for its gateway and can send nothing off the pod: not to Services, not to DNS, not to other pods.",
          'zh-TW':
            'Calico 給每個 Pod 一個 /32 位址,以及經由 169.254.1.1 的預設路由,而這個位址沒有任何介面擁有。節點是透過 Pod veth 的主機端 {iface} 上的 proxy ARP 代為回應 Pod 的 ARP。{host} 上的 net.ipv4.conf.{iface}.proxy_arp 是 0,所以 {pods} 永遠查不到閘道的 MAC,任何封包都出不了 Pod:連不到 Service、DNS,也連不到其他 Pod。',
        },
      },
    },
  },
  'no-network-interface': {
    severity: 'critical',
    summary: {
      en: 'A namespace has no interface but loopback (e.g. a container started with --network none): no route can help it.',
      'zh-TW': 'namespace 除了 loopback 之外沒有任何網路介面(例如以 --network none 啟動的容器):加什麼路由都沒用。',
    },
    variants: {
      default: {
        title: { en: '{host} has no network interface besides lo', 'zh-TW': '{host} 除了 lo 之外沒有任何網路介面' },
        explanation: {
          en: '{host} holds only the loopback device. Nothing it sends can leave it, so every lookup and connection to another address fails with "Network is unreachable". Adding a default route cannot work: a route needs a device to send through. Connect the namespace first (a veth pair into a bridge, or the container runtime\'s network).',
          'zh-TW':
            '{host} 只有 loopback 介面。它送出的封包都離不開這個 namespace,所以每次查詢與連往其他位址的連線都會以「Network is unreachable」失敗。加上預設路由也沒用:路由需要一個介面才能把封包送出去。請先把它接上網路(接到 bridge 的 veth pair,或容器執行環境的網路)。',
        },
      },
      'docker-none': {
        title: {
          en: '{host} has no network interface besides lo (started with --network none?)',
          'zh-TW': '{host} 除了 lo 之外沒有任何網路介面(以 --network none 啟動?)',
        },
        explanation: {
          en: '{host} holds only the loopback device while its neighbours sit on {bridge}: the shape of a container started with --network none. Nothing it sends can leave it, so every lookup and connection fails with "Network is unreachable", and a default route cannot help without a device. Connect it to the network (docker network connect), or recreate it without --network none.',
          'zh-TW':
            '{host} 只有 loopback 介面,而其他容器都接在 {bridge} 上:這正是以 --network none 啟動的容器的樣子。它送出的封包都離不開,每次查詢與連線都會以「Network is unreachable」失敗;沒有介面,加預設路由也沒用。請把它接上網路(docker network connect),或不加 --network none 重新建立。',
        },
      },
    },
  },
} as const satisfies Record<string, CatalogEntry>;

export type FindingId = keyof typeof CATALOG;
export const FINDING_IDS = Object.keys(CATALOG) as FindingId[];

// Fill `{name}` placeholders; an unknown placeholder stays visible rather than vanishing.
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (params[k] === undefined ? m : String(params[k])));
}

// Texts of one finding variant in one language.
export function texts(id: FindingId, variant: string, lang: Lang): { title: string; explanation: string } {
  const entry: CatalogEntry = CATALOG[id];
  const v = entry.variants[variant] ?? Object.values(entry.variants)[0]!;
  return { title: v.title[lang], explanation: v.explanation[lang] };
}
