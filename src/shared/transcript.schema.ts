import { z } from 'zod';

/**
 * A tag placed in a segment's text, e.g. `inaudible` (the project's tag list names them). `offset` is the
 * character index in `text` the tag sits before (0 = before the first character, `text.length` = at the end),
 * so the text stays plain words and the tags stay data: exports render them inline as `[inaudible]`.
 */
export const TranscriptTagSchema = z.object({
  tag: z.string().min(1).max(64),
  offset: z.number().int().min(0).max(100_000),
});
export type TranscriptTag = z.infer<typeof TranscriptTagSchema>;

/**
 * What is said in one audio segment: the speaker's name (one of the project's speakers, or a new name the
 * labeler typed; null when not yet said), the words, and the tags in it ordered by offset.
 */
export const SegmentTranscriptSchema = z.object({
  speaker: z.string().trim().max(200).nullable().default(null),
  text: z.string().max(100_000).default(''),
  tags: z.array(TranscriptTagSchema).max(1000).default([]),
});
export type SegmentTranscript = z.infer<typeof SegmentTranscriptSchema>;
