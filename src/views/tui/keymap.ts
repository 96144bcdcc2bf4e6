// Every key of the terminal UI in one declarative map (k9s style): key → named action, with its help text.
// The help screen (`?`) and the hint bar are generated from this map, so they cannot drift from the keys.
import { type Lang, msg, text } from '../../i18n/lang.js';
import { type Binding, helpText, hintLine } from '../keys.js';
import { VIEW_LIST, type ViewName } from './views/index.js';

export type Action =
  | 'up'
  | 'down'
  | 'pageUp'
  | 'pageDown'
  | 'top'
  | 'bottom'
  | 'nextPane'
  | 'prevPane'
  | 'enter'
  | 'back'
  | 'prevItem'
  | 'nextItem'
  | 'filter'
  | 'command'
  | 'help'
  | 'export'
  | 'exportJson'
  | 'yank'
  | 'lang'
  | 'recollect'
  | 'demo'
  | 'describe'
  | 'commands'
  | 'sortSeverity'
  | 'sortId'
  | 'sortTarget'
  | 'quit'
  | 'nextMatch'
  | `view:${ViewName}`;

export type KeyBinding = Binding<Action>;

export const KEYMAP: KeyBinding[] = [
  { keys: ['up', 'k'], action: 'up', label: '↑/k', help: { en: 'move up', 'zh-TW': '上移' } },
  {
    keys: ['down', 'j'],
    action: 'down',
    label: '↓/j',
    help: { en: 'move down', 'zh-TW': '下移' },
    hint: { en: 'move', 'zh-TW': '移動' },
  },
  { keys: ['pageup', 'C-b'], action: 'pageUp', label: 'PgUp', help: { en: 'page up', 'zh-TW': '上一頁' } },
  {
    keys: ['pagedown', 'C-f', 'space'],
    action: 'pageDown',
    label: 'PgDn',
    help: { en: 'page down', 'zh-TW': '下一頁' },
  },
  { keys: ['g', 'home'], action: 'top', label: 'g', help: { en: 'first row', 'zh-TW': '第一列' } },
  { keys: ['G', 'end'], action: 'bottom', label: 'G', help: { en: 'last row', 'zh-TW': '最後一列' } },
  {
    keys: ['left'],
    action: 'prevItem',
    label: '←',
    help: { en: 'previous file (:raw)', 'zh-TW': '上一個檔案（:raw）' },
  },
  { keys: ['right'], action: 'nextItem', label: '→', help: { en: 'next file (:raw)', 'zh-TW': '下一個檔案（:raw）' } },
  {
    keys: ['tab'],
    action: 'nextPane',
    label: 'tab',
    help: { en: 'next pane', 'zh-TW': '下一個窗格' },
    hint: { en: 'pane', 'zh-TW': '窗格' },
  },
  { keys: ['S-tab'], action: 'prevPane', label: 'S-tab', help: { en: 'previous pane', 'zh-TW': '上一個窗格' } },
  {
    keys: ['enter'],
    action: 'enter',
    label: 'enter',
    help: {
      en: 'drill in (target → findings → detail; expand a chain)',
      'zh-TW': '深入（目標 → 發現 → 詳情；展開鏈）',
    },
    hint: { en: 'open', 'zh-TW': '開啟' },
  },
  {
    keys: ['escape'],
    action: 'back',
    label: 'esc',
    help: { en: 'back (close help, prompt or view)', 'zh-TW': '返回（關閉說明、輸入列或檢視）' },
    hint: { en: 'back', 'zh-TW': '返回' },
  },
  {
    keys: ['/'],
    action: 'filter',
    label: '/',
    help: {
      en: 'filter the table (regex); search in :raw; destination in :routes; name in :dns',
      'zh-TW': '篩選表格（regex）；:raw 中搜尋；:routes 中輸入目的地；:dns 中輸入名稱',
    },
    hint: { en: 'filter', 'zh-TW': '篩選' },
  },
  {
    keys: ['n'],
    action: 'nextMatch',
    label: 'n',
    help: { en: 'next search match (:raw)', 'zh-TW': '下一個符合處（:raw）' },
  },
  {
    keys: [':'],
    action: 'command',
    label: ':',
    help: {
      en: `command: ${VIEW_LIST.map((v) => v.name).join(' ')} export json lang demo help quit`,
      'zh-TW': `指令：${VIEW_LIST.map((v) => v.name).join(' ')} export json lang demo help quit`,
    },
    hint: { en: 'cmd', 'zh-TW': '指令' },
  },
  // one key per view, from the view registry
  ...VIEW_LIST.map(
    (v): KeyBinding => ({
      keys: [v.key],
      action: `view:${v.name}`,
      label: v.key,
      help: { en: `view :${v.name} (${v.help.en})`, 'zh-TW': `檢視 :${v.name}(${v.help['zh-TW']})` },
    }),
  ),
  {
    keys: ['y'],
    action: 'yank',
    label: 'y',
    help: {
      en: 'copy the fix commands (file + OSC 52 clipboard)',
      'zh-TW': '複製修正指令（寫入檔案並送到 OSC 52 剪貼簿）',
    },
    hint: { en: 'copy fix', 'zh-TW': '複製修正' },
  },
  {
    keys: ['e'],
    action: 'export',
    label: 'e',
    help: { en: 'export the report as Markdown', 'zh-TW': '將報告匯出為 Markdown' },
  },
  {
    keys: ['E'],
    action: 'exportJson',
    label: 'E',
    help: { en: 'export the report as JSON', 'zh-TW': '將報告匯出為 JSON' },
  },
  {
    keys: ['l'],
    action: 'lang',
    label: 'l',
    help: { en: 'switch language （English / 繁體中文）', 'zh-TW': '切換語言（English / 繁體中文）' },
    hint: { en: 'lang', 'zh-TW': '語言' },
  },
  {
    keys: ['r'],
    action: 'recollect',
    label: 'r',
    help: { en: 're-collect (live sources)', 'zh-TW': '重新擷取（即時來源）' },
  },
  {
    keys: ['d'],
    action: 'describe',
    label: 'd',
    help: {
      en: 'describe: the selected finding, or target, in full (scrolls; esc closes)',
      'zh-TW': '描述：完整顯示選取的發現或目標（可捲動；esc 關閉）',
    },
    hint: { en: 'describe', 'zh-TW': '描述' },
  },
  {
    keys: ['S'],
    action: 'sortSeverity',
    label: 'S',
    help: { en: 'sort the findings by severity (again: reverse)', 'zh-TW': '依嚴重度排序發現（再按一次：反向）' },
  },
  {
    keys: ['I'],
    action: 'sortId',
    label: 'I',
    help: { en: 'sort the findings by id (again: reverse)', 'zh-TW': '依 id 排序發現（再按一次：反向）' },
  },
  {
    keys: ['T'],
    action: 'sortTarget',
    label: 'T',
    help: { en: 'sort the findings by target (again: reverse)', 'zh-TW': '依目標排序發現（再按一次：反向）' },
  },
  {
    keys: ['C-a'],
    action: 'commands',
    label: 'C-a',
    help: { en: 'every : command and view, with what it does', 'zh-TW': '列出所有 : 指令與檢視及其用途' },
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
    help: { en: 'quit', 'zh-TW': '離開' },
    hint: { en: 'quit', 'zh-TW': '離開' },
  },
];

