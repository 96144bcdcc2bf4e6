// `d` (k9s' describe): the selected finding or target in full, in an overlay that scrolls, so nothing a pane cuts
// is out of reach.
import { type Lang, msg, plural, text } from '../../../i18n/lang.js';
import type { Finding } from '../../../analyzers/types.js';
import { kindReasonText } from '../../../snapshot/kind.js';
import type { Host } from '../../../snapshot/types.js';
import { wrap, wrapHanging } from '../../width.js';
import type { Data, TargetRow } from '../model.js';
import { type Painter, fit } from '../text.js';
import { detailAllLines } from './main.js';
import { routeText } from '../views/routes.js';

// Every line that describes one host: what it is and why, what was collected and what not, its devices and routes.
function hostLines(h: Host, d: Data, lang: Lang, width: number, p: Painter): string[] {
  const out: string[] = [];
  const head = (t: string) => out.push('', p('title', fit(t, width, false)));
  out.push(p('bold', fit(`${h.id} (${h.kind})`, width)));
  if (h.kindWhy) out.push(fit(`  ${kindReasonText(h.kindWhy, lang)}`, width));
  const cov = d.snapshot.coverage.find((c) => c.target === h.id);
  if (cov) out.push(fit(`  ${cov.status}${cov.reason ? `: ${cov.reason}` : ''}`, width));
  head(msg(lang, text('files', '檔案')));
  for (const f of h.files) out.push(...wrapHanging(`  ${f}`, width, '    ').map((l) => fit(l, width)));
  if (cov?.missing.length) {
    head(msg(lang, text('not collected', '未擷取')));
    for (const m of cov.missing)
      out.push(...wrapHanging(`  ${m.artifacts.join(', ')}: ${m.reason}`, width, '    ').map((l) => fit(l, width)));
  }
  if (h.interfaces?.length) {
    head(msg(lang, text('devices', '介面')));
    for (const i of h.interfaces) {
      const state = i.adminUp ? (i.carrier === false ? 'UP, no carrier' : 'UP') : 'DOWN';
      const addrs = i.addresses.map((a) => `${a.local}/${a.prefix}`).join(' ');
      const line = `  ${i.name}${i.master ? ` (in ${i.master})` : ''}  ${state}${addrs ? `  ${addrs}` : ''}`;
      out.push(...wrapHanging(line, width, '      ').map((l) => fit(l, width)));
    }
  }
  if (h.routes?.length) {
    head(plural(lang, h.routes.length, { en: ['route', 'routes'], 'zh-TW': '條路由' }));
    for (const r of h.routes) out.push(...wrapHanging(`  ${routeText(r)}`, width, '      ').map((l) => fit(l, width)));
  }
  return out;
}

// The overlay's lines for what is selected: a finding in full, or a target (one host, or a group of them).
export function describeLines(
  f: Finding | undefined,
  row: TargetRow | undefined,
  on: 'finding' | 'target',
  d: Data | undefined,
  lang: Lang,
  width: number,
  p: Painter,
): string[] {
  if (!d) return [fit(msg(lang, text('Nothing to describe yet.', '目前沒有可描述的內容。')), width)];
  if (on === 'finding') return detailAllLines(f, d, lang, width, p);
  const hosts = row?.host ? d.snapshot.hosts.filter((h) => h.id === row.host) : d.snapshot.hosts;
  const out: string[] = [];
  if (!row?.host && row)
    out.push(p('bold', fit(row.label, width)), ...wrap(row.missing ?? '', width).map((l) => fit(l, width)), '');
  for (const [k, h] of hosts.entries()) out.push(...(k ? [''] : []), ...hostLines(h, d, lang, width, p));
  return out;
}
