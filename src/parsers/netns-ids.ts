// Reads `ip netns list-id` run inside a namespace: the ids that namespace gives the other namespaces its veths
// lead into, with their names where they have one. `ip -j addr` names a veth's peer namespace only by that id
// (`link_netnsid`), so the id is what joins a veth to its far end across a live capture of several namespaces.
//
// Sample (iproute2 6.1.0, inside namespace knd-ta with a veth into knd-tb):
//   nsid 0 (iproute2 netns name: knd-tb)
//   nsid 1
import { Warnings, eachLine, guard } from './lines.js';
import type { ParseResult } from './types.js';

const LINE = /^nsid (\d+)(?: \(iproute2 netns name: (.+)\))?\s*$/;

// Parse `ip netns list-id` into id → name (ids without a name are left out: they say nothing).
export function parseNetnsIds(text: string, file: string): ParseResult<Map<number, string>> {
  return guard(
    file,
    () => new Map(),
    () => {
      const w = new Warnings(file);
      const out = new Map<number, string>();
      eachLine(text, w, (line, i) => {
        if (line.trim() === '') return;
        const m = LINE.exec(line.trim());
        if (!m) return w.add(i + 1, 'not an `ip netns list-id` line', line);
        if (m[2]) out.set(Number(m[1]), m[2]);
      });
      return { value: out, warnings: w.done() };
    },
  );
}
