import type { AnnotationDocument, AnnotationObject } from '../../shared/annotation.schema';
import type { SegmentGeometry } from '../../shared/geometry.schema';

/** How far, in seconds, a segment may end past the clip's duration (rounding of times shown to the labeler). */
export const DURATION_TOLERANCE_SEC = 0.05;

/** An object of an audio document that is a segment, with its geometry typed. */
export type SegmentObject = AnnotationObject & { geometry: SegmentGeometry };

/** A rule a segment breaks: the object's index, the field under `objects.N.` at fault, and why. */
export type SegmentProblem = { objectIndex: number; field: string; message: string };

export type SegmentRules = {
  /** The clip's length in seconds. */
  durationSec: number;
  /** Whether segments may overlap (crosstalk). */
  allowOverlap: boolean;
  /** Tag ids the project allows. */
  tags: readonly string[];
};

/** True when the object is an audio segment. */
export function isSegment(o: AnnotationObject): o is SegmentObject {
  return o.geometry.kind === 'segment';
}

/** The segments of a document ordered by start time (then end time, then id), leaving the document as it is. */
export function segmentsByTime(doc: AnnotationDocument): SegmentObject[] {
  return doc.objects.filter(isSegment).sort((a, b) => a.geometry.startSec - b.geometry.startSec || a.geometry.endSec - b.geometry.endSec || (a.id < b.id ? -1 : 1));
}

/**
 * Checks the segments of an audio document: every object is a segment, `endSec` after `startSec`, inside
 * the clip (`DURATION_TOLERANCE_SEC` of slack at the end), no overlap unless allowed, tags from the
 * project's list placed inside the text. Returns every problem found (none: the document is valid).
 */
export function segmentProblems(doc: AnnotationDocument, rules: SegmentRules): SegmentProblem[] {
  const problems: SegmentProblem[] = [];
  const allowedTags = new Set(rules.tags);
  doc.objects.forEach((o, i) => {
    const g = o.geometry;
    if (g.kind !== 'segment') {
      problems.push({ objectIndex: i, field: 'geometry.kind', message: `an audio task takes segments, not a ${g.kind}` });
      return;
    }
    if (g.endSec <= g.startSec) problems.push({ objectIndex: i, field: 'geometry.endSec', message: `must be after startSec (${g.startSec} s)` });
    else if (g.endSec > rules.durationSec + DURATION_TOLERANCE_SEC) problems.push({ objectIndex: i, field: 'geometry.endSec', message: `past the end of the audio (${fmt(rules.durationSec)} s)` });
    if (g.startSec >= rules.durationSec) problems.push({ objectIndex: i, field: 'geometry.startSec', message: `past the end of the audio (${fmt(rules.durationSec)} s)` });
    const t = o.transcript;
    t?.tags.forEach((tag, k) => {
      if (!allowedTags.has(tag.tag)) problems.push({ objectIndex: i, field: `transcript.tags.${k}.tag`, message: `no tag '${tag.tag}' in the project` });
      else if (tag.offset > t.text.length) problems.push({ objectIndex: i, field: `transcript.tags.${k}.offset`, message: `past the end of the text (${t.text.length} characters)` });
    });
  });
  if (!rules.allowOverlap) {
    // Sorted by start, a segment overlaps an earlier one exactly when it starts before the latest end so far.
    const order = doc.objects.map((o, i) => ({ o, i })).filter((x): x is { o: SegmentObject; i: number } => isSegment(x.o) && x.o.geometry.endSec > x.o.geometry.startSec);
    order.sort((a, b) => a.o.geometry.startSec - b.o.geometry.startSec || a.i - b.i);
    let latest: { o: SegmentObject; i: number } | null = null;
    for (const x of order) {
      if (latest && x.o.geometry.startSec < latest.o.geometry.endSec - 1e-9) {
        problems.push({ objectIndex: x.i, field: 'geometry.startSec', message: `overlaps segment ${latest.i} (${fmt(latest.o.geometry.startSec)}–${fmt(latest.o.geometry.endSec)} s); the project does not allow overlap` });
      }
      if (!latest || x.o.geometry.endSec > latest.o.geometry.endSec) latest = x;
    }
  }
  return problems;
}

/**
 * Whether a segment [startSec, endSec) would overlap another segment of the document (`exceptId` left out,
 * e.g. the segment being moved).
 */
export function overlapsAny(doc: AnnotationDocument, startSec: number, endSec: number, exceptId: string | null = null): boolean {
  return doc.objects.some((o) => o.id !== exceptId && isSegment(o) && startSec < o.geometry.endSec - 1e-9 && o.geometry.startSec < endSec - 1e-9);
}

function fmt(sec: number): string {
  return String(Math.round(sec * 1000) / 1000);
}
