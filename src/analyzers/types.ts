// The one small interface every analyzer implements, and the finding shapes they return.
import type { Path } from '../snapshot/trace/packet.js';
import type { Lang, Text } from '../i18n/lang.js';
import type { FindingId } from './index.js';

export type Severity = 'critical' | 'warning' | 'info';
export const SEVERITY_RANK: Record<Severity, number> = { critical: 3, warning: 2, info: 1 };

export interface Evidence {
  /** Bundle-relative file, e.g. `hosts/blue/ip-route.txt`. */
  source: string;
  /** 1-based line; 0 when the evidence is the file as a whole (e.g. "no nat table"). */
  line: number;
  text: string;
}

/** What an analyzer produces: language-free; texts come from the catalog with these params. */
export interface RawFinding<Id extends string = FindingId> {
  id: Id;
  severity: Severity;
  target: string;
  /** Which of the catalog's texts for this id applies. */
  variant: string;
  params: Record<string, string | number>;
  evidence: Evidence[];
  /** Shell commands, each runnable as printed (every captured value quoted); never a comment line. A command may
   *  carry a trailing comment in both languages. */
  fix: FixLine[];
  /** What to check or know where no command can be derived: sentences in both languages, never fake commands. */
  notes?: Note[];
  /** YAML to apply or merge (a pod spec fragment, a NetworkPolicy), shown as its own clearly marked block. */
  manifest?: Manifest<Note>;
  /** The traced packet that decided it (reachability findings), language-free like the rest. */
  trace?: TraceProof;
}

/** A trace kept in a finding: which packet, and each path's steps and end (the packet's own values left out). */
export interface TraceProof {
  /** Where the packet starts ("worker-1 cni0 10.244.0.2"). */
  from: string;
  /** Where it is going ("203.0.113.10:443/tcp"). */
  to: string;
  paths: Pick<Path, 'steps' | 'end' | 'probability' | 'assumptions' | 'reply'>[];
}

// The proof a finding keeps of traced paths.
export function traceProof(from: string, to: string, paths: Path[]): TraceProof {
  return {
    from,
    to,
    paths: paths.map((p) => ({
      steps: p.steps,
      end: p.end,
      probability: p.probability,
      assumptions: p.assumptions,
      ...(p.reply ? { reply: p.reply } : {}),
    })),
  };
}

/** One sentence in every language. */
export type Note = Text;

/** A fix command with a trailing comment saying what it is for, in both languages. */
export interface CommentedFix {
  cmd: string;
  comment: Note;
}
export type FixLine = string | CommentedFix;

// The fix entry as printed in a language: the command, then `   # ` and its comment.
export function fixText(e: FixLine, lang: Lang = 'en'): string {
  return typeof e === 'string' ? e : `${e.cmd}   # ${e.comment[lang]}`;
}

export interface Manifest<T = string> {
  /** What the YAML is and where it goes. */
  about: T;
  /** The YAML, line by line (each line is cleaned like any other text). */
  yaml: string[];
}

/** A finding as views and JSON consumers see it. */
export interface Finding {
  id: FindingId;
  severity: Severity;
  target: string;
  title: string;
  explanation: string;
  evidence: Evidence[];
  fix: string[];
  notes: string[];
  manifest?: Manifest;
  trace?: TraceProof;
}
