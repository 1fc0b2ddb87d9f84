import { flushSync } from 'react-dom';
import { memo, useEffect, useRef, useState } from 'react';
import type { SegmentObject } from '../../core/audio/segments';
import { emptyTranscript, insertTag, retargetTags } from '../../core/audio/transcript';
import { glossaryCompletions, glossaryNearMisses } from '../../core/text/glossary';
import { setSegmentText, splitSegment, updateTranscript } from '../../editor/tools/audio-segment-tool';
import { useEditorStore } from '../state/editor-store';
import { player } from './player';
import { timeLabel } from './time-label';
import { MIN_SEGMENT_SEC, useTranscribeStore } from './transcribe-store';

/** How long after the last keystroke typed text becomes one undoable change of the document. */
const TEXT_COMMIT_MS = 400;

type Props = { segment: SegmentObject; index: number; active: boolean; selected: boolean; tags: readonly string[]; speakers: readonly string[]; glossary: readonly string[] };

/**
 * One segment of the transcript: times, speaker (the project's list or a new name), the words, tags as chips.
 * Typing is kept in the row and committed as one change per pause, so undo takes back a burst, not a letter.
 * Keys in the text: Enter at the end splits at the playhead; Alt+1…9 inserts the project's tags at the caret.
 */
export const SegmentRow = memo(function SegmentRow({ segment, index, active, selected, tags, speakers, glossary }: Props) {
  const t = segment.transcript ?? emptyTranscript();
  const [text, setText] = useState(t.text);
  const pending = useRef<ReturnType<typeof setTimeout> | null>(null);
  const row = useRef<HTMLLIElement>(null);
  const [speaker, setSpeaker] = useState(t.speaker ?? '');
  const [caret, setCaret] = useState<number | null>(null);
  const completion = caret === null ? null : glossaryCompletions(text, caret, glossary);
  const misses = glossaryNearMisses(text, glossary);
  /** Replaces [start, start+length) of the text with `term` and commits it (one change). */
  const replace = (start: number, length: number, term: string) => {
    const value = text.slice(0, start) + term + text.slice(start + length);
    setText(value);
    commit(value);
    return start + term.length;
  };

  // The document changed from elsewhere (undo, merge): show it unless the person is mid-burst.
  useEffect(() => {
    if (!pending.current) setText(t.text);
  }, [t.text]);
  useEffect(() => setSpeaker(t.speaker ?? ''), [t.speaker]);
  useEffect(() => {
    if (active) row.current?.scrollIntoView({ block: 'nearest' });
  }, [active]);

  const commit = (value = text) => {
    if (pending.current) clearTimeout(pending.current);
    pending.current = null;
    useTranscribeStore.getState().edit(setSegmentText(useEditorStore.getState().editor.doc, segment.id, value));
  };
  const commitSpeaker = (value: string) => {
    const name = value.trim() || null;
    if (name === t.speaker) return;
    useTranscribeStore.getState().setLastSpeaker(name);
    useTranscribeStore.getState().edit(updateTranscript(useEditorStore.getState().editor.doc, segment.id, (x) => ({ ...x, speaker: name })));
  };

  return (
    <li
      ref={row}
      className={`segment-row${active ? ' active' : ''}${selected ? ' selected' : ''}`}
      data-testid={`segment-row-${index + 1}`}
      data-segment-id={segment.id}
      onClick={(e) => {
        useEditorStore.getState().select(segment.id);
        if (!(e.target instanceof HTMLInputElement)) player.seek(segment.geometry.startSec);
      }}
    >
      <span className="segment-times" data-testid="segment-times">
        {timeLabel(segment.geometry.startSec)}–{timeLabel(segment.geometry.endSec)}
        {segment.source === 'hypothesis' && (
          <span className="source-badge" data-testid="source-badge" title="From the customer's pre-transcript">
            {segment.version > 1 ? ' ASR, edited' : ' ASR'}
          </span>
        )}
      </span>
      <input
        className="segment-speaker"
        data-testid="segment-speaker"
        list="lb-speakers"
        placeholder="Speaker"
        value={speaker}
        onChange={(e) => {
          setSpeaker(e.target.value);
          if (speakers.includes(e.target.value)) commitSpeaker(e.target.value);
        }}
        onBlur={(e) => commitSpeaker(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commitSpeaker(e.currentTarget.value);
        }}
        aria-label={`Speaker of segment ${index + 1}`}
      />
      <input
        className="segment-text"
        data-testid="segment-text"
        value={text}
        placeholder="Type what is said…"
        aria-label={`Text of segment ${index + 1}`}
        onFocus={() => useEditorStore.getState().select(segment.id)}
        onChange={(e) => {
          const value = e.target.value;
          setText(value);
          if (pending.current) clearTimeout(pending.current);
          pending.current = setTimeout(() => commit(value), TEXT_COMMIT_MS);
        }}
        onBlur={() => {
          setCaret(null);
          if (pending.current) commit();
        }}
        onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
        onKeyDown={(e) => {
          const input = e.currentTarget;
          if (e.key === 'Tab' && !e.shiftKey && completion) {
            // Tab takes the first glossary completion of the word being typed.
            e.preventDefault();
            // The new text is rendered and the caret put after the term before the next key is handled: a fast typist's
            // next character lands after the term (a caret moved a frame later sent it to the wrong place).
            let at = 0;
            flushSync(() => { at = replace(completion.start, completion.prefix.length, completion.terms[0]!); });
            input.setSelectionRange(at, at);
            setCaret(at);
            return;
          }
          if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && input.selectionStart === input.value.length) {
            e.preventDefault();
            commit();
            const edit = splitSegment(useEditorStore.getState().editor.doc, segment.id, player.currentTime(), () => crypto.randomUUID(), MIN_SEGMENT_SEC);
            useTranscribeStore.getState().edit(edit);
            focusRowText(index + 1);
            return;
          }
          const digit = e.altKey && !e.ctrlKey && !e.shiftKey ? /^Digit([1-9])$/.exec(e.code)?.[1] : undefined;
          const tag = digit ? tags[Number(digit) - 1] : undefined;
          if (tag) {
            e.preventDefault();
            e.stopPropagation();
            // One change: the typed text so far and the tag at the caret.
            if (pending.current) clearTimeout(pending.current);
            pending.current = null;
            const caret = input.selectionStart ?? input.value.length;
            useTranscribeStore.getState().edit(updateTranscript(useEditorStore.getState().editor.doc, segment.id, (x) => insertTag({ ...x, text: input.value, tags: retargetTags(x.text, input.value, x.tags) }, tag, caret)));
          }
        }}
      />
      {(completion || misses.length > 0) && (
        <span className="segment-glossary">
          {completion && (
            <span className="muted" data-testid="glossary-completion">
              Tab: {completion.terms.join(' · ')}
            </span>
          )}
          {misses.map((m) => (
            <button
              key={`${m.offset}-${m.term}`}
              className="glossary-miss"
              data-testid="glossary-miss"
              title={`Looks like the glossary term '${m.term}'; click to use it`}
              onClick={(e) => {
                e.stopPropagation();
                replace(m.offset, m.length, m.term);
              }}
            >
              ⚠ {m.typed} → {m.term}
            </button>
          ))}
        </span>
      )}
      <span className="segment-tags" data-testid="segment-tags">
        {t.tags.map((tag, k) => (
          <span className="tag-chip" key={`${tag.tag}-${tag.offset}-${k}`} data-testid="tag-chip" title={`at character ${tag.offset}`}>
            [{tag.tag}]
            <button
              aria-label={`Remove tag ${tag.tag}`}
              onClick={(e) => {
                e.stopPropagation();
                useTranscribeStore.getState().edit(updateTranscript(useEditorStore.getState().editor.doc, segment.id, (x) => ({ ...x, tags: x.tags.filter((_, j) => j !== k) })));
              }}
            >
              ×
            </button>
          </span>
        ))}
      </span>
      <button
        className="segment-play"
        data-testid="segment-play"
        title="Play this segment"
        onClick={(e) => {
          e.stopPropagation();
          useEditorStore.getState().select(segment.id);
          player.playSpan(segment.geometry);
        }}
      >
        ▶
      </button>
    </li>
  );
});

/** Puts the caret in the text of the n-th row (0-based) once React has drawn it. */
export function focusRowText(n: number) {
  requestAnimationFrame(() => {
    const el = document.querySelector<HTMLInputElement>(`[data-testid="segment-row-${n + 1}"] [data-testid="segment-text"]`);
    el?.focus();
  });
}
