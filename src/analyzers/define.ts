// One finding is one file: `defineAnalyzer` takes its id, summary, per-variant severity and texts in every
// language, and `run()`; the compiler checks that each finding's params fill exactly its variant's placeholders.
import type { Lang, Text } from '../i18n/lang.js';
import type { Snapshot } from '../snapshot/types.js';
import type { Evidence, FixLine, Manifest, Note, RawFinding, Severity, TraceProof } from './types.js';

/** Texts of one variant; `{name}` placeholders are filled from the finding's params. */
export interface VariantDef {
  /** The usual severity of this variant (an analyzer may pass another for one finding, with a reason). */
  severity: Severity;
  title: Text;
  explanation: Text;
}

/** The `{name}` placeholders of a text, as a union of names. */
export type Holes<S extends string> = S extends `${string}{${infer K}}${infer Rest}` ? K | Holes<Rest> : never;

type TextsOf<V extends VariantDef> = V['title'][Lang] | V['explanation'][Lang];

/** The params a variant needs: one value for each placeholder in any of its texts, and nothing else. */
export type ParamsOf<V extends VariantDef> = { [K in Holes<TextsOf<V>>]: string | number };

/** Everything a finding carries besides its id, variant and texts. */
export interface FindingBody<P> {
  target: string;
  params: P;
  evidence: Evidence[];
  fix: FixLine[];
  severity?: Severity;
  notes?: Note[];
  manifest?: Manifest<Note>;
  trace?: TraceProof;
}

/** Builds one finding of this analyzer: the variant picks the texts, and params must fit them. */
export type FindingMaker<V extends Record<string, VariantDef>> = <K extends keyof V & string>(
  variant: K,
  body: FindingBody<ParamsOf<V[K]>>,
) => RawFinding<string>;

/** What the registry holds: an analyzer with its catalog entry. */
export interface Analyzer<Id extends string = string> {
  id: Id;
  summary: Text;
  variants: Record<string, VariantDef>;
  /** Pure: snapshot in, findings out; never runs a command. */
  run(snap: Snapshot): RawFinding<string>[];
}

// Define an analyzer and its catalog entry in one place.
export function defineAnalyzer<const Id extends string, const V extends Record<string, VariantDef>>(def: {
  id: Id;
  summary: Text;
  variants: V;
  run(snap: Snapshot, finding: FindingMaker<V>): RawFinding<string>[];
}): Analyzer<Id> {
  const finding: FindingMaker<V> = (variant, b) => ({
    id: def.id,
    variant,
    severity: b.severity ?? def.variants[variant]!.severity,
    target: b.target,
    params: b.params as Record<string, string | number>,
    evidence: b.evidence,
    fix: b.fix,
    ...(b.notes ? { notes: b.notes } : {}),
    ...(b.manifest ? { manifest: b.manifest } : {}),
    ...(b.trace ? { trace: b.trace } : {}),
  });
  return { id: def.id, summary: def.summary, variants: def.variants, run: (snap) => def.run(snap, finding) };
}
