// Reads `ip neigh` text or `ip -j neigh` JSON into neighbour entries with their NUD state.
//
// Sample (docs/networking-facts.md §ip-neigh):
//   10.244.0.2 dev cni0 lladdr 96:57:99:c5:da:9b REACHABLE
//   192.168.56.99 dev eth0 FAILED
//   10.244.1.0 dev flannel.1 lladdr 6e:1f:3a:50:0c:9d PERMANENT
import { parseIp } from '../net/ip.js';
import type { Neighbor } from '../model.js';
import { Warnings, eachLine, guard, src } from './lines.js';
import { lineText, readJsonArray } from './json-lines.js';
import type { ParseResult } from './types.js';

const STATES = new Set(['REACHABLE', 'STALE', 'DELAY', 'PROBE', 'FAILED', 'INCOMPLETE', 'NOARP', 'PERMANENT', 'NONE']);

// Parse `ip neigh` text output.
export function parseIpNeigh(text: string, file: string): ParseResult<Neighbor[]> {
  return guard(
    file,
    () => [],
    () => {
      const w = new Warnings(file);
      const out: Neighbor[] = [];
      eachLine(text, w, (line, i) => {
        const t = line.trim().split(/\s+/).filter(Boolean);
        if (t.length === 0) return;
        if (!parseIp(t[0]!)) return w.add(i + 1, 'neighbour address not understood', line);
        const n: Neighbor = { dst: t[0]!, state: [], src: src(file, i, line) };
        for (let k = 1; k < t.length; k++) {
          if (t[k] === 'dev') n.dev = t[++k];
          else if (t[k] === 'lladdr') n.lladdr = t[++k];
          else if (STATES.has(t[k]!)) n.state.push(t[k]!);
        }
        out.push(n);
      });
      return { value: out, warnings: w.done() };
    },
  );
}

// Parse `ip -j neigh` JSON output.
export function parseIpNeighJson(text: string, file: string): ParseResult<Neighbor[]> {
  return readJsonArray(text, file, (o, line, warn) => {
    if (typeof o.dst !== 'string') return warn('neighbour without "dst"');
    const n: Neighbor = {
      dst: o.dst,
      state: Array.isArray(o.state) ? o.state.map(String) : [],
      src: { file, line, text: lineText(text, line) },
    };
    if (typeof o.dev === 'string') n.dev = o.dev;
    if (typeof o.lladdr === 'string') n.lladdr = o.lladdr;
    return n;
  });
}
