import type { AnnotationDocument } from '../../shared/annotation.schema';
import { segmentsByTime, type SegmentObject } from '../audio/segments';
import { tokenizeWords, type TextNormalization } from '../text/normalize';
import { assignMaxWeight, type WeightedPair } from './assignment';
import { compareTranscript, type TranscriptDiffPiece, type TranscriptFinding } from './transcript-findings';

/**
 * Findings for an audio transcription (segments with times, speaker, words and tags) compared with a
 * reference transcription (a gold answer or a reviewer's fix). The words are compared as one transcript:
 * each side's segment texts joined in time order with a space (see {@link joinTranscript}), by
 * `transcript-findings.ts`; then segments are matched by time overlap for the segment findings below.
 * Times in seconds of the clip.
 */
export type SegmentFindingType =
  /**
   * A reference segment's words attributed to another speaker (or to none): the answer segment that
   * overlaps it most in time has a different speaker (names compared trimmed, case ignored). Magnitude:
   * the reference segment's words.
   */
  | 'speaker_error'
  /**
   * A segment boundary more than the tolerance (project setting, default 0.2 s) away from the reference's,
   * segments matched one to one by optimal assignment on time IoU. Magnitude: the largest offset, s.
   */
  | 'segment_timing'
  /**
   * A tag (`inaudible`, `noise`, …) the reference segment has that no answer segment overlapping it in
   * time has (counted: two `noise` in the reference need two). One finding per missing tag. Magnitude: 1.
   */
  | 'missing_tag';

/** Every transcript finding type, word-level first, in the order they are listed. */
export const TRANSCRIPT_FINDING_TYPES = [
  'substitution', 'deletion', 'insertion', 'glossary_term', 'punctuation_casing', 'speaker_error', 'segment_timing', 'missing_tag',
] as const;

/** Default of the project's `segmentTimingToleranceSec`. */
export const DEFAULT_SEGMENT_TIMING_TOLERANCE_SEC = 0.2;

/** A boundary of a segment off the reference's: `offsetSec` > 0 is later than the reference, < 0 earlier (rounded to 0.01 s). */
export interface BoundaryOffset {
  readonly boundary: 'start' | 'end';
  readonly offsetSec: number;
}

/**
 * One finding about a segment. `referenceId` is the reference segment's id, `objectId` the answer
 * segment's (absent when none overlaps it); `startSec`/`endSec` the stretch of audio it concerns (the
 * reference segment).
 */
export interface SegmentFinding {
  readonly type: SegmentFindingType;
  readonly magnitude: number;
  readonly message: string;
  readonly referenceId: string;
  readonly objectId?: string;
  readonly startSec: number;
  readonly endSec: number;
  /** `speaker_error`: the reference's speaker and the answer's (null: none given). */
  readonly referenceSpeaker?: string;
  readonly speaker?: string | null;
  /** `segment_timing`: the boundaries beyond tolerance, start first. */
  readonly boundaries?: readonly BoundaryOffset[];
  /** `missing_tag`: the tag id. */
  readonly tag?: string;
}

/**
 * A word finding placed in the audio: the reference segment its reference words lie in (`referenceId`),
 * the answer segment of its typed words (`objectId`), and the stretch to play (`startSec`/`endSec`,
 * estimated from the words' place in their segment's text, padded by {@link PLAY_PADDING_SEC}). Offsets
 * (`refStart`, `hypStart`, …) are in the joined texts of {@link joinTranscript}.
 */
export type PlacedTranscriptFinding = TranscriptFinding & { readonly referenceId?: string; readonly objectId?: string; readonly startSec?: number; readonly endSec?: number };

/** Any finding on an audio answer. */
export type AudioFinding = PlacedTranscriptFinding | SegmentFinding;

/** How much audio is played around a word's estimated time, each side, s. */
export const PLAY_PADDING_SEC = 0.4;

/** One segment's place in a joined transcript: its id, times, speaker and UTF-16 range `[start, end)` in `text`. */
export interface JoinedSpan {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly startSec: number;
  readonly endSec: number;
  readonly speaker: string | null;
}

/** A document's segment texts joined in time order with single spaces, and where each segment lies in it. */
export interface JoinedTranscript {
  readonly text: string;
  readonly spans: readonly JoinedSpan[];
}

/** Joins the segments' texts in time order (see {@link segmentsByTime}); tags are data, not text, so they are not in it. */
export function joinTranscript(doc: AnnotationDocument): JoinedTranscript {
  let text = '';
  const spans: JoinedSpan[] = [];
  for (const s of segmentsByTime(doc)) {
    if (text.length > 0) text += ' ';
    const start = text.length;
    text += s.transcript?.text ?? '';
    spans.push({ id: s.id, start, end: text.length, startSec: s.geometry.startSec, endSec: s.geometry.endSec, speaker: s.transcript?.speaker ?? null });
  }
  return { text, spans };
}

