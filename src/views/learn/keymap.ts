// The walkthrough's keys, one declarative map: the hint bar and the help come from it (as in the main UI).
import type { Lang } from '../../i18n/lang.js';
import { type Binding, helpText, hintLine } from '../keys.js';

export type LearnAction =
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'top'
  | 'bottom'
  | 'pane'
  | 'enter'
  | 'next'
  | 'prev'
  | 'back'
  | 'lang'
  | 'help'
  | 'quit';

export type LearnKey = Binding<LearnAction>;

export const LEARN_KEYS: LearnKey[] = [
  { keys: ['up', 'k'], action: 'up', label: '↑/k', help: { en: 'previous item', 'zh-TW': '上一項' } },
  {
    keys: ['down', 'j'],
    action: 'down',
    label: '↓/j',
    help: { en: 'next item', 'zh-TW': '下一項' },
    hint: { en: 'move', 'zh-TW': '移動' },
  },
  {
    keys: ['pageup', 'C-b'],
    action: 'pageUp',
    label: 'PgUp',
    help: { en: 'page up (the list, or the output)', 'zh-TW': '上一頁（清單或輸出）' },
  },
  {
    keys: ['pagedown', 'space', 'C-f'],
    action: 'pageDown',
    label: 'PgDn',
    help: { en: 'page down (the list, or the output)', 'zh-TW': '下一頁（清單或輸出）' },
  },
  { keys: ['g', 'home'], action: 'top', label: 'g', help: { en: 'to the top', 'zh-TW': '到最上面' } },
  { keys: ['G', 'end'], action: 'bottom', label: 'G', help: { en: 'to the bottom', 'zh-TW': '到最下面' } },
  {
    keys: ['tab'],
    action: 'pane',
    label: 'tab',
    help: { en: 'switch between the list and the output', 'zh-TW': '在清單與輸出之間切換' },
  },
  {
    keys: ['enter'],
    action: 'enter',
    label: 'enter',
    help: { en: 'run the command / pick this cause / start the exercise', 'zh-TW': '執行指令/選這個原因/開始練習' },
    hint: { en: 'choose', 'zh-TW': '選擇' },
  },
  {
    keys: ['n', 'right'],
    action: 'next',
    label: 'n',
    help: { en: 'next step', 'zh-TW': '下一步' },
    hint: { en: 'next step', 'zh-TW': '下一步' },
  },
  { keys: ['p', 'left'], action: 'prev', label: 'p', help: { en: 'previous step', 'zh-TW': '上一步' } },
  {
    keys: ['escape'],
    action: 'back',
    label: 'esc',
    help: {
      en: 'back one level: from the output to the list, from the exercise to the list of exercises (its progress kept)',
      'zh-TW': '返回上一層：從輸出回到清單，從練習回到練習清單（進度保留）',
    },
  },
  {
    keys: ['l'],
    action: 'lang',
    label: 'l',
    help: { en: 'English / 繁體中文', 'zh-TW': 'English / 繁體中文' },
    hint: { en: 'lang', 'zh-TW': '語言' },
  },
  {
    keys: ['?'],
    action: 'help',
    label: '?',
    help: { en: 'this help', 'zh-TW': '本說明' },
    hint: { en: 'help', 'zh-TW': '說明' },
  },
  {
    keys: ['q', 'C-c'],
    action: 'quit',
    label: 'q',
    help: { en: 'quit (progress is saved)', 'zh-TW': '離開（進度會保存）' },
    hint: { en: 'quit', 'zh-TW': '離開' },
  },
];

const BY_KEY = new Map(LEARN_KEYS.flatMap((b) => b.keys.map((k) => [k, b.action] as const)));

export const learnAction = (key: string): LearnAction | undefined => BY_KEY.get(key);

// The hint bar for a width (help and quit always stay).
export function learnHints(lang: Lang, width: number): string {
  return hintLine(LEARN_KEYS, lang, width);
}

// Help lines, every binding with all of its keys.
export function learnHelp(lang: Lang): string[] {
  return helpText(LEARN_KEYS, lang);
}
