// The cluster scenarios: one two-node data plane (src/labs/scenarios/k8s/) in four shapes, each fault a row of
// changed settings. Both CoreDNS pods sit on worker-2, so whether a check from the client on worker-1 works never
// depends on which endpoint kube-proxy picks at random.
import { defineScenario } from '../scenario.js';
import { setup } from './k8s/build.js';
import { DNS_IP, HEALTHY, WEB_IP } from './k8s/cluster.js';

export const k8sHostgw = defineScenario({
  id: 'k8s-hostgw',
  title: {
    en: 'A two-node cluster data plane (flannel host-gw): pods, Services through kube-proxy rules, CoreDNS',
    'zh-TW': '兩個節點的叢集資料平面（flannel host-gw）：Pod、經 kube-proxy 規則的 Service、CoreDNS',
  },
  hosts: [
    'worker-1',
    'worker-2',
    'lan',
    'default.client',
    'default.web-1',
    'kube-system.coredns-a',
    'kube-system.coredns-b',
  ],
  checks: [
    { name: 'client→web-svc', kind: 'tcp', from: 'default.client', to: WEB_IP, port: 80 },
    { name: 'client-dns', kind: 'dns', from: 'default.client', lookup: 'web.default.svc.cluster.local' },
    { name: 'client→coredns-b', kind: 'ping', from: 'default.client', to: '10.244.1.5' },
    { name: 'lan→nodeport', kind: 'tcp', from: 'lan', to: '192.168.56.11', port: 30080 },
    // the LAN router stands for the Internet: it has no route back to the pods
    { name: 'client→lan', kind: 'ping', from: 'default.client', to: '192.168.56.1' },
  ],
  healthy: HEALTHY,
  faults: {
    'web-not-ready': {
      set: { webReady: false },
      about: {
        en: 'the web pods fail readiness, so Service web has no ready endpoints',
        'zh-TW': 'web Pod 的 readiness 失敗，Service web 沒有就緒的端點',
      },
      expect: ['service-no-endpoints@service:default/web'],
      breaks: ['client→web-svc', 'lan→nodeport'],
    },
    'selector-mismatch': {
      set: { webSelector: 'webapp' },
      about: {
        en: 'Service web selects app=webapp, which no pod has',
        'zh-TW': 'Service web 的 selector 是 app=webapp，沒有任何 Pod 符合',
      },
      expect: ['service-no-endpoints@service:default/web'],
      breaks: ['client→web-svc', 'lan→nodeport'],
    },
    'coredns-down': {
      set: { coredns: 'crashing' },
      about: {
        en: 'CoreDNS pods crash-loop: kube-dns has no endpoints',
        'zh-TW': 'CoreDNS Pod 不斷重啟：kube-dns 沒有端點',
      },
      expect: ['coredns-no-endpoints@service:kube-system/kube-dns'],
      breaks: ['client-dns'],
    },
    'kube-proxy-stale': {
      set: { kubeProxy1: { ...HEALTHY.kubeProxy1, skipServices: ['default/web'] } },
      about: {
        en: "worker-1's kube-proxy never programmed Service web",
        'zh-TW': 'worker-1 的 kube-proxy 沒有設定 Service web 的規則',
      },
      expect: ['service-not-programmed@worker-1', 'nodeport-not-programmed@worker-1'],
      breaks: ['client→web-svc'],
    },
    'endpoints-stale': {
      set: { kubeProxy1: { ...HEALTHY.kubeProxy1, staleEndpoints: { 'default/web': ['10.244.0.99:8080'] } } },
      about: {
        en: 'worker-1 still DNATs web to a pod that is gone',
        'zh-TW': 'worker-1 仍把 web 的流量 DNAT 到已不存在的 Pod',
      },
      expect: ['endpoints-stale@worker-1', 'dnat-target-unknown@worker-1'],
      breaks: ['client→web-svc'],
    },
    'nodeport-missing': {
      set: { kubeProxy2: { ...HEALTHY.kubeProxy2, skipNodePorts: true } },
      about: { en: 'worker-2 has no rule for NodePort 30080', 'zh-TW': 'worker-2 沒有 NodePort 30080 的規則' },
      expect: ['nodeport-not-programmed@worker-2'],
      breaks: ['lan→nodeport'],
    },
    'no-masq-jump': {
      set: { kubeProxy2: { ...HEALTHY.kubeProxy2, skipPostroutingJump: true } },
      about: {
        en: "worker-2's POSTROUTING never jumps to KUBE-POSTROUTING",
        'zh-TW': 'worker-2 的 POSTROUTING 沒有跳到 KUBE-POSTROUTING',
      },
      expect: ['kube-masquerade-missing@worker-2'],
      breaks: ['lan→nodeport'],
    },
    'netpol-deny-egress': {
      set: { netpolDenyEgress: true },
      about: {
        en: 'a default-deny egress NetworkPolicy in namespace default, with no DNS exception (the lab does not enforce policies: only the API objects change)',
        'zh-TW':
          '命名空間 default 有一條預設拒絕 egress 的 NetworkPolicy，卻沒有放行 DNS（實驗室不強制執行政策：只有 API 物件改變）',
      },
      // the lab's flannel does not enforce the policy either: netpol-not-enforced says so
      expect: ['netpol-blocks-dns@default.client', 'netpol-blocks-dns@default.web-1', 'netpol-not-enforced@cluster'],
      breaks: [],
      apiOnly: true,
    },
    'pod-dns-mismatch': {
      set: { clientNameservers: ['10.96.0.11'] },
      about: {
        en: "client's resolv.conf names 10.96.0.11, not the kube-dns ClusterIP",
        'zh-TW': 'client 的 resolv.conf 指定 10.96.0.11，而不是 kube-dns 的 ClusterIP',
      },
      expect: ['pod-dns-nameserver-mismatch@default.client'],
      breaks: ['client-dns'],
    },
    'br-netfilter-off': {
      set: { bridgeNf1: false },
      about: { en: 'bridge-nf-call-iptables is 0 on worker-1', 'zh-TW': 'worker-1 的 bridge-nf-call-iptables 為 0' },
      expect: ['bridge-nf-call-iptables-disabled@worker-1'],
      breaks: ['client→web-svc'],
    },
    'hostnetwork-dns': {
      set: { hostnetworkProbe: true },
      about: {
        en: 'a hostNetwork pod keeps dnsPolicy ClusterFirst',
        'zh-TW': '一個 hostNetwork Pod 仍使用 dnsPolicy ClusterFirst',
      },
      expect: ['hostnetwork-dns-policy@pod:monitoring/node-probe'],
      breaks: [],
    },
    'kube-proxy-flushed': {
      set: { kubeProxy1: { ...HEALTHY.kubeProxy1, flushed: true } },
      about: {
        en: "worker-1's iptables were flushed and its kube-proxy crash-loops",
        'zh-TW': 'worker-1 的 iptables 被清空，kube-proxy 不斷重啟',
      },
      expect: ['kube-proxy-unhealthy@worker-1'],
      breaks: ['client→web-svc', 'client-dns'],
    },
    'coredns-loop': {
      set: { coredns: 'looping' },
      about: {
        en: "worker-2's resolv.conf points at 127.0.0.53, so CoreDNS (forward . /etc/resolv.conf) loops and crash-loops",
        'zh-TW': 'worker-2 的 resolv.conf 指向 127.0.0.53,CoreDNS（forward . /etc/resolv.conf）形成迴圈而不斷重啟',
      },
      expect: ['coredns-loop@service:kube-system/kube-dns', 'coredns-no-endpoints@service:kube-system/kube-dns'],
      breaks: ['client-dns'],
    },
    'podcidr-route-missing': {
      set: { podRoutes1: false },
      about: {
        en: "worker-1 has no route to worker-2's podCIDR",
        'zh-TW': 'worker-1 沒有通往 worker-2 podCIDR 的路由',
      },
      expect: ['podcidr-route-missing@worker-1'],
      breaks: ['client→coredns-b', 'client-dns'],
    },
    'docker-forward-drop': {
      set: { docker1: 'no-cni-accepts' },
      about: {
        en: 'Docker was installed on worker-1: FORWARD policy DROP with accepts for docker0 only',
        'zh-TW': 'worker-1 安裝了 Docker:FORWARD 預設 DROP，且只放行 docker0',
      },
      expect: ['forward-blocked@worker-1'],
      breaks: ['client→web-svc', 'client-dns', 'client→coredns-b', 'lan→nodeport', 'client→lan'],
    },
    'pod-masq-missing': {
      set: { podMasq1: false },
      about: {
        en: "flannel's MASQUERADE for pod traffic is gone on worker-1: pods there cannot reach past the cluster",
        'zh-TW': 'worker-1 上 flannel 替 Pod 流量設的 MASQUERADE 不見了：那裡的 Pod 出不了叢集',
      },
      expect: ['masquerade-missing@worker-1'],
      breaks: ['client→lan'],
    },
    'too-many-nameservers': {
      set: { clientNameservers: [DNS_IP, '10.96.0.11', '10.96.0.12', '10.96.0.13'] },
      about: {
        en: "client's resolv.conf lists four nameservers",
        'zh-TW': 'client 的 resolv.conf 列了四個 nameserver',
      },
      expect: ['dns-too-many-nameservers@default.client'],
      breaks: [],
    },
  },
  setup,
});

