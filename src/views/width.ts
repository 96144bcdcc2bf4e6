// Display width of text in a terminal (East Asian wide characters take two cells) and wrapping by it.

// True for code points a terminal draws two cells wide (CJK, Hangul, full-width forms).
export function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

// Cells a string occupies.
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += isWide(ch.codePointAt(0)!) ? 2 : 1;
  return w;
}

// Wrap at word boundaries for Latin text and between any two wide characters for CJK.
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  let lw = 0;
  const tokens =
    text.match(
      /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]|[^\s\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]+|\s+/g,
    ) ?? [];
  for (const tok of tokens) {
    if (/^\s+$/.test(tok)) {
      if (lw > 0 && lw < width) {
        line += ' ';
        lw++;
      }
      continue;
    }
    const tw = displayWidth(tok);
    if (lw + tw > width && lw > 0) {
      // a closing mark never starts a line (Taiwan's line-breaking rule): the character before it goes down too
      let carry = '';
      if (NO_LINE_START.test(tok)) {
        const chars = [...line];
        while (chars.length > 1 && NO_LINE_START.test(chars.at(-1)!)) carry = chars.pop()! + carry;
        if (chars.length > 1) carry = chars.pop()! + carry;
        else carry = '';
        if (carry) line = chars.join('');
      }
      lines.push(line.trimEnd());
      line = carry;
      lw = displayWidth(carry);
    }
    line += tok;
    lw += tw;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}

/** Marks a line may not start with: closing punctuation, full-width and not. */
const NO_LINE_START = /^[，。、：；？！）」』,.:;?!)]$/u;

// Cut captured text (a command, a rule, an output line: spacing matters, so none is collapsed) into lines of at most
// `width` cells: the first as is, the rest after `indent`. A break goes after a space when one sits in the later
// half of the piece, else mid-word.
export function wrapHanging(text: string, width: number, indent: string): string[] {
  const chars = [...text];
  const iw = displayWidth(indent);
  const out: string[] = [];
  let at = 0;
  while (at < chars.length) {
    const room = Math.max(1, out.length === 0 ? width : width - iw);
    let end = at;
    let w = 0;
    while (end < chars.length) {
      const cw = isWide(chars[end]!.codePointAt(0)!) ? 2 : 1;
      if (w + cw > room) break;
      w += cw;
      end++;
    }
    if (end < chars.length) {
      const space = chars.lastIndexOf(' ', end - 1);
      if (space >= at + Math.floor((end - at) / 2)) end = space + 1;
    }
    const piece = chars.slice(at, Math.max(end, at + 1)).join('');
    out.push(out.length === 0 ? piece.trimEnd() : `${indent}${piece.trimEnd()}`);
    at = Math.max(end, at + 1);
  }
  return out.length ? out : [''];
}

// Pad to `cells` terminal cells (CJK counts two), so columns line up whatever the language.
export function padCells(s: string, cells: number): string {
  return s + ' '.repeat(Math.max(0, cells - displayWidth(s)));
}
