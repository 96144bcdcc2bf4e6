import { describe, expect, it } from 'vitest';
import { displayWidth, wrap } from '../../src/views/width.js';

describe('terminal width', () => {
  it('CJK characters take two cells', () => {
    expect(displayWidth('bridge 處於 DOWN')).toBe(16);
  });
  it('wraps Latin text at words and CJK text between characters, never past the width', () => {
    const en = wrap('The kernel neither sends nor receives on it, so its addresses are dead.', 20);
    expect(en.every((l) => displayWidth(l) <= 20)).toBe(true);
    expect(en.join(' ')).toBe('The kernel neither sends nor receives on it, so its addresses are dead.');
    const zh = wrap('核心不會在這個介面上收發任何封包，因此它的位址全部失效。', 20);
    expect(zh.every((l) => displayWidth(l) <= 20)).toBe(true);
    expect(zh.join('')).toBe('核心不會在這個介面上收發任何封包，因此它的位址全部失效。');
  });
});
