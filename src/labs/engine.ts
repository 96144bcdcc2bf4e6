// Builds and removes lab topologies in network namespaces the engine itself created (unique prefix),
// touching nothing in the root namespace except the per-namespace files under /etc/netns/<name>/.
import { onInterrupt } from '../cleanup.js';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { must, run } from '../collectors/runner.js';

export class Lab {
  readonly prefix: string;
  private readonly made: string[] = [];
  private readonly pids: number[] = [];
  private readonly files: string[] = [];
  /** Set by down(): no new operation may start, so nothing is created after teardown began. */
  private closed = false;
  private readonly inflight = new Set<Promise<unknown>>();
  private downing: Promise<void> | undefined;
  /** Extra bundle files a scenario supplies (cluster/*.json: what the API server would say). */
  readonly bundleFiles = new Map<string, string>();
  /** host.json content per lab host, when a scenario knows more than "a netns" (a node, a pod). */
  readonly hostMeta = new Map<string, Record<string, unknown>>();

  constructor(prefix?: string) {
    this.prefix = prefix ?? `knd${randomBytes(3).toString('hex')}`;
  }

  // Run one build step unless teardown has begun; teardown waits for steps already running.
  private step<T>(fn: () => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error(`lab ${this.prefix} is being torn down`));
    const p = fn();
    this.inflight.add(p);
    const done = (): void => void this.inflight.delete(p);
    p.then(done, done);
    return p;
  }

  // What teardown needs, for a lab that outlives the process that built it (`lab up`).
  state(): {
    prefix: string;
    namespaces: string[];
    files: string[];
    hostMeta: Record<string, Record<string, unknown>>;
    bundleFiles: Record<string, string>;
  } {
    return {
      prefix: this.prefix,
      namespaces: [...this.made],
      files: [...this.files],
      hostMeta: Object.fromEntries(this.hostMeta),
      bundleFiles: Object.fromEntries(this.bundleFiles),
    };
  }

  // A lab rebuilt from its saved state, ready for down().
  static fromState(s: {
    prefix: string;
    namespaces: string[];
    files: string[];
    hostMeta?: Record<string, Record<string, unknown>>;
    bundleFiles?: Record<string, string>;
  }): Lab {
    const lab = new Lab(s.prefix);
    lab.made.push(...s.namespaces);
    lab.files.push(...s.files);
    for (const [k, v] of Object.entries(s.hostMeta ?? {})) lab.hostMeta.set(k, v);
    for (const [k, v] of Object.entries(s.bundleFiles ?? {})) lab.bundleFiles.set(k, v);
    return lab;
  }

  // Full netns name for a lab host id ("red" → "knd1a2b3c-red").
  ns(id: string): string {
    return `${this.prefix}-${id}`;
  }

  // Lab host ids created so far.
  get hosts(): string[] {
    return this.made.map((n) => n.slice(this.prefix.length + 1));
  }

  // Create a namespace and register it for teardown before anything else can fail.
  async addHost(id: string): Promise<void> {
    const name = this.ns(id);
    await this.step(async () => {
      this.made.push(name);
      await must(['ip', 'netns', 'add', name]);
      mkdirSync(`/etc/netns/${name}`, { recursive: true });
    });
  }

  // Run argv inside a lab namespace.
  async exec(id: string, argv: string[], input?: string): Promise<string> {
    return this.step(() => must(['ip', 'netns', 'exec', this.ns(id), ...argv], input));
  }

  // `ip -n NS ...` shorthand.
  async ip(id: string, ...args: string[]): Promise<string> {
    return this.step(() => must(['ip', '-n', this.ns(id), ...args]));
  }

  // A veth pair created directly between two lab namespaces (never in the root namespace).
  async veth(
    a: { host: string; name: string; mac: string },
    b: { host: string; name: string; mac: string },
  ): Promise<void> {
    await this.step(() =>
      must([
        'ip',
        '-n',
        this.ns(a.host),
        'link',
        'add',
        a.name,
        'address',
        a.mac,
        'type',
        'veth',
        'peer',
        'name',
        b.name,
        'address',
        b.mac,
        'netns',
        this.ns(b.host),
      ]),
    );
  }

  // Write one of the namespace's /etc files (resolv.conf, nsswitch.conf, hosts) as `ip netns exec` will show it.
  writeEtc(id: string, file: string, text: string): void {
    writeFileSync(`/etc/netns/${this.ns(id)}/${file}`, text);
  }

  // A scratch file path owned by this lab (outside /etc/netns, which `ip netns exec` bind-mounts), removed on teardown.
  runFile(name: string): string {
    const p = `/run/${this.prefix}-${name}`;
    this.files.push(p);
    return p;
  }

  // Start a long-running process in a namespace; it is killed on teardown.
  async spawn(id: string, argv: string[]): Promise<void> {
    // detached and unreferenced: a lab brought up by `lab up` outlives the command; teardown kills it by namespace
    if (this.closed) throw new Error(`lab ${this.prefix} is being torn down`);
    const child = spawn('ip', ['netns', 'exec', this.ns(id), ...argv], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
    if (child.pid) this.pids.push(child.pid);
  }

  // Wait until something listens on a TCP port in a namespace (servers start asynchronously).
  async waitListening(id: string, port: number, timeoutMs = 5000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until && !this.closed) {
      const r = await run(['ip', 'netns', 'exec', this.ns(id), 'ss', '-Hltn', `sport = :${port}`]);
      if (r.ok && r.stdout.trim() !== '') return;
      await new Promise((res) => setTimeout(res, 25));
    }
    throw new Error(`nothing listens on port ${port} in ${this.ns(id)} after ${timeoutMs} ms`);
  }

  // Remove everything this lab created; safe to call twice and after a partial build.
  down(): Promise<void> {
    // one teardown, however many callers (a signal handler and a failed build both ask): all wait for it
    this.downing ??= this.teardown();
    return this.downing;
  }

  private async teardown(): Promise<void> {
    this.closed = true;
    await Promise.allSettled([...this.inflight]);
    for (const pid of this.pids.splice(0)) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
    for (const f of this.files.splice(0)) rmSync(f, { force: true });
    for (const name of this.made.splice(0).reverse()) {
      const pids = await run(['ip', 'netns', 'pids', name]);
      for (const p of pids.stdout.split(/\s+/).filter(Boolean)) {
        try {
          process.kill(Number(p), 'SIGKILL');
        } catch {
          /* gone */
        }
      }
      await run(['ip', 'netns', 'del', name]);
      rmSync(`/etc/netns/${name}`, { recursive: true, force: true });
    }
  }
}

