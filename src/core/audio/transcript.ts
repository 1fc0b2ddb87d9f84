import type { SegmentTranscript, TranscriptTag } from '../../shared/transcript.schema';
import { segmentsByTime } from './segments';
import type { AnnotationDocument } from '../../shared/annotation.schema';

/** An empty transcript: no speaker yet, no words, no tags. */
export function emptyTranscript(): SegmentTranscript {
  return { speaker: null, text: '', tags: [] };
}

/**
 * A segment's words with its tags written inline as `[tag]` at their offsets, spaces tidied
 * (`"we use"` + inaudible at 6 → `"we use [inaudible]"`). What subtitles and the customer's transcript show.
 */
export function inlineText(t: SegmentTranscript): string {
  const tags = [...t.tags].sort((a, b) => a.offset - b.offset);
  let out = '';
  let at = 0;
  for (const tag of tags) {
    const offset = Math.min(tag.offset, t.text.length);
    out += t.text.slice(at, offset) + ` [${tag.tag}] `;
    at = offset;
  }
  out += t.text.slice(at);
  return out.replace(/\s+/g, ' ').trim();
}

/**
 * Moves tag offsets to follow an edit of the text from `before` to `after`: the edit is taken as one
 * replaced span (common prefix and suffix kept), tags before it stay, tags after it shift by the change in
 * length, tags inside it go to its end. Why this simple diff: a text field reports one edit at a time.
 */
export function retargetTags(before: string, after: string, tags: readonly TranscriptTag[]): TranscriptTag[] {
  let prefix = 0;
  while (prefix < before.length && prefix < after.length && before[prefix] === after[prefix]) prefix++;
  let suffix = 0;
  while (suffix < before.length - prefix && suffix < after.length - prefix && before[before.length - 1 - suffix] === after[after.length - 1 - suffix]) suffix++;
  const oldEnd = before.length - suffix;
  const newEnd = after.length - suffix;
  return tags.map((t) => {
    if (t.offset <= prefix) return t;
    if (t.offset >= oldEnd) return { ...t, offset: t.offset + (newEnd - oldEnd) };
    return { ...t, offset: newEnd };
  });
}

/** The transcript with `tag` placed at `offset` (clamped to the text), tags kept in offset order. */
export function insertTag(t: SegmentTranscript, tag: string, offset: number): SegmentTranscript {
  const at = Math.max(0, Math.min(Math.round(offset), t.text.length));
  const tags = [...t.tags, { tag, offset: at }].sort((a, b) => a.offset - b.offset);
  return { ...t, tags };
}

/** One segment as exports and the customer API list it: times in seconds, speaker, inline text and tags. */
export type TimedSegment = { id: string; startSec: number; endSec: number; speaker: string | null; text: string; inlineText: string; tags: TranscriptTag[] };

/** The segments of an audio document in time order, with their transcripts (empty where none was typed). */
export function timedSegments(doc: AnnotationDocument): TimedSegment[] {
  return segmentsByTime(doc).map((o) => {
    const t = o.transcript ?? emptyTranscript();
    return { id: o.id, startSec: o.geometry.startSec, endSec: o.geometry.endSec, speaker: t.speaker, text: t.text, inlineText: inlineText(t), tags: t.tags };
  });
}
