// :trace — one packet followed through the capture: `:trace TO` from the selected host, `:trace FROM TO` from
// another one (FROM and TO as `kube-netdiag trace` takes them); `/` asks for them again.
import { msg, text } from '../../../i18n/lang.js';
import { listeningFromSockets, trace } from '../../../snapshot/trace/index.js';
import { TraceSpecError, resolveFrom, resolveTo } from '../../../snapshot/trace/request.js';
import { type TraceResult, renderTraceText, traceVerdict } from '../../trace.js';
import { fit, scrolled } from '../text.js';
import { type ViewCtx, defineView, scrollBy } from './view.js';

export interface TraceState {
  spec?: string;
  result?: TraceResult;
  error?: string;
  scroll: number;
}

const HINT = text(
  '/ or :trace [FROM] TO  (TO: ADDRESS[:PORT][/tcp|udp], svc/NS/NAME, pod/NS/NAME)',
  '/ 或 :trace [來源] 目的地（目的地：位址[：連接埠][/tcp|udp]、svc/NS/NAME、pod/NS/NAME）',
);

function draw({ st, s, size, p }: ViewCtx<TraceState>): string[] {
  const lang = st.lang;
  const out = [p('bold', fit(msg(lang, HINT), size.width))];
  if (s.error) return [...out, p('warning', fit(s.error, size.width))];
  if (!s.result) return out;
  const v = traceVerdict(s.result.paths);
  const lines = renderTraceText(s.result, lang, size.width).trimEnd().split('\n');
  const tone = v === 'reaches' ? 'ok' : v === 'fails' ? 'critical' : 'warning';
  const painted = lines.map((l, k) => (k === 1 ? p(tone, fit(l, size.width)) : fit(l, size.width)));
  return [...out, ...scrolled(painted, s.scroll, size.height - out.length)];
}

export const traceView = defineView({
  name: 'trace',
  key: '7',
  help: text('trace a packet hop by hop', '逐跳追蹤封包'),
  init: (): TraceState => ({ scroll: 0 }),
  prompt: 'dest',
  draw,
  update(m, { snap, host, s }) {
    if (m.type === 'move') return { s: { ...s, scroll: scrollBy(s.scroll, m.delta) } };
    if (m.type !== 'submit') return { s };
    const words = m.text.trim().split(/\s+/).filter(Boolean);
    if (words.length === 0) return { s: { scroll: 0 } };
    const spec = words.join(' ');
    try {
      const fromSpec = words.length > 1 ? words[0]! : host?.id;
      if (!fromSpec) throw new TraceSpecError('select a host, or write :trace FROM TO');
      const from = resolveFrom(snap, fromSpec);
      const to = resolveTo(snap, words.at(-1)!);
      const paths = trace(snap, {
        from,
        dst: to.dst,
        proto: to.proto,
        ...(to.dport === undefined ? {} : { dport: to.dport }),
        replies: true,
        listening: listeningFromSockets,
      });
      const result = {
        from: from.id,
        to: words.at(-1)!,
        label: to.label,
        proto: to.proto,
        source: snap.source.path,
        paths,
      };
      return { s: { spec, result, scroll: 0 } };
    } catch (e) {
      if (!(e instanceof TraceSpecError)) throw e;
      return { s: { spec, error: e.message, scroll: 0 }, message: e.message };
    }
  },
});

// This file's row in the registry (./index.ts): without it there, tsc fails.
declare module './index.js' {
  interface DeclaredViews {
    trace: true;
  }
}
