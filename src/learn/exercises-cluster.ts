// Exercises on captures of the two-node cluster (walkthroughs only: no live lab).
import type { Exercise } from './exercises.js';
import { curl, ping, sym } from './exercise-kit.js';

export const CLUSTER_EXERCISES: Exercise[] = [
  {
    id: 'svc-no-endpoints',
    scenario: 'k8s-hostgw',
    fault: 'selector-mismatch',
    topic: 'kubernetes',
    live: false,
    title: { en: 'A Service with no endpoints', 'zh-TW': '沒有端點的 Service' },
    story: {
      en: 'The web pods run and are ready. From the client pod, the web Service refuses every connection.',
      'zh-TW': 'web Pod 都在執行而且已就緒。從 client Pod 連 web Service，每次都被拒絕。',
    },
    symptom: sym('default.client', curl('http://10.96.100.10/')),
    answer: 'service-no-endpoints@service:default/web',
    distractors: ['service-not-programmed', 'pod-dns-nameserver-mismatch', 'forward-blocked'],
    why: {
      en: 'A Service sends traffic to the pods its selector matches. Here it selects app=webapp while the pods are labelled app=web, so its EndpointSlice is empty and kube-proxy rejects connections. Fixing the selector fills the EndpointSlice.',
      'zh-TW':
        'Service 會把流量送給 selector 選到的 Pod。這裡它選的是 app=webapp,Pod 的標籤卻是 app=web，所以 EndpointSlice 是空的，kube-proxy 直接拒絕連線。修正 selector,EndpointSlice 就會有端點。',
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
      'zh-TW': 'web Service 有就緒的端點，從 worker-2 也連得通。從 worker-1 上的 client Pod 連它的 ClusterIP 卻逾時。',
    },
    symptom: sym('default.client', curl('http://10.96.100.10/')),
    answer: 'service-not-programmed@worker-1',
    distractors: ['service-no-endpoints', 'pod-dns-nameserver-mismatch', 'forward-blocked'],
    why: {
      en: 'A ClusterIP exists only as kube-proxy rules on each node. worker-1 has no KUBE-SERVICES rule for 10.96.100.10, so the packet is never translated. Restarting kube-proxy on worker-1 makes it resync every rule.',
      'zh-TW':
        'ClusterIP 只以 kube-proxy 規則的形式存在於每個節點上。worker-1 的 KUBE-SERVICES 沒有 10.96.100.10 的規則，封包永遠不會被轉換。重新啟動 worker-1 上的 kube-proxy，它會重新同步所有規則。',
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
      'zh-TW': 'CoreDNS 運作正常，其他 Pod 都解析得到名稱。只有 client Pod 不行。',
    },
    symptom: sym('default.client', ping('web.default.svc.cluster.local')),
    answer: 'pod-dns-nameserver-mismatch@default.client',
    distractors: ['coredns-no-endpoints', 'netpol-blocks-dns', 'service-no-endpoints'],
    why: {
      en: "With dnsPolicy ClusterFirst, kubelet writes the kube-dns ClusterIP as the pod's nameserver. This pod's resolv.conf names another address, where no DNS answers. Fix the pod's dnsConfig (or kubelet's clusterDNS) and recreate the pod.",
      'zh-TW':
        'dnsPolicy 為 ClusterFirst 時，kubelet 會把 kube-dns 的 ClusterIP 寫成 Pod 的 nameserver。這個 Pod 的 resolv.conf 寫的卻是別的位址，那裡沒有 DNS 回應。修正 Pod 的 dnsConfig（或 kubelet 的 clusterDNS），再重建 Pod。',
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
      'zh-TW': '節點升級之後，兩個 CoreDNS Pod 都陷入 CrashLoopBackOff，叢集內所有名稱查詢都失敗。',
    },
    symptom: sym('default.client', ping('web.default.svc.cluster.local')),
    answer: 'coredns-loop@service:kube-system/kube-dns',
    distractors: ['pod-dns-nameserver-mismatch', 'netpol-blocks-dns', 'service-not-programmed'],
    why: {
      en: "CoreDNS runs with dnsPolicy Default, so it inherits the node's resolv.conf. That file points at systemd-resolved's 127.0.0.53; inside CoreDNS that address is CoreDNS itself, so `forward . /etc/resolv.conf` sends queries back to itself, and the loop plugin stops it. Point kubelet's resolvConf at /run/systemd/resolve/resolv.conf (the real servers).",
      'zh-TW':
        'CoreDNS 以 dnsPolicy Default 執行，所以繼承了節點的 resolv.conf。那份檔案指向 systemd-resolved 的 127.0.0.53；在 CoreDNS 裡這個位址就是它自己，於是 `forward . /etc/resolv.conf` 把查詢轉回給自己，loop plugin 就讓它停下來。把 kubelet 的 resolvConf 指到 /run/systemd/resolve/resolv.conf（真正的伺服器）。',
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
        '一次資安檢查在命名空間 default 加了預設拒絕 egress 的政策。從此那裡的 Pod 什麼名稱都解析不了。（實驗室裡這條政策只存在於 API 物件中：那裡的資料平面不會強制執行政策。）',
    },
    symptom: sym('default.client', ['cat', '/etc/resolv.conf']),
    answer: 'netpol-blocks-dns@default.client',
    distractors: ['pod-dns-nameserver-mismatch', 'coredns-no-endpoints', 'service-not-programmed'],
    why: {
      en: 'Once a policy with Egress selects a pod, only the egress it allows is permitted, and that includes DNS. Add an egress rule to kube-system pods labelled k8s-app=kube-dns on UDP and TCP 53.',
      'zh-TW':
        '一旦有含 Egress 的政策選到某個 Pod，就只允許政策放行的 egress,DNS 也不例外。加一條 egress 規則，放行連到 kube-system 中標籤為 k8s-app=kube-dns 的 Pod 的 UDP 與 TCP 53。',
    },
    hints: [],
  },
];
