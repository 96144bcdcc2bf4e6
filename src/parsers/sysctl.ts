// Reads `sysctl KEY...` / `sysctl -a` lines (and `grep . /proc/sys/...` output) into key → value.
//
// Sample (procps 4.0.2):
//   net.ipv4.ip_forward = 1
//   net.bridge.bridge-nf-call-iptables = 1
//   sysctl: cannot stat /proc/sys/net/bridge/bridge-nf-call-iptables: No such file or directory
//   /proc/sys/net/netfilter/nf_conntrack_max:262144
//   /proc/sys/net/ipv4/conf/all/rp_filter = 2
//   node2: net.ipv4.conf.all.forwarding = 1
import type { Sysctls } from '../model.js';
import { Warnings, eachLine, guard, src } from './lines.js';
import type { ParseResult } from './types.js';

const procKey = (path: string): string => path.replace(/^\/proc\/sys\//, '').replace(/\//g, '.');

// Parse sysctl output; keys that do not exist on the target are recorded as missing, not as values.
export function parseSysctl(text: string, file: string): ParseResult<Sysctls> {
  return guard(
    file,
    () => ({ values: new Map(), missing: new Map() }),
    () => {
      const w = new Warnings(file);
      const out: Sysctls = { values: new Map(), missing: new Map() };
      eachLine(text, w, (line, i) => {
        // pdsh, ansible and vagrant put the machine's name first: `node2: net.ipv4.ip_forward = 1`
        const s = line.trim().replace(/^[\w.-]+:\s+(?=[A-Za-z0-9_./-]+\s*=)/, '');
        if (s === '' || s.startsWith('#') || s.startsWith(';')) return;
        const miss = /^sysctl: cannot stat (\/proc\/sys\/\S+?):?\s/.exec(s);
        if (miss) {
          out.missing.set(procKey(miss[1]!), src(file, i, line));
          return;
        }
        let m = /^([A-Za-z0-9_.\-/*]+)\s*=\s*(.*)$/.exec(s);
        if (!m) m = /^(\/proc\/sys\/[^:]+):(.*)$/.exec(s);
        if (!m) return w.add(i + 1, 'not a "key = value" line', line);
        const key = m[1]!.startsWith('/proc/sys/') ? procKey(m[1]!) : m[1]!.replace(/\//g, '.');
        out.values.set(key, { value: m[2]!.trim(), src: src(file, i, line) });
      });
      return { value: out, warnings: w.done() };
    },
  );
}
