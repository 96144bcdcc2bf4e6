// Reads `ip addr` / `ip link` / `ip -d link` text into interfaces with state, peers and addresses.
//
// Sample (iproute2 6.1.0, docs/networking-facts.md §ip-addr):
//   1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN group default qlen 1000
//       link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00
//       inet 127.0.0.1/8 scope host lo
//          valid_lft forever preferred_lft forever
//   8: cni0: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UP group default qlen 1000
//       link/ether 2a:c6:e7:5e:9c:71 brd ff:ff:ff:ff:ff:ff
//       inet 10.244.0.1/24 brd 10.244.0.255 scope global cni0
//          valid_lft forever preferred_lft forever
//   9: veth1@if2: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue master cni0 state UP group default qlen 1000
//       link/ether b6:c4:0a:00:14:92 brd ff:ff:ff:ff:ff:ff link-netns kpr-pod1
//       inet6 fe80::b4c4:aff:fe00:1492/64 scope link
//          valid_lft forever preferred_lft forever
//   11: veth3@if2: <NO-CARRIER,BROADCAST,MULTICAST,UP> mtu 1450 qdisc noqueue master cni0 state DOWN group default qlen 1000
//       link/ether 2a:c6:e7:5e:9c:71 brd ff:ff:ff:ff:ff:ff link-netns kpr-pod3
// `ip -br addr` and `ip -o addr` print the same facts a line a device (or address):
//   eth0@if5         UP             10.244.0.9/24 fe80::51:ff:fe00:1/64
//   2: eth0    inet 10.244.0.9/24 scope global eth0\       valid_lft forever preferred_lft forever
//   4: flannel.1: <BROADCAST,MULTICAST,UP,LOWER_UP> mtu 1450 qdisc noqueue state UNKNOWN group default qlen 1000
//       link/ether 02:4e:00:00:20:01 brd ff:ff:ff:ff:ff:ff promiscuity 0  allmulti 0 minmtu 68 maxmtu 65535
//       vxlan id 1 local 192.168.56.10 dev eth0 srcport 0 0 dstport 8472 nolearning ttl auto ageing 300 udpcsum
//       inet 10.244.0.0/32 scope global flannel.1
import { parseCidr, parseIp } from '../net/ip.js';
import type { Address, Interface, Tunnel } from '../model.js';
import { Warnings, eachLine, guard, src } from './lines.js';
import type { ParseResult } from './types.js';

const HEADER = /^(\d+):\s+([^\s:@]+)(?:@([^\s:]+))?:\s+<([^>]*)>(.*)$/;
/** First words of `ip -d` detail lines; they name the device kind or carry link details. */
const KINDS = new Set([
  'bridge',
  'veth',
  'vxlan',
  'dummy',
  'ipip',
  'gre',
  'geneve',
  'wireguard',
  'macvlan',
  'ipvlan',
  'tun',
  'vlan',
  'bond',
  'openvswitch',
  'vrf',
  'nlmon',
  'ifb',
  'sit',
  'ip6tnl',
  'tap',
]);

// Apply the header's flag list so admin state and carrier are computed one way for text and JSON.
export function applyFlags(iface: Interface, flags: string[]): void {
  iface.flags = flags;
  iface.adminUp = flags.includes('UP');
  if (flags.includes('LOWER_UP')) iface.carrier = true;
  else if (flags.includes('NO-CARRIER') || iface.adminUp) iface.carrier = false;
  if (flags.includes('LOOPBACK')) iface.kind ??= 'loopback';
}

/** `ip -br addr` / `ip -br link`: NAME[@PEER]  STATE  addresses… or MAC <FLAGS>. */
const BRIEF = /^(\S+?)(?:@(\S+))?\s+(UP|DOWN|UNKNOWN|LOWERLAYERDOWN|DORMANT|NOTPRESENT|TESTING)\b\s*(.*)$/;

