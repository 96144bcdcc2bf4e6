// Cluster lists kept as YAML (`kubectl get -A -o yaml`) read as the JSON ones: the same findings on a lab fixture
// whose lists are written out as YAML, and a hostile YAML (alias bomb, not YAML) is a warning, never a hang.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runAnalyzers } from '../../src/analyzers/index.js';
import { readBundle } from '../../src/bundle/read.js';
import { buildSnapshot } from '../../src/snapshot/build.js';
import { ROOT } from '../helpers.js';

const ids = (raw: Awaited<ReturnType<typeof readBundle>>): string[] =>
  runAnalyzers(buildSnapshot(raw))
    .findings.map((f) => `${f.id}@${f.target}`)
    .sort();

describe('cluster lists as YAML', () => {
  it.each(['k8s-hostgw/web-not-ready', 'k8s-hostgw/selector-mismatch', 'k8s-hostgw/netpol-deny-egress'])(
    '%s: the same findings with every list as YAML',
    async (f) => {
      const raw = await readBundle(join(ROOT, 'fixtures', f));
      const want = ids(raw);
      for (const k of [...raw.files.keys()].filter((x) => /^cluster\/.*\.json$/.test(x))) {
        raw.files.set(k.replace(/\.json$/, '.yaml'), stringify(JSON.parse(raw.files.get(k)!)));
        raw.files.delete(k);
      }
      expect(ids(raw)).toEqual(want);
      expect(buildSnapshot(raw).cluster?.files).toContain('cluster/services.yaml');
    },
  );
  it('an alias bomb or a file that is not YAML is a warning with the file, and nothing else breaks', async () => {
    const raw = await readBundle(join(ROOT, 'fixtures/k8s-hostgw/healthy'));
    raw.files.delete('cluster/pods.json');
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (let k = 0; k < 12; k++)
      bomb.push(
        `${String.fromCharCode(98 + k)}: &${String.fromCharCode(98 + k)} [${Array(9)
          .fill(`*${String.fromCharCode(97 + k)}`)
          .join(',')}]`,
      );
    raw.files.set('cluster/pods.yaml', `${bomb.join('\n')}\n`);
    raw.files.delete('cluster/nodes.json');
    raw.files.set('cluster/nodes.yaml', ': : :\n\t- [\n');
    const snap = buildSnapshot(raw);
    const w = snap.warnings.filter((x) => /cluster\/(pods|nodes)\.yaml/.test(x.file)).map((x) => x.file);
    expect(w).toEqual(expect.arrayContaining(['cluster/pods.yaml', 'cluster/nodes.yaml']));
    expect(snap.cluster?.services.length).toBeGreaterThan(0);
  });
});
