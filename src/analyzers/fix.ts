// Builds fix commands and evidence for the host a finding is about, with that bundle's own names.
import type { Source } from '../parsers/types.js';
import type { Host } from '../snapshot/types.js';
import type { Evidence } from './types.js';

// Prefix a command so it runs inside the host's network namespace.
export function inNs(h: Host, cmd: string): string {
  switch (h.kind) {
    case 'netns':
      return `ip netns exec ${h.meta.netns ?? h.id} ${cmd}`;
    case 'container':
      return h.meta.pid ? `nsenter -t ${h.meta.pid} -n ${cmd}` : `docker exec ${h.meta.name ?? h.id} ${cmd}`;
    case 'pod': {
      const where = h.meta.node ? ` (on node ${h.meta.node})` : '';
      return h.meta.netns ? `ip netns exec ${h.meta.netns} ${cmd}${where ? `  #${where}` : ''}` : `kubectl exec -n ${h.meta.namespace ?? 'default'} ${h.meta.name ?? h.id} -- ${cmd}`;
    }
    default:
      return cmd;
  }
}

// Path of a config file as this namespace sees it (`ip netns exec` overlays /etc/netns/NAME/).
export function etcPath(h: Host, file: 'resolv.conf' | 'nsswitch.conf' | 'hosts'): string {
  return h.kind === 'netns' ? `/etc/netns/${h.meta.netns ?? h.id}/${file}` : `/etc/${file}`;
}

// Evidence entry from a fact's source.
export function ev(s: Source): Evidence {
  return { source: s.file, line: s.line, text: s.text };
}

// Evidence that speaks for a whole file (line 0), e.g. an iptables capture with no nat table.
export function evFile(file: string, text: string): Evidence {
  return { source: file, line: 0, text };
}

// Drop repeated evidence lines, keeping order.
export function uniqueEvidence(list: Evidence[]): Evidence[] {
  const seen = new Set<string>();
  return list.filter((e) => {
    const k = `${e.source}:${e.line}:${e.text}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