// `ip -br addr` / `ip -br link`: one line a device. The state is the operational one, so DOWN is taken as admin
// down (the common case) and LOWERLAYERDOWN as up without carrier (a veth whose peer is down).
function parseBrief(text: string, file: string, w: Warnings): Interface[] {
  const out: Interface[] = [];
  eachLine(text, w, (line, i) => {
    if (line.trim() === '') return;
    const m = BRIEF.exec(line.trim());
    if (!m) return w.add(i + 1, 'not an `ip -br` line', line);
    const [, name, peer, state, rest] = m as unknown as [string, string, string | undefined, string, string];
    const iface: Interface = {
      name,
      flags: [],
      adminUp: false,
      addresses: [],
      src: src(file, i, line),
      operState: state,
    };
    if (peer && /^if\d+$/.test(peer)) iface.peerIndex = Number(peer.slice(2));
    else if (peer && peer !== 'NONE') iface.peerName = peer;
    const flags = /<([^>]*)>/.exec(rest);
    if (flags) applyFlags(iface, flags[1]!.split(',').filter(Boolean));
    else {
      iface.adminUp = state !== 'DOWN';
      if (state === 'UP') iface.carrier = true;
      else if (state === 'LOWERLAYERDOWN') iface.carrier = false;
      if (name === 'lo') iface.kind = 'loopback';
    }
    for (const t of rest
      .replace(/<[^>]*>/, '')
      .trim()
      .split(/\s+/)
      .filter(Boolean)) {
      if (/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(t)) {
        iface.mac = t;
        continue;
      }
      const cidr = parseCidr(t);
      if (!cidr) continue;
      iface.addresses.push({
        family: cidr.family,
        local: t.split('/')[0]!,
        prefix: cidr.prefix,
        cidr,
        ...(cidr.family === 4 && t.startsWith('127.') ? { scope: 'host' } : {}),
        src: src(file, i, line),
      });
    }
    out.push(iface);
  });
  return out;
}

// `ip -o addr` / `ip -o link`: each record on one line, its continuation lines joined by "\". Address records
// carry no flags: the device is then only known by its addresses (a header is made for it, state unknown).
function unfoldOneline(text: string, w: Warnings): string {
  const out: string[] = [];
  const seen = new Set<string>();
  let stateless = 0;
  for (const line of text.split('\n')) {
    const parts = line.split(/\\\s*/);
    const head = parts[0]!;
    const addr = /^(\d+):\s+(\S+)\s+(inet6?\s.*)$/.exec(head.trim());
    if (addr) {
      const key = `${addr[1]}:${addr[2]}`;
      if (!seen.has(key)) {
        seen.add(key);
        stateless++;
        out.push(`${addr[1]}: ${addr[2]}: <UP,LOWER_UP> mtu 0 state UNKNOWN`);
      }
      out.push(`    ${addr[3]}`, ...parts.slice(1).map((p) => `    ${p.trim()}`));
      continue;
    }
    out.push(head, ...parts.slice(1).map((p) => `    ${p.trim()}`));
  }
  if (stateless > 0)
    w.add(
      1,
      `ip -o addr shows no device state: ${stateless} device(s) are taken as up (capture ip addr for their state)`,
    );
  return out.join('\n');
}

