// The causes a learner can pick in a walkthrough, keyed by the finding id that proves each one. A wrong pick
// gets the hint: where to look to rule it out (the evidence), never the right answer.
import type { FindingId } from '../analyzers/index.js';
import type { Lang } from '../i18n/lang.js';

export interface Cause {
  label: Record<Lang, string>;
  hint: Record<Lang, string>;
}

export const CAUSES: Partial<Record<FindingId, Cause>> = {
  'interface-down': {
    label: { en: 'An interface on the path is down', 'zh-TW': '路徑上有網路介面沒有啟用' },
    hint: {
      en: 'Look at `ip -d addr` on both ends: does every interface on the path say state UP?',
      'zh-TW': '看兩端的 `ip -d addr`：路徑上的每個介面都是 state UP 嗎？',
    },
  },
  'address-prefix-mismatch': {
    label: { en: 'An address was added without its /24', 'zh-TW': '位址設定時少了 /24' },
    hint: {
      en: 'In `ip -d addr`, compare the prefix length written after each inet address.',
      'zh-TW': '在 `ip -d addr` 裡，比較每個 inet 位址後面的前綴長度。',
    },
  },
  'bridge-down': {
    label: { en: 'The bridge is down', 'zh-TW': 'bridge 沒有啟用' },
    hint: {
      en: "Find the bridge in the host's `ip -d addr`: are UP and LOWER_UP among its flags?",
      'zh-TW': '在 host 的 `ip -d addr` 找到 bridge：它的旗標裡有 UP 和 LOWER_UP 嗎？',
    },
  },
  'masquerade-missing': {
    label: {
      en: 'Nothing masquerades the private subnet on its way out',
      'zh-TW': '私有子網段出去時沒有做 MASQUERADE',
    },
    hint: {
      en: "Read the nat table in the host's `iptables-save`: is there a POSTROUTING rule with -j MASQUERADE for that source?",
      'zh-TW': '讀 host 的 `iptables-save` 的 nat 表：POSTROUTING 有針對該來源的 -j MASQUERADE 規則嗎？',
    },
  },
  'ip-forward-disabled': {
    label: { en: 'IP forwarding is off on the router', 'zh-TW': '負責轉送的主機關閉了 IP forwarding' },
    hint: {
      en: 'Run `sysctl net.ipv4.ip_forward` where the traffic is routed: 1 means forwarding is on.',
      'zh-TW': '在負責轉送流量的地方執行 `sysctl net.ipv4.ip_forward`:1 表示已開啟轉送。',
    },
  },
  'no-default-route': {
    label: { en: 'There is no default route', 'zh-TW': '沒有預設路由' },
    hint: {
      en: 'Read `ip route` in the failing namespace: is there a line that starts with `default via`?',
      'zh-TW': '讀出問題的 namespace 的 `ip route`：有沒有以 `default via` 開頭的那一行？',
    },
  },
  'dns-no-nameserver': {
    label: { en: 'resolv.conf names no nameserver', 'zh-TW': 'resolv.conf 沒有任何 nameserver' },
    hint: {
      en: 'Open `cat /etc/resolv.conf` in that namespace and count its nameserver lines.',
      'zh-TW': '在該 namespace 執行 `cat /etc/resolv.conf`，數一數有幾行 nameserver。',
    },
  },
  'nsswitch-no-dns': {
    label: { en: 'nsswitch.conf never asks DNS for host names', 'zh-TW': 'nsswitch.conf 解析主機名稱時從不詢問 DNS' },
    hint: {
      en: 'Open `cat /etc/nsswitch.conf`: which sources does the hosts line list, and in what order?',
      'zh-TW': '打開 `cat /etc/nsswitch.conf`:hosts 那一行列了哪些來源、順序為何？',
    },
  },
  'hosts-override': {
    label: { en: '/etc/hosts answers first, with a wrong address', 'zh-TW': '/etc/hosts 先回答了，而且位址是錯的' },
    hint: {
      en: 'Open `cat /etc/hosts`: is the name you are looking up written there?',
      'zh-TW': '打開 `cat /etc/hosts`：你要查的名稱有寫在裡面嗎？',
    },
  },
  'forward-blocked': {
    label: { en: 'The FORWARD chain drops the traffic', 'zh-TW': 'FORWARD 鏈把流量丟掉了' },
    hint: {
      en: "In the host's `iptables-save`, read the filter table: FORWARD's policy, and whether a rule accepts this traffic.",
      'zh-TW': '在 host 的 `iptables-save` 讀 filter 表：FORWARD 的預設政策，以及有沒有規則放行這些流量。',
    },
  },
  'dnat-target-unknown': {
    label: {
      en: 'The port mapping (DNAT) points at an address nobody has',
      'zh-TW': '連接埠對應（DNAT）指向沒有人使用的位址',
    },
    hint: {
      en: "Compare --to-destination in the host's `iptables-save` with the containers' addresses in their `ip -d addr`.",
      'zh-TW': '比較 host `iptables-save` 裡的 --to-destination 和各容器 `ip -d addr` 的位址。',
    },
  },
  'dns-nameserver-unreachable': {
    label: {
      en: 'The namespace has no way to reach its nameserver',
      'zh-TW': '這個 namespace 沒有辦法連到它的 nameserver',
    },
    hint: {
      en: 'Read `ip -d addr` and `ip route` in the failing namespace: which interface and which route would carry a packet out?',
      'zh-TW': '讀出問題的 namespace 的 `ip -d addr` 與 `ip route`：封包會從哪個介面、依哪條路由出去？',
    },
  },
  'no-network-interface': {
    label: { en: 'The namespace has no interface but lo', 'zh-TW': '這個 namespace 除了 lo 之外沒有任何介面' },
    hint: {
      en: 'Count the interfaces in `ip -d addr` of the failing namespace: is there anything besides lo to send through?',
      'zh-TW': '數一數出問題的 namespace 在 `ip -d addr` 裡的介面：除了 lo 之外，還有可以送出封包的介面嗎？',
    },
  },
  'calico-proxy-arp-off': {
    label: {
      en: "The node does not answer ARP for the pod's gateway (proxy_arp off)",
      'zh-TW': '節點沒有替 Pod 的閘道回應 ARP（proxy_arp 被關閉）',
    },
    hint: {
      en: "Read the pod's `ip neigh` for 169.254.1.1, then the node's `sysctl` for its cali* veth.",
      'zh-TW': '先看 Pod 的 `ip neigh` 裡 169.254.1.1 的狀態，再看節點上對應 cali* veth 的 `sysctl`。',
    },
  },
  'service-no-endpoints': {
    label: { en: 'The Service has no ready endpoints', 'zh-TW': 'Service 沒有就緒的端點' },
    hint: {
      en: 'Read the EndpointSlices of the Service (`kubectl get endpointslices -o json`): are there ready addresses?',
      'zh-TW': '讀這個 Service 的 EndpointSlice（`kubectl get endpointslices -o json`）：有就緒的位址嗎？',
    },
  },
  'service-not-programmed': {
    label: {
      en: "kube-proxy has not programmed the Service on the client's node",
      'zh-TW': 'kube-proxy 沒有在 client 所在的節點設定這個 Service',
    },
    hint: {
      en: "Search the node's `iptables-save` for the Service's ClusterIP in KUBE-SERVICES.",
      'zh-TW': '在節點的 `iptables-save` 的 KUBE-SERVICES 裡找這個 Service 的 ClusterIP。',
    },
  },
  'pod-dns-nameserver-mismatch': {
    label: {
      en: "The pod's nameserver is not the kube-dns ClusterIP",
      'zh-TW': 'Pod 的 nameserver 不是 kube-dns 的 ClusterIP',
    },
    hint: {
      en: "Compare the pod's `cat /etc/resolv.conf` with the kube-dns Service in `kubectl get services -A -o json`.",
      'zh-TW': '比較 Pod 的 `cat /etc/resolv.conf` 和 `kubectl get services -A -o json` 裡的 kube-dns Service。',
    },
  },
  'coredns-loop': {
    label: { en: 'CoreDNS forwards queries back to itself (a loop)', 'zh-TW': 'CoreDNS 把查詢轉回給自己（形成迴圈）' },
    hint: {
      en: 'Read the resolv.conf of the node where CoreDNS runs, and the forward line of the coredns ConfigMap.',
      'zh-TW': '讀 CoreDNS 所在節點的 resolv.conf，以及 coredns ConfigMap 的 forward 那一行。',
    },
  },
  'coredns-no-endpoints': {
    label: { en: 'No CoreDNS pod is ready', 'zh-TW': '沒有任何 CoreDNS Pod 處於就緒狀態' },
    hint: {
      en: 'Read the kube-system pods in `kubectl get pods -A -o json`: what state are the k8s-app=kube-dns containers in?',
      'zh-TW': '讀 `kubectl get pods -A -o json` 的 kube-system Pod:k8s-app=kube-dns 的容器處於什麼狀態？',
    },
  },
  'netpol-blocks-dns': {
    label: { en: 'A NetworkPolicy blocks the pods from reaching DNS', 'zh-TW': '有 NetworkPolicy 擋住 Pod 連到 DNS' },
    hint: {
      en: 'List the NetworkPolicies (`kubectl get networkpolicies -A -o json`): does one select these pods with Egress in its policyTypes?',
      'zh-TW':
        '列出 NetworkPolicy（`kubectl get networkpolicies -A -o json`）：有沒有一條選到這些 Pod、policyTypes 含 Egress 的政策？',
    },
  },
};

const BY_ID = new Map<string, Cause>(Object.entries(CAUSES).flatMap(([k, v]) => (v ? [[k, v]] : [])));

// The cause behind a choice the learner made (any string: it comes from the UI).
export function causeOf(id: string): Cause | undefined {
  return BY_ID.get(id);
}
