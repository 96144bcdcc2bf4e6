// Reads /proc/net/fib_trie for the IPv4 addresses a namespace owns ("/32 host LOCAL" leaves), for images without `ip`.
//
// Sample (`cat /proc/net/fib_trie` in a namespace with 10.244.1.7/24 on a veth, kernel 6.1):
//   Main:
//     +-- 0.0.0.0/1 2 0 2
//        +-- 10.244.1.0/24 2 0 2
//           +-- 10.244.1.0/29 2 0 2
//              |-- 10.244.1.0
//                 /24 link UNICAST
//              |-- 10.244.1.7
//                 /32 host LOCAL
//           |-- 10.244.1.255
//              /32 link BROADCAST
//        +-- 127.0.0.0/8 2 0 2
//           +-- 127.0.0.0/31 1 0 0
//              |-- 127.0.0.0
//                 /8 host LOCAL
//              |-- 127.0.0.1
//                 /32 host LOCAL
//           |-- 127.255.255.255
//              /32 link BROADCAST
//   Local:
//     +-- 0.0.0.0/1 2 0 2
//        +-- 10.244.1.0/24 2 0 2
//           +-- 10.244.1.0/29 2 0 2
//              |-- 10.244.1.0
//                 /24 link UNICAST
//              |-- 10.244.1.7
//                 /32 host LOCAL
//           |-- 10.244.1.255
//              /32 link BROADCAST
//        +-- 127.0.0.0/8 2 0 2
//           +-- 127.0.0.0/31 1 0 0
//              |-- 127.0.0.0
//                 /8 host LOCAL
//              |-- 127.0.0.1
//                 /32 host LOCAL
//           |-- 127.255.255.255
//              /32 link BROADCAST
import { Warnings, eachLine, guard, src } from './lines.js';
import type { ParseResult, Source } from './types.js';

export interface FibLocal {
  /** An address this namespace answers for. */
  ip: string;
  /** Prefix of the LOCAL leaf: 32 for an assigned address, 8 for 127.0.0.0/8. */
  prefix: number;
  src: Source;
}

// Parse /proc/net/fib_trie into the local addresses (each once, in order of appearance).
export function parseFibTrie(text: string, file: string): ParseResult<FibLocal[]> {
  return guard(
    file,
    () => [],
    () => {
      const w = new Warnings(file);
      const out: FibLocal[] = [];
      const seen = new Set<string>();
      let leaf: { ip: string; i: number; line: string } | undefined;
      eachLine(text, w, (line, i) => {
        const s = line.trim();
        if (s === '') return;
        if (/^[A-Za-z0-9_]+:$/.test(s)) return void (leaf = undefined); // table header: Main:, Local:, Id 100:
        if (s.startsWith('+--')) return; // inner node
        let m = /^\|-- (\d+\.\d+\.\d+\.\d+)$/.exec(s);
        if (m) return void (leaf = { ip: m[1]!, i, line });
        m = /^\/(\d+) (\w+) (\w+)$/.exec(s);
        if (m) {
          if (!leaf) return w.add(i + 1, 'route entry without a leaf address before it', line);
          if (m[3] !== 'LOCAL') return;
          const key = `${leaf.ip}/${m[1]}`;
          if (seen.has(key)) return;
          seen.add(key);
          out.push({ ip: leaf.ip, prefix: Number(m[1]), src: src(file, leaf.i, leaf.line) });
          return;
        }
        w.add(i + 1, 'not a fib_trie line', line);
      });
      return { value: out, warnings: w.done() };
    },
  );
}