/** The span holding UTF-16 offset `at` of the joined text (the last one starting at or before it), or undefined when there are none. */
export function spanAt(j: JoinedTranscript, at: number): JoinedSpan | undefined {
  let found: JoinedSpan | undefined;
  for (const s of j.spans) {
    if (s.start > at) break;
    found = s;
  }
  return found ?? j.spans[0];
}

/** The span whose time holds `sec`, else the nearest one in time. */
function spanAtTime(j: JoinedTranscript, sec: number): JoinedSpan | undefined {
  const dist = (s: JoinedSpan) => (sec < s.startSec ? s.startSec - sec : sec > s.endSec ? sec - s.endSec : 0);
  return [...j.spans].sort((a, b) => dist(a) - dist(b))[0];
}

/**
 * The stretch of audio to play for the characters `[start, end)` of the joined text: their share of
 * their segment's text mapped linearly onto the segment's time (speech is roughly even), padded by
 * {@link PLAY_PADDING_SEC} and kept inside the segment.
 */
export function stretchOf(j: JoinedTranscript, start: number, end: number): { startSec: number; endSec: number } | undefined {
  const s = spanAt(j, start);
  if (!s) return undefined;
  const len = Math.max(1, s.end - s.start);
  const dur = s.endSec - s.startSec;
  const a = s.startSec + (Math.max(0, Math.min(len, start - s.start)) / len) * dur;
  const b = s.startSec + (Math.max(0, Math.min(len, end - s.start)) / len) * dur;
  return { startSec: round2(Math.max(s.startSec, a - PLAY_PADDING_SEC)), endSec: round2(Math.min(s.endSec, Math.max(b, a) + PLAY_PADDING_SEC)) };
}

/** Options of {@link compareAudio}. */
export interface AudioCompareOptions {
  /** The project's glossary terms. */
  readonly glossary?: readonly string[];
  /** Boundary tolerance of `segment_timing`, s (default {@link DEFAULT_SEGMENT_TIMING_TOLERANCE_SEC}). */
  readonly timingToleranceSec?: number;
  readonly normalization?: Partial<TextNormalization>;
}

/** The outcome of {@link compareAudio}. */
export interface AudioComparison {
  /** Word findings in reading order (punctuation_casing last of them), then segment findings in reference time order. */
  readonly findings: AudioFinding[];
  /** The word diff of the joined texts. */
  readonly diff: TranscriptDiffPiece[];
  /** Judged words: every reference word plus every inserted word. */
  readonly wordsTotal: number;
  /** Reference words transcribed right and given to the right speaker. */
  readonly wordsCorrect: number;
  readonly wer: number;
  readonly rawWer: number;
  /** Reference segments (each an observation for error patterns). */
  readonly segments: number;
}

/**
 * Compares an audio answer with its reference: every word finding of {@link compareTranscript} on the
 * joined texts, placed in the audio, then `speaker_error`, `segment_timing` and `missing_tag`. An answer
 * equal to the reference has no findings.
 */
export function compareAudio(answer: AnnotationDocument, reference: AnnotationDocument, options: AudioCompareOptions = {}): AudioComparison {
  const ref = joinTranscript(reference);
  const hyp = joinTranscript(answer);
  const words = compareTranscript(ref.text, hyp.text, { glossary: options.glossary ?? [], normalization: options.normalization ?? {} });
  const placed: PlacedTranscriptFinding[] = words.findings.map((f) => {
    const h = f.hypStart !== undefined ? spanAt(hyp, f.hypStart) : undefined;
    const stretch = f.refStart !== undefined ? stretchOf(ref, f.refStart, f.refEnd!) : f.hypStart !== undefined ? stretchOf(hyp, f.hypStart, f.hypEnd!) : undefined;
    // An inserted word has no reference word: it belongs to the reference segment at its time.
    const r = f.refStart !== undefined ? spanAt(ref, f.refStart) : stretch ? spanAtTime(ref, (stretch.startSec + stretch.endSec) / 2) : undefined;
    return { ...f, ...(r ? { referenceId: r.id } : {}), ...(h ? { objectId: h.id } : {}), ...(stretch ?? {}) };
  });
  const segs = compareSegments(answer, reference, options);
  const misattributed = new Set(segs.filter((f) => f.type === 'speaker_error').map((f) => f.referenceId));
  // A hit inside a segment given to the wrong speaker is not a correct word.
  let wrongSpeakerHits = 0;
  for (const p of words.diff) {
    if (p.op !== 'equal' || p.refStart === undefined) continue;
    const s = spanAt(ref, p.refStart);
    if (s && misattributed.has(s.id)) wrongSpeakerHits++;
  }
  return {
    findings: [...placed, ...segs],
    diff: words.diff,
    wordsTotal: words.referenceWords + words.insertions,
    wordsCorrect: words.hits - wrongSpeakerHits,
    wer: words.wer,
    rawWer: words.rawWer,
    segments: ref.spans.length,
  };
}

