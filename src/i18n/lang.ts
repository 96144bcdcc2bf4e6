// The languages we write in, how one is picked (--lang or the locale), placeholders, and the few UI words views print.

/** Every text we print exists in these languages. */
export type Lang = 'en' | 'zh-TW';
export const LANGS: readonly Lang[] = ['en', 'zh-TW'];

/** One sentence (or word) in every language. */
export type Text = Record<Lang, string>;

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
  en: {
    evidence: 'evidence',
    fix: 'fix',
    ok: 'no findings',
    notCollected: 'not collected',
    warnings: 'parse warnings',
    hosts: 'hosts',
    critical: 'critical',
    warning: 'warning',
    info: 'info',
    summary: 'Summary',
    findings: 'Findings',
    wholeFile: 'whole file',
    analyzerFailed: 'analyzer failed',
    more: 'more',
    notDiagnosed: 'Not diagnosed (nothing was collected from these: no finding in this report speaks for them)',
    partial: 'partial',
    coverage: 'Coverage',
    manifest: 'manifest',
  },
  'zh-TW': {
    evidence: '證據',
    fix: '修正',
    ok: '沒有發現問題',
    notCollected: '未擷取',
    warnings: '解析警告',
    hosts: '主機',
    critical: '嚴重',
    warning: '警告',
    info: '資訊',
    summary: '摘要',
    findings: '發現',
    wholeFile: '整個檔案',
    analyzerFailed: '分析器失敗',
    more: '更多',
    notDiagnosed: '未診斷(這些目標完全沒有擷取到資料,本報告的結果不涵蓋它們)',
    partial: '不完整',
    coverage: '涵蓋範圍',
    manifest: '資源定義',
  },
} as const satisfies Record<Lang, Record<string, string>>;

export type UiWord = keyof (typeof UI)['en'];

// One UI word in one language.
export function ui(lang: Lang, w: UiWord): string {
  return UI[lang][w];
}
