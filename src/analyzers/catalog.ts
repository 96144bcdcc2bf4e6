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
          'zh-TW': '{host} 上的 {iface} 沒有 UP 旗標:它從未被啟用,或被人設成 down。核心不會在這個介面上收發任何封包,因此它的位址({addresses})以及經過它的路由全部失效,直到重新啟用為止。',
        },
      },
      'admin-peer': {
        title: { en: '{iface} on {host} is down', 'zh-TW': '{host} 的介面 {iface} 處於 DOWN 狀態' },
        explanation: {
          en: '{iface} on {host} is administratively down. It is one end of a veth pair whose other end is {peer} on {peerHost}; that end now reports NO-CARRIER, so nothing crosses the pair in either direction.',
          'zh-TW': '{host} 上的 {iface} 被管理性關閉。它是一對 veth 的其中一端,另一端是 {peerHost} 上的 {peer};另一端因此顯示 NO-CARRIER,封包在兩個方向都無法通過這條虛擬網路線。',
        },
      },
      carrier: {
        title: { en: '{iface} on {host} has no carrier', 'zh-TW': '{host} 的介面 {iface} 沒有 carrier' },
        explanation: {
          en: '{iface} is up but reports NO-CARRIER: the far end of the link ({peer}) is down or gone. A veth only gets carrier when both of its ends are up.',
          'zh-TW': '{iface} 已啟用,卻顯示 NO-CARRIER:鏈路另一端({peer})是 down 或已不存在。veth 必須兩端都啟用才會有 carrier。',
        },
      },
      loopback: {
        title: { en: 'Loopback is down in {host}', 'zh-TW': '{host} 的 loopback 介面處於 DOWN' },
        explanation: {
          en: 'lo has no UP flag. Anything in this namespace that talks to 127.0.0.1 or ::1 (a local DNS stub, a sidecar, a health check) fails. New namespaces start with lo down; container runtimes and the CNI loopback plugin are what bring it up.',
          'zh-TW': 'lo 沒有 UP 旗標。這個 namespace 內任何連向 127.0.0.1 或 ::1 的程式(本機 DNS stub、sidecar、健康檢查)都會失敗。新建立的 namespace 預設 lo 為 down,平常是由容器執行環境或 CNI 的 loopback 外掛負責把它啟用。',
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
          'zh-TW': '{bridge} 是 {ports} 所連接的虛擬交換器。它處於 down 時不會在各埠之間轉送訊框,本身的位址({addresses})也無法使用,因此 {behind} 既無法經由它互通,也連不到它上面的閘道。',
        },
      },
    },
  },
  'address-prefix-mismatch': {
    severity: 'critical',
    summary: {
      en: 'An address whose prefix leaves its neighbours off-link (e.g. /32 where the segment is a /24), or neighbours on one segment in different subnets.',
      'zh-TW': '位址的前綴長度讓同網段的鄰居變成不在直連範圍內(例如網段是 /24 卻設了 /32),或同一網段上的主機分屬不同子網。',
    },
    variants: {
      narrow: {
        title: { en: '{address}/{prefix} on {host} is narrower than its segment ({segment})', 'zh-TW': '{host} 的 {address}/{prefix} 比所在網段({segment})還窄' },
        explanation: {
          en: '{iface} on {host} has {address}/{prefix}, while the other hosts on the same wire use {segment}. With this prefix the kernel has no connected route to {peers}, so it never ARPs for them and cannot answer them. This is what an address added without its /{segPrefix} looks like.',
          'zh-TW': '{host} 的 {iface} 設定為 {address}/{prefix},但同一條線路上的其他主機使用 {segment}。在這個前綴下,核心沒有通往 {peers} 的直連路由,不會對它們發 ARP,也無法回應它們。加位址時漏寫 /{segPrefix} 就會是這個樣子。',
        },
      },
      subnets: {
        title: { en: '{address}/{prefix} on {host} is outside its segment\'s subnet {segment}', 'zh-TW': '{host} 的 {address}/{prefix} 不在所屬網段的子網 {segment} 內' },
        explanation: {
          en: '{iface} on {host} shares a layer-2 segment with {peers}, but its address is in a different subnet. Frames could pass, yet neither side has a connected route to the other, so IP traffic between them fails.',
          'zh-TW': '{host} 的 {iface} 與 {peers} 位於同一個第二層網段,但它的位址屬於另一個子網。訊框雖然傳得過去,雙方卻都沒有通往對方的直連路由,因此彼此之間的 IP 流量會失敗。',
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
          'zh-TW': '{host} 只認得直連的子網({connected}),所以送往其他網路(包括網際網路)的封包都會以「Network is unreachable」失敗。同一網段上的 {gateway} 已經在替鄰居轉送流量,應該把它設為預設閘道。',
        },
      },
      nameserver: {
        title: { en: '{host} has no default route', 'zh-TW': '{host} 沒有預設路由' },
        explanation: {
          en: '{host} only knows its directly connected subnets ({connected}), yet its nameserver {nameserver} is on another network. Without a default route neither name lookups nor any other traffic can leave this namespace.',
          'zh-TW': '{host} 只認得直連的子網({connected}),但它的 nameserver {nameserver} 位於其他網路。沒有預設路由,名稱查詢與其他任何流量都出不了這個 namespace。',
        },
      },
      workload: {
        title: { en: '{host} has no default route', 'zh-TW': '{host} 沒有預設路由' },
        explanation: {
          en: '{host} is a {kind} and is expected to reach other networks, but its routing table only covers {connected}. Connections to anything else fail with "Network is unreachable".',
          'zh-TW': '{host} 是 {kind},理應能連到其他網路,但它的路由表只涵蓋 {connected}。連往其他目的地都會以「Network is unreachable」失敗。',
        },
      },
    },
  },
  'gateway-unreachable': {
    severity: 'critical',
    summary: {
      en: 'A default or static route\'s next hop is not on any up, connected subnet, or nothing on the link answers for it.',
      'zh-TW': '預設路由或靜態路由的下一跳不在任何已啟用的直連子網上,或鏈路上沒有主機回應它。',
    },
    variants: {
      'gateway-off-link': {
        title: { en: '{host}: next hop {gateway} of "{route}" is not on-link', 'zh-TW': '{host}:路由「{route}」的下一跳 {gateway} 不在直連範圍內' },
        explanation: {
          en: 'The route "{route}" hands packets to {gateway}, but no up interface of {host} has an address in that gateway\'s subnet and the route is not marked onlink. The kernel cannot resolve the next hop, so everything matching this route is dropped.',
          'zh-TW': '路由「{route}」把封包交給 {gateway},但 {host} 沒有任何已啟用的介面位於該閘道的子網內,這條路由也沒有標記 onlink。核心無法解析下一跳,符合這條路由的流量全部被丟棄。',
        },
      },
      'neigh-failed': {
        title: { en: '{host}: gateway {gateway} does not answer ARP', 'zh-TW': '{host}:閘道 {gateway} 沒有回應 ARP' },
        explanation: {
          en: '{host} tried to resolve {gateway} on {dev} and its neighbour table shows {state}: nothing on the link answers for that address. The gateway is down, or the route names the wrong address.',
          'zh-TW': '{host} 嘗試在 {dev} 上解析 {gateway},鄰居表顯示為 {state}:鏈路上沒有任何主機回應這個位址。可能是閘道停機,或路由寫錯了位址。',
        },
      },
      'nobody-owns': {
        title: { en: '{host}: no host on the segment owns gateway {gateway}', 'zh-TW': '{host}:網段上沒有任何主機擁有閘道位址 {gateway}' },
        explanation: {
          en: '{gateway} lies in the subnet of {dev}, but none of the hosts on that segment ({members}) has that address. Every packet routed by "{route}" waits for an ARP reply that never comes.',
          'zh-TW': '{gateway} 位於 {dev} 的子網內,但該網段上的主機({members})沒有一台擁有這個位址。依「{route}」轉送的封包都在等一個永遠不會來的 ARP 回應。',
        },
      },
      'dev-missing': {
        title: { en: '{host}: route "{route}" names a missing device', 'zh-TW': '{host}:路由「{route}」指定的裝置不存在' },
        explanation: {
          en: 'The route "{route}" sends packets out of {dev}, which does not exist in {host}.',
          'zh-TW': '路由「{route}」要從 {dev} 送出封包,但 {host} 中沒有這個裝置。',
        },
      },
      'dev-down': {
        title: { en: '{host}: route "{route}" leaves through a device without carrier', 'zh-TW': '{host}:路由「{route}」經由沒有 carrier 的裝置' },
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
        title: { en: 'IP forwarding is off on {host}, the gateway of {dependents}', 'zh-TW': '{host} 關閉了 IP 轉送,但它是 {dependents} 的閘道' },
        explanation: {
          en: '{dependents} send their traffic to {host} as their gateway, but net.ipv4.ip_forward is 0 on {host}, so its kernel drops every packet not addressed to {host} itself. Their traffic reaches {host} and goes no further.',
          'zh-TW': '{dependents} 把 {host} 當作閘道送出流量,但 {host} 的 net.ipv4.ip_forward 為 0,核心會丟棄所有目的地不是 {host} 本身的封包。它們的流量送到 {host} 就停住了。',
        },
      },
      bridged: {
        title: { en: 'IP forwarding is off on {host}, and bridge {bridge} stops passing traffic', 'zh-TW': '{host} 關閉了 IP 轉送,bridge {bridge} 也因此不再轉送流量' },
        explanation: {
          en: 'net.ipv4.ip_forward is 0 on {host} while net.bridge.bridge-nf-call-iptables is 1. Routed traffic from its dependents ({dependents}) stops at {host}, and because br_netfilter hands IPv4 frames crossing {bridge} to the IP layer\'s netfilter path, the kernel drops those too: even namespaces on the same bridge cannot reach each other.',
          'zh-TW': '{host} 的 net.ipv4.ip_forward 為 0,而 net.bridge.bridge-nf-call-iptables 為 1。依賴它轉送的 {dependents} 流量會停在 {host};又因為 br_netfilter 會把經過 {bridge} 的 IPv4 訊框交給 IP 層的 netfilter 處理,核心連這些訊框也一併丟棄:就算是同一個 bridge 上的 namespace 也無法互通。',
        },
      },
      nat: {
        title: { en: 'IP forwarding is off on {host}, which NATs for {subnets}', 'zh-TW': '{host} 關閉了 IP 轉送,但它替 {subnets} 做 NAT' },
        explanation: {
          en: '{host} has NAT rules for {subnets}, which only help if it forwards packets, but net.ipv4.ip_forward is 0. Nothing from those subnets is routed onward.',
          'zh-TW': '{host} 針對 {subnets} 設了 NAT 規則,這只有在它會轉送封包時才有用,但 net.ipv4.ip_forward 為 0,來自這些子網的流量都不會被轉送出去。',
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
        title: { en: '{subnet} leaves {host} via {egress} without MASQUERADE', 'zh-TW': '{subnet} 經由 {host} 的 {egress} 出去,卻沒有 MASQUERADE' },
        explanation: {
          en: '{host} routes traffic from {subnet} (behind {inner}) out of {egress}, but no nat POSTROUTING rule masquerades or SNATs it. Packets leave with private source addresses that the next network has no route back to, so replies never return: the namespaces reach {host} but nothing beyond it.',
          'zh-TW': '{host} 會把來自 {subnet}({inner} 後方)的流量從 {egress} 轉送出去,但 nat 表的 POSTROUTING 沒有任何 MASQUERADE 或 SNAT 規則處理它。封包帶著私有來源位址離開,下一個網路沒有回程路由,回應永遠回不來:這些 namespace 連得到 {host},卻出不去。',
        },
      },
    },
  },
  'forward-blocked': {
    severity: 'critical',
    summary: {
      en: 'filter FORWARD drops the traffic (policy DROP or a DROP/REJECT rule) with nothing accepting the bridge\'s traffic first.',
      'zh-TW': 'filter 表的 FORWARD 會丟棄這些流量(policy DROP 或 DROP/REJECT 規則),前面也沒有任何規則先放行 bridge 的流量。',
    },
    variants: {
      outbound: {
        title: { en: 'FORWARD on {host} drops traffic from {inner} to {egress}', 'zh-TW': '{host} 的 FORWARD 會丟棄從 {inner} 到 {egress} 的流量' },
        explanation: {
          en: 'A new connection from {subnet} entering on {inner} and leaving on {egress} walks the filter FORWARD chain and ends in {verdict} ({decider}); no earlier rule accepts it. Docker setting the FORWARD policy to DROP on a host that also routes other bridges is the classic cause.',
          'zh-TW': '從 {subnet} 經 {inner} 進入、由 {egress} 離開的新連線,走完 filter 表的 FORWARD 鏈後落到 {verdict}({decider}),之前沒有任何規則放行。最常見的原因是 Docker 把 FORWARD 預設政策設為 DROP,而這台主機還替其他 bridge 轉送流量。',
        },
      },
      bridged: {
        title: { en: 'FORWARD on {host} drops traffic between ports of {inner}', 'zh-TW': '{host} 的 FORWARD 會丟棄 {inner} 各埠之間的流量' },
        explanation: {
          en: 'net.bridge.bridge-nf-call-iptables is 1, so frames switched by {inner} also pass the filter FORWARD chain, where they end in {verdict} ({decider}). Namespaces on the same bridge cannot reach each other.',
          'zh-TW': 'net.bridge.bridge-nf-call-iptables 為 1,所以經 {inner} 交換的訊框也會經過 filter 表的 FORWARD 鏈,並在那裡落到 {verdict}({decider})。同一個 bridge 上的 namespace 因此無法互通。',
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
          'zh-TW': '{file} 沒有任何 nameserver、search 或 options 設定。此時 glibc 會退回使用 127.0.0.1 作為 nameserver;除非那裡有解析器在監聽,否則 {host} 內的 DNS 查詢全部失敗。',
        },
      },
      missing: {
        title: { en: '{host} has no resolv.conf', 'zh-TW': '{host} 沒有 resolv.conf' },
        explanation: {
          en: 'The capture found no /etc/resolv.conf in {host}. glibc then falls back to a nameserver at 127.0.0.1; unless a resolver listens there, every DNS lookup fails.',
          'zh-TW': '擷取時在 {host} 找不到 /etc/resolv.conf。glibc 因此退回使用 127.0.0.1;除非那裡有解析器在監聽,否則所有 DNS 查詢都會失敗。',
        },
      },
    },
  },
  'dns-no-nameserver': {
    severity: 'critical',
    summary: { en: 'resolv.conf has no nameserver line.', 'zh-TW': 'resolv.conf 沒有 nameserver 設定。' },
    variants: {
      default: {
        title: { en: 'resolv.conf of {host} names no nameserver', 'zh-TW': '{host} 的 resolv.conf 沒有指定 nameserver' },
        explanation: {
          en: '{file} has {lines} configuration line(s) but no nameserver. The resolver therefore asks 127.0.0.1; unless a local resolver listens there, names do not resolve even though the search list looks right.',
          'zh-TW': '{file} 有 {lines} 行設定,卻沒有 nameserver。解析器因此會去問 127.0.0.1;除非本機有解析器在那裡監聽,否則即使 search 清單看起來正確,名稱仍然解析不了。',
        },
      },
    },
  },
  'dns-nameserver-unreachable': {
    severity: 'critical',
    summary: { en: 'The namespace has no usable route to its nameserver.', 'zh-TW': '這個 namespace 沒有可用的路由通往它的 nameserver。' },
    variants: {
      'no-route': {
        title: { en: '{host} has no route to nameserver {nameserver}', 'zh-TW': '{host} 沒有通往 nameserver {nameserver} 的路由' },
        explanation: {
          en: 'No route in {host} covers {nameserver}: it is on no connected subnet and there is no default route. Every query sent to it fails at once with "Network is unreachable".',
          'zh-TW': '{host} 沒有任何路由涵蓋 {nameserver}:它不在直連子網內,也沒有預設路由。送往它的每個查詢都會立刻以「Network is unreachable」失敗。',
        },
      },
      'reject-route': {
        title: { en: '{host} discards traffic to nameserver {nameserver}', 'zh-TW': '{host} 會丟棄送往 nameserver {nameserver} 的流量' },
        explanation: {
          en: '{host} sends {nameserver} to a {routeType} route ("{route}"), so queries are discarded before they leave.',
          'zh-TW': '{host} 把 {nameserver} 導向 {routeType} 類型的路由(「{route}」),查詢封包在送出前就被丟棄。',
        },
      },
      'dev-down': {
        title: { en: '{host} reaches nameserver {nameserver} only through a down interface', 'zh-TW': '{host} 只能經由已關閉的介面連到 nameserver {nameserver}' },
        explanation: {
          en: 'The route to {nameserver} leaves through {dev}, which is down, so queries never get on the wire.',
          'zh-TW': '通往 {nameserver} 的路由經由 {dev},但該介面處於 down,查詢封包根本送不出去。',
        },
      },
      gateway: {
        title: { en: '{host} cannot reach the gateway towards nameserver {nameserver}', 'zh-TW': '{host} 到不了通往 nameserver {nameserver} 的閘道' },
        explanation: {
          en: 'The route to {nameserver} goes via {gateway}, which {host} cannot reach (see gateway-unreachable), so queries are lost at the first hop.',
          'zh-TW': '通往 {nameserver} 的路由經由 {gateway},但 {host} 到不了這個閘道(見 gateway-unreachable),查詢在第一跳就遺失了。',
        },
      },
      'not-answering': {
        title: { en: 'Nameserver {nameserver} is reachable from {host} but does not answer DNS', 'zh-TW': '{host} 連得到 nameserver {nameserver},但它不回應 DNS' },
        explanation: {
          en: 'The routing in {host} is fine and {nameserver} answered ping at capture time, but a DNS query for "{name}" got "{result}". Something listens at that address, yet no DNS server is serving on port 53 there (stopped, crashed, or bound to another address).',
          'zh-TW': '{host} 的路由沒有問題,擷取時 {nameserver} 也回應了 ping,但查詢「{name}」的 DNS 請求得到「{result}」。這個位址上有主機在,卻沒有 DNS 伺服器在 53 埠提供服務(已停止、當掉,或綁在別的位址上)。',
        },
      },
      'no-reply': {
        title: { en: 'Nameserver {nameserver} never replies to {host}', 'zh-TW': 'nameserver {nameserver} 從不回應 {host}' },
        explanation: {
          en: 'The routing in {host} sends queries for {nameserver} on their way, but at capture time neither ping nor a DNS query for "{name}" got any reply ({result}). The path beyond the first hop is broken: look at the gateway\'s forwarding and NAT findings.',
          'zh-TW': '{host} 的路由會把送往 {nameserver} 的查詢送出去,但擷取時 ping 與查詢「{name}」的 DNS 請求都沒有得到任何回應({result})。第一跳之後的路徑斷了:請查看閘道的轉送與 NAT 相關發現。',
        },
      },
      'loopback-down': {
        title: { en: '{host} cannot reach its local nameserver {nameserver}', 'zh-TW': '{host} 連不到本機的 nameserver {nameserver}' },
        explanation: {
          en: '{nameserver} is a loopback address and lo is down in {host}, so the local resolver cannot be reached.',
          'zh-TW': '{nameserver} 是 loopback 位址,而 {host} 的 lo 處於 down,本機解析器無法連線。',
        },
      },
    },
  },
  'nsswitch-no-dns': {
    severity: 'critical',
    summary: { en: 'The hosts: line of nsswitch.conf never consults DNS.', 'zh-TW': 'nsswitch.conf 的 hosts: 設定永遠不會查詢 DNS。' },
    variants: {
      absent: {
        title: { en: 'nsswitch.conf of {host} never asks DNS', 'zh-TW': '{host} 的 nsswitch.conf 永遠不會查詢 DNS' },
        explanation: {
          en: 'The hosts line is "{line}". It lists no dns (or resolve) source, so getaddrinfo(), which ping, curl and most programs use, only looks in local files. Names that exist only in DNS never resolve, even though nslookup and dig (which bypass NSS) succeed.',
          'zh-TW': 'hosts 這行是「{line}」,其中沒有 dns(或 resolve)來源,所以 ping、curl 等多數程式使用的 getaddrinfo() 只查本機檔案。只存在於 DNS 的名稱永遠解析不到,即使繞過 NSS 的 nslookup 與 dig 都查得到。',
        },
      },
      returns: {
        title: { en: 'nsswitch.conf of {host} stops before DNS', 'zh-TW': '{host} 的 nsswitch.conf 在查 DNS 前就停止' },
        explanation: {
          en: 'The hosts line is "{line}". {service} answers {status} for ordinary names and the criterion {action} ends the lookup there, so the dns source after it is never reached.',
          'zh-TW': 'hosts 這行是「{line}」。{service} 對一般名稱會回傳 {status},而 {action} 讓查詢就此結束,因此後面的 dns 來源永遠輪不到。',
        },
      },
    },
  },
  'hosts-override': {
    severity: 'info',
    summary: { en: '/etc/hosts pins a name that would otherwise come from DNS.', 'zh-TW': '/etc/hosts 固定了某個原本應由 DNS 回答的名稱。' },
    variants: {
      default: {
        title: { en: '/etc/hosts in {host} pins {names}', 'zh-TW': '{host} 的 /etc/hosts 固定了 {names}' },
        explanation: {
          en: 'NSS consults files before dns here, so these names always resolve to the addresses written in /etc/hosts and DNS is never asked for them. That is fine when intended; when the service moves, the stale entry silently wins.',
          'zh-TW': '這裡的 NSS 會先查 files 再查 dns,因此這些名稱永遠解析成 /etc/hosts 裡寫的位址,不會詢問 DNS。如果是刻意設定就沒問題;但服務搬家後,過時的紀錄會悄悄勝出。',
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
        title: { en: 'DNAT on {host} maps {match} to {target}, which nobody owns', 'zh-TW': '{host} 的 DNAT 把 {match} 對應到 {target},但沒有主機擁有這個位址' },
        explanation: {
          en: 'Rule {index} of {chain} rewrites the destination to {target}. That address is in the subnet of {dev}, but none of the hosts on that segment ({members}) has it, so connections to the mapped port hang while {host} waits for an ARP reply. The mapping most likely names the wrong container.',
          'zh-TW': '{chain} 鏈的第 {index} 條規則把目的地改寫為 {target}。這個位址位於 {dev} 的子網內,但該網段上的主機({members})都沒有這個位址,連到對應埠的連線會一直卡在 {host} 等待 ARP 回應。最可能是對應到了錯誤的容器。',
        },
      },
      'no-route': {
        title: { en: 'DNAT on {host} maps {match} to {target}, which it cannot route to', 'zh-TW': '{host} 的 DNAT 把 {match} 對應到 {target},但它沒有通往該位址的路由' },
        explanation: {
          en: 'Rule {index} of {chain} rewrites the destination to {target}, but {host} has no route to that address, so the rewritten packets are dropped.',
          'zh-TW': '{chain} 鏈的第 {index} 條規則把目的地改寫為 {target},但 {host} 沒有通往該位址的路由,改寫後的封包會被丟棄。',
        },
      },
      'default-only': {
        title: { en: 'DNAT on {host} maps {match} to {target}, which only the default route covers', 'zh-TW': '{host} 的 DNAT 把 {match} 對應到 {target},但只有預設路由涵蓋它' },
        explanation: {
          en: 'Rule {index} of {chain} rewrites the destination to {target}. No captured host owns it and only the default route covers it, so the mapped traffic goes to the upstream gateway instead of a local container.',
          'zh-TW': '{chain} 鏈的第 {index} 條規則把目的地改寫為 {target}。沒有任何已擷取的主機擁有這個位址,也只有預設路由涵蓋它,因此對應的流量會被送往上游閘道,而不是本機的容器。',
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
