import { describe, expect, it } from 'vitest';
import { createEditor, runCommands, undoEditor, type EditorState } from '../editor';
import { audioSegmentPreview, audioSegmentToolHandle, audioSegmentToolInitial, mergeWithNext, setSegmentText, splitSegment, type AudioSegmentContext, type AudioSegmentEvent, type AudioSegmentToolState } from './audio-segment-tool';

let ids = 0;
const base = { durationSec: 10, allowOverlap: false, minLengthSec: 0.1, classId: 'speech', newId: () => `seg-${++ids}`, speaker: 'Alice' };

/** Feeds events through the tool, applying each gesture's commands to the editor like the client does. */
function run(events: AudioSegmentEvent[], start: EditorState = createEditor({ objects: [] }), opts: Partial<AudioSegmentContext> = {}) {
  let editor = start;
  let state: AudioSegmentToolState = audioSegmentToolInitial;
  let hint: string | undefined;
  for (const ev of events) {
    const t = audioSegmentToolHandle(state, { ...base, ...opts, doc: editor.doc }, ev);
    state = t.state;
    hint = t.hint;
    editor = runCommands(editor, t.commands);
  }
  return { editor, state, hint };
}
const seg = (g: { startSec: number; endSec: number }) => ({ kind: 'segment', ...g });

describe('audio-segment tool', () => {
  describe('when idle', () => {
    it('starts creating on press, with a zero-length preview at the pointer', () => {
      const r = run([{ type: 'press', sec: 2.5 }]);
      expect(r.state).toEqual({ name: 'creating', anchorSec: 2.5, startSec: 2.5, endSec: 2.5 });
      expect(r.editor.doc.objects).toHaveLength(0);
    });
  });

  describe('when creating', () => {
    it('previews the drag, then commits one segment with the current speaker on release', () => {
      const mid = run([{ type: 'press', sec: 1 }, { type: 'drag', startSec: 1, endSec: 3.12345 }]);
      expect(audioSegmentPreview(mid.state)).toEqual({ startSec: 1, endSec: 3.123 });
      const r = run([{ type: 'press', sec: 1 }, { type: 'drag', startSec: 1, endSec: 3 }, { type: 'release', startSec: 1, endSec: 3.5 }]);
      expect(r.state).toEqual({ name: 'idle' });
      expect(r.editor.doc.objects).toHaveLength(1);
      expect(r.editor.doc.objects[0]).toMatchObject({ classId: 'speech', geometry: seg({ startSec: 1, endSec: 3.5 }), transcript: { speaker: 'Alice', text: '', tags: [] } });
      expect(r.editor.history.undo).toHaveLength(1);
    });
    it('clamps to the clip', () => {
      const r = run([{ type: 'press', sec: 9 }, { type: 'release', startSec: 9, endSec: 12 }]);
      expect(r.editor.doc.objects[0]?.geometry).toEqual(seg({ startSec: 9, endSec: 10 }));
    });
    it('refuses a segment that is too short or overlaps, with a hint and nothing to undo', () => {
      expect(run([{ type: 'press', sec: 1 }, { type: 'release', startSec: 1, endSec: 1.05 }]).hint).toBe('Segment too short (at least 0.1 s)');
      const first = run([{ type: 'press', sec: 1 }, { type: 'release', startSec: 1, endSec: 3 }]).editor;
      const r = run([{ type: 'press', sec: 2 }, { type: 'release', startSec: 2, endSec: 4 }], first);
      expect(r.hint).toBe('Segments may not overlap in this project');
      expect(r.editor.doc.objects).toHaveLength(1);
      expect(run([{ type: 'press', sec: 2 }, { type: 'release', startSec: 2, endSec: 4 }], first, { allowOverlap: true }).editor.doc.objects).toHaveLength(2);
    });
    it('drops the preview on cancel', () => {
      const r = run([{ type: 'press', sec: 1 }, { type: 'drag', startSec: 1, endSec: 2 }, { type: 'cancel' }, { type: 'release', startSec: 1, endSec: 2 }]);
      expect(r.editor.doc.objects).toHaveLength(0);
      expect(r.editor.history.undo).toHaveLength(0);
    });
  });

  describe('when adjusting', () => {
    const two = () => run([{ type: 'press', sec: 0 }, { type: 'release', startSec: 0, endSec: 2 }, { type: 'press', sec: 4 }, { type: 'release', startSec: 4, endSec: 6 }]).editor;
    it('commits one update when the edge is let go', () => {
      const start = two();
      const id = start.doc.objects[1]!.id;
      const r = run([{ type: 'adjust', id, startSec: 3.5, endSec: 6 }, { type: 'adjust', id, startSec: 3, endSec: 6 }, { type: 'adjust-end', id, startSec: 3, endSec: 6 }], start);
      expect(r.editor.doc.objects[1]?.geometry).toEqual(seg({ startSec: 3, endSec: 6 }));
      expect(r.editor.history.undo).toHaveLength(3);
      expect(undoEditor(r.editor).doc.objects[1]?.geometry).toEqual(seg({ startSec: 4, endSec: 6 }));
    });
    it('refuses an edge dragged into the neighbour, keeping the document', () => {
      const start = two();
      const id = start.doc.objects[1]!.id;
      const r = run([{ type: 'adjust', id, startSec: 1, endSec: 6 }, { type: 'adjust-end', id, startSec: 1, endSec: 6 }], start);
      expect(r.hint).toBe('Segments may not overlap in this project');
      expect(r.editor.doc).toBe(start.doc);
    });
  });
});

