// Reads `ip -j addr` / `ip -j -d link` into the same interfaces as the text parser.
//
// Sample (iproute2 6.1.0, docs/networking-facts.md §ip-json; one line, wrapped here):
//   [{"ifindex":11,"link_index":2,"ifname":"veth3","flags":["NO-CARRIER","BROADCAST","MULTICAST","UP"],
//     "mtu":1450,"qdisc":"noqueue","master":"cni0","operstate":"DOWN","group":"default","txqlen":1000,
//     "link_type":"ether","address":"2a:c6:e7:5e:9c:71","broadcast":"ff:ff:ff:ff:ff:ff","link_netnsid":0,
//     "addr_info":[{"family":"inet","local":"10.244.0.1","prefixlen":24,"broadcast":"10.244.0.255",
//     "scope":"global","label":"cni0","valid_life_time":4294967295,"preferred_life_time":4294967295}]}]
import { parseCidr } from '../net/ip.js';
import type { Interface, Tunnel } from '../model.js';
import { applyFlags } from './ip-addr.js';
import { lineText, readJsonArray } from './json-lines.js';
import type { ParseResult } from './types.js';

type J = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

// Parse `ip -j addr` or `ip -j -d link` JSON output.
export function parseIpAddrJson(text: string, file: string): ParseResult<Interface[]> {
  return readJsonArray(text, file, (o, line, warn) => {
    const s = { file, line, text: lineText(text, line) };
    const name = str(o.ifname);
    if (!name) return warn('interface without "ifname"');
    // evidence for single-line JSON is the element itself, not the whole array
    if (s.text.length > 250)
      s.text = JSON.stringify({
        ifindex: o.ifindex,
        ifname: name,
        flags: o.flags,
        master: o.master,
        operstate: o.operstate,
      });
    const iface: Interface = { name, flags: [], adminUp: false, addresses: [], src: s };
    if (num(o.ifindex) !== undefined) iface.index = num(o.ifindex);
    if (num(o.link_index) !== undefined && (o.link_netnsid !== undefined || str(o.link_netns)))
      iface.peerIndex = num(o.link_index);
    else if (str(o.link)) iface.peerName = str(o.link);
    else if (num(o.link_index) !== undefined) iface.peerIndex = num(o.link_index);
    applyFlags(iface, Array.isArray(o.flags) ? o.flags.filter((f): f is string => typeof f === 'string') : []);
    if (num(o.mtu) !== undefined) iface.mtu = num(o.mtu);
    if (str(o.master)) iface.master = str(o.master);
    if (str(o.operstate)) iface.operState = str(o.operstate);
    if (str(o.address) && str(o.link_type) !== 'none') iface.mac = str(o.address);
    if (str(o.link_netns)) iface.linkNetns = str(o.link_netns);
    if (num(o.link_netnsid) !== undefined) iface.linkNetnsId = num(o.link_netnsid);
    if (str(o.link_type) === 'loopback') iface.kind = 'loopback';
    const info = o.linkinfo as J | undefined;
    if (info && str(info.info_kind)) iface.kind = str(info.info_kind);
    const data = info?.info_data as J | undefined;
    if (iface.kind === 'vxlan' && data) {
      const t: Tunnel = {};
      if (num(data.id) !== undefined) t.id = num(data.id);
      if (str(data.local)) t.local = str(data.local);
      if (str(data.remote)) t.remote = str(data.remote);
      if (num(data.port) !== undefined) t.dstport = num(data.port);
      iface.tunnel = t;
    }
    const addrs = Array.isArray(o.addr_info) ? o.addr_info : [];
    for (const a of addrs as J[]) {
      const fam = a.family === 'inet' ? 4 : a.family === 'inet6' ? 6 : undefined;
      const local = str(a.local);
      const plen = num(a.prefixlen);
      if (!fam || !local || plen === undefined) {
        warn(`address of ${name} not understood`);
        continue;
      }
      const cidr = parseCidr(`${local}/${plen}`);
      if (!cidr) {
        warn(`address ${local}/${plen} of ${name} is not valid`);
        continue;
      }
      const addr: Interface['addresses'][number] = { family: fam, local, prefix: plen, cidr, src: s };
      if (str(a.scope)) addr.scope = str(a.scope);
      if (str(a.address)) addr.peer = str(a.address);
      iface.addresses.push(addr);
    }
    return iface;
  });
}
