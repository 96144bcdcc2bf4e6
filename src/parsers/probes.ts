// Reads probes.json (written by `capture --probe`): what the target could really reach at capture time.
//
// Sample:
//   [
//     {"kind":"ping","role":"gateway","target":"192.168.15.5","ok":true,"result":"ok","ms":3},
//     {"kind":"dns","role":"nameserver","target":"192.168.1.3","name":"lab.test","ok":false,"result":"timeout","ms":1002},
//     {"kind":"resolve","role":"resolver","target":"web.lab.test","name":"web.lab.test","ok":true,"result":"192.168.1.3","ms":4}
//   ]
import { lineText, readJsonArray } from './json-lines.js';
import type { ParseResult, Source } from './types.js';

export interface ProbeResult {
  kind: 'ping' | 'dns' | 'resolve';
  role: string;
  target: string;
  ok: boolean;
  result: string;
  name?: string;
  src: Source;
}

// Parse probes.json.
export function parseProbes(text: string, file: string): ParseResult<ProbeResult[]> {
  return readJsonArray(text, file, (o, line, warn) => {
    if (
      (o.kind !== 'ping' && o.kind !== 'dns' && o.kind !== 'resolve') ||
      typeof o.target !== 'string' ||
      typeof o.ok !== 'boolean'
    )
      return warn('probe entry not understood');
    const p: ProbeResult = {
      kind: o.kind,
      role: String(o.role ?? ''),
      target: o.target,
      ok: o.ok,
      result: String(o.result ?? ''),
      src: { file, line, text: lineText(text, line).trim().replace(/,$/, '') },
    };
    if (typeof o.name === 'string') p.name = o.name;
    return p;
  });
}
