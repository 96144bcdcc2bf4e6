// Reads kube-proxy's /healthz answer as `curl -si http://127.0.0.1:10256/healthz` prints it (docs/networking-facts.md §kube-proxy-modes).
//
// Sample (kube-proxy 1.31, rules not synced within healthTimeout):
//   HTTP/1.1 503 Service Unavailable
//   Content-Type: application/json
//   X-Content-Type-Options: nosniff
//   Date: Fri, 20 Nov 2026 09:16:12 GMT
//   Content-Length: 123
//
//   {"lastUpdated": "2026-11-20 09:14:07.123456 +0000 UTC m=+12.3","currentTime": "2026-11-20 09:16:12.456789 +0000 UTC m=+137.6","nodeEligible": true}
import { Warnings, guard, splitLines } from './lines.js';
import type { ParseResult, Source } from './types.js';

export interface Healthz {
  status?: number;
  lastUpdated?: string;
  currentTime?: string;
  nodeEligible?: boolean;
  statusSrc?: Source;
  bodySrc?: Source;
}

// Parse a /healthz capture (with headers, or the JSON body alone).
export function parseHealthz(text: string, file: string): ParseResult<Healthz> {
  return guard(
    file,
    () => ({}),
    () => {
      const w = new Warnings(file);
      const out: Healthz = {};
      const lines = splitLines(text);
      lines.forEach((line, i) => {
        const st = /^HTTP\/[\d.]+ (\d{3})/.exec(line);
        if (st && out.status === undefined) {
          out.status = Number(st[1]);
          out.statusSrc = { file, line: i + 1, text: line };
        }
        if (line.trim().startsWith('{')) {
          try {
            const b = JSON.parse(line) as Record<string, unknown>;
            if (typeof b.lastUpdated === 'string') out.lastUpdated = b.lastUpdated;
            if (typeof b.currentTime === 'string') out.currentTime = b.currentTime;
            if (typeof b.nodeEligible === 'boolean') out.nodeEligible = b.nodeEligible;
            out.bodySrc = { file, line: i + 1, text: line };
          } catch {
            w.add(i + 1, 'healthz body is not JSON', line);
          }
        }
      });
      if (out.status === undefined && !out.bodySrc) w.add(1, 'neither an HTTP status line nor a JSON body');
      return { value: out, warnings: w.done() };
    },
  );
}
