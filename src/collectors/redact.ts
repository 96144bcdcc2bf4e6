// Masks secrets in collected text (on by default): private keys, credentials in headers, URLs and flags, tokens,
// passwords, cloud key ids. A match never crosses a quote or a line, and JSON is redacted value by value so it
// still parses (docs: README "What redaction keeps and drops").

const SECRET_KEY =
  '[\\w.-]*?(?:token|password|[_-]passwd|passphrase|[_-]pass|[_-]pwd|secret|api[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key|key[_-]data|credentials?|bindpw|rootpw)';

const RULES: [RegExp, (...m: string[]) => string][] = [
  // PEM and PGP private key blocks, whole
  [
    /-----BEGIN ([A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?-----END \1-----/g,
    (_m, kind) => `-----BEGIN ${kind}-----\n[REDACTED]\n-----END ${kind}-----`,
  ],
  [/\b(authorization\s*:\s*(?:bearer|basic)\s+)[^\s"']+/gi, (_m, a) => `${a}[REDACTED]`],
  [/\b(bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi, (_m, a) => `${a}[REDACTED]`],
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]+/g, () => '[REDACTED-JWT]'],
  // user:password@ in any URL
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@"']+:)([^\s@/"']+)@/gi, (_m, a) => `${a}[REDACTED]@`],
  // AWS access key ids
  [/\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g, () => '[REDACTED-AWS-KEY-ID]'],
  // kubeadm bootstrap tokens (abcdef.0123456789abcdef)
  [/\b[a-z0-9]{6}\.[a-z0-9]{16}\b/g, () => '[REDACTED-BOOTSTRAP-TOKEN]'],
  // --db-password X, --api-key=X, --token X
  [
    /(--[\w-]*(?:password|passwd|token|secret|api-?key|access-?key|private-?key|key-data)[\w-]*)(=|\s+)("[^"\n]*"|'[^'\n]*'|[^\s"']+)/gi,
    (_m, f, sep) => `${f}${sep}[REDACTED]`,
  ],
  // KEY=value, key: value, "key": "value" where the key ends in a secret word
  [
    new RegExp(`(?<![\\w.-])(${SECRET_KEY}s?["']?[ \\t]*[=:][ \\t]*)("[^"\\n]*"|'[^'\\n]*'|[^\\s"',;}]+)`, 'gi'),
    (_m, k) => `${k}[REDACTED]`,
  ],
  // space-separated config lines: "password hunter2", "bindpw s3cret", "requirepass x"
  [
    /^([ \t]*(?:password|passwd|bindpw|rootpw|secret|requirepass|masterauth)[ \t]+)(\S+)/gim,
    (_m, k) => `${k}[REDACTED]`,
  ],
];

// Returns the masked text and how many values were masked.
export function redact(text: string): { text: string; count: number } {
  let count = 0;
  let out = text;
  for (const [re, repl] of RULES) {
    out = out.replace(re, (...m: unknown[]) => {
      const s = repl(...(m.filter((x) => typeof x === 'string') as string[]));
      if (s !== m[0]) count++;
      return s;
    });
  }
  return { text: out, count };
}

const JSON_SECRET_KEY = new RegExp(`^${SECRET_KEY}s?$`, 'i');
const STRING = /"(?:[^"\\]|\\.)*"/y;

// JSON text redacted value by value: each string literal is masked on its own (a match never swallows the rest of
// the document), a string under a secret-looking key is masked whole, and the layout (and line numbers) stay.
export function redactJsonText(text: string): { text: string; count: number } {
  let count = 0;
  let out = '';
  let i = 0;
  let secretNext = false;
  while (i < text.length) {
    const q = text.indexOf('"', i);
    if (q < 0) {
      out += text.slice(i);
      break;
    }
    out += text.slice(i, q);
    STRING.lastIndex = q;
    const m = STRING.exec(text);
    if (!m) {
      out += text.slice(q);
      break;
    }
    const lit = m[0];
    i = q + lit.length;
    let value: string;
    try {
      value = JSON.parse(lit) as string;
    } catch {
      out += lit;
      continue;
    }
    const after = /^\s*:/.test(text.slice(i, i + 64));
    if (after) {
      secretNext = JSON_SECRET_KEY.test(value);
      out += lit;
      continue;
    }
    if (secretNext && value !== '') {
      count++;
      out += '"[REDACTED]"';
    } else {
      const r = redact(value);
      count += r.count;
      out += r.count ? JSON.stringify(r.text) : lit;
    }
    secretNext = false;
  }
  return { text: out, count };
}

// Redact one collected file: JSON artifacts value by value, everything else as text.
export function redactArtifact(name: string, text: string): { text: string; count: number } {
  return name.endsWith('.json') ? redactJsonText(text) : redact(text);
}
