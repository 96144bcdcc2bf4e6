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
      lines.push(line.trimEnd());
      line = '';
      lw = 0;
    }
    line += tok;
    lw += tw;
  }
  if (line.trim()) lines.push(line.trimEnd());
  return lines;
}
