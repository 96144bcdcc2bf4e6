// Text that came from input, made safe for a terminal, a log or a Markdown file: control characters are shown
// as visible escapes, so no escape sequence (OSC 52 clipboard, title, screen clear) ever reaches the user's terminal.

/** C0 controls except tab and newline, DEL and C1 controls (0x9b is a one-byte CSI on some terminals). */
export const CONTROL_KEEP_NL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f]/g;

const show = (c: string): string => {
  const n = c.charCodeAt(0);
  if (c === '\t') return '\\t';
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  if (c === '\x1b') return '\\e';
  return n < 0x100 ? `\\x${n.toString(16).padStart(2, '0')}` : c;
};

// One line of input text: every control character, tab and line break included, becomes a visible escape.
export function cleanLine(s: string): string {
  return s.replace(CONTROL_ALL, show);
}

// A block of input text: line breaks and tabs stay, every other control character becomes a visible escape.
export function cleanBlock(s: string): string {
  return s.replace(CONTROL_KEEP_NL, show);
}

// Every string inside a plain data value (a report) cleaned as one line; used by the text and Markdown views.
export function cleanDeep<T>(v: T, depth = 0): T {
  if (typeof v === 'string') return cleanLine(v) as T;
  if (depth > 8 || v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map((x) => cleanDeep(x, depth + 1)) as T;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[k] = cleanDeep(x, depth + 1);
  return out as T;
}
