import { RAW_TEXT_NORMALIZATION, tokenizeWords, type TextNormalization } from '../text/normalize';
import { wordErrorRate, type WordAlignmentEntry } from '../text/wer';

/**
 * Findings for a transcript compared with a reference transcript (a gold answer or a reviewer's fix),
 * from the word alignment of `wer.ts` after the default normalisation (case, punctuation and tags
 * ignored). Offsets are UTF-16 positions in the raw strings, so the client can strike and insert words
 * where they were typed.
 */
export type TranscriptFindingType =
  /** A reference word transcribed as another word. Magnitude: 1. */
  | 'substitution'
  /** A reference word missing from the transcript. Magnitude: 1. */
  | 'deletion'
  /** A word in the transcript that the reference does not have. Magnitude: 1. */
  | 'insertion'
  /**
   * A glossary term of the project (a name, a product, jargon; one or more words) that the reference
   * has and the transcript gets wrong. Replaces the substitutions and deletions inside the term, so one
   * wrong term is one finding. Magnitude: the term's words that are wrong.
   */
  | 'glossary_term'
  /** Raw WER above normalised WER: punctuation or casing differs. One per transcript. Magnitude: raw − normalised WER. */
  | 'punctuation_casing';

/** Where a finding or diff step sits in the raw texts, as UTF-16 ranges with the end exclusive. */
export interface TextRanges {
  /** Range in the raw reference. */
  readonly refStart?: number;
  readonly refEnd?: number;
  /** Range in the raw transcript. */
  readonly hypStart?: number;
  readonly hypEnd?: number;
}

/** One transcript finding; `message` is the one-line explanation for the labeler. */
export interface TranscriptFinding extends TextRanges {
  readonly type: TranscriptFindingType;
  readonly magnitude: number;
  readonly message: string;
  /** The reference word(s) concerned, normalised. */
  readonly ref?: string;
  /** The transcript's word(s) concerned, normalised. */
  readonly hyp?: string;
  /** `glossary_term`: the term as the glossary spells it. */
  readonly term?: string;
}

/**
 * One step of the word diff, in reading order, for drawing it: `equal` words, a `substitute`d word, a
 * reference word the transcript lacks (`delete`), a word it adds (`insert`). `ref` / `hyp` are the words
 * as typed (raw, not normalised); offsets as in {@link TranscriptFinding}. `term` is set on the steps
 * inside a glossary term that is wrong.
 */
export interface TranscriptDiffPiece extends TextRanges {
  readonly op: 'equal' | 'substitute' | 'delete' | 'insert';
  readonly ref?: string;
  readonly hyp?: string;
  readonly term?: string;
}

/** The outcome of {@link compareTranscript}. */
export interface TranscriptComparison {
  readonly findings: TranscriptFinding[];
  /** The word diff after the default normalisation, every reference and transcript word once. */
  readonly diff: TranscriptDiffPiece[];
  /** Reference words (normalised) and how many of them the transcript has right (H of jiwer). */
  readonly referenceWords: number;
  readonly hits: number;
  /** Words the transcript adds (I of jiwer). */
  readonly insertions: number;
  /** WER after the default normalisation. */
  readonly wer: number;
  /** WER with almost nothing normalised (jiwer's default). */
  readonly rawWer: number;
}

/**
 * Compares a transcript with its reference and returns typed findings in reading order (each glossary
 * term where it starts), then `punctuation_casing` if any. An identical transcript has none; one that
 * differs only in case or punctuation has only `punctuation_casing`.
 */
