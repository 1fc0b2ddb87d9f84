import { useState, type FormEvent } from 'react';
import { audioSettingsOf, type Project } from '../../shared/project.schema';
import { useUpdateProject } from '../api/owner-hooks';
import { HttpError } from '../api/http';

const lines = (s: string) => s.split('\n').map((l) => l.trim()).filter(Boolean);

/** An audio project's transcription settings for its owner: speakers, tags, overlap and the glossary, one per line. */
export function TranscriptionSettings({ project }: { project: Project }) {
  const current = audioSettingsOf(project.settings);
  const [speakers, setSpeakers] = useState(current.speakers.join('\n'));
  const [tags, setTags] = useState(current.tags.join('\n'));
  const [glossary, setGlossary] = useState(current.glossary.join('\n'));
  const [allowOverlap, setAllowOverlap] = useState(current.allowOverlap);
  const [pedal, setPedal] = useState([current.pedalKeys.back, current.pedalKeys.playPause, current.pedalKeys.forward].map((k) => k ?? '').join(', ').replace(/^, , $/, ''));
  const update = useUpdateProject(project.id);
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const [back, playPause, forward] = pedal.split(',').map((k) => k.trim() || undefined);
    update.mutate({ settings: { speakers: lines(speakers), tags: lines(tags), glossary: lines(glossary), allowOverlap, pedalKeys: { back, playPause, forward } } });
  };
  const fields = update.error instanceof HttpError ? update.error.body.fields ?? {} : {};
  const errorOf = (name: string) => Object.entries(fields).find(([k]) => k.startsWith(`settings.${name}`))?.[1];
  return (
    <form className="project-form transcription-settings" onSubmit={onSubmit} aria-label="Transcription settings" data-testid="transcription-settings">
      <fieldset className="settings-fields">
        <legend>Transcription</legend>
        <div className="field-grid">
          <label className="field">
            <span>Speakers (one per line; Alt+Shift+1… in order)</span>
            <textarea rows={4} value={speakers} onChange={(e) => setSpeakers(e.target.value)} data-testid="settings-speakers" />
            {errorOf('speakers') && <small className="error">{errorOf('speakers')}</small>}
          </label>
          <label className="field">
            <span>Tags (ids like inaudible; Alt+1… in order)</span>
            <textarea rows={4} value={tags} onChange={(e) => setTags(e.target.value)} data-testid="settings-tags" />
            {errorOf('tags') && <small className="error">{errorOf('tags')}</small>}
          </label>
          <label className="field">
            <span>Glossary (proper nouns, jargon; one per line)</span>
            <textarea rows={4} value={glossary} onChange={(e) => setGlossary(e.target.value)} data-testid="settings-glossary" />
            {errorOf('glossary') && <small className="error">{errorOf('glossary')}</small>}
          </label>
        </div>
        <label className="field">
          <span>Foot pedal keys: back, play/pause, forward (key names, e.g. F8, F9, F10; empty for none)</span>
          <input value={pedal} onChange={(e) => setPedal(e.target.value)} data-testid="settings-pedal" placeholder="F8, F9, F10" />
        </label>
        <label className="checkbox">
          <input type="checkbox" checked={allowOverlap} onChange={(e) => setAllowOverlap(e.target.checked)} data-testid="settings-allow-overlap" />
          Segments may overlap (crosstalk)
        </label>
      </fieldset>
      <div className="form-actions">
        {update.isError && <span className="error" role="alert">{update.error.message}</span>}
        {update.isSuccess && <span className="ok" role="status">Saved</span>}
        <span className="spacer" />
        <button type="submit" className="primary" disabled={update.isPending} data-testid="save-transcription-settings">
          {update.isPending ? 'Saving…' : 'Save transcription settings'}
        </button>
      </div>
    </form>
  );
}
