// Reads /etc/hosts into address → names entries.
//
// Sample (Debian 12 and a Kubernetes-managed pod file):
//   127.0.0.1	localhost
//   ::1	localhost ip6-localhost ip6-loopback
//   # Kubernetes-managed hosts file.
//   10.244.1.7	client
//   10.0.0.50	db.example.com db
import { parseIp } from '../net/ip.js';
import { Warnings, eachLine, guard, src, stripComment } from './lines.js';
import type { ParseResult, Source } from './types.js';

export interface HostsEntry {
  address: string;
  names: string[];
  src: Source;
}

export interface HostsFile {
  entries: HostsEntry[];
  /** The file says it is written by kubelet. */
  kubeletManaged: boolean;
}

// Parse /etc/hosts text.
export function parseHosts(text: string, file: string): ParseResult<HostsFile> {
  return guard(
    file,
    () => ({ entries: [], kubeletManaged: false }),
    () => {
      const w = new Warnings(file);
      const out: HostsFile = { entries: [], kubeletManaged: /Kubernetes-managed hosts file/i.test(text) };
      eachLine(text, w, (line, i) => {
        const s = stripComment(line);
        if (s === '') return;
        const t = s.split(/\s+/);
        if (!parseIp(t[0]!)) return w.add(i + 1, `"${t[0]}" is not an IP address`, line);
        if (t.length < 2) return w.add(i + 1, 'address without a name', line);
        out.entries.push({ address: t[0]!, names: t.slice(1), src: src(file, i, line) });
      });
      return { value: out, warnings: w.done() };
    },
  );
}
