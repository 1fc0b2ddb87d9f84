import { useState } from 'react';
import { Link } from 'react-router';
import { qualitySettingsOf, type Project } from '../../shared/project.schema';
import { useUpdateProject } from '../api/owner-hooks';
import { HttpError } from '../api/http';
import { useGoldTasks } from '../api/quality-hooks';
import './quality.css';

const COURSES = ['onboarding', 'loose_box', 'tight_box', 'missed_object', 'extra_object', 'wrong_class', 'attribute_mismatch', 'duplicate', 'low_overlap', 'coarse_boundary', 'missed_region', 'spill', 'boundary_error', 'too_fast'];

type Field = 'goldRateStart' | 'goldRateFloor' | 'goldMatchIou' | 'patternRateThreshold' | 'coursePassScore';
const FIELDS: { key: Field; label: string; help: string; percent: boolean }[] = [
  { key: 'goldRateStart', label: 'Gold share for a new labeler (%)', help: 'falls as the labeler proves accurate', percent: true },
  { key: 'goldRateFloor', label: 'Gold share floor (%)', help: 'for a labeler with a proven record', percent: true },
  { key: 'goldMatchIou', label: 'Match IoU', help: 'overlap at which a drawn object counts as the gold object (0–1)', percent: false },
  { key: 'patternRateThreshold', label: 'Pattern threshold (%)', help: 'a mistake rate above this, with 90% confidence, is a habit', percent: true },
  { key: 'coursePassScore', label: 'Course pass score (%)', help: 'share of practice items right to pass', percent: true },
];

/**
 * The owner's quality tab: gold-rate, matching, pattern and course settings (saved into the project's
 * settings), the number of gold tasks, and links to every course (to edit lessons, make one mandatory).
 */
export function QualitySettingsPanel({ project }: { project: Project }) {
  const q = qualitySettingsOf(project.settings);
  const [draft, setDraft] = useState<Record<Field, string>>(
    Object.fromEntries(FIELDS.map((f) => [f.key, String(f.percent ? Math.round(q[f.key] * 1000) / 10 : q[f.key])])) as Record<Field, string>,
  );
  const [qualify, setQualify] = useState(project.settings.qualificationRequired ?? false);
  const update = useUpdateProject(project.id);
  const gold = useGoldTasks(project.id, true);
  const save = () => {
    const settings = Object.fromEntries(FIELDS.map((f) => [f.key, Number(draft[f.key]) / (f.percent ? 100 : 1)]));
    update.mutate({ settings: { ...settings, qualificationRequired: qualify } });
  };
  const fields = update.error instanceof HttpError ? update.error.body.fields ?? {} : {};
  return (
    <div data-testid="quality-settings">
      <p>
        {gold.data ? `${gold.data.length} gold task${gold.data.length === 1 ? '' : 's'}` : '…'} — make a submitted task gold from the Tasks tab.{' '}
        <Link to={`/projects/${project.id}/quality`}>Labelers’ quality and heatmap</Link>
      </p>
      <fieldset className="settings-fields">
        <legend>Gold and patterns</legend>
        {FIELDS.map((f) => (
          <label key={f.key}>
            {f.label}
            <input value={draft[f.key]} onChange={(e) => setDraft({ ...draft, [f.key]: e.target.value })} data-testid={`quality-${f.key}`} inputMode="decimal" />
            <span className="muted small">{f.help}</span>
            {fields[`settings.${f.key}`] && <span className="error small">{fields[`settings.${f.key}`]}</span>}
          </label>
        ))}
        <label>
          <input type="checkbox" checked={qualify} onChange={(e) => setQualify(e.target.checked)} data-testid="quality-qualificationRequired" /> New labelers must pass the{' '}
          <Link to={`/projects/${project.id}/courses/onboarding`}>onboarding course</Link> (lesson and gold practice) before their first task
        </label>
        <button className="primary" onClick={save} disabled={update.isPending} data-testid="save-quality-settings">Save</button>
        {update.isSuccess && <span className="muted"> Saved.</span>}
        {update.error && !Object.keys(fields).length && <span className="error"> {update.error.message}</span>}
      </fieldset>
      <h3>Courses</h3>
      <p className="muted small">One per finding type: edit its lesson or make it mandatory on its page.</p>
      <ul>
        {COURSES.map((c) => (
          <li key={c}><Link to={`/projects/${project.id}/courses/${c}`}>{c}</Link></li>
        ))}
      </ul>
    </div>
  );
}
