// Masks secrets in collected text (on by default): tokens, passwords, bearer credentials, JWTs, private keys.

const RULES: [RegExp, string][] = [
  [/-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g, '-----BEGIN PRIVATE KEY-----\n[REDACTED]\n-----END PRIVATE KEY-----'],
  [/\b(authorization\s*:\s*(?:bearer|basic)\s+)\S+/gi, '$1[REDACTED]'],
  [/\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, '$1[REDACTED]'],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+/g, '[REDACTED-JWT]'],
  [/\b([\w.-]*(?:token|password|secret|api[_-]?key|access[_-]?key)[\w.-]*\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi, '$1[REDACTED]'],
];

// Returns the masked text and how many values were masked.
export function redact(text: string): { text: string; count: number } {
  let count = 0;
  let out = text;
  for (const [re, repl] of RULES) out = out.replace(re, (...m) => {
    count++;
    return repl.replace(/\$1/g, String(m[1] ?? ''));
  });
  return { text: out, count };
}
