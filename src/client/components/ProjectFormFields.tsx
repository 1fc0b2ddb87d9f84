import type { ProjectKind } from '../../shared/project.schema';
import { FieldError, OtherErrors } from './FieldError';
import { OntologyEditor, isOntologyPath } from './OntologyEditor';
import type { FieldErrors, ProjectDraft } from './project-draft';
import { SettingsFields, isSettingsPath } from './SettingsFields';

type Props = {
  draft: ProjectDraft;
  onChange: (d: ProjectDraft) => void;
  errors: FieldErrors;
  /** The kind is chosen once, when the project is made. */
  kindEditable: boolean;
};

const ownPaths = (path: string) => ['name', 'kind', 'instructions'].includes(path) || isOntologyPath(path) || isSettingsPath(path);

/** Name, kind, instructions, classes and queue settings of a project: the new-project form and the settings tab share it. */
export function ProjectFormFields({ draft, onChange, errors, kindEditable }: Props) {
  const set = (patch: Partial<ProjectDraft>) => onChange({ ...draft, ...patch });
  return (
    <div className="project-form-fields">
      <label className="field">
        <span>Name</span>
        <input value={draft.name} maxLength={200} onChange={(e) => set({ name: e.target.value })} data-testid="project-name" placeholder="e.g. Street scenes, spring batch" />
        <FieldError errors={errors} path="name" />
      </label>
      <div className="field" role="radiogroup" aria-label="Kind">
        <span>Kind</span>
        <div className="segmented">
          {(['image', 'audio'] as ProjectKind[]).map((k) => (
            <label key={k} className={draft.kind === k ? 'segment active' : 'segment'} aria-disabled={!kindEditable} data-testid={`kind-${k}`}>
              <input type="radio" name="kind" checked={draft.kind === k} disabled={!kindEditable} onChange={() => set({ kind: k })} />
              {k === 'image' ? 'Images: boxes' : 'Audio: transcription'}
            </label>
          ))}
        </div>
        {!kindEditable && <small className="muted">The kind is fixed once a project exists.</small>}
        <FieldError errors={errors} path="kind" />
      </div>
      <label className="field">
        <span>Instructions for labelers</span>
        <textarea
          rows={5}
          value={draft.instructions}
          onChange={(e) => set({ instructions: e.target.value })}
          data-testid="project-instructions"
          placeholder="What to label, what to leave out, how tight the boxes should be…"
        />
        <FieldError errors={errors} path="instructions" />
      </label>
      <OntologyEditor classes={draft.classes} onChange={(classes) => set({ classes })} errors={errors} />
      <SettingsFields settings={draft.settings} onChange={(settings) => set({ settings })} errors={errors} />
      <OtherErrors errors={errors} shown={ownPaths} />
    </div>
  );
}