// Parse `ip addr`, `ip link` or `ip -d link` text output (and the -br and -o forms).
export function parseIpAddr(text: string, file: string): ParseResult<Interface[]> {
  return guard(
    file,
    () => [],
    () => {
      const w = new Warnings(file);
      const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
      if (!HEADER.test(first) && BRIEF.test(first.trim()))
        return { value: parseBrief(text, file, w), warnings: w.done() };
      if (/\\\s/.test(text) && /^\d+:\s/.test(first)) text = unfoldOneline(text, w);
      const out: Interface[] = [];
      let cur: Interface | undefined;
      let sawLink = false;
      eachLine(text, w, (line, i) => {
        if (line.trim() === '') return;
        const h = HEADER.exec(line);
        if (h) {
          cur = { name: h[2]!, index: Number(h[1]), flags: [], adminUp: false, addresses: [], src: src(file, i, line) };
          const peer = h[3];
          if (peer) {
            if (/^if\d+$/.test(peer)) cur.peerIndex = Number(peer.slice(2));
            else if (peer !== 'NONE') cur.peerName = peer;
          }
          applyFlags(cur, h[4]!.split(',').filter(Boolean));
          const kv = h[5]!.trim().split(/\s+/);
          for (let k = 0; k + 1 < kv.length; k++) {
            const key = kv[k]!;
            const val = kv[k + 1]!;
            if (key === 'mtu') cur.mtu = Number(val);
            else if (key === 'master') cur.master = val;
            else if (key === 'state') cur.operState = val;
            else continue;
            k++;
          }
          out.push(cur);
          return;
        }
        if (!/^\s/.test(line)) {
          w.add(i + 1, 'not an interface header', line);
          return;
        }
        if (!cur) {
          w.add(i + 1, 'detail line before any interface header', line);
          return;
        }
        const t = line.trim().split(/\s+/);
        const head = t[0]!;
        if (head.startsWith('link/')) {
          sawLink = true;
          if (head === 'link/loopback') cur.kind ??= 'loopback';
          if (t[1] && /^[0-9a-f]{2}(:[0-9a-f]{2})+$/i.test(t[1])) cur.mac = t[1];
          const ns = t.indexOf('link-netns');
          if (ns >= 0 && t[ns + 1]) cur.linkNetns = t[ns + 1];
          const nsid = t.indexOf('link-netnsid');
          if (nsid >= 0 && t[nsid + 1]) cur.linkNetnsId = Number(t[nsid + 1]);
        } else if (head === 'inet' || head === 'inet6') {
          const a = readAddress(t, head === 'inet' ? 4 : 6, src(file, i, line));
          if (a) cur.addresses.push(a);
          else w.add(i + 1, 'address not understood', line);
        } else if (KINDS.has(head)) {
          cur.kind ??= head;
          if (head === 'vxlan') cur.tunnel = readTunnel(t);
        } else if (head === 'bridge_slave') {
          // port details of a bridge member; the master is already in the header
        } else if (!/^[a-z][a-z0-9_/-]*$/i.test(head)) {
          w.add(i + 1, 'detail line not understood', line);
        }
      });
      // `ip -4 addr` and `ip -o addr` print no link/ lines and only devices with an address of that family: what
      // they leave out (a cali* veth, a down flannel.1) is not listed, not missing
      if (!sawLink && out.length > 0 && out.every((d) => d.addresses.length > 0))
        for (const d of out) d.addressesOnly = true;
      return { value: out, warnings: w.done() };
    },
  );
}

// `vxlan id 1 local 192.168.56.10 dev eth0 srcport 0 0 dstport 8472 ...`: the settings a packet leaves with.
function readTunnel(t: string[]): Tunnel {
  const out: Tunnel = {};
  const at = (k: string): string | undefined => {
    const i = t.indexOf(k);
    return i >= 0 ? t[i + 1] : undefined;
  };
  const id = Number(at('id'));
  if (Number.isInteger(id)) out.id = id;
  const local = at('local');
  if (local && parseIp(local)) out.local = local;
  const remote = at('remote');
  if (remote && parseIp(remote)) out.remote = remote;
  const port = Number(at('dstport'));
  if (Number.isInteger(port)) out.dstport = port;
  return out;
}

function readAddress(t: string[], family: 4 | 6, s: Address['src']): Address | undefined {
  const raw = t[1];
  if (!raw) return undefined;
  const cidr = parseCidr(raw);
  if (!cidr || cidr.family !== family) return undefined;
  const a: Address = { family, local: raw.split('/')[0]!, prefix: cidr.prefix, cidr, src: s };
  for (let k = 2; k + 1 < t.length; k++) {
    if (t[k] === 'scope') a.scope = t[k + 1];
    else if (t[k] === 'peer') {
      a.peer = t[k + 1];
      // a point-to-point address takes its prefix from the peer
      const pc = parseCidr(t[k + 1]!);
      if (pc) {
        a.prefix = pc.prefix;
        a.cidr = { ...pc, addr: cidr.addr };
      }
    }
  }
  return a;
}
