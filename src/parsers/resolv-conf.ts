// Reads /etc/resolv.conf the way glibc does: nameservers in order, last search/domain wins, options.
//
// Sample (a pod, docs/networking-facts.md §pod-resolv-conf):
//   search default.svc.cluster.local svc.cluster.local cluster.local example.com
//   nameserver 10.0.0.10
//   options ndots:5
import { parseIp } from '../net/ip.js';
import type { Source } from './types.js';
import { Warnings, eachLine, guard, src, stripComment } from './lines.js';
import type { ParseResult } from './types.js';

export interface ResolvConf {
  nameservers: { address: string; src: Source }[];
  /** Effective search list (the last `search` or `domain` line). */
  search: string[];
  searchSrc?: Source;
  options: Map<string, { value?: string; src: Source }>;
  /** Lines that carry configuration (not blank, not comment). */
  meaningfulLines: number;
}

// Parse resolv.conf text.
export function parseResolvConf(text: string, file: string): ParseResult<ResolvConf> {
  const empty = (): ResolvConf => ({ nameservers: [], search: [], options: new Map(), meaningfulLines: 0 });
  return guard(file, empty, () => {
    const w = new Warnings(file);
    const out = empty();
    eachLine(text, w, (line, i) => {
      const s = stripComment(line, '#;');
      if (s === '') return;
      out.meaningfulLines++;
      const t = s.split(/\s+/);
      const key = t[0]!;
      const s0 = src(file, i, line);
      switch (key) {
        case 'nameserver':
          if (!t[1] || !parseIp(t[1])) w.add(i + 1, `nameserver "${t[1] ?? ''}" is not an IP address`, line);
          else out.nameservers.push({ address: t[1], src: s0 });
          break;
        case 'search':
        case 'domain':
          out.search = key === 'domain' ? t.slice(1, 2) : t.slice(1);
          out.searchSrc = s0;
          break;
        case 'options':
          for (const o of t.slice(1)) {
            const [k, v] = o.split(':', 2);
            out.options.set(k!, v === undefined ? { src: s0 } : { value: v, src: s0 });
          }
          break;
        case 'sortlist':
        case 'lookup':
        case 'family':
          break;
        default:
          w.add(i + 1, `unknown resolv.conf keyword "${key}"`, line);
      }
    });
    return { value: out, warnings: w.done() };
  });
}
