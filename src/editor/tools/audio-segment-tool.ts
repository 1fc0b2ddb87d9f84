import type { AnnotationDocument, AnnotationObject } from '../../shared/annotation.schema';
import type { Command } from '../../core/document/document';
import { isSegment, overlapsAny, segmentsByTime } from '../../core/audio/segments';
import { emptyTranscript, retargetTags } from '../../core/audio/transcript';
import type { SegmentTranscript } from '../../shared/transcript.schema';
import type { Transition } from './tool';

/**
 * The audio-segment tool: segments are made by dragging across the waveform and adjusted by dragging their
 * edges (or the whole segment). The waveform (wavesurfer's regions) only reports these gestures, in seconds;
 * the tool decides what reaches the document. Previews live in the state, so `cancel` leaves nothing to undo.
 *
 * States: `idle` → (`press`) `creating` → (`release`) `idle`, committing one `annotation.create`;
 * `idle` → (`adjust`) `adjusting` → (`adjust-end`) `idle`, committing one `annotation.update`.
 */
export type AudioSegmentToolState =
  | { name: 'idle' }
  | { name: 'creating'; anchorSec: number; startSec: number; endSec: number }
  | { name: 'adjusting'; id: string; startSec: number; endSec: number };

/** Gestures on the waveform, in seconds from the start of the clip. */
export type AudioSegmentEvent =
  | { type: 'press'; sec: number }
  | { type: 'drag'; startSec: number; endSec: number }
  | { type: 'release'; startSec: number; endSec: number }
  | { type: 'adjust'; id: string; startSec: number; endSec: number }
  | { type: 'adjust-end'; id: string; startSec: number; endSec: number }
  | { type: 'cancel' };

/** What the tool reads: the document, the clip and the project's rules. */
export type AudioSegmentContext = {
  readonly doc: AnnotationDocument;
  readonly durationSec: number;
  readonly allowOverlap: boolean;
  /** Shortest segment a gesture may make, in seconds. */
  readonly minLengthSec: number;
  /** The class new segments get (an audio project's single class, e.g. `speech`); null refuses to create. */
  readonly classId: string | null;
  readonly newId: () => string;
  /** The speaker new segments start with (the last one chosen), or null. */
  readonly speaker: string | null;
};

export const audioSegmentToolInitial: AudioSegmentToolState = { name: 'idle' };

const idle: AudioSegmentToolState = audioSegmentToolInitial;
const MS = 1000;

/** Times rounded to the millisecond, so saved documents carry no float noise from pixel maths. */
function roundSec(sec: number): number {
  return Math.round(sec * MS) / MS;
}

function clampSpan(ctx: AudioSegmentContext, a: number, b: number): { startSec: number; endSec: number } {
  const lo = Math.max(0, Math.min(a, b));
  const hi = Math.min(ctx.durationSec, Math.max(a, b));
  return { startSec: roundSec(lo), endSec: roundSec(hi) };
}

/** Handles one gesture: the next state, the commands of the gesture (one history entry) and a hint when refused. */
export function audioSegmentToolHandle(state: AudioSegmentToolState, ctx: AudioSegmentContext, event: AudioSegmentEvent): Transition<AudioSegmentToolState> {
  if (event.type === 'cancel') return { state: idle, commands: [] };
  switch (state.name) {
    case 'idle':
      if (event.type === 'press') {
        const s = clampSpan(ctx, event.sec, event.sec);
        return { state: { name: 'creating', anchorSec: s.startSec, ...s }, commands: [] };
      }
      if (event.type === 'adjust') return { state: { name: 'adjusting', id: event.id, ...clampSpan(ctx, event.startSec, event.endSec) }, commands: [] };
      if (event.type === 'adjust-end') return finishAdjust(ctx, event.id, event.startSec, event.endSec);
      return { state, commands: [] };
    case 'creating':
      if (event.type === 'drag') return { state: { ...state, ...clampSpan(ctx, event.startSec, event.endSec) }, commands: [] };
      if (event.type === 'release') return finishCreate(ctx, event.startSec, event.endSec);
      return { state, commands: [] };
    case 'adjusting':
      if (event.type === 'adjust' && event.id === state.id) return { state: { ...state, ...clampSpan(ctx, event.startSec, event.endSec) }, commands: [] };
      if (event.type === 'adjust-end') return finishAdjust(ctx, event.id, event.startSec, event.endSec);
      return { state, commands: [] };
  }
}

function finishCreate(ctx: AudioSegmentContext, a: number, b: number): Transition<AudioSegmentToolState> {
  const span = clampSpan(ctx, a, b);
  if (span.endSec - span.startSec < ctx.minLengthSec) return { state: idle, commands: [], hint: `Segment too short (at least ${ctx.minLengthSec} s)` };
  if (!ctx.classId) return { state: idle, commands: [], hint: 'The project has no class for segments' };
  if (!ctx.allowOverlap && overlapsAny(ctx.doc, span.startSec, span.endSec)) return { state: idle, commands: [], hint: 'Segments may not overlap in this project' };
  const object: AnnotationObject = {
    id: ctx.newId(),
    classId: ctx.classId,
    geometry: { kind: 'segment', ...span },
    attributes: {},
    source: 'human',
    version: 1,
    transcript: { ...emptyTranscript(), speaker: ctx.speaker },
  };
  return { state: idle, commands: [{ type: 'annotation.create', object }] };
}