export function compareTranscript(
  reference: string,
  hypothesis: string,
  options: { glossary?: readonly string[]; normalization?: Partial<TextNormalization> } = {},
): TranscriptComparison {
  const norm = wordErrorRate(reference, hypothesis, options.normalization ?? {});
  const raw = wordErrorRate(reference, hypothesis, RAW_TEXT_NORMALIZATION);
  const refTok = norm.referenceTokens;
  const hypTok = norm.hypothesisTokens;
  const al = norm.alignment;

  // Position in the alignment of each reference word.
  const refPos = new Int32Array(refTok.length).fill(-1);
  al.forEach((e, i) => {
    if (e.refIndex !== undefined) refPos[e.refIndex] = i;
  });

  const covered = new Set<number>();
  const termAt = new Map<number, string>();
  const glossaryAt = new Map<number, TranscriptFinding>();
  for (const term of options.glossary ?? []) {
    const words = tokenizeWords(term, options.normalization ?? {}).map((t) => t.text);
    if (words.length === 0) continue;
    for (let r = 0; r + words.length <= refTok.length; r++) {
      if (!words.every((w, k) => refTok[r + k]!.text === w)) continue;
      const from = refPos[r]!;
      const to = refPos[r + words.length - 1]!;
      const span = al.slice(from, to + 1);
      const wrong = span.filter((e) => e.op !== 'equal').length;
      if (wrong === 0) continue;
      for (let i = from; i <= to; i++) {
        covered.add(i);
        termAt.set(i, term);
      }
      const hyps = span.filter((e) => e.hypIndex !== undefined).map((e) => hypTok[e.hypIndex!]!);
      const hypText = hyps.map((t) => t.text).join(' ');
      glossaryAt.set(from, {
        type: 'glossary_term',
        magnitude: span.filter((e) => e.refIndex !== undefined && e.op !== 'equal').length || wrong,
        message: hyps.length > 0 ? `the glossary term "${term}" is written "${hypText}"` : `the glossary term "${term}" is missing`,
        term,
        ref: words.join(' '),
        ...(hyps.length > 0 ? { hyp: hypText, hypStart: hyps[0]!.start, hypEnd: hyps[hyps.length - 1]!.end } : {}),
        refStart: refTok[r]!.start,
        refEnd: refTok[r + words.length - 1]!.end,
      });
    }
  }

  const findings: TranscriptFinding[] = [];
  al.forEach((e, i) => {
    const g = glossaryAt.get(i);
    if (g) findings.push(g);
    if (covered.has(i) || e.op === 'equal') return;
    findings.push(wordFinding(e, refTok, hypTok));
  });
  const extra = raw.wer - norm.wer;
  if (extra > 1e-9) {
    findings.push({
      type: 'punctuation_casing',
      magnitude: Math.round(extra * 1e4) / 1e4,
      message: `punctuation or capitals differ from the reference (WER ${pct(raw.wer)} as typed, ${pct(norm.wer)} on the words alone)`,
    });
  }
  const diff = al.map((e, i): TranscriptDiffPiece => {
    const r = e.refIndex !== undefined ? refTok[e.refIndex]! : null;
    const h = e.hypIndex !== undefined ? hypTok[e.hypIndex]! : null;
    const term = termAt.get(i);
    return {
      op: e.op,
      ...(r ? { ref: reference.slice(r.start, r.end), refStart: r.start, refEnd: r.end } : {}),
      ...(h ? { hyp: hypothesis.slice(h.start, h.end), hypStart: h.start, hypEnd: h.end } : {}),
      ...(term !== undefined ? { term } : {}),
    };
  });
  return { findings, diff, referenceWords: norm.referenceWords, hits: norm.hits, insertions: norm.insertions, wer: norm.wer, rawWer: raw.wer };
}

function wordFinding(e: WordAlignmentEntry, refTok: readonly { text: string; start: number; end: number }[], hypTok: readonly { text: string; start: number; end: number }[]): TranscriptFinding {
  const r = e.refIndex !== undefined ? refTok[e.refIndex]! : null;
  const h = e.hypIndex !== undefined ? hypTok[e.hypIndex]! : null;
  const at = { ...(r ? { ref: r.text, refStart: r.start, refEnd: r.end } : {}), ...(h ? { hyp: h.text, hypStart: h.start, hypEnd: h.end } : {}) };
  if (e.op === 'substitute') return { type: 'substitution', magnitude: 1, message: `"${r!.text}" is written "${h!.text}"`, ...at };
  if (e.op === 'delete') return { type: 'deletion', magnitude: 1, message: `"${r!.text}" is missing`, ...at };
  return { type: 'insertion', magnitude: 1, message: `"${h!.text}" is not said here`, ...at };
}

function pct(v: number): string {
  return `${Math.round(v * 1000) / 10}%`;
}
