// Shared shapes for every parser: facts remember where they came from, problems become warnings.

/** Where a fact was read: bundle-relative file, 1-based line, and the line's text. */
export interface Source {
  file: string;
  line: number;
  text: string;
}

/** Something a parser could not read; never fatal. */
export interface ParseWarning {
  file: string;
  line: number;
  message: string;
  text?: string;
}

export interface ParseResult<T> {
  value: T;
  warnings: ParseWarning[];
}

/** A parser reads one file's text (bundle-relative name for provenance). */
export type Parser<T> = (text: string, file: string) => ParseResult<T>;
