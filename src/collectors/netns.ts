// Captures one named network namespace into bundle artifacts (text outputs, as a person would type them).
import { run } from './runner.js';

export interface Capture {
  files: Map<string, string>;
  errors: { artifact: string; command: string; reason: string; message: string }[];
}

/** artifact → argv run inside the namespace; stderr is kept where the tool reports missing keys there. */
const COMMANDS: { artifact: string; argv: string[]; keepStderr?: boolean; file?: string }[] = [
  { artifact: 'ip-addr.txt', argv: ['ip', 'addr'] },
  { artifact: 'ip-route.txt', argv: ['ip', 'route'] },
  { artifact: 'ip-rule.txt', argv: ['ip', 'rule'] },
  { artifact: 'ip-neigh.txt', argv: ['ip', 'neigh'] },
  { artifact: 'iptables-save.txt', argv: ['iptables-save'] },
  { artifact: 'sysctl.txt', argv: ['sysctl', 'net.ipv4.ip_forward', 'net.bridge.bridge-nf-call-iptables'], keepStderr: true },
  { artifact: 'ss.txt', argv: ['ss', '-tulpn'] },
  { artifact: 'resolv.conf', argv: ['cat', '/etc/resolv.conf'], file: '/etc/resolv.conf' },
  { artifact: 'nsswitch.conf', argv: ['cat', '/etc/nsswitch.conf'], file: '/etc/nsswitch.conf' },
  { artifact: 'hosts', argv: ['cat', '/etc/hosts'], file: '/etc/hosts' },
];

// Run every command in `ip netns exec NAME`; what fails is recorded in errors, not thrown.
export async function captureNetns(name: string): Promise<Capture> {
  const out: Capture = { files: new Map(), errors: [] };
  await Promise.all(
    COMMANDS.map(async (c) => {
      const argv = ['ip', 'netns', 'exec', name, ...c.argv];
      const r = await run(argv, { timeoutMs: 15_000 });
      if (r.ok || (c.keepStderr && r.stdout + r.stderr !== '')) {
        out.files.set(c.artifact, c.keepStderr ? r.stdout + r.stderr : r.stdout);
        return;
      }
      const absent = c.file !== undefined && /No such file/.test(r.stderr);
      out.errors.push({ artifact: c.artifact, command: c.argv.join(' '), reason: absent ? 'absent' : (r.reason ?? 'failed'), message: absent ? `${c.file} does not exist in this namespace` : (r.message ?? 'failed') });
    }),
  );
  return out;
}
