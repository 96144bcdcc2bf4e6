// Reads `ip rule` (policy routing) so a lookup in a non-main table is visible to the analyzers.
//
// Sample (iproute2 6.1.0):
//   0:	from all lookup local
//   32765:	from 10.244.0.0/16 lookup 100
//   32766:	from all lookup main
//   32767:	from all lookup default
import type { IpRule } from '../model.js';
import { Warnings, eachLine, guard, src } from './lines.js';
import type { ParseResult } from './types.js';

const ACTIONS = /\b(lookup|table|blackhole|unreachable|prohibit|goto|nop)\b\s*(\S*)/;

// Parse `ip rule` text output.
export function parseIpRule(text: string, file: string): ParseResult<IpRule[]> {
  return guard(
    file,
    () => [],
    () => {
      const w = new Warnings(file);
      const out: IpRule[] = [];
      eachLine(text, w, (line, i) => {
        if (line.trim() === '') return;
        const m = /^\s*(\d+):\s+(.*)$/.exec(line);
        if (!m) return w.add(i + 1, 'rule not understood', line);
        const body = m[2]!.trim();
        const a = ACTIONS.exec(body);
        const rule: IpRule = {
          priority: Number(m[1]),
          selector: a ? body.slice(0, a.index).trim() : body,
          action: a ? a[1]! : 'unknown',
          src: src(file, i, line),
        };
        if (a && (a[1] === 'lookup' || a[1] === 'table') && a[2]) rule.table = a[2];
        if (!a) w.add(i + 1, 'rule without an action', line);
        out.push(rule);
      });
      return { value: out, warnings: w.done() };
    },
  );
}
