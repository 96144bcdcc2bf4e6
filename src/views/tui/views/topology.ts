// :topology — namespaces, veth pairs, bridges and uplinks, drawn from the snapshot's layer-2 segments.
import { msg, text, colon, comma } from '../../../i18n/lang.js';
import type { Interface } from '../../../model.js';
import { defaultRoute } from '../../../snapshot/routing.js';
import { type Painter, fit, scrolled } from '../text.js';
import { defineView, scrollBy, type ViewCtx } from './view.js';

export interface TopologyState {
  scroll: number;
}

const addrs = (i: Interface): string =>
  i.addresses
    .filter((a) => a.family === 4)
    .map((a) => `${a.local}/${a.prefix}`)
    .join(',');
const state = (i: Interface, p: Painter): string =>
  i.adminUp && i.carrier !== false ? p('ok', 'UP') : p('down', i.adminUp ? 'NO-CARRIER' : 'DOWN');

// Each layer-2 segment drawn as its bridge with ports, or a veth pair; then uplinks and loners.
function draw({ snap, st, s, size, p }: ViewCtx<TopologyState>): string[] {
  const lang = st.lang;
  const w = size.width;
  // a lone device that is down and has no address (ifb0, a module's idle tunl0) connects nothing: not drawn
  const shown = snap.segments.filter(
    (seg) => seg.ports.length > 1 || seg.ports.some((x) => x.iface.adminUp || x.iface.addresses.length > 0),
  );
  const out: string[] = [
    p(
      'bold',
      fit(
        `${msg(lang, text('topology', '拓樸'))}${colon(lang)}${snap.hosts.length} ${msg(lang, text('namespaces', '個 namespace'))}${comma(lang)}${shown.length} ${msg(lang, text('segments', '個網段'))}`,
        w,
      ),
    ),
  ];
  const line = (text: string, iface?: Interface): void =>
    void out.push(iface ? `${fit(text, Math.max(4, w - 12))} ${state(iface, p)}` : fit(text, w));
  const linked = new Set<string>();
  for (const seg of shown) {
    const bridge = seg.ports.find((x) => x.iface.kind === 'bridge');
    const members = seg.ports.filter((x) => x !== bridge);
    for (const x of seg.ports) linked.add(x.host.id);
    if (bridge) {
      line(
        `┌─ ${msg(lang, text('bridge', 'bridge'))} ${bridge.host.id}:${bridge.iface.name} ${addrs(bridge.iface)}`,
        bridge.iface,
      );
      // the bridge's ports, each with the far end of its veth; anything else on the segment after them
      const ports = members.filter((m) => m.host === bridge.host && m.iface.master === bridge.iface.name);
      const farEnds = new Set(ports.map((m) => snap.peerOf.get(m.iface)?.iface));
      const rest = members.filter((m) => !ports.includes(m) && !farEnds.has(m.iface));
      const all = [...ports, ...rest];
      all.forEach((m, i) => {
        const peer = snap.peerOf.get(m.iface);
        const last = i === all.length - 1;
        const text = peer
          ? `${last ? '└' : '├'}── ${m.iface.name} ⇄ ${peer.host.id}:${peer.iface.name} ${addrs(peer.iface)}`
          : `${last ? '└' : '├'}── ${m.host.id}:${m.iface.name} ${addrs(m.iface)}`;
        // a port is only as good as its worse end
        const worse = peer && !(peer.iface.adminUp && peer.iface.carrier !== false) ? peer.iface : m.iface;
        line(text, worse);
      });
    } else if (seg.ports.length === 2 && snap.peerOf.get(seg.ports[0]!.iface)) {
      const [a, b] = seg.ports as [(typeof seg.ports)[0], (typeof seg.ports)[0]];
      line(
        `●─ ${a.host.id}:${a.iface.name} ${addrs(a.iface)} ⇄ ${b.host.id}:${b.iface.name} ${addrs(b.iface)}  (veth)`,
        a.iface.adminUp && a.iface.carrier !== false ? b.iface : a.iface,
      );
    } else {
      line(
        `┌─ ${seg.inferred ? msg(lang, text('shared subnet (inferred)', '共用子網段（推斷）')) : msg(lang, text('segment', '網段'))} ${seg.id}`,
      );
      for (const [i, m] of seg.ports.entries())
        line(`${i === seg.ports.length - 1 ? '└' : '├'}── ${m.host.id}:${m.iface.name} ${addrs(m.iface)}`, m.iface);
    }
  }
  out.push('');
  for (const h of snap.hosts) {
    const d = defaultRoute(h);
    if (d)
      line(
        `↑ ${h.id}: ${msg(lang, text('uplink', '對外'))} ${d.gateway ? `via ${d.gateway} ` : ''}dev ${d.dev ?? '?'}`,
        h.interfaces?.find((i) => i.name === d.dev),
      );
    else if (!linked.has(h.id)) line(`○ ${h.id}: ${msg(lang, text('no links captured', '沒有擷取到連線'))}`);
  }
  return scrolled(out, s.scroll, size.height);
}

export const topologyView = defineView({
  name: 'topology',
  key: '6',
  help: text('namespaces, veths, bridges', 'namespace、veth、bridge'),
  init: (): TopologyState => ({ scroll: 0 }),
  draw,
  update(m, { s }) {
    return m.type === 'move' ? { s: { ...s, scroll: scrollBy(s.scroll, m.delta) } } : { s };
  },
});

// This file's row in the registry (./index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredViews {
    topology: true;
  }
}
