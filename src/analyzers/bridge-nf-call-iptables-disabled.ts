// bridge-nf-call-iptables-disabled: on a node whose pods share a bridge, bridged traffic skips iptables.
import type { Snapshot } from '../snapshot/types.js';
import { ev, evFile, inNs } from './fix.js';
import type { Analyzer, RawFinding } from './types.js';
import { sh } from '../text/shell.js';

export const bridgeNfCallIptablesDisabled: Analyzer = {
  id: 'bridge-nf-call-iptables-disabled',
  run(snap: Snapshot): RawFinding[] {
    const out: RawFinding[] = [];
    for (const h of snap.hosts) {
      if (h.kind !== 'node' || !h.sysctl) continue;
      const bridge = (h.interfaces ?? []).find((b) => (h.interfaces ?? []).some((x) => x.master === b.name));
      if (!bridge) continue;
      const key = 'net.bridge.bridge-nf-call-iptables';
      const v = h.sysctl.values.get(key);
      const missing = h.sysctl.missing.get(key);
      if (v && v.value.trim() !== '0') continue;
      if (!v && !missing) continue;
      out.push({
        id: 'bridge-nf-call-iptables-disabled',
        severity: 'critical',
        target: h.id,
        variant: v ? 'off' : 'missing',
        params: { host: h.id, bridge: bridge.name },
        evidence: [v ? ev(v.src) : missing ? ev(missing) : evFile(`${h.dir}/sysctl.txt`, key), ev(bridge.src)],
        fix: [
          ...(v ? [] : [inNs(h, 'modprobe br_netfilter')]),
          inNs(h, sh`sysctl -w ${`${key}=1`}`),
          sh`echo ${`${key} = 1`} > /etc/sysctl.d/99-kubernetes.conf   # keep it after reboot`,
        ],
      });
    }
    return out;
  },
};
