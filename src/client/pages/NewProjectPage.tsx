import type { FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { useCreateProject } from '../api/owner-hooks';
import { ProjectFormFields } from '../components/ProjectFormFields';
import { emptyDraft, toCreateBody } from '../components/project-draft';
import { useProjectForm } from '../state/use-project-form';

/** Anyone signed in can start a project and becomes its owner; then on to its management page to add data. */
export function NewProjectPage() {
  const form = useProjectForm(emptyDraft);
  const create = useCreateProject();
  const navigate = useNavigate();
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!form.check()) return;
    create.mutate(toCreateBody(form.draft), {
      onSuccess: (project) => navigate(`/projects/${project.id}/manage?tab=data`),
      onError: form.fail,
    });
  };
  const hasErrors = Object.keys(form.errors).length > 0;
  return (
    <div className="form-page">
      <p><Link to="/">← Projects</Link></p>
      <h1>New project</h1>
      <form onSubmit={onSubmit} className="card project-form" aria-label="New project" noValidate>
        <ProjectFormFields draft={form.draft} onChange={form.setDraft} errors={form.errors} kindEditable />
        <div className="form-actions">
          {create.isError && <span className="error" role="alert" data-testid="form-error">{create.error.message}</span>}
          {!create.isError && hasErrors && <span className="error">Fix the fields marked in red.</span>}
          <span className="spacer" />
          <Link to="/" className="button">Cancel</Link>
          <button className="primary" type="submit" disabled={create.isPending} data-testid="create-project">
            {create.isPending ? 'Creating…' : 'Create project'}
          </button>
        </div>
      </form>
    </div>
  );
}
