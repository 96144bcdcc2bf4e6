// Opt-in active checks (--probe): from inside a target, ping its default gateway and nameservers and send a
// DNS query to each nameserver. Only addresses the target's own configuration names are ever contacted.
import { parseIp } from '../net/ip.js';
import { parseIpRoute } from '../parsers/ip-route.js';
import { parseIpRouteJson } from '../parsers/ip-route-json.js';
import { parseResolvConf } from '../parsers/resolv-conf.js';
import { run } from './runner.js';
import { type Resolved, wrap } from './target.js';

export interface Probe {
  kind: 'ping' | 'dns' | 'resolve';
  role: 'gateway' | 'nameserver' | 'resolver';
  target: string;
  ok: boolean;
  /** dns: NOERROR / NXDOMAIN / ... when answered; timeout / refused / unreachable / error otherwise. ping: ok / no-reply / error. */
  result: string;
  name?: string;
  ms: number;
}

/**
 * Sends one DNS query (type A) over UDP to argv[1] for argv[2] and prints {"result","ms"}.
 * Runs as `node -e` inside the target's network namespace; it never takes a shell string.
 */
const DNS_SCRIPT = `
const dgram = require('node:dgram');
const [server, name, timeout] = process.argv.slice(1);
const labels = name === '.' ? [] : name.replace(/\\.$/, '').split('.');
const q = Buffer.concat([Buffer.from([0x4b, 0x4e, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]), ...labels.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])), Buffer.from([0, 0, 1, 0, 1])]);
const s = dgram.createSocket(server.includes(':') ? 'udp6' : 'udp4');
const t0 = Date.now();
const done = (result) => { console.log(JSON.stringify({ result, ms: Date.now() - t0 })); s.close(); process.exit(0); };
const RC = ['NOERROR', 'FORMERR', 'SERVFAIL', 'NXDOMAIN', 'NOTIMP', 'REFUSED'];
s.on('message', (m) => done(m.length > 3 ? (RC[m[3] & 15] || 'RCODE' + (m[3] & 15)) : 'garbled'));
s.on('error', (e) => done(e.code === 'ECONNREFUSED' ? 'refused' : e.code === 'ENETUNREACH' || e.code === 'EHOSTUNREACH' ? 'unreachable' : 'error:' + e.code));
setTimeout(() => done('timeout'), Number(timeout));
s.connect(53, server, () => s.send(q));
`;

function gateways(files: Map<string, string>): string[] {
  const routes = files.has('ip-route.json')
    ? parseIpRouteJson(files.get('ip-route.json')!, 'x').value
    : files.has('ip-route.txt')
      ? parseIpRoute(files.get('ip-route.txt')!, 'x').value
      : [];
  return [
    ...new Set(routes.filter((r) => r.dst.prefix === 0 && r.gateway && r.dst.family === 4).map((r) => r.gateway!)),
  ];
}

// Probe one target and add probes.json to its files.
export async function probeHost(
  t: Resolved,
  files: Map<string, string>,
  o: { timeoutMs: number; name?: string | undefined; schedule: <T>(fn: () => Promise<T>) => Promise<T> },
): Promise<void> {
  const resolv = files.has('resolv.conf') ? parseResolvConf(files.get('resolv.conf')!, 'x').value : undefined;
  const servers = (resolv?.nameservers ?? [])
    .slice(0, 3)
    .map((n) => n.address)
    .filter((a) => parseIp(a));
  const name = o.name ?? resolv?.search[0] ?? '.';
  // replies inside a namespace or a LAN come in milliseconds: a short wait keeps failing probes cheap
  const wait = Math.max(1, Math.min(3, Math.round(o.timeoutMs / 5000)));
  const ping = async (addr: string, role: Probe['role']): Promise<Probe> => {
    const t0 = Date.now();
    const r = await o.schedule(() =>
      run(wrap(t, ['ping', '-n', '-c', '1', '-W', String(wait), addr]), { timeoutMs: o.timeoutMs }),
    );
    return {
      kind: 'ping',
      role,
      target: addr,
      ok: r.ok,
      result: r.ok ? 'ok' : r.exitCode === 1 ? 'no-reply' : `error: ${r.message ?? r.reason}`,
      ms: Date.now() - t0,
    };
  };
  const dns = async (server: string): Promise<Probe> => {
    const t0 = Date.now();
    const r = await o.schedule(() =>
      run(wrap(t, [process.execPath, '-e', DNS_SCRIPT, server, name, String(wait * 1000)]), {
        timeoutMs: o.timeoutMs + wait * 1000,
      }),
    );
    let result = `error: ${r.message ?? r.reason}`;
    try {
      if (r.ok) result = (JSON.parse(r.stdout.trim()) as { result: string }).result;
    } catch {
      /* keep the error text */
    }
    // any rcode (even REFUSED for a name it does not serve) proves a DNS server answers at that address
    return {
      kind: 'dns',
      role: 'nameserver',
      target: server,
      name,
      ok: /^[A-Z]+\d*$/.test(result),
      result,
      ms: Date.now() - t0,
    };
  };
  // getent goes through the target's own nsswitch.conf and resolv.conf, as programs do (not for PIDs:
  // nsenter -n keeps this machine's /etc, so the answer would not be the container's)
  const resolve = async (): Promise<Probe[]> => {
    if (t.kind === 'pid' || name === '.') return [];
    const t0 = Date.now();
    const r = await o.schedule(() => run(wrap(t, ['getent', 'hosts', name]), { timeoutMs: o.timeoutMs }));
    const addr = r.stdout.trim().split(/\s+/)[0];
    return [
      {
        kind: 'resolve',
        role: 'resolver',
        target: name,
        name,
        ok: r.ok && !!addr,
        result: r.ok && addr ? addr : r.exitCode === 2 ? 'not found' : `error: ${r.message ?? r.reason}`,
        ms: Date.now() - t0,
      },
    ];
  };
  const probes = (
    await Promise.all([
      ...gateways(files).map((g) => ping(g, 'gateway')),
      ...servers.map((s) => ping(s, 'nameserver')),
      ...servers.map(dns),
      resolve(),
    ])
  ).flat();
  // one probe per line, so evidence can cite the line of each
  files.set('probes.json', `[\n${probes.map((p) => `  ${JSON.stringify(p)}`).join(',\n')}\n]\n`);
}
