// What a capture is, when it does not say: the shapes only a node or only a pod has, on our own lab captures
// (fixtures/…), each with the reason the report shows; --as and host.json win over the shapes.
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { kindReasonText } from '../../src/snapshot/kind.js';
import type { Host } from '../../src/snapshot/types.js';
import { fixture } from '../helpers.js';

// One host, `local`, from fixture files (as a single file or a folder of pasted outputs would be).
const local = (files: Record<string, string>, as?: string): Host =>
  buildSnapshot(
    {
      path: 'inline',
      origin: 'dir',
      files: new Map(Object.entries(files).map(([name, rel]) => [`hosts/local/${name}`, fixture(rel)])),
    },
    as ? { as: new Map([['*', as as Host['kind']]]) } : {},
  ).byId.get('local')!;
const why = (h: Host): string => (h.kindWhy ? kindReasonText(h.kindWhy, 'en') : '');

describe('kind inference', () => {
  it("a node: kube-proxy's chains in iptables", () => {
    const h = local({ 'iptables-save.txt': 'k8s-hostgw/healthy/hosts/worker-1/iptables-save.txt' });
    expect([h.kind, why(h)]).toEqual(['node', 'KUBE-SERVICES in iptables nat']);
  });
  it("a node: kube-proxy's own nft table", () => {
    const h = local({ 'nft.txt': 'reference/kube-proxy-nft.txt' });
    expect([h.kind, why(h)]).toEqual(['node', 'kube-proxy in nft table ip']);
  });
  it("a node: flannel's VXLAN device", () => {
    const h = local({ 'ip-addr.txt': 'k8s-vxlan/healthy/hosts/worker-1/ip-addr.txt' });
    expect([h.kind, why(h)]).toEqual(['node', 'device cni0']);
  });
  it("a node: Calico's BIRD routes", () => {
    const h = local({ 'ip-route.txt': 'k8s-calico/healthy/hosts/worker-2/ip-route.txt' });
    expect(h.kind).toBe('node');
    expect(why(h)).toMatch(/^route ".* proto bird"$/);
  });
  it("a pod: kubelet's resolv.conf", () => {
    const h = local({ 'resolv.conf': 'k8s-hostgw/healthy/hosts/default.client/resolv.conf' });
    expect([h.kind, why(h)]).toEqual(['pod', 'resolv.conf searches default.svc.cluster.local']);
  });
  it("a pod: Calico's /32 address and 169.254.1.1 gateway", () => {
    const h = local({
      'ip-addr.txt': 'k8s-calico/healthy/hosts/default.client/ip-addr.txt',
      'ip-route.txt': 'k8s-calico/healthy/hosts/default.client/ip-route.txt',
    });
    expect([h.kind, why(h)]).toEqual(['pod', 'a /32 address with default via 169.254.1.1']);
  });
  it('a pod: its only device is one end of a veth', () => {
    const h = local({ 'ip-addr.txt': 'k8s-hostgw/healthy/hosts/default.client/ip-addr.txt' });
    expect([h.kind, why(h)]).toEqual(['pod', 'its only device is eth0, one end of a veth']);
  });
  it('nothing Kubernetes about it: the host the file came from', () => {
    const h = local({ 'ip-route.txt': 'bridge-nat/healthy/hosts/host/ip-route.txt' });
    expect([h.kind, h.kindWhy]).toEqual(['host', undefined]);
  });
  it('--as wins over every shape, and says so', () => {
    const h = local({ 'iptables-save.txt': 'k8s-hostgw/healthy/hosts/worker-1/iptables-save.txt' }, 'host');
    expect([h.kind, why(h)]).toEqual(['host', 'as --as says']);
  });
  it('host.json wins over the shapes, and needs no reason', () => {
    const raw = {
      path: 'inline',
      origin: 'dir' as const,
      files: new Map([
        ['hosts/x/host.json', '{"kind":"netns","name":"x"}'],
        ['hosts/x/resolv.conf', fixture('k8s-hostgw/healthy/hosts/default.client/resolv.conf')],
      ]),
    };
    const h = buildSnapshot(raw).byId.get('x')!;
    expect([h.kind, h.kindWhy]).toEqual(['netns', undefined]);
  });
});
