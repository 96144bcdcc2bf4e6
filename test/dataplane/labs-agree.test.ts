// The tracer against what real traffic did: every lab fixture records which of its scenario's connectivity checks
// failed in the kernel when it was captured (bundle.json), and a trace of each ping and TCP check must say the same,
// across bridges, nodes and flannel's VXLAN overlay alike; each DNS check (getent hosts) must match DNS mode's
// verdict.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readBundle } from '../../src/bundle/read.js';
import { ALL_SCENARIOS } from '../../src/labs/scenarios/index.js';
import { parseIp } from '../../src/net/ip.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { dnsVerdict, traceDns } from '../../src/snapshot/trace/dns.js';
import { listeningFromSockets, trace } from '../../src/snapshot/trace/index.js';
import { traceVerdict } from '../../src/views/trace.js';
import { ROOT } from '../helpers.js';

const cases = ALL_SCENARIOS.flatMap((s) => {
  const dir = join(ROOT, 'fixtures', s.id);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map((c) => ({ scenario: s, dir: join(dir, c), name: `${s.id}/${c}` }));
});

describe('traces agree with the lab checks recorded in every fixture', () => {
  it.each(cases)('$name', async ({ scenario, dir }) => {
    const lab = (
      JSON.parse(readFileSync(join(dir, 'bundle.json'), 'utf8')) as { lab?: { checks: string[]; failing: string[] } }
    ).lab;
    expect(lab).toBeDefined();
    const snap = buildSnapshot(await readBundle(dir));
    const wrong: string[] = [];
    let traced = 0;
    let dns = 0;
    for (const c of scenario.checks) {
      if (!lab!.checks.includes(c.name)) continue;
      const from = snap.byId.get(c.from);
      if (!from) continue;
      if (c.kind === 'dns') {
        // getent hosts NAME in the lab; the labs do not enforce NetworkPolicies, so the verdict leaves them out
        const d = traceDns(snap, from, c.lookup);
        for (const s of d.servers) delete s.policy;
        const v = dnsVerdict(d, traceVerdict);
        traced++;
        dns++;
        if (v === 'undecided') wrong.push(`${c.name}: undecided (${d.unknowns.map((u) => u.code).join(', ')})`);
        else if ((v === 'resolves') === lab!.failing.includes(c.name))
          wrong.push(`${c.name}: kernel ${v === 'resolves' ? 'failed' : 'resolved'}, trace ${v}`);
        continue;
      }
      if (c.kind !== 'ping' && c.kind !== 'tcp') continue;
      const paths = trace(snap, {
        from,
        dst: parseIp(c.to)!,
        proto: c.kind === 'ping' ? 'icmp' : 'tcp',
        ...(c.kind === 'tcp' ? { dport: c.port } : {}),
        replies: true,
        // what listens is what the capture's socket list says (the lab's servers, and nothing on a dead NodePort)
        listening: listeningFromSockets,
      });
      traced++;
      const v = traceVerdict(paths);
      // every check is decided: the overlay (flannel's VXLAN) is followed like any other link
      if (v === 'undecided') {
        const why = paths.flatMap((p) => (p.end.kind === 'unknown' ? [p.end.reason.code] : []));
        wrong.push(`${c.name}: undecided (${why.join(', ')})`);
        continue;
      }
      const ok = v === 'reaches';
      if (ok === lab!.failing.includes(c.name)) wrong.push(`${c.name}: kernel ${ok ? 'failed' : 'passed'}, trace ${v}`);
    }
    expect(wrong).toEqual([]);
    expect(traced).toBeGreaterThan(0);
    // every DNS check the fixture recorded was traced (none skipped for want of its host)
    expect(dns).toBe(scenario.checks.filter((c) => c.kind === 'dns' && lab!.checks.includes(c.name)).length);
  });
});
