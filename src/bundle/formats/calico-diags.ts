// `calicoctl node diags` read as it is: a diags-<date>_<time>.tar.gz holding diagnostics/, one file per command,
// named by calicoctl rather than by the command, each holding the command's stdout and stderr together (a command
// that failed leaves its error message there instead of its output). It is one node's report.
//
// Sample (paths of a calicoctl 3.x diags archive):
//   diagnostics/hostname        hostname
//   diagnostics/ipv4_addr       ip -4 addr
//   diagnostics/ipv4_route      ip -4 route
//   diagnostics/ipv4_tables     iptables-save -c
//   diagnostics/ipv6_tables     ip6tables-save -c
//   diagnostics/ipsets, netstat, date, journalctl_calico_node, logs/…   (not read)
import { ARTIFACT_TABLE, type ArtifactName } from '../artifacts.js';
import type { HostErrorEntry } from '../errors.js';
import { type FormatFiles, type SourceFormat, failReason, hostIdOf, putErrors } from './types.js';

/** calicoctl's file name → the command it ran and the artifact its output is. */
const FILES: Record<string, [string, ArtifactName]> = {
  ipv4_addr: ['ip -4 addr', 'ip-addr.txt'],
  ipv4_route: ['ip -4 route', 'ip-route.txt'],
  ipv4_tables: ['iptables-save -c', 'iptables-save.txt'],
  ipv6_tables: ['ip6tables-save -c', 'ip6tables-save.txt'],
};
/** Files only calicoctl's diags write side by side. */
const MARKERS = ['ipv4_route', 'ipv4_tables', 'ipsets', 'ipset_container', 'journalctl_calico_node'];
const SNIFF = new Map(ARTIFACT_TABLE.map((r) => [r.name, r.sniff]));

/** calicoctl node diags: diagnostics/ with calicoctl's own file names. */
export const calicoDiags: SourceFormat = {
  title: 'calicoctl node diags',
  wants: (p) => /^(diagnostics\/)?(hostname|ipv4_addr|ipv4_route|ipv4_tables|ipv6_tables|ipsets)$/.test(p),
  read(files) {
    // the archive holds diagnostics/; its unpacked folder may be passed itself
    const at = (name: string): string | undefined => files.get(`diagnostics/${name}`) ?? files.get(name);
    if (MARKERS.filter((m) => at(m) !== undefined).length < 2) return undefined;
    const id = hostIdOf((at('hostname') ?? '').trim().split('\n')[0]!.split('.')[0]!);
    const out: FormatFiles = { files: new Map(), origins: new Map() };
    const errors: HostErrorEntry[] = [];
    for (const [name, [command, artifact]] of Object.entries(FILES)) {
      const text = at(name);
      if (text === undefined) continue;
      const sniff = SNIFF.get(artifact);
      // stdout and stderr share the file: what is not the output it should be is the command's complaint
      if (!text.trim() || (sniff && !sniff(text.slice(0, 8192)) && text.split('\n').length <= 3)) {
        const message = text.trim().split('\n')[0] || 'no output';
        errors.push({ artifact, reason: failReason('', message), message: `${command}: ${message}` });
        continue;
      }
      out.files.set(`hosts/${id}/${artifact}`, text);
      out.origins.set(`hosts/${id}/${artifact}`, files.has(`diagnostics/${name}`) ? `diagnostics/${name}` : name);
    }
    putErrors(out, new Map([[id, errors]]));
    return out;
  },
};
