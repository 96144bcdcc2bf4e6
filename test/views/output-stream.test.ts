import { Writable } from 'node:stream';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePieces } from '../../src/cli/analyze.js';
import { analyzePath } from '../../src/report.js';
import { jsonChunks, renderJson } from '../../src/views/json.js';
import { markdownChunks } from '../../src/views/markdown.js';
import { textChunks } from '../../src/views/text.js';
import { ROOT } from '../helpers.js';

const SCENARIOS = ['demo', 'k8s-hostgw/healthy', 'k8s-hostgw/endpoints-stale', 'bridge-nat/no-masquerade'];

describe('reports are written in pieces, one target or one finding at a time', () => {
  it('the JSON pieces are exactly what JSON.stringify(…, null, 2) prints for the same document', async () => {
    for (const s of SCENARIOS) {
      const { report } = await analyzePath(join(ROOT, 'fixtures', s));
      const out = renderJson(report, 'en');
      const doc = JSON.parse(out) as Record<string, unknown[]>;
      expect(out, s).toBe(`${JSON.stringify(doc, null, 2)}\n`);
      expect(Object.keys(doc)).toEqual([
        'source',
        'counts',
        'coverage',
        'findings',
        'hosts',
        'warnings',
        'analyzerFailures',
      ]);
      expect(doc.findings!.length, s).toBe(report.findings.length);
      expect(doc.hosts!.length, s).toBe(report.hosts.length);
    }
  });
  it('20,000 findings become 20,000 small pieces in every format, never one string', async () => {
    const { report } = await analyzePath(join(ROOT, 'fixtures', 'demo'));
    expect(report.findings.length).toBeGreaterThan(0);
    const many = {
      ...report,
      findings: Array.from({ length: 20_000 }, (_, i) => ({
        ...report.findings[i % report.findings.length]!,
        target: `t-${i}`,
      })),
    };
    const json = [...jsonChunks(many, 'en')];
    const text = [...textChunks(many, { lang: 'en', color: false, width: 100 })];
    const md = [...markdownChunks(many, 'zh-TW')];
    for (const [name, pieces] of [
      ['json', json],
      ['text', text],
      ['markdown', md],
    ] as const) {
      expect(pieces.length, name).toBeGreaterThan(20_000);
      expect(Math.max(...pieces.map((p) => p.length)), name).toBeLessThan(20_000);
    }
    expect(JSON.parse(json.join('')).findings).toHaveLength(20_000);
  });
  it('writePieces waits for a slow reader to drain before it writes more, and loses nothing', async () => {
    const got: string[] = [];
    let pending = 0;
    let overlapped = false;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, cb) {
        got.push(chunk.toString());
        setTimeout(cb, 1);
      },
    });
    const write = slow.write.bind(slow);
    slow.write = ((c: string) => {
      // a write while the last one said "full" and no drain came is the failure this guards against
      if (pending > 0) overlapped = true;
      const ok = write(c);
      if (!ok) pending++;
      return ok;
    }) as typeof slow.write;
    slow.on('drain', () => {
      pending = 0;
    });
    const pieces = Array.from({ length: 5_000 }, (_, i) => `${String(i).padStart(6, '0')} ${'x'.repeat(90)}\n`);
    await writePieces(slow, pieces);
    await new Promise<void>((r) => slow.end(r));
    expect(overlapped).toBe(false);
    expect(got.join('')).toBe(pieces.join(''));
    expect(got.length).toBeGreaterThan(5);
  });
});