describe('transcript edits', () => {
  const doc = () => {
    const e = createEditor({ objects: [] });
    return runCommands(e, [
      { type: 'annotation.create', object: { id: 'a', classId: 'speech', geometry: { kind: 'segment', startSec: 0, endSec: 4 }, attributes: {}, source: 'human', version: 1, transcript: { speaker: 'A', text: 'hello', tags: [{ tag: 'noise', offset: 5 }] } } },
      { type: 'annotation.create', object: { id: 'b', classId: 'speech', geometry: { kind: 'segment', startSec: 5, endSec: 8 }, attributes: {}, source: 'human', version: 1, transcript: { speaker: 'B', text: 'world', tags: [{ tag: 'inaudible', offset: 0 }] } } },
    ]).doc;
  };
  it('splits at the playhead into two segments, the second empty with the same speaker', () => {
    const e = runCommands(createEditor(doc()), splitSegment(doc(), 'a', 1.5, () => 'c', 0.1).commands);
    expect(e.doc.objects.find((o) => o.id === 'a')?.geometry).toEqual(seg({ startSec: 0, endSec: 1.5 }));
    expect(e.doc.objects.find((o) => o.id === 'c')).toMatchObject({ geometry: seg({ startSec: 1.5, endSec: 4 }), transcript: { speaker: 'A', text: '' } });
    expect(splitSegment(doc(), 'a', 4.5, () => 'c', 0.1).hint).toBe('Move the playhead inside the segment to split it there');
  });
  it('merges with the next segment: one span, joined text, tags shifted', () => {
    const e = runCommands(createEditor(doc()), mergeWithNext(doc(), 'a').commands);
    expect(e.doc.objects).toHaveLength(1);
    expect(e.doc.objects[0]).toMatchObject({ geometry: seg({ startSec: 0, endSec: 8 }), transcript: { speaker: 'A', text: 'hello world', tags: [{ tag: 'noise', offset: 5 }, { tag: 'inaudible', offset: 6 }] } });
    expect(mergeWithNext(doc(), 'b').hint).toBe('No next segment to merge with');
  });
  it('sets text as one update with the tags following, and nothing when unchanged', () => {
    const edit = setSegmentText(doc(), 'a', 'oh hello');
    expect(edit.commands[0]).toMatchObject({ changes: { transcript: { text: 'oh hello', tags: [{ tag: 'noise', offset: 8 }] } } });
    expect(setSegmentText(doc(), 'a', 'hello').commands).toEqual([]);
  });
});