/** `:` commands → actions (the command line accepts these names and their first letters). */
export const COMMANDS: Record<string, Action> = {
  ...Object.fromEntries(VIEW_LIST.map((v) => [v.name, `view:${v.name}` as const])),
  export: 'export',
  json: 'exportJson',
  lang: 'lang',
  help: 'help',
  demo: 'demo',
  quit: 'quit',
  q: 'quit',
};

const BY_KEY = new Map(KEYMAP.flatMap((b) => b.keys.map((k) => [k, b.action] as const)));

// The action bound to a blessed key name, if any.
export function actionFor(key: string): Action | undefined {
  return BY_KEY.get(key);
}

// Resolve a `:` command line ("nat", "routes 8.8.8.8", "t") to an action and its argument.
export function parseCommand(line: string): { action: Action; arg?: string } | { error: string } {
  const [word = '', ...rest] = line.trim().replace(/^:/, '').split(/\s+/);
  const w = word.toLowerCase();
  const exact = COMMANDS[w];
  const prefixed = Object.keys(COMMANDS).filter((c) => c.startsWith(w));
  const action = exact ?? (prefixed.length === 1 ? COMMANDS[prefixed[0]!] : undefined);
  if (!w || !action) return { error: `unknown command "${word}" (${Object.keys(COMMANDS).join(', ')})` };
  const arg = rest.join(' ');
  return { action, ...(arg ? { arg } : {}) };
}

// Every `:` command with what it does (ctrl-a), from the keymap's own help for its action.
export function commandLines(lang: Lang): string[] {
  const seen = new Set<Action>();
  const out: string[] = [msg(lang, text('Commands', '指令')), ''];
  for (const [name, action] of Object.entries(COMMANDS)) {
    if (seen.has(action)) continue;
    seen.add(action);
    const b = KEYMAP.find((k) => k.action === action);
    const help = b
      ? b.help[lang]
      : action === 'demo'
        ? msg(lang, text('open the bundled demo capture', '開啟內附的示範擷取'))
        : '';
    out.push(`:${name}\t${help}`);
  }
  return out;
}

// Complete the command word of a `:` line: the longest start every matching command shares, and which match.
export function completeCommand(line: string): { text: string; candidates: string[] } {
  if (/\s/.test(line.trim())) return { text: line, candidates: [] };
  const w = line.trim().toLowerCase();
  const candidates = Object.keys(COMMANDS).filter((c) => c.startsWith(w));
  if (candidates.length === 0) return { text: line, candidates };
  if (candidates.length === 1) return { text: `${candidates[0]} `, candidates };
  let common = candidates[0]!;
  for (const c of candidates) while (!c.startsWith(common)) common = common.slice(0, -1);
  return { text: common.length > w.length ? common : line, candidates };
}

// The hint bar for a width.
export function hintBar(lang: Lang, width = Infinity): string {
  return hintLine(KEYMAP, lang, width);
}

// The help screen's lines.
export function helpLines(lang: Lang): string[] {
  return helpText(KEYMAP, lang);
}
