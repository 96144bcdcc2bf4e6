// Shell words built from captured names: every interpolated value is one word, and no newline or control
// character ever reaches a printed command (a node, netns or interface name may be hostile).

/** Characters that need no quoting in any POSIX shell word. */
const PLAIN = /^[A-Za-z0-9._@%+=:,/-]+$/;
// C0 controls, DEL and C1 controls
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

// One shell word for any value: bare when plain, '…' otherwise, $'…' when it holds control characters.
export function shq(value: string | number): string {
  const v = String(value);
  if (PLAIN.test(v)) return v;
  if (!CONTROL.test(v)) return `'${v.replace(/'/g, `'\\''`)}'`;
  const body = [...v]
    .map((c) => {
      const n = c.codePointAt(0)!;
      if (c === '\\' || c === "'") return `\\${c}`;
      if (n < 0x20 || n === 0x7f) return `\\x${n.toString(16).padStart(2, '0')}`;
      if (n >= 0x80 && n <= 0x9f) return `\\u${n.toString(16).padStart(4, '0')}`;
      return c;
    })
    .join('');
  return `$'${body}'`;
}

/** Text placed into a command as it is (a fixed word, an already quoted part, a placeholder). */
export interface Raw {
  readonly raw: string;
}

// Mark text that must not be quoted again (it is a trusted literal or already built with sh``).
export const raw = (s: string): Raw => ({ raw: s });

// Tagged template for commands: `sh\`ip link set ${name} up\`` quotes each value as one word.
export function sh(parts: TemplateStringsArray, ...values: (string | number | Raw)[]): string {
  let out = parts[0]!;
  values.forEach((v, i) => {
    out += typeof v === 'object' ? v.raw : shq(v);
    out += parts[i + 1]!;
  });
  return out;
}

// Text for a `# comment` after a command: anything may stand there except a line break or a control character.
export function commentText(value: string | number): string {
  return String(value).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?');
}

// One shell word that reads well when it holds a whole command for `sh -c`: "…" when nothing in it is special
// inside double quotes, else shq's form.
export function shqCommand(value: string): string {
  return /^[^"$`\\!\u0000-\u001f\u007f-\u009f]*$/.test(value) ? `"${value}"` : shq(value);
}
