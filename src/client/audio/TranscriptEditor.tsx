import { useMemo } from 'react';
import { segmentsByTime } from '../../core/audio/segments';
import { glossaryNearMisses } from '../../core/text/glossary';
import { useEditorStore } from '../state/editor-store';
import { SegmentRow } from './SegmentRow';
import { useTranscribeStore } from './transcribe-store';

/** The transcript beside the waveform: a row per segment in time order; the one under the playhead highlighted. */
export function TranscriptEditor({ speakers, tags, glossary }: { speakers: readonly string[]; tags: readonly string[]; glossary: readonly string[] }) {
  const doc = useEditorStore((s) => s.editor.doc);
  const selectedId = useEditorStore((s) => s.selectedId);
  const segments = useMemo(() => segmentsByTime(doc), [doc]);
  const activeId = useTranscribeStore((s) => segments.find((o) => s.currentSec >= o.geometry.startSec && s.currentSec < o.geometry.endSec)?.id ?? null);
  const allSpeakers = useMemo(() => [...new Set([...speakers, ...segments.flatMap((s) => (s.transcript?.speaker ? [s.transcript.speaker] : []))])], [speakers, segments]);
  const misses = useMemo(() => segments.reduce((n, s) => n + glossaryNearMisses(s.transcript?.text ?? '', glossary).length, 0), [segments, glossary]);
  return (
    <section className="transcript" data-testid="transcript">
      {misses > 0 && (
        <p className="notice glossary-summary" data-testid="glossary-summary" role="status">
          {misses} word{misses === 1 ? '' : 's'} close to glossary terms: check the ⚠ marks before you submit.
        </p>
      )}
      <datalist id="lb-speakers">
        {allSpeakers.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      {segments.length === 0 ? (
        <p className="muted" data-testid="transcript-empty">Drag across the waveform to make a segment, then type what is said.</p>
      ) : (
        <ol className="segment-list">
          {segments.map((s, i) => (
            <SegmentRow key={s.id} segment={s} index={i} active={s.id === activeId} selected={s.id === selectedId} tags={tags} speakers={allSpeakers} glossary={glossary} />
          ))}
        </ol>
      )}
    </section>
  );
}
