import { describe, expect, it } from 'vitest';
import type { AnnotationDocument, AnnotationObject } from '../../shared/annotation.schema';
import { compareAudio, compareSegments, joinTranscript, stretchOf } from './audio-findings';

type Seg = { id: string; startSec: number; endSec: number; text: string; speaker?: string | null; tags?: { tag: string; offset: number }[] };

function seg(s: Seg): AnnotationObject {
  return {
    id: s.id, classId: 'speech', geometry: { kind: 'segment', startSec: s.startSec, endSec: s.endSec }, attributes: {}, source: 'human', version: 1,
    transcript: { speaker: s.speaker === undefined ? 'Ann' : s.speaker, text: s.text, tags: s.tags ?? [] },
  };
}
function doc(...segs: Seg[]): AnnotationDocument {
  return { objects: segs.map(seg) };
}

const REFERENCE = doc(
  { id: 'r1', startSec: 0.5, endSec: 2, text: 'please deploy the build', speaker: 'Ann', tags: [{ tag: 'inaudible', offset: 13 }] },
  { id: 'r2', startSec: 3, endSec: 5, text: 'to the Kubernetes cluster', speaker: 'Bob' },
);

describe('joinTranscript', () => {
  it('joins segment texts in time order, whatever the document order, and says where each lies', () => {
    const j = joinTranscript({ objects: [...REFERENCE.objects].reverse() });
    expect(j.text).toBe('please deploy the build to the Kubernetes cluster');
    expect(j.spans.map((s) => [s.id, s.start, s.end])).toEqual([['r1', 0, 23], ['r2', 24, 49]]);
  });

  it('maps characters to a padded stretch of their segment', () => {
    const j = joinTranscript(REFERENCE);
    // "Kubernetes" is characters 31..41, i.e. 7..17 of 25 in 3–5 s: 3.56–4.36 s, padded by 0.4 s.
    expect(stretchOf(j, 31, 41)).toEqual({ startSec: 3.16, endSec: 4.76 });
    expect(stretchOf(j, 0, 6)).toEqual({ startSec: 0.5, endSec: 1.29 });
  });
});

describe('compareAudio', () => {
  it('finds nothing when the answer is the reference (segments in another order, other ids)', () => {
    const answer = doc(
      { id: 'a2', startSec: 3, endSec: 5, text: 'to the Kubernetes cluster', speaker: 'bob' },
      { id: 'a1', startSec: 0.5, endSec: 2, text: 'please deploy the build', speaker: 'Ann', tags: [{ tag: 'inaudible', offset: 14 }] },
    );
    const r = compareAudio(answer, REFERENCE, { glossary: ['Kubernetes'] });
    expect(r.findings).toEqual([]);
    expect(r).toMatchObject({ wordsTotal: 8, wordsCorrect: 8, wer: 0, segments: 2 });
  });

  it('places a repeated glossary mistake in its segment and its stretch of audio', () => {
    const answer = doc(
      { id: 'a1', startSec: 0.5, endSec: 2, text: 'please deploy the build', tags: [{ tag: 'inaudible', offset: 13 }] },
      { id: 'a2', startSec: 3, endSec: 5, text: 'to the Cubernetes cluster', speaker: 'Bob' },
    );
    const r = compareAudio(answer, REFERENCE, { glossary: ['Kubernetes'] });
    expect(r.findings).toEqual([
      expect.objectContaining({ type: 'glossary_term', term: 'Kubernetes', hyp: 'cubernetes', referenceId: 'r2', objectId: 'a2', startSec: 3.16, endSec: 4.76, refStart: 31, hypStart: 31 }),
    ]);
    expect(r).toMatchObject({ wordsTotal: 8, wordsCorrect: 7 });
    expect(r.diff.filter((p) => p.op !== 'equal')).toEqual([
      { op: 'substitute', ref: 'Kubernetes', hyp: 'Cubernetes', refStart: 31, refEnd: 41, hypStart: 31, hypEnd: 41, term: 'Kubernetes' },
    ]);
  });

  it('counts an inserted word against the total and a deleted one against the correct words', () => {
    const answer = doc(
      { id: 'a1', startSec: 0.5, endSec: 2, text: 'please deploy build now', tags: [{ tag: 'inaudible', offset: 13 }] },
      { id: 'a2', startSec: 3, endSec: 5, text: 'to the Kubernetes cluster', speaker: 'Bob' },
    );
    const r = compareAudio(answer, REFERENCE);
    expect(r.findings.map((f) => [f.type, f.referenceId ?? null, f.objectId ?? null])).toEqual([
      ['deletion', 'r1', null],
      ['insertion', 'r1', 'a1'],
    ]);
    expect(r).toMatchObject({ wordsTotal: 9, wordsCorrect: 7 });
  });

  it('does not count the words of a segment given to the wrong speaker as correct', () => {
    const answer = doc(
      { id: 'a1', startSec: 0.5, endSec: 2, text: 'please deploy the build', tags: [{ tag: 'inaudible', offset: 13 }] },
      { id: 'a2', startSec: 3, endSec: 5, text: 'to the Kubernetes cluster', speaker: 'Ann' },
    );
    const r = compareAudio(answer, REFERENCE);
    expect(r.findings.map((f) => f.type)).toEqual(['speaker_error']);
    expect(r).toMatchObject({ wordsTotal: 8, wordsCorrect: 4 });
  });
});

