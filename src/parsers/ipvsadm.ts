// Reads `ipvsadm -Ln` (kube-proxy IPVS mode) into virtual servers and their real servers.
//
// Sample (ipvsadm 1.31, docs/networking-facts.md §kube-proxy-ipvs):
//   IP Virtual Server version 1.2.1 (size=4096)
//   Prot LocalAddress:Port Scheduler Flags
//     -> RemoteAddress:Port           Forward Weight ActiveConn InActConn
//   TCP  10.0.0.1:443 rr persistent 10800
//     -> 192.168.0.1:6443             Masq    1      1          0
//   UDP  10.0.0.10:53 rr
//     -> 172.17.0.2:53                Masq    1      0          0
import { Warnings, eachLine, guard, src } from './lines.js';
import type { ParseResult, Source } from './types.js';

export interface RealServer {
  address: string;
  port: number;
  forward: string;
  weight: number;
  src: Source;
}

export interface VirtualServer {
  protocol: string;
  address: string;
  port: number;
  scheduler: string;
  reals: RealServer[];
  src: Source;
}

// "10.0.0.1:443" or "[fd00::1]:443" → address and port.
function hostPort(s: string): [string, number] | undefined {
  const m = /^\[?([^\]]+?)\]?:(\d+)$/.exec(s);
  return m ? [m[1]!, Number(m[2])] : undefined;
}

// Parse `ipvsadm -Ln` output.
export function parseIpvsadm(text: string, file: string): ParseResult<VirtualServer[]> {
  return guard(
    file,
    () => [],
    () => {
      const w = new Warnings(file);
      const out: VirtualServer[] = [];
      let cur: VirtualServer | undefined;
      eachLine(text, w, (line, i) => {
        const t = line.trim().split(/\s+/);
        if (
          t[0] === '' ||
          /^(IP Virtual Server|Prot|->\s*RemoteAddress)/.test(line.trim()) ||
          (t[0] === '->' && t[1] === 'RemoteAddress:Port')
        )
          return;
        if (/^(TCP|UDP|SCTP|FWM)$/.test(t[0]!)) {
          const hp = hostPort(t[1] ?? '');
          if (!hp) return w.add(i + 1, 'virtual server address not understood', line);
          cur = {
            protocol: t[0]!,
            address: hp[0],
            port: hp[1],
            scheduler: t[2] ?? '',
            reals: [],
            src: src(file, i, line),
          };
          out.push(cur);
          return;
        }
        if (t[0] === '->') {
          const hp = hostPort(t[1] ?? '');
          if (!cur || !hp)
            return w.add(
              i + 1,
              cur ? 'real server address not understood' : 'real server before any virtual server',
              line,
            );
          cur.reals.push({
            address: hp[0],
            port: hp[1],
            forward: t[2] ?? '',
            weight: Number(t[3] ?? 0),
            src: src(file, i, line),
          });
          return;
        }
        w.add(i + 1, 'line not understood', line);
      });
      return { value: out, warnings: w.done() };
    },
  );
}
