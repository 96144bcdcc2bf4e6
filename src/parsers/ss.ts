// Reads `ss -tulpn` (and `netstat -tulpn`) into listening sockets with their owning process.
//
// Sample (iproute2 6.1.0, docs/networking-facts.md §ss; "Peer Address:PortProcess" is really run together):
//   Netid State  Recv-Q Send-Q Local Address:Port  Peer Address:PortProcess
//   udp   UNCONN 0      0         10.244.0.1:53         0.0.0.0:*    users:(("python3",pid=10302,fd=3))
//   tcp   LISTEN 0      5          127.0.0.1:10249      0.0.0.0:*    users:(("python3",pid=10302,fd=5))
//   tcp   LISTEN 0      5                  *:10250            *:*    users:(("python3",pid=10302,fd=4))
import { Warnings, eachLine, guard, src } from './lines.js';
import type { ParseResult, Source } from './types.js';

export interface Socket {
  proto: string;
  state: string;
  address: string;
  port: number | undefined;
  process?: string;
  pid?: number;
  src: Source;
}

function splitHostPort(s: string): [string, number | undefined] {
  const k = s.lastIndexOf(':');
  if (k < 0) return [s, undefined];
  const host = s.slice(0, k).replace(/^\[|\]$/g, '');
  const port = s.slice(k + 1);
  return [host, /^\d+$/.test(port) ? Number(port) : undefined];
}

// Parse `ss -tulpn` or `netstat -tulpn` output.
export function parseSs(text: string, file: string): ParseResult<Socket[]> {
  return guard(
    file,
    () => [],
    () => {
      const w = new Warnings(file);
      const out: Socket[] = [];
      let hasNetid = true;
      let netstat = false;
      eachLine(text, w, (line, i) => {
        const t = line.trim().split(/\s+/);
        if (t[0] === '' || t.length === 0) return;
        if (t[0] === 'Netid') return void (hasNetid = true);
        if (t[0] === 'State') return void (hasNetid = false);
        if (t[0] === 'Proto') return void (netstat = true);
        if (t[0] === 'Active') return;
        const s0 = src(file, i, line);
        if (netstat) {
          // Proto Recv-Q Send-Q Local Foreign [State] PID/Program
          const proto = t[0]!;
          const hasState = proto.startsWith('tcp');
          if (t.length < (hasState ? 6 : 5)) return w.add(i + 1, 'netstat line has too few columns', line);
          const [addr, port] = splitHostPort(t[3]!);
          const sock: Socket = { proto, state: hasState ? t[5]! : 'UNCONN', address: addr, port, src: s0 };
          const pp = t[hasState ? 6 : 5];
          const pm = pp ? /^(\d+)\/(.+)$/.exec(pp) : null;
          if (pm) {
            sock.pid = Number(pm[1]);
            sock.process = pm[2];
          }
          out.push(sock);
          return;
        }
        const off = hasNetid ? 1 : 0;
        if (t.length < 5 + off) return w.add(i + 1, 'ss line has too few columns', line);
        const [addr, port] = splitHostPort(t[3 + off]!);
        const sock: Socket = { proto: hasNetid ? t[0]! : 'tcp', state: t[off]!, address: addr, port, src: s0 };
        const users = /users:\(\("([^"]+)",pid=(\d+)/.exec(line);
        if (users) {
          sock.process = users[1];
          sock.pid = Number(users[2]);
        }
        out.push(sock);
      });
      return { value: out, warnings: w.done() };
    },
  );
}