describe('compareSegments', () => {
  const same = () => doc(
    { id: 'a1', startSec: 0.5, endSec: 2, text: 'please deploy the build', speaker: 'Ann', tags: [{ tag: 'inaudible', offset: 13 }] },
    { id: 'a2', startSec: 3, endSec: 5, text: 'to the Kubernetes cluster', speaker: 'Bob' },
  );

  it('finds nothing on an equal answer, nor on boundaries within the tolerance', () => {
    expect(compareSegments(same(), REFERENCE)).toEqual([]);
    const near = doc(
      { id: 'a1', startSec: 0.68, endSec: 1.85, text: 'x', speaker: 'Ann', tags: [{ tag: 'inaudible', offset: 0 }] },
      { id: 'a2', startSec: 2.85, endSec: 5.2, text: 'y', speaker: 'Bob' },
    );
    expect(compareSegments(near, REFERENCE)).toEqual([]);
  });

  describe('speaker_error', () => {
    it('names the speaker the reference gives and the one the answer gives, with the words as magnitude', () => {
      const answer = same();
      answer.objects[1]!.transcript!.speaker = 'Ann';
      expect(compareSegments(answer, REFERENCE)).toEqual([
        { type: 'speaker_error', referenceId: 'r2', objectId: 'a2', startSec: 3, endSec: 5, referenceSpeaker: 'Bob', speaker: 'Ann', magnitude: 4, message: 'segment 2 (3.0–5.0 s) is said by Bob, not Ann' },
      ]);
    });

    it('says when no speaker is given, and compares names trimmed and ignoring case', () => {
      const answer = same();
      answer.objects[0]!.transcript!.speaker = '  ann ';
      answer.objects[1]!.transcript!.speaker = null;
      expect(compareSegments(answer, REFERENCE).map((f) => f.message)).toEqual(['segment 2 (3.0–5.0 s) has no speaker; it is Bob']);
    });

    it('takes the answer segment overlapping most when the answer splits a segment differently', () => {
      const answer = doc(
        { id: 'a1', startSec: 0.5, endSec: 3.4, text: 'please deploy the build to', speaker: 'Ann', tags: [{ tag: 'inaudible', offset: 13 }] },
        { id: 'a2', startSec: 3.4, endSec: 5, text: 'the Kubernetes cluster', speaker: 'Bob' },
      );
      expect(compareSegments(answer, REFERENCE).filter((f) => f.type === 'speaker_error')).toEqual([]);
    });

    it('says nothing about speakers the reference does not name', () => {
      const ref = doc({ id: 'r1', startSec: 0, endSec: 1, text: 'hi', speaker: null });
      expect(compareSegments(doc({ id: 'a1', startSec: 0, endSec: 1, text: 'hi', speaker: 'Ann' }), ref)).toEqual([]);
    });
  });

  describe('segment_timing', () => {
    it('says which boundary is off, by how much and which way', () => {
      const answer = same();
      answer.objects[0]!.geometry = { kind: 'segment', startSec: 0.85, endSec: 2 };
      answer.objects[1]!.geometry = { kind: 'segment', startSec: 2.5, endSec: 4.6 };
      const f = compareSegments(answer, REFERENCE);
      expect(f).toEqual([
        expect.objectContaining({ type: 'segment_timing', referenceId: 'r1', objectId: 'a1', boundaries: [{ boundary: 'start', offsetSec: 0.35 }], magnitude: 0.35, message: 'segment 1 (0.5–2.0 s) starts 0.35 s late' }),
        expect.objectContaining({
          type: 'segment_timing', referenceId: 'r2', objectId: 'a2', magnitude: 0.5,
          boundaries: [{ boundary: 'start', offsetSec: -0.5 }, { boundary: 'end', offsetSec: -0.4 }],
          message: 'segment 2 (3.0–5.0 s) starts 0.5 s early and ends 0.4 s early',
        }),
      ]);
    });

    it('uses the project tolerance', () => {
      const answer = same();
      answer.objects[0]!.geometry = { kind: 'segment', startSec: 0.85, endSec: 2 };
      expect(compareSegments(answer, REFERENCE, { timingToleranceSec: 0.5 })).toEqual([]);
    });

    it('matches one to one: a reference segment no answer segment overlaps has no timing finding', () => {
      const answer = doc({ id: 'a1', startSec: 0.5, endSec: 2, text: 'please deploy the build', speaker: 'Ann', tags: [{ tag: 'inaudible', offset: 13 }] });
      expect(compareSegments(answer, REFERENCE)).toEqual([]);
    });
  });

  describe('missing_tag', () => {
    it('finds a tag the reference has and the answer lacks, in the segment it belongs to', () => {
      const answer = same();
      answer.objects[0]!.transcript!.tags = [];
      expect(compareSegments(answer, REFERENCE)).toEqual([
        { type: 'missing_tag', referenceId: 'r1', objectId: 'a1', startSec: 0.5, endSec: 2, tag: 'inaudible', magnitude: 1, message: 'segment 1 (0.5–2.0 s) needs the tag [inaudible]' },
      ]);
    });

    it('counts tags: a second one of the same kind must be there too; one in an overlapping answer segment counts', () => {
      const ref = doc({ id: 'r1', startSec: 0, endSec: 4, text: 'a b c', tags: [{ tag: 'noise', offset: 0 }, { tag: 'noise', offset: 3 }] });
      const one = doc({ id: 'a1', startSec: 0, endSec: 2, text: 'a b', tags: [{ tag: 'noise', offset: 0 }] }, { id: 'a2', startSec: 2, endSec: 4, text: 'c' });
      expect(compareSegments(one, ref, { timingToleranceSec: 5 }).map((f) => f.type)).toEqual(['missing_tag']);
      const two = doc({ id: 'a1', startSec: 0, endSec: 2, text: 'a b', tags: [{ tag: 'noise', offset: 0 }] }, { id: 'a2', startSec: 2, endSec: 4, text: 'c', tags: [{ tag: 'noise', offset: 1 }] });
      expect(compareSegments(two, ref, { timingToleranceSec: 5 })).toEqual([]);
    });

    it('does not mind an extra tag in the answer', () => {
      const answer = same();
      answer.objects[1]!.transcript!.tags = [{ tag: 'noise', offset: 0 }];
      expect(compareSegments(answer, REFERENCE)).toEqual([]);
    });
  });
});
