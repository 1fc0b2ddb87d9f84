import { useMemo, useState, type FormEvent } from 'react';
import type { Project } from '../../../shared/project.schema';
import { useUpdateProject } from '../../api/owner-hooks';
import { useProjectForm } from '../../state/use-project-form';
import { ProjectFormFields } from '../ProjectFormFields';
import { draftFromProject, toUpdateBody } from '../project-draft';
import { TranscriptionSettings } from '../../audio/TranscriptionSettings';

/** Edit the project's name, instructions, classes and queue settings; saved with one PUT. */
export function SettingsPanel({ project }: { project: Project }) {
  const form = useProjectForm(() => draftFromProject(project));
  const update = useUpdateProject(project.id);
  const [savedAt, setSavedAt] = useState<Date | null>(null);
  const saved = useMemo(() => JSON.stringify(toUpdateBody(draftFromProject(project))), [project]);
  const dirty = JSON.stringify(toUpdateBody(form.draft)) !== saved;
  const keptIds = new Set(form.draft.classes.map((c) => c.fixedId));
  const removed = project.ontology.classes.filter((c) => !keptIds.has(c.id));

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.check()) return;
    update.mutate(toUpdateBody(form.draft), {
      onSuccess: (p) => {
        form.reset(draftFromProject(p));
        setSavedAt(new Date());
      },
      onError: form.fail,
    });
  };
  return (
    <>
    {project.kind === 'audio' && <TranscriptionSettings project={project} />}
    <form onSubmit={onSubmit} className="project-form settings-panel" aria-label="Project settings" noValidate>
      <ProjectFormFields draft={form.draft} onChange={form.setDraft} errors={form.errors} kindEditable={false} />
      {removed.length > 0 && (
        <p className="warning" role="note">
          Removing {removed.map((c) => c.name).join(', ')} keeps the annotations already made with {removed.length === 1 ? 'it' : 'them'}; they will show the class id instead of a name.
        </p>
      )}
      <div className="form-actions sticky-actions">
        {update.isError && <span className="error" role="alert" data-testid="form-error">{update.error.message}</span>}
        {!update.isError && !dirty && savedAt && <span className="ok" role="status" data-testid="settings-saved">Saved at {savedAt.toLocaleTimeString()}</span>}
        {dirty && <span className="muted">Unsaved changes</span>}
        <span className="spacer" />
        <button type="button" disabled={!dirty || update.isPending} onClick={() => form.reset(draftFromProject(project))}>
          Discard
        </button>
        <button type="submit" className="primary" disabled={!dirty || update.isPending} data-testid="save-settings">
          {update.isPending ? 'Saving…' : 'Save changes'}
        </button>
      </div>
    </form>
    </>
  );
}