// Kernel settings a lab host sees (they decide some faults' effects); read from inside the lab.
export async function labEnv(lab: Lab, host: string): Promise<{ bridgeNf: boolean }> {
  const r = await run(['ip', 'netns', 'exec', lab.ns(host), 'sysctl', '-n', 'net.bridge.bridge-nf-call-iptables']);
  return { bridgeNf: r.ok && r.stdout.trim() === '1' };
}

// True when this process may build labs (Linux, root, `ip` present); otherwise the reason it may not.
export async function labSupport(): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (process.platform !== 'linux')
    return { ok: false, reason: `network namespaces need Linux (this is ${process.platform})` };
  if (process.getuid?.() !== 0) return { ok: false, reason: 'network namespaces need root (run as root or with sudo)' };
  const ip = await run(['ip', '-V']);
  if (!ip.ok) return { ok: false, reason: '`ip` (iproute2) is not installed' };
  const ipt = await run(['iptables-save', '--version']);
  if (!ipt.ok) return { ok: false, reason: '`iptables-save` is not installed' };
  return { ok: true };
}

// Tear labs down on Ctrl-C / SIGTERM too, then exit with the conventional signal code.
export function teardownOnSignals(labs: () => Lab[], after?: () => void): () => void {
  return onInterrupt(async () => {
    await Promise.all(labs().map((l) => l.down()));
    after?.();
  });
}
