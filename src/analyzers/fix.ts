// Builds fix commands and evidence for the host a finding is about, with that bundle's own names; every name is
// quoted as one shell word (src/text/shell.ts), so a hostile name can never become a command.
import { text } from '../i18n/lang.js';
import type { Source } from '../parsers/types.js';
import type { Host, Snapshot } from '../snapshot/types.js';
import { subnetPeers } from './roles.js';
import { commentText, raw, sh, shqCommand } from '../text/shell.js';
import type { Evidence, Note } from './types.js';

// Prefix a command (already built with sh``) so it runs inside the host's network namespace.
export function inNs(h: Host, cmd: string): string {
  const c = raw(cmd);
  switch (h.kind) {
    case 'netns':
      return sh`ip netns exec ${h.meta.netns ?? h.id} ${c}`;
    case 'container':
      return h.meta.pid ? sh`nsenter -t ${h.meta.pid} -n ${c}` : sh`docker exec ${h.meta.name ?? h.id} ${c}`;
    case 'pod': {
      if (!h.meta.netns) return sh`kubectl exec -n ${h.meta.namespace ?? 'default'} ${h.meta.name ?? h.id} -- ${c}`;
      const where = h.meta.node ? `  # on node ${commentText(h.meta.node)}` : '';
      return `${sh`ip netns exec ${h.meta.netns} ${c}`}${where}`;
    }
    default:
      return cmd;
  }
}

// Append a line to a file as the host sees it (netns overlays /etc/netns/NAME; a container's /etc is its own).
export function appendLine(h: Host, path: string, line: string, replace = false): string {
  const op = raw(replace ? '>' : '>>');
  if (h.kind === 'netns' || h.kind === 'node' || h.kind === 'host') return sh`echo ${line} ${op} ${path}`;
  if (h.kind === 'container' && h.meta.pid)
    return sh`nsenter -t ${h.meta.pid} -m -- sh -c ${raw(shqCommand(sh`echo ${line} ${op} ${path}`))}`;
  return inNs(h, sh`sh -c ${raw(shqCommand(sh`echo ${line} ${op} ${path}`))}`);
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

// No gateway is evident: name the addresses the bundle offers on this host's subnets, or say what to find out.
export function noGatewayNote(snap: Snapshot, h: Host): Note {
  const peers = subnetPeers(snap, h);
  if (peers.length > 0) {
    return text(
      `No gateway is evident for ${h.id}. Addresses on its subnets in this bundle: ${peers.join(', ')}; use the one that routes onward.`,
      `${h.id} 看不出應該用哪個閘道。bundle 裡它所在子網路上的位址：${peers.join('、')}；請用會繼續轉送封包的那一個。`,
    );
  }
  return text(
    `No other host in this bundle has an address on ${h.id}'s subnets: find the router of that subnet, then add the route via its address.`,
    `bundle 裡沒有其他主機在 ${h.id} 的子網路上有位址：先找出該子網路的路由器，再經由它的位址加上路由。`,
  );
}

// No namespace in the bundle names a nameserver to copy: say which line is needed instead of inventing an address.
export function noNameserverNote(path: string): Note {
  return text(
    `No other namespace in this bundle names a nameserver to copy: add a "nameserver" line with your DNS server's address to ${path}.`,
    `bundle 裡沒有其他 namespace 設定可以照抄的 nameserver：請在 ${path} 加上一行「nameserver」，寫上你的 DNS 伺服器位址。`,
  );
}
