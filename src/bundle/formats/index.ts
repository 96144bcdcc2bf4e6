// The registry of third-party capture formats (sosreport, troubleshoot support bundle, Cilium sysdump,
// calicoctl node diags) `analyze` recognises without flags; each is one reader behind
// SourceFormat (types.ts). Order matters only when a capture could pass for two: the first that reads it wins.
import type { ParseWarning } from '../../parsers/types.js';
import { calicoDiags } from './calico-diags.js';
import { sosreport } from './sosreport.js';
import { sysdump } from './sysdump.js';
import { troubleshoot } from './troubleshoot.js';
import type { FormatFiles, SourceFormat } from './types.js';

export const FORMATS: readonly SourceFormat[] = [sosreport, troubleshoot, sysdump, calicoDiags];

// Might this path of the input (at the top, or under its one top folder) be read by a format?
export const wantedByFormat = (p: string): boolean =>
  FORMATS.some((f) => f.wants(p) || f.wants(p.slice(p.indexOf('/') + 1)));

// The first format that reads the input, tried at its top and then under each top folder; paths in `origins`
// are relative to the input again.
export function readFormat(
  files: Map<string, string>,
): (FormatFiles & { format: SourceFormat; notes?: ParseWarning[] }) | undefined {
  const tops = new Set([...files.keys()].filter((k) => k.includes('/')).map((k) => k.slice(0, k.indexOf('/') + 1)));
  for (const top of ['', ...tops]) {
    const inner = new Map<string, string>();
    for (const [k, v] of files) if (k.startsWith(top)) inner.set(k.slice(top.length), v);
    for (const format of FORMATS) {
      const got = format.read(inner);
      if (!got || got.files.size === 0) continue;
      const origins = new Map([...got.origins].map(([k, v]) => [k, `${top}${v}`]));
      const notes = got.notes?.map((n) => ({ ...n, file: `${top}${n.file}` }));
      return { files: got.files, origins, format, ...(notes?.length ? { notes } : {}) };
    }
  }
  return undefined;
}
