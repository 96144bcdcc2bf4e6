// Cutting text to a pane: display width with CJK, tabs at 8-column stops, escaping blessed's tag braces.
import { describe, expect, it } from 'vitest';
import { esc, expandTabs, fit as fitText, scrolled, windowOf } from '../../../src/views/tui/text.js';

describe('pane text', () => {
  it('tabs go to the next multiple of 8 columns, counting wide characters as two', () => {
    expect(expandTabs('0:\tfrom all lookup local')).toBe('0:      from all lookup local');
    expect(expandTabs('32766:\tfrom')).toBe('32766:  from');
    expect(expandTabs('中文\tx')).toBe('中文    x');
  });
  it('fit pads or cuts to exact display width with an ellipsis, and escapes braces', () => {
    expect(fitText('abc', 5)).toBe('abc  ');
    expect(fitText('abcdefgh', 5)).toBe('abcd…');
    expect(fitText('繁體中文字', 7)).toBe('繁體中…');
    expect(fitText('{red-fg}', 10)).toBe(`${esc('{red-fg}')}  `);
  });
  it('windows keep the cursor visible; scrolling is clamped to the content', () => {
    const xs = Array.from({ length: 100 }, (_, i) => i);
    expect(windowOf(xs, 50, 10)).toEqual({ top: 41, items: xs.slice(41, 51) });
    expect(scrolled(xs, 1000, 10)).toEqual(xs.slice(90));
  });
});
