import { useEffect, type ReactNode } from 'react';
import type { Project } from '../../shared/project.schema';
import { audioSettingsOf, type AudioSettings } from '../../shared/project.schema';
import type { Task } from '../../shared/task.schema';
import { insertTag } from '../../core/audio/transcript';
import { mergeWithNext, updateTranscript } from '../../editor/tools/audio-segment-tool';
import { useEditorStore } from '../state/editor-store';
import { player } from './player';
import { timeLabel } from './time-label';
import { TranscriptEditor } from './TranscriptEditor';
import { useTranscribeStore } from './transcribe-store';
import { Waveform } from './Waveform';
import './audio.css';

const RATES = [0.5, 0.75, 1, 1.25, 1.5, 2];
/** How far Ctrl+←/→ jump, in seconds. */
const SKIP_SEC = 2;

/**
 * The transcription page's work area: playback controls, the waveform and the transcript. With `feedback`,
 * that takes the transcript's place (after a gold submit: the diff against the reference), the waveform
 * staying for its play buttons.
 */
export function TranscribeView({ task, project, onSubmit, feedback }: { task: Task; project: Project; onSubmit: () => void; feedback?: ReactNode }) {
  const data = task.data;
  const settings = audioSettingsOf(project.settings);
  useEffect(() => {
    if (data.kind !== 'audio') return;
    useTranscribeStore.getState().setup({ durationSec: data.durationSec, allowOverlap: settings.allowOverlap, classId: project.ontology.classes[0]?.id ?? null });
  }, [task.id, data, settings.allowOverlap, project.ontology]);
  useTranscribeKeys(settings.tags, settings.speakers, onSubmit, settings.pedalKeys);
  useTestHooks();
  if (data.kind !== 'audio') return null;
  return (
    <div className="transcribe" data-testid="transcribe">
      <PlaybackBar durationSec={data.durationSec} />
      <Waveform audioUrl={data.audioUrl} durationSec={data.durationSec} />
      {feedback ?? <TranscriptEditor speakers={settings.speakers} tags={settings.tags} glossary={settings.glossary} />}
    </div>
  );
}

function PlaybackBar({ durationSec }: { durationSec: number }) {
  const playing = useTranscribeStore((s) => s.playing);
  const currentSec = useTranscribeStore((s) => s.currentSec);
  const loop = useTranscribeStore((s) => s.loop);
  const rate = useTranscribeStore((s) => s.rate);
  return (
    <div className="playback-bar">
      <button data-testid="play" onClick={() => player.toggle()} title="Play / pause (Ctrl+Space)">{playing ? '❚❚ Pause' : '▶ Play'}</button>
      <button onClick={() => player.skip(-SKIP_SEC)} title="Back 2 s (Ctrl+←)">−2 s</button>
      <button onClick={() => player.skip(SKIP_SEC)} title="Forward 2 s (Ctrl+→)">+2 s</button>
      <span className="time-readout" data-testid="time-readout">{timeLabel(currentSec)} / {timeLabel(durationSec)}</span>
      <label title="Speed without pitch change (Alt+− / Alt+=)">
        Speed
        <select
          data-testid="speed"
          value={rate}
          onChange={(e) => {
            const r = Number(e.target.value);
            useTranscribeStore.getState().setRate(r);
            player.setRate(r);
          }}
        >
          {RATES.map((r) => (
            <option key={r} value={r}>{r}×</option>
          ))}
        </select>
      </label>
      <label title="Loop the segment being played (Alt+L)">
        <input type="checkbox" data-testid="loop" checked={loop} onChange={(e) => useTranscribeStore.getState().setLoop(e.target.checked)} /> Loop segment
      </label>
    </div>
  );
}

/** The side panel of an audio task: the project's speakers and tags with their keys. */
export function TranscribeSide({ project }: { project: Project }) {
  const { speakers, tags, pedalKeys } = audioSettingsOf(project.settings);
  return (
    <div className="transcribe-side">
      <h3 className="panel-title">Speakers</h3>
      <ul className="key-list">
        {speakers.length === 0 && <li className="muted">Type a name in a row</li>}
        {speakers.map((s, i) => (
          <li key={s}><kbd>Alt+Shift+{i + 1}</kbd> {s}</li>
        ))}
      </ul>
      <h3 className="panel-title">Tags</h3>
      <ul className="key-list">
        {tags.map((t, i) => (
          <li key={t}><kbd>Alt+{i + 1}</kbd> [{t}]</li>
        ))}
      </ul>
      <h3 className="panel-title">Keys</h3>
      <ul className="key-list muted">
        <li><kbd>Ctrl+Space</kbd> play / pause</li>
        <li><kbd>Ctrl+←/→</kbd> back / forward 2 s</li>
        <li><kbd>Enter</kbd> at a row's end: split at the playhead</li>
        <li><kbd>Ctrl+M</kbd> merge with the next row</li>
        <li><kbd>Alt+L</kbd> loop · <kbd>Alt+−/=</kbd> speed</li>
        <li><kbd>Ctrl+wheel</kbd> zoom</li>
        {pedalKeys.playPause && <li><kbd>{pedalKeys.back ?? '–'} {pedalKeys.playPause} {pedalKeys.forward ?? '–'}</kbd> pedal: back, play, forward</li>}
      </ul>
    </div>
  );
}

