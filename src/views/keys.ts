// What the two keymaps (the main UI and the walkthrough) share: the hint bar and the help screen, generated
// from the bindings, so neither can drift from the keys.
import { type Lang, msg, text } from '../i18n/lang.js';
import { displayWidth } from './width.js';

export interface Binding<A extends string> {
  keys: string[];
  action: A;
  label: string;
  help: Record<Lang, string>;
  /** Shown in the hint bar (the most used keys only). */
  hint?: Record<Lang, string>;
}

// The hint bar: the bindings marked for it that fit in `width`, always ending with help and quit.
export function hintLine<A extends string>(bindings: Binding<A>[], lang: Lang, width = Infinity): string {
  const items = bindings
    .filter((b) => b.hint)
    .map((b) => ({ action: b.action as string, text: `<${b.label}> ${b.hint![lang]}` }));
  const must = items.filter((i) => i.action === 'help' || i.action === 'quit');
  const rest = items.filter((i) => !must.includes(i));
  while (rest.length > 0 && displayWidth([...rest, ...must].map((i) => i.text).join('  ')) > width) rest.pop();
  return [...rest, ...must].map((i) => i.text).join('  ');
}

// The help screen: a title, then every binding with all of its keys, keys and description apart by a tab (the
// overlay lays them out in columns for its width).
export function helpText<A extends string>(bindings: Binding<A>[], lang: Lang): string[] {
  return [msg(lang, text('Keys', '按鍵')), '', ...bindings.map((b) => `${b.keys.join(', ')}\t${b.help[lang]}`)];
}