function finishAdjust(ctx: AudioSegmentContext, id: string, a: number, b: number): Transition<AudioSegmentToolState> {
  const obj = ctx.doc.objects.find((o) => o.id === id);
  if (!obj || !isSegment(obj)) return { state: idle, commands: [] };
  const span = clampSpan(ctx, a, b);
  if (span.startSec === obj.geometry.startSec && span.endSec === obj.geometry.endSec) return { state: idle, commands: [] };
  if (span.endSec - span.startSec < ctx.minLengthSec) return { state: idle, commands: [], hint: `Segment too short (at least ${ctx.minLengthSec} s)` };
  if (!ctx.allowOverlap && overlapsAny(ctx.doc, span.startSec, span.endSec, id)) return { state: idle, commands: [], hint: 'Segments may not overlap in this project' };
  return { state: idle, commands: [{ type: 'annotation.update', id, changes: { geometry: { kind: 'segment', ...span } } }] };
}

/** The span a waveform should show as the tool's preview, or null when nothing is in progress. */
export function audioSegmentPreview(state: AudioSegmentToolState): { startSec: number; endSec: number } | null {
  return state.name === 'idle' ? null : { startSec: state.startSec, endSec: state.endSec };
}

/** An edit made from the transcript editor: the commands (one history entry) or a hint saying why not. */
export type SegmentEdit = { commands: Command[]; hint?: string };

/**
 * Splits a segment at `atSec` (the playhead): the segment ends there and a new one, with the same speaker and
 * no text, starts there and runs to the old end. Refused when the split would leave a side shorter than `minLengthSec`.
 */
export function splitSegment(doc: AnnotationDocument, id: string, atSec: number, newId: () => string, minLengthSec: number): SegmentEdit {
  const obj = doc.objects.find((o) => o.id === id);
  if (!obj || !isSegment(obj)) return { commands: [] };
  const at = roundSec(atSec);
  const { startSec, endSec } = obj.geometry;
  if (at - startSec < minLengthSec || endSec - at < minLengthSec) return { commands: [], hint: 'Move the playhead inside the segment to split it there' };
  const transcript = obj.transcript ?? emptyTranscript();
  const second: AnnotationObject = {
    ...obj,
    id: newId(),
    geometry: { kind: 'segment', startSec: at, endSec },
    source: 'human',
    version: 1,
    transcript: { speaker: transcript.speaker, text: '', tags: [] },
  };
  return {
    commands: [
      { type: 'annotation.update', id, changes: { geometry: { kind: 'segment', startSec, endSec: at } } },
      { type: 'annotation.create', object: second },
    ],
  };
}

/**
 * Merges a segment with the next one in time: it stretches to the next one's end, the texts join with a
 * space (the next one's tags shifted along), and the next one is deleted. The first one's speaker stays.
 */
export function mergeWithNext(doc: AnnotationDocument, id: string): SegmentEdit {
  const ordered = segmentsByTime(doc);
  const i = ordered.findIndex((o) => o.id === id);
  const a = ordered[i];
  const b = ordered[i + 1];
  if (!a || !b) return { commands: [], hint: 'No next segment to merge with' };
  const ta = a.transcript ?? emptyTranscript();
  const tb = b.transcript ?? emptyTranscript();
  const joiner = ta.text && tb.text ? ' ' : '';
  const shift = ta.text.length + joiner.length;
  const transcript: SegmentTranscript = {
    speaker: ta.speaker ?? tb.speaker,
    text: ta.text + joiner + tb.text,
    tags: [...ta.tags, ...tb.tags.map((t) => ({ ...t, offset: t.offset + shift }))],
  };
  return {
    commands: [
      { type: 'annotation.update', id: a.id, changes: { geometry: { kind: 'segment', startSec: a.geometry.startSec, endSec: Math.max(a.geometry.endSec, b.geometry.endSec) }, transcript } },
      { type: 'annotation.delete', id: b.id },
    ],
  };
}

/** Sets a segment's text (its tags follow the edit, see `retargetTags`) as one update; nothing when unchanged. */
export function setSegmentText(doc: AnnotationDocument, id: string, text: string): SegmentEdit {
  const obj = doc.objects.find((o) => o.id === id);
  if (!obj) return { commands: [] };
  const t = obj.transcript ?? emptyTranscript();
  if (t.text === text) return { commands: [] };
  return { commands: [{ type: 'annotation.update', id, changes: { transcript: { ...t, text, tags: retargetTags(t.text, text, t.tags) } } }] };
}

/** Changes a segment's transcript with `change` (speaker, tags) as one update. */
export function updateTranscript(doc: AnnotationDocument, id: string, change: (t: SegmentTranscript) => SegmentTranscript): SegmentEdit {
  const obj = doc.objects.find((o) => o.id === id);
  if (!obj) return { commands: [] };
  return { commands: [{ type: 'annotation.update', id, changes: { transcript: change(obj.transcript ?? emptyTranscript()) } }] };
}