/**
 * Keys that work while typing (so the hands stay on the keyboard): Ctrl+Enter (submit), Ctrl+Space, Ctrl+←/→, Ctrl+M, Alt+L, Alt+−/=,
 * Alt+1…9 (a tag; rows handle it at the caret), Alt+Shift+1…9 (a speaker). Listened to in the capture phase, before
 * the text field acts on them.
 */
function useTranscribeKeys(tags: readonly string[], speakers: readonly string[], onSubmit: () => void, pedal: AudioSettings['pedalKeys']) {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      const s = useTranscribeStore.getState();
      const ed = useEditorStore.getState();
      const inField = e.target instanceof HTMLInputElement || e.target instanceof HTMLTextAreaElement;
      const digit = /^Digit([1-9])$/.exec(e.code)?.[1];
      if (pedal.playPause && e.key === pedal.playPause) player.toggle();
      else if (pedal.back && e.key === pedal.back) player.skip(-SKIP_SEC);
      else if (pedal.forward && e.key === pedal.forward) player.skip(SKIP_SEC);
      else if (mod && e.key === 'Enter' && inField) {
        // Submitting from a text field: leaving it first commits what was typed (the rows commit on blur).
        (e.target as HTMLElement).blur();
        onSubmit();
      } else if (mod && e.code === 'Space') player.toggle();
      else if (!mod && !inField && e.code === 'Space' && !e.altKey) player.toggle();
      else if (mod && e.key === 'ArrowLeft') player.skip(-SKIP_SEC);
      else if (mod && e.key === 'ArrowRight') player.skip(SKIP_SEC);
      else if (mod && e.key.toLowerCase() === 'm' && ed.selectedId) s.edit(mergeWithNext(ed.editor.doc, ed.selectedId));
      else if (e.altKey && e.code === 'KeyL') s.setLoop(!s.loop);
      else if (e.altKey && (e.code === 'Minus' || e.code === 'Equal')) {
        const rates = RATES;
        const i = rates.indexOf(s.rate);
        const r = rates[Math.max(0, Math.min(rates.length - 1, (i < 0 ? 2 : i) + (e.code === 'Minus' ? -1 : 1)))]!;
        s.setRate(r);
        player.setRate(r);
      } else if (e.altKey && e.shiftKey && digit && speakers[Number(digit) - 1] && ed.selectedId) {
        const name = speakers[Number(digit) - 1]!;
        s.setLastSpeaker(name);
        s.edit(updateTranscript(ed.editor.doc, ed.selectedId, (t) => ({ ...t, speaker: name })));
      } else if (e.altKey && !e.shiftKey && !inField && digit && tags[Number(digit) - 1] && ed.selectedId) {
        s.edit(updateTranscript(ed.editor.doc, ed.selectedId, (t) => insertTag(t, tags[Number(digit) - 1]!, t.text.length)));
      } else if (e.key === 'Escape' && s.tool.name !== 'idle') s.gesture({ type: 'cancel' });
      else return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener('keydown', onKey, { capture: true });
    return () => window.removeEventListener('keydown', onKey, { capture: true });
  }, [tags, speakers, onSubmit, pedal.playPause, pedal.back, pedal.forward]);
}

/** Read-only hooks for end-to-end tests and the benchmark (test builds only): waveform state and time → page x. */
function useTestHooks() {
  useEffect(() => {
    if (import.meta.env.VITE_TEST_HOOKS !== '1') return;
    const hooks = (window as unknown as { __labelbench?: Record<string, unknown> }).__labelbench;
    if (!hooks) return;
    hooks.audio = {
      ready: () => useTranscribeStore.getState().waveformReady,
      /** Page coordinates of a time on the waveform as it is scrolled and zoomed now (null when off screen). */
      secToPage: (sec: number) => {
        const ws = player.instance;
        const el = document.querySelector('[data-testid="waveform"]');
        if (!ws || !el) return null;
        const r = el.getBoundingClientRect();
        const wrapper = ws.getWrapper();
        const x = r.left + (sec / ws.getDuration()) * wrapper.scrollWidth - ws.getScroll();
        return { x, y: r.top + r.height / 2 };
      },
      seek: (sec: number) => player.seek(sec),
    };
    return () => {
      delete hooks.audio;
    };
  }, []);
}
