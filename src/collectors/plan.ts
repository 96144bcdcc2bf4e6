// What to collect from a host: one entry per fact, with alternatives in preference order (JSON, text, net-tools).
import type { ArtifactName } from '../bundle/layout.js';

export interface Step {
  artifact: ArtifactName;
  /** One or more argv run in the target; several outputs are concatenated (iptables -L of two tables). */
  argvs: string[][];
  /** Keep stderr in the file (sysctl reports missing keys there). */
  keepStderr?: boolean;
}

export interface PlanItem {
  fact: string;
  steps: Step[];
}

/** Sysctls the analyzers read (networking-facts §5). */
export const SYSCTLS = [
  'net.ipv4.ip_forward',
  'net.bridge.bridge-nf-call-iptables',
  'net.ipv4.conf.all.rp_filter',
  'net.netfilter.nf_conntrack_count',
  'net.netfilter.nf_conntrack_max',
];

/** Per-interface sysctls (procps `sysctl -a -r`): proxy_arp on Calico's cali* veths, rp_filter, forwarding. */
export const SYSCTL_PER_INTERFACE = '^net\\.ipv4\\.conf\\.[^.]+\\.(proxy_arp|rp_filter|forwarding)$';

// The plan for one host; `prefer: 'text'` puts plain outputs first (readable fixtures), JSON otherwise.
export function plan(prefer: 'json' | 'text' = 'json'): PlanItem[] {
  const pick = (json: Step, text: Step, legacy?: Step): Step[] => [
    ...(prefer === 'json' ? [json, text] : [text, json]),
    ...(legacy ? [legacy] : []),
  ];
  return [
    {
      fact: 'interfaces',
      steps: pick(
        { artifact: 'ip-addr.json', argvs: [['ip', '-j', '-d', 'addr']] },
        { artifact: 'ip-addr.txt', argvs: [['ip', '-d', 'addr']] },
        { artifact: 'ifconfig.txt', argvs: [['ifconfig', '-a']] },
      ),
    },
    {
      fact: 'routes',
      steps: pick(
        { artifact: 'ip-route.json', argvs: [['ip', '-j', 'route']] },
        { artifact: 'ip-route.txt', argvs: [['ip', 'route']] },
        { artifact: 'route-n.txt', argvs: [['route', '-n']] },
      ),
    },
    {
      fact: 'neighbors',
      steps: pick(
        { artifact: 'ip-neigh.json', argvs: [['ip', '-j', 'neigh']] },
        { artifact: 'ip-neigh.txt', argvs: [['ip', 'neigh']] },
        { artifact: 'arp-n.txt', argvs: [['arp', '-n']] },
      ),
    },
    { fact: 'rules', steps: [{ artifact: 'ip-rule.txt', argvs: [['ip', 'rule']] }] },
    {
      fact: 'iptables',
      steps: [
        { artifact: 'iptables-save.txt', argvs: [['iptables-save']] },
        {
          artifact: 'iptables-L.txt',
          argvs: [
            ['iptables', '-L', '-n', '-v'],
            ['iptables', '-t', 'nat', '-L', '-n', '-v'],
          ],
        },
      ],
    },
    { fact: 'ip6tables', steps: [{ artifact: 'ip6tables-save.txt', argvs: [['ip6tables-save']] }] },
    { fact: 'nft', steps: [{ artifact: 'nft.json', argvs: [['nft', '-j', 'list', 'ruleset']] }] },
    { fact: 'ipvs', steps: [{ artifact: 'ipvsadm.txt', argvs: [['ipvsadm', '-Ln']] }] },
    {
      fact: 'sysctl',
      steps: [
        {
          artifact: 'sysctl.txt',
          argvs: [
            ['sysctl', ...SYSCTLS],
            ['sysctl', '-a', '-r', SYSCTL_PER_INTERFACE],
          ],
          keepStderr: true,
        },
        // busybox sysctl has no -r: the global keys alone
        { artifact: 'sysctl.txt', argvs: [['sysctl', ...SYSCTLS]], keepStderr: true },
      ],
    },
    {
      fact: 'sockets',
      steps: [
        { artifact: 'ss.txt', argvs: [['ss', '-tulpn']] },
        { artifact: 'ss.txt', argvs: [['netstat', '-tulpn']] },
      ],
    },
    { fact: 'conntrack', steps: [{ artifact: 'conntrack.txt', argvs: [['conntrack', '-S']] }] },
  ];
}

// Is this (stdout + stderr of a failed `sysctl K...`) sysctl's own answer — values, or "cannot stat" for keys
// this kernel lacks — rather than an error of the way in (nsenter, ip netns exec)? Only then is it the artifact.
export function isSysctlAnswer(text: string): boolean {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  return lines.length > 0 && lines.every((l) => /^[\w.\-/]+ = /.test(l) || /^sysctl: /.test(l));
}

/** Files read from the target's /etc as it sees them. */
export const ETC_FILES = ['resolv.conf', 'nsswitch.conf', 'hosts'] as const;
