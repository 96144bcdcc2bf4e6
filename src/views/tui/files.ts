// What the UI writes to disk (the report, a finding's fix as a script), and the one rule for it: a file this
// session did not write is never overwritten. The only file I/O of the UI; the clipboard goes through OSC 52.
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Finding } from '../../analyzers/types.js';
import { type Lang, msg, text } from '../../i18n/lang.js';
import type { Report } from '../../report.js';
import { renderJson } from '../json.js';
import { renderMarkdown } from '../markdown.js';

/** Where the UI writes (tests give their own). */
export interface FilePort {
  write(path: string, text: string): void;
  /** Is there a file at this path already? (never overwritten unless this session wrote it) */
  exists?(path: string): boolean;
}

export const diskFiles: FilePort = { write: (path, t) => writeFileSync(path, t), exists: existsSync };

// The UI's writer under `cwd`: each action returns the line to say, and the text it copied (for the clipboard).
export function uiWriter(files: FilePort, cwd: string) {
  // files this session wrote: writing them again is fine, anything else already there is someone else's
  const ours = new Set<string>();
  const writeOurs = (path: string, t: string, lang: Lang): void => {
    if (!ours.has(path) && files.exists?.(path))
      throw new Error(
        msg(
          lang,
          text(
            'it exists and kube-netdiag did not write it: name another file',
            '檔案已存在，且不是 kube-netdiag 寫的：請換個檔名',
          ),
        ),
      );
    files.write(path, t);
    ours.add(path);
  };
  return {
    // The report as Markdown or JSON, in the language on screen; a relative name is under cwd, an absolute one
    // is taken as it is.
    report(report: Report | undefined, kind: 'md' | 'json', lang: Lang, file?: string): string {
      if (!report) return msg(lang, text('nothing to export yet', '還沒有可匯出的內容'));
      const path = resolve(cwd, file ?? `kube-netdiag-report.${kind}`);
      try {
        writeOurs(path, kind === 'md' ? renderMarkdown(report, lang) : renderJson(report, lang), lang);
        return `${msg(lang, text('wrote', '已寫入'))} ${path}`;
      } catch (e) {
        return `${msg(lang, text('cannot write', '無法寫入'))} ${path}: ${(e as Error).message}`;
      }
    },
    // A finding's fix as a script to read, then run (it stops at the first command that fails).
    fix(f: Finding | undefined, lang: Lang): { say: string; copied?: string } {
      if (!f || f.fix.length === 0) return { say: msg(lang, text('no fix commands to copy', '沒有可複製的修正指令')) };
      const script = `${f.fix.join('\n')}\n`;
      const path = resolve(cwd, `kube-netdiag-fix-${f.id}.sh`);
      const line = (t: string) => t.replace(/[\u0000-\u001f\u007f]/g, ' ');
      const head = `#!/bin/sh\n# ${line(f.title)}\n# kube-netdiag ${f.id} on ${line(f.target)}: review before running.\nset -e\n`;
      try {
        writeOurs(path, `${head}${script}`, lang);
      } catch (e) {
        return { say: (e as Error).message };
      }
      const said = msg(
        lang,
        text('copied fix to the clipboard (OSC 52) and', '已複製修正指令到剪貼簿（OSC 52）並寫入'),
      );
      return { say: `${said} ${path}`, copied: script };
    },
  };
}
