import { describe, expect, it } from 'vitest';
import { parseK8sList } from '../../src/parsers/k8s-list.js';

// The sample at the top of src/parsers/k8s-list.ts (kubectl 1.31, `kubectl get svc -A -o json`), with a second item.
const SAMPLE = `{
    "apiVersion": "v1",
    "items": [
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": { "name": "kube-dns", "namespace": "kube-system", "labels": { "k8s-app": "kube-dns" } },
            "spec": { "clusterIP": "10.96.0.10", "ports": [ { "name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53 } ],
                      "selector": { "k8s-app": "kube-dns" }, "type": "ClusterIP" }
        },
        {
            "apiVersion": "v1",
            "kind": "Service",
            "metadata": { "name": "web", "namespace": "default" },
            "spec": { "clusterIP": "10.96.0.20", "ports": [ { "port": 80 } ] }
        }
    ],
    "kind": "List",
    "metadata": { "resourceVersion": "" }
}
`;

describe('parseK8sList', () => {
  it('cites each object by kind and name on the line its item starts', () => {
    const r = parseK8sList(SAMPLE, 'cluster/services.json');
    expect(r.warnings).toEqual([]);
    expect(r.value.map((o) => ({ ...o.src }))).toEqual([
      { file: 'cluster/services.json', line: 4, text: 'Service kube-system/kube-dns' },
      { file: 'cluster/services.json', line: 11, text: 'Service default/web' },
    ]);
    expect(r.value[0]!.labels).toEqual({ 'k8s-app': 'kube-dns' });
  });
  it('the source survives JSON and a structured clone to the worker (plain data, no getters)', () => {
    const src = parseK8sList(SAMPLE, 'f').value[1]!.src;
    expect(JSON.parse(JSON.stringify(src))).toEqual({ file: 'f', line: 11, text: 'Service default/web' });
    expect(structuredClone(src)).toEqual({ file: 'f', line: 11, text: 'Service default/web' });
  });
  it('an item without a name is a warning on its own line', () => {
    const r = parseK8sList('{"items":[\n{"metadata":{"name":"a"}},\n{"metadata":{}}\n]}', 'f');
    expect(r.value.map((o) => o.name)).toEqual(['a']);
    expect(r.warnings).toEqual([{ file: 'f', line: 3, message: 'item without metadata.name' }]);
  });
});