export const k8sVxlan = defineScenario({
  ...k8sHostgw,
  id: 'k8s-vxlan',
  title: {
    en: 'The same two-node cluster on flannel VXLAN: flannel.1 overlay (VNI 1, UDP 8472), MTU 1450',
    'zh-TW': '同樣的兩節點叢集改用 flannel VXLAN:flannel.1 overlay(VNI 1、UDP 8472),MTU 1450',
  },
  faults: {
    // unlike host-gw, NodePort traffic that worker-2 forwards is masqueraded to its flannel.1 address
    // (10.244.1.0), inside the podCIDR worker-1 cannot reach: the replies are lost too
    'podcidr-route-missing': {
      set: { podRoutes1: false },
      about: {
        en: "worker-1 has no flannel.1 route to worker-2's podCIDR",
        'zh-TW': 'worker-1 沒有經 flannel.1 通往 worker-2 podCIDR 的路由',
      },
      expect: ['podcidr-route-missing@worker-1'],
      breaks: ['client→coredns-b', 'client-dns', 'lan→nodeport'],
    },
    'web-not-ready': k8sHostgw.faults['web-not-ready'],
  },
  healthy: { ...HEALTHY, backend: 'vxlan' },
});

export const k8sCalico = defineScenario({
  ...k8sHostgw,
  id: 'k8s-calico',
  title: {
    en: 'The same cluster routed the Calico way: /32 pods behind cali* veths, 169.254.1.1 by proxy ARP, bird routes',
    'zh-TW':
      '同樣的叢集改用 Calico 的路由方式：/32 的 Pod 接在 cali* veth 後、169.254.1.1 由 proxy ARP 回應、bird 路由',
  },
  faults: {
    'podcidr-route-missing': {
      set: { podRoutes1: false },
      about: {
        en: "worker-1 lost the bird route to worker-2's block",
        'zh-TW': 'worker-1 少了通往 worker-2 區塊的 bird 路由',
      },
      expect: ['podcidr-route-missing@worker-1'],
      breaks: ['client→coredns-b', 'client-dns'],
    },
    'proxy-arp-off': {
      set: { clientProxyArp: false },
      about: {
        en: "proxy_arp is off on the client's cali* veth: nobody answers for 169.254.1.1",
        'zh-TW': 'client 的 cali* veth 關閉了 proxy_arp：沒有人回應 169.254.1.1',
      },
      expect: ['calico-proxy-arp-off@worker-1', 'dns-nameserver-unreachable@default.client'],
      breaks: ['client→web-svc', 'client-dns', 'client→coredns-b', 'client→lan'],
    },
    'pod-masq-missing': {
      set: { podMasq1: false },
      about: {
        en: "Calico's nat-outgoing MASQUERADE is gone on worker-1: pods there cannot reach past the cluster",
        'zh-TW': 'worker-1 上 Calico 的 nat-outgoing MASQUERADE 不見了：那裡的 Pod 出不了叢集',
      },
      expect: ['masquerade-missing@worker-1'],
      breaks: ['client→lan'],
    },
  },
  healthy: { ...HEALTHY, backend: 'calico' },
});

// A node where Docker was installed next to Kubernetes: healthy while the CNI's FORWARD accepts are there.
export const k8sDockerNode = defineScenario({
  ...k8sHostgw,
  id: 'k8s-docker-node',
  title: {
    en: "The host-gw cluster with Docker installed on worker-1 (FORWARD policy DROP), kept working by flannel's FORWARD accepts",
    'zh-TW': 'worker-1 另外裝了 Docker（FORWARD 預設 DROP）的 host-gw 叢集，靠 flannel 的 FORWARD 放行規則維持運作',
  },
  faults: {
    'cni-accept-missing': {
      set: { docker1: 'no-cni-accepts' },
      about: {
        en: "flannel's FLANNEL-FWD accepts are gone, Docker's FORWARD DROP remains",
        'zh-TW': 'flannel 的 FLANNEL-FWD 放行規則不見了，只剩 Docker 的 FORWARD DROP',
      },
      expect: ['forward-blocked@worker-1'],
      breaks: ['client→web-svc', 'client-dns', 'client→coredns-b', 'lan→nodeport', 'client→lan'],
    },
  },
  healthy: { ...HEALTHY, docker1: 'with-cni-accepts' },
});
