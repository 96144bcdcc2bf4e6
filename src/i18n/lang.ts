// The languages we write in, how one is picked (--lang or the locale), placeholders, and the few UI words views print.

/** Every text we print exists in these languages. */
export type Lang = 'en' | 'zh-TW';

// The other language (the `l` key switches between the two).
export function otherLang(lang: Lang): Lang {
  return lang === 'en' ? 'zh-TW' : 'en';
}

/** One sentence (or word) in every language. */
export type Text = Record<Lang, string>;

// A text in both languages: the only way our sources write one (notes, UI words, labels).
export function text(en: string, zhTW: string): Text {
  return { en, 'zh-TW': zhTW };
}

// One text in one language, its `{name}` placeholders filled: the only way a view turns a Text into a string.
export function msg(lang: Lang, t: Text, params?: Record<string, string | number>): string {
  return params ? fill(t[lang], params) : t[lang];
}

// A set of words in one language, for a view that prints several of them.
export function wordsIn<K extends string>(lang: Lang, words: Record<K, Text>): Record<K, string> {
  return Object.fromEntries(Object.entries<Text>(words).map(([k, t]) => [k, t[lang]])) as Record<K, string>;
}

// "1 host" / "3 hosts" in English; Chinese has no plural form (the count and the word).
export function plural(lang: Lang, n: number, word: { en: [one: string, other: string]; 'zh-TW': string }): string {
  return lang === 'en' ? `${n} ${n === 1 ? word.en[0] : word.en[1]}` : `${n} ${word['zh-TW']}`;
}

// Punctuation between words of ours and what follows, as each language writes it: "fix: ", "修正："
// (Taiwan's full-width marks take no space after them).
export const colon = (lang: Lang): string => (lang === 'zh-TW' ? '：' : ': ');
export const comma = (lang: Lang): string => (lang === 'zh-TW' ? '，' : ', ');
export const semicolon = (lang: Lang): string => (lang === 'zh-TW' ? '；' : '; ');

// Fill `{name}` placeholders; an unknown placeholder stays visible rather than vanishing.
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (params[k] === undefined ? m : String(params[k])));
}

// `--lang` wins; otherwise LC_ALL / LC_MESSAGES / LANG naming Taiwan, Hong Kong or Hant script gives zh-TW.
export function detectLang(flag: string | undefined, env: NodeJS.ProcessEnv): Lang {
  if (flag) return /^zh/i.test(flag) ? 'zh-TW' : 'en';
  const loc = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return /^zh[_-](TW|HK|MO)|^zh[_-]Hant/i.test(loc) ? 'zh-TW' : 'en';
}

const UI = {
  evidence: text('evidence', '證據'),
  fix: text('fix', '修正'),
  ok: text('no findings', '沒有發現問題'),
  notCollected: text('not collected', '未擷取'),
  warnings: text('parse warnings', '解析警告'),
  hosts: text('hosts', '主機'),
  critical: text('critical', '嚴重'),
  warning: text('warning', '警告'),
  info: text('info', '資訊'),
  summary: text('Summary', '摘要'),
  findings: text('Findings', '發現'),
  wholeFile: text('whole file', '整個檔案'),
  analyzerFailed: text('analyzer failed', '分析器失敗'),
  more: text('more', '更多'),
  notDiagnosed: text(
    'Not diagnosed (nothing was collected from these: no finding in this report speaks for them)',
    '未診斷（這些目標完全沒有擷取到資料，本報告的結果不涵蓋它們）',
  ),
  partial: text('partial', '不完整'),
  coverage: text('Coverage', '涵蓋範圍'),
  manifest: text('manifest', '資源定義'),
} satisfies Record<string, Text>;

export type UiWord = keyof typeof UI;

// One UI word in one language.
export function ui(lang: Lang, w: UiWord): string {
  return UI[w][lang];
}

// `3 of 4 targets collected (1 partial)`: the first thing a report says about itself.
export function coverageLine(n: { collected: number; total: number; partial: number }, lang: Lang = 'en'): string {
  const partial = n.partial ? msg(lang, text(' ({partial} partial)', '（{partial} 個不完整）'), n) : '';
  const total = plural(lang, n.total, { en: ['target', 'targets'], 'zh-TW': '個目標' });
  return msg(lang, text('{collected} of {total} collected', '已擷取 {collected} / {total}'), { ...n, total }) + partial;
}
