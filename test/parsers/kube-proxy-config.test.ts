// kube-proxy's config.conf is YAML: the mode is whatever a YAML reader says it is (docs/networking-facts.md §kube-proxy-modes).
import { describe, expect, it } from 'vitest';
import { parseKubeProxyConfig } from '../../src/parsers/kube-proxy-config.js';
import { d } from '../helpers.js';

describe('parseKubeProxyConfig', () => {
  it('reads the sample kubeadm writes: empty mode (iptables), cluster CIDR, the line of `mode`', () => {
    const r = parseKubeProxyConfig(
      d(`
      apiVersion: kubeproxy.config.k8s.io/v1alpha1
      kind: KubeProxyConfiguration
      clusterCIDR: 10.244.0.0/16
      iptables:
        masqueradeAll: false
      ipvs:
        scheduler: ""
      mode: ""
    `),
      'cm',
    );
    expect(r).toEqual({
      value: { mode: '', clusterCIDR: '10.244.0.0/16', modeSrc: { file: 'cm', line: 8, text: 'mode: ""' } },
      warnings: [],
    });
  });
  it.each([
    ["mode: 'ipvs'", 'ipvs'],
    ['mode: ipvs   # switched in March', 'ipvs'],
    ['{mode: nftables}', 'nftables'],
    ['mode:', ''],
    ['kind: KubeProxyConfiguration', ''],
    ['ipvs:\n  mode: nested-is-not-the-mode\nmode: iptables', 'iptables'],
  ])('%j → %j', (text, mode) => {
    const r = parseKubeProxyConfig(text, 'cm');
    expect(r.value.mode).toBe(mode);
    expect(r.warnings).toEqual([]);
  });
  it('broken YAML and a non-mapping document are warnings, never a throw', () => {
    expect(parseKubeProxyConfig('mode: [ipvs\n', 'cm').warnings[0]).toMatchObject({
      file: 'cm',
      line: 2,
      message: expect.stringMatching(/^not YAML/),
    });
    expect(parseKubeProxyConfig('- ipvs\n', 'cm').warnings).toEqual([
      { file: 'cm', line: 1, message: 'not a YAML mapping' },
    ]);
    expect(parseKubeProxyConfig('mode: 3\n', 'cm')).toMatchObject({
      value: { mode: '' },
      warnings: [{ line: 1, message: 'mode is not a string: 3' }],
    });
  });
});
