// Recognises a single captured file by its name or, failing that, by its content: both from the artifact table.
import { basename } from 'node:path';
import { ARTIFACT_TABLE, type ArtifactName, type ArtifactRow } from './artifacts.js';

const ROWS: readonly ArtifactRow<ArtifactName>[] = ARTIFACT_TABLE;
const BY_NAME = new Map<string, ArtifactName>();
for (const r of ROWS) {
  BY_NAME.set(r.name, r.name);
  for (const a of r.aliases ?? []) BY_NAME.set(a.toLowerCase(), r.name);
}

// Name a file by the bundle artifact it holds; undefined when neither name nor content says.
export function detectArtifact(path: string, text: string): ArtifactName | undefined {
  const name = basename(path);
  const byName = BY_NAME.get(name) ?? BY_NAME.get(name.toLowerCase());
  if (!byName) return detectByContent(text);
  // a name says what the file should hold, the content what it does: `iptables.txt` may hold `iptables -L -v`
  const row = ROWS.find((r) => r.name === byName);
  if (row?.sniff && !row.sniff(text.slice(0, 8192))) return detectByContent(text) ?? byName;
  return byName;
}

// Content sniffing on the first 8 KiB; each row's test matches the exact header or line shape of one tool.
export function detectByContent(text: string): ArtifactName | undefined {
  const head = text.slice(0, 8192);
  return ROWS.find((r) => r.sniff?.(head))?.name;
}
