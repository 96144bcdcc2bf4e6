// Every reason a trace gives, language-free in the model (a code and its values) and worded here in both
// languages: why a path ended, what a note says, what was assumed. Views turn them into sentences.
import { type Text, text } from '../../i18n/lang.js';

export const WHY = {
  // the model cannot decide
  'match-not-modelled': text('the match {what} is not modelled', '不支援判讀比對條件 {what}'),
  'target-not-modelled': text('the target {what} is not modelled', '不支援判讀目標 {what}'),
  'nat-not-read': text('{what} could not be read', '無法解讀 {what}'),
  'too-many-steps': text('the trace gave up: too many rule visits', '追蹤中止：走訪的規則太多'),
  'too-many-paths': text('the trace gave up: too many branches', '追蹤中止：分支太多'),
  'too-deep': text('chains jump deeper than 64 levels', '鏈的跳躍超過 64 層'),
  'too-many-hops': text('more than 128 hops', '超過 128 個轉送點'),
  'not-collected': text('{what} not collected', '未擷取 {what}'),
  'not-followed': text(
    '{iface} leads towards {addr} ({holder}), but the model does not follow this link (an overlay or tunnel)',
    '{iface} 通往 {addr}（{holder}），但模型尚不追蹤這種連結（overlay 或通道）',
  ),
  'assume-vtep-owner': text(
    'neighbours not collected: taken to be the VXLAN device that owns {addr}',
    '未擷取鄰居表：假設由擁有 {addr} 的 VXLAN 介面接收',
  ),
  'vtep-address-unknown': text(
    'the underlay address of {iface} is not known (capture it with ip -d addr)',
    '不知道 {iface} 的底層位址（請以 ip -d addr 擷取）',
  ),
  'assume-dns-listens': text(
    'sockets of {host} not collected: taken to answer on UDP {port}',
    '未擷取 {host} 的 socket 清單：假設它在 UDP {port} 回應',
  ),
  'ipvs-forward': text(
    'IPVS forwarding method {forward} is modelled as masquerading',
    'IPVS 轉送方式 {forward} 以 masquerading 方式模擬',
  ),
  'link-unknown': text(
    '{iface} leads to next hop {addr}, which {holder} has, but the capture does not say which of its devices is the other end (capture `ip netns list-id`, or `ip addr` as text)',
    '{iface} 通往下一跳 {addr}（屬於 {holder}），但擷取的資料沒有說明另一端是它的哪個介面（請擷取 `ip netns list-id`，或以文字格式擷取 `ip addr`）',
  ),
  'gateway-name': text(
    'route {route} names its gateway "{name}", not an address (capture `route -n` or `ip route`)',
    '路由 {route} 的閘道寫成名稱「{name}」而非位址（請擷取 `route -n` 或 `ip route`）',
  ),
  'rule-selector': text('ip rule "{selector}" is not read', '無法解讀 ip rule「{selector}」'),
  'rule-action': text('ip rule action {action} is not modelled', '不支援 ip rule 動作 {action}'),
  'route-no-device': text('route {route} names no device', '路由 {route} 沒有指定介面'),
  // the kernel drops the packet
  'martian-loopback': text('a loopback address arrived from outside', '外部送來的封包帶有 loopback 位址'),
  'martian-own-source': text("the source {addr} is this host's own address", '來源 {addr} 是本機自己的位址'),
  'not-forwarding': text('forwarding is off for {iface} (ip_forward = 0)', '{iface} 未開啟轉送（ip_forward = 0）'),
  'rp-filter': text('rp_filter: no route back to {addr} via {iface}', 'rp_filter：沒有經 {iface} 回到 {addr} 的路由'),
  ttl: text('the TTL ran out (a routing loop?)', 'TTL 耗盡（可能是路由迴圈）'),
  'route-type': text('the route says {type}', '路由類型為 {type}'),
  'iface-down': text('{iface} is down', '{iface} 已停用'),
  'iface-missing': text('the route names {iface}, which does not exist', '路由指定的 {iface} 不存在'),
  'no-source': text('no address to send from on {iface}', '{iface} 上沒有可用的來源位址'),
  // the next hop never answers
  'vtep-no-neighbour': text(
    'no neighbour entry for {addr}: nobody answers ARP inside a VXLAN device, so the far node is never found',
    '沒有 {addr} 的鄰居項目：VXLAN 介面內沒有誰回應 ARP，找不到對端節點',
  ),
  'vni-mismatch': text(
    '{iface} has VXLAN id {id}, the packet carries {sent}',
    '{iface} 的 VXLAN ID 是 {id}，封包帶的是 {sent}',
  ),
  'vxlan-port-mismatch': text('{iface} does not listen on UDP port {port}', '{iface} 沒有在 UDP 連接埠 {port} 接收'),
  'ipvs-no-dest': text(
    'IPVS virtual server {vs} has no real server: the kernel answers port unreachable',
    'IPVS 虛擬伺服器 {vs} 沒有任何真實伺服器：核心回應 port unreachable',
  ),
  'no-carrier': text('{iface} has no carrier (its other end is down)', '{iface} 沒有載波（另一端已停用）'),
  'no-arp-answer': text('{host} does not answer ARP for {addr} on {iface}', '{host} 不回應 {iface} 上對 {addr} 的 ARP'),
  'peer-down': text('the far end {iface} on {host} is down', '對端 {host} 的 {iface} 已停用'),
  'bridge-down': text('bridge {bridge} on {host} is down', '{host} 的橋接器 {bridge} 已停用'),
  'port-down': text('bridge port {port} on {host} is down', '{host} 的橋接埠 {port} 已停用'),
  'nobody-on-bridge': text(
    'nobody on bridge {bridge} of {host} answers ARP for {addr}',
    '{host} 的橋接器 {bridge} 上沒有誰回應 {addr} 的 ARP',
  ),
  'nobody-on-link': text(
    'nobody on the link of {iface} answers ARP for {addr}',
    '{iface} 的鏈路上沒有誰回應 {addr} 的 ARP',
  ),
  hairpin: text(
    'the bridge does not send a frame back out the port it came in on ({port})',
    '橋接器不會把訊框從進入的連接埠（{port}）送回去',
  ),
  // notes on the way
  'undo-snat': text('conntrack undoes the SNAT: {pkt}', 'conntrack 還原 SNAT：{pkt}'),
  'undo-dnat': text('conntrack undoes the DNAT: {pkt}', 'conntrack 還原 DNAT：{pkt}'),
  rerouted: text('{table} OUTPUT changed the packet: routed again', '{table} OUTPUT 改變了封包：重新路由'),
  notrack: text('not tracked by conntrack', '不由 conntrack 追蹤'),
  'no-ct-entry': text('no conntrack entry to mark', '沒有可標記的 conntrack 項目'),
  // assumptions a path rests on
  'assume-match': text('{where}: {what} taken as matching', '{where}：假設 {what} 成立'),
  'assume-no-match': text('{where}: {what} taken as not matching', '{where}：假設 {what} 不成立'),
  'assume-range': text(
    '{where}: {target} to a range, the first address and port taken',
    '{where}：{target} 指向範圍，取第一個位址與連接埠',
  ),
  'assume-forwarding': text('{host}: forwarding not collected, taken as on', '{host}：未擷取轉送設定，假設為開啟'),
  'assume-forwarding-off': text(
    '{host}: forwarding is off; followed as if it were on',
    '{host}：轉送已關閉；假設開啟後繼續追蹤',
  ),
  'assume-no-rules': text('{host}: iptables not collected, taken as no rules', '{host}：未擷取 iptables，假設沒有規則'),
} satisfies Record<string, Text>;

export type WhyCode = keyof typeof WHY;

/** A reason: its code and the values its sentence names. */
export interface Why {
  code: WhyCode;
  params?: Record<string, string>;
}

// A reason with its values.
export function why(code: WhyCode, params?: Record<string, string>): Why {
  return params ? { code, params } : { code };
}
