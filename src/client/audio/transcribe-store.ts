import { create } from 'zustand';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import { segmentsByTime } from '../../core/audio/segments';
import { runCommands } from '../../editor/editor';
import { audioSegmentToolHandle, audioSegmentToolInitial, type AudioSegmentEvent, type AudioSegmentToolState, type SegmentEdit } from '../../editor/tools/audio-segment-tool';
import { useEditorStore } from '../state/editor-store';

/** Shortest segment a gesture makes, in seconds. */
export const MIN_SEGMENT_SEC = 0.1;

type Span = { startSec: number; endSec: number };

type TranscribeStore = {
  tool: AudioSegmentToolState;
  durationSec: number;
  allowOverlap: boolean;
  classId: string | null;
  /** Where the playhead is (seconds), and whether it moves. */
  currentSec: number;
  playing: boolean;
  loop: boolean;
  rate: number;
  /** The span playback is held to (a segment being played), or null for free playback. */
  span: Span | null;
  /** The speaker the next new segment gets: the last one chosen. */
  lastSpeaker: string | null;
  /** Bumped after a refused waveform gesture so the regions are redrawn from the document. */
  regionsEpoch: number;
  /** Whether the waveform has drawn (for the page's tests and the benchmark). */
  waveformReady: boolean;
  setup(opts: { durationSec: number; allowOverlap: boolean; classId: string | null }): void;
  gesture(event: AudioSegmentEvent): void;
  /** Applies an edit from the transcript editor (split, merge, text, speaker, tags) as one undoable step. */
  edit(edit: SegmentEdit): void;
  setTime(sec: number): void;
  setPlaying(playing: boolean): void;
  setLoop(loop: boolean): void;
  setRate(rate: number): void;
  setSpan(span: Span | null): void;
  setLastSpeaker(name: string | null): void;
  setWaveformReady(ready: boolean): void;
  /** The segment under a time, if any (the first in time order when several overlap). */
  segmentAt(sec: number, doc?: AnnotationDocument): Span & { id: string } | null;
};

/**
 * The transcription page's state that is not the document: the segment tool's state, playback and view.
 * The document itself stays in the editor store, so drafts, autosave and undo are the image pages' own.
 */
export const useTranscribeStore = create<TranscribeStore>((set, get) => ({
  tool: audioSegmentToolInitial,
  durationSec: 0,
  allowOverlap: false,
  classId: null,
  currentSec: 0,
  playing: false,
  loop: false,
  rate: 1,
  span: null,
  lastSpeaker: null,
  regionsEpoch: 0,
  waveformReady: false,
  setup(opts) {
    set({ ...opts, tool: audioSegmentToolInitial, currentSec: 0, playing: false, span: null, waveformReady: false });
  },
  gesture(event) {
    const s = get();
    const { editor } = useEditorStore.getState();
    const t = audioSegmentToolHandle(s.tool, {
      doc: editor.doc,
      durationSec: s.durationSec,
      allowOverlap: s.allowOverlap,
      minLengthSec: MIN_SEGMENT_SEC,
      classId: s.classId,
      newId: () => crypto.randomUUID(),
      speaker: s.lastSpeaker,
    }, event);
    const next = runCommands(editor, t.commands);
    const created = t.commands.find((c) => c.type === 'annotation.create');
    useEditorStore.setState({
      editor: { ...next, hint: t.hint ?? (event.type === 'press' ? null : editor.hint) },
      ...(created?.type === 'annotation.create' ? { selectedId: created.object.id, selectedIds: new Set([created.object.id]) } : {}),
    });
    const refused = (event.type === 'release' || event.type === 'adjust-end') && t.commands.length === 0;
    set({ tool: t.state, ...(refused ? { regionsEpoch: s.regionsEpoch + 1 } : {}) });
  },
  edit(edit) {
    const { editor } = useEditorStore.getState();
    const next = runCommands(editor, edit.commands);
    const created = edit.commands.find((c) => c.type === 'annotation.create');
    useEditorStore.setState({
      editor: { ...next, hint: edit.hint ?? null },
      ...(created?.type === 'annotation.create' ? { selectedId: created.object.id, selectedIds: new Set([created.object.id]) } : {}),
    });
  },
  setTime(sec) {
    if (Math.abs(sec - get().currentSec) > 1e-3) set({ currentSec: sec });
  },
  setPlaying(playing) {
    set({ playing });
  },
  setLoop(loop) {
    set({ loop });
  },
  setRate(rate) {
    set({ rate });
  },
  setSpan(span) {
    set({ span });
  },
  setLastSpeaker(name) {
    set({ lastSpeaker: name });
  },
  setWaveformReady(ready) {
    set({ waveformReady: ready });
  },
  segmentAt(sec, doc = useEditorStore.getState().editor.doc) {
    const hit = segmentsByTime(doc).find((o) => sec >= o.geometry.startSec && sec < o.geometry.endSec);
    return hit ? { id: hit.id, startSec: hit.geometry.startSec, endSec: hit.geometry.endSec } : null;
  },
}));