/**
 * The segment findings alone (`speaker_error`, `segment_timing`, `missing_tag`), in reference time order,
 * for each reference segment in the order speaker, timing, tags.
 */
export function compareSegments(answer: AnnotationDocument, reference: AnnotationDocument, options: Pick<AudioCompareOptions, 'timingToleranceSec' | 'normalization'> = {}): SegmentFinding[] {
  const tolerance = options.timingToleranceSec ?? DEFAULT_SEGMENT_TIMING_TOLERANCE_SEC;
  const refs = segmentsByTime(reference);
  const hyps = segmentsByTime(answer);
  const pairs: WeightedPair[] = [];
  refs.forEach((r, i) => hyps.forEach((h, j) => {
    const iou = intervalIou(r, h);
    if (iou > 0) pairs.push({ row: i, col: j, weight: iou });
  }));
  const matched = assignMaxWeight(refs.length, hyps.length, pairs);
  const out: SegmentFinding[] = [];
  refs.forEach((r, i) => {
    const where = { referenceId: r.id, startSec: r.geometry.startSec, endSec: r.geometry.endSec };
    const name = `segment ${i + 1} (${fmtSec(r.geometry.startSec)}–${fmtSec(r.geometry.endSec)} s)`;
    const over = hyps.filter((h) => overlapSec(r, h) > 0);
    const most = [...over].sort((a, b) => overlapSec(r, b) - overlapSec(r, a))[0];
    const refSpeaker = r.transcript?.speaker?.trim() || null;
    if (most && refSpeaker) {
      const theirs = most.transcript?.speaker?.trim() || null;
      if (theirs?.toLowerCase() !== refSpeaker.toLowerCase()) {
        out.push({
          type: 'speaker_error', ...where, objectId: most.id, referenceSpeaker: refSpeaker, speaker: theirs,
          magnitude: Math.max(1, tokenizeWords(r.transcript?.text ?? '', options.normalization ?? {}).length),
          message: theirs ? `${name} is said by ${refSpeaker}, not ${theirs}` : `${name} has no speaker; it is ${refSpeaker}`,
        });
      }
    }
    const j = matched.rowToCol[i]!;
    if (j >= 0) {
      const h = hyps[j]!;
      const boundaries: BoundaryOffset[] = [];
      const ds = round2(h.geometry.startSec - r.geometry.startSec);
      const de = round2(h.geometry.endSec - r.geometry.endSec);
      if (Math.abs(ds) > tolerance + 1e-9) boundaries.push({ boundary: 'start', offsetSec: ds });
      if (Math.abs(de) > tolerance + 1e-9) boundaries.push({ boundary: 'end', offsetSec: de });
      if (boundaries.length > 0) {
        const words = boundaries.map((b) => `${b.boundary === 'start' ? 'starts' : 'ends'} ${fmtSec(Math.abs(b.offsetSec))} s ${b.offsetSec > 0 ? 'late' : 'early'}`);
        out.push({
          type: 'segment_timing', ...where, objectId: h.id, boundaries,
          magnitude: Math.max(...boundaries.map((b) => Math.abs(b.offsetSec))),
          message: `${name} ${words.join(' and ')}`,
        });
      }
    }
    const have = new Map<string, number>();
    for (const h of over) for (const t of h.transcript?.tags ?? []) have.set(t.tag, (have.get(t.tag) ?? 0) + 1);
    for (const t of r.transcript?.tags ?? []) {
      const left = have.get(t.tag) ?? 0;
      if (left > 0) {
        have.set(t.tag, left - 1);
        continue;
      }
      out.push({ type: 'missing_tag', ...where, ...(most ? { objectId: most.id } : {}), tag: t.tag, magnitude: 1, message: `${name} needs the tag [${t.tag}]` });
    }
  });
  return out;
}

function overlapSec(a: SegmentObject, b: SegmentObject): number {
  return Math.max(0, Math.min(a.geometry.endSec, b.geometry.endSec) - Math.max(a.geometry.startSec, b.geometry.startSec));
}

function intervalIou(a: SegmentObject, b: SegmentObject): number {
  const inter = overlapSec(a, b);
  if (inter <= 0) return 0;
  const union = Math.max(a.geometry.endSec, b.geometry.endSec) - Math.min(a.geometry.startSec, b.geometry.startSec);
  return union > 0 ? inter / union : 0;
}

function round2(v: number): number {
  return Math.round(v * 100) / 100;
}

/** Seconds with one decimal, or two when the second one matters: 3 → "3.0", 0.35 → "0.35". */
function fmtSec(v: number): string {
  const r = Math.round(v * 100) / 100;
  return Math.abs(r * 10 - Math.round(r * 10)) < 1e-6 ? r.toFixed(1) : r.toFixed(2);
}
