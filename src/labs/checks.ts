// Ground truth: real traffic between a lab's own namespaces (ping, a DNS lookup, a TCP connect).
import { run } from '../collectors/runner.js';
import type { Lab } from './engine.js';

export type Check =
  | { name: string; kind: 'ping'; from: string; to: string }
  | { name: string; kind: 'dns'; from: string; lookup: string }
  | { name: string; kind: 'tcp'; from: string; to: string; port: number };

/** Connects once and prints "ok" on success; argv carries the address and port. */
const TCP_SCRIPT = `const s=require('node:net').connect({host:process.argv[1],port:Number(process.argv[2]),timeout:3000},()=>{console.log('ok');s.destroy();process.exit(0)});s.on('timeout',()=>process.exit(1));s.on('error',()=>process.exit(1));`;

/** A one-line TCP server for labs ("ok" to whoever connects); a client's reset must not kill it. */
export const TCP_SERVER = (port: number): string[] => [
  process.execPath,
  '-e',
  `require('node:net').createServer((c)=>{c.on('error',()=>{});c.end('ok\\n')}).listen(${port})`,
];

// Start a lab's DNS server (dnsmasq answering only its own records, never forwarding) in a namespace and wait
// until it listens, so DNS checks never race its start; a fault that keeps it from binding is not an error here.
export async function startDns(
  lab: Lab,
  host: string,
  address: string,
  records: string[],
  extra: string[] = [],
): Promise<void> {
  await lab.spawn(host, [
    'dnsmasq',
    '--keep-in-foreground',
    '--conf-file=/dev/null',
    '--no-resolv',
    '--no-hosts',
    '--user=root',
    '--bind-interfaces',
    `--listen-address=${address}`,
    ...extra,
    ...records.map((r) => `--host-record=${r}`),
    `--pid-file=${lab.runFile(`dnsmasq-${host}.pid`)}`,
  ]);
  await lab.waitListening(host, 53).catch(() => undefined);
}

// Run one check; true when the traffic got through.
export async function runCheck(lab: Lab, c: Check): Promise<boolean> {
  const ns = lab.ns(c.from);
  switch (c.kind) {
    case 'ping':
      // -W 2: the first packet may wait for ARP on several hops
      return (await run(['ip', 'netns', 'exec', ns, 'ping', '-n', '-c', '1', '-W', '2', c.to], { timeoutMs: 6000 })).ok;
    case 'dns':
      return (await run(['ip', 'netns', 'exec', ns, 'getent', 'hosts', c.lookup], { timeoutMs: 8000 })).ok;
    case 'tcp':
      return (
        await run(['ip', 'netns', 'exec', ns, process.execPath, '-e', TCP_SCRIPT, c.to, String(c.port)], {
          timeoutMs: 5000,
        })
      ).ok;
  }
}

// Run all checks; returns the names of those that failed.
export async function failingChecks(lab: Lab, checks: Check[]): Promise<string[]> {
  const res = await Promise.all(checks.map(async (c) => ((await runCheck(lab, c)) ? undefined : c.name)));
  return res.filter((x): x is string => x !== undefined).sort();
}
