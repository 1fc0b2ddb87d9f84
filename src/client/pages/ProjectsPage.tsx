import { Link } from 'react-router';
import { useProjects } from '../api/hooks';

/** The projects the person belongs to, with what each of their roles lets them do, and a way to start a new one. */
export function ProjectsPage() {
  const projects = useProjects();
  if (projects.isPending) return <div className="page-message">Loading…</div>;
  if (projects.isError) return <div className="page-message" role="alert">{projects.error.message}</div>;
  return (
    <div className="projects">
      <div className="page-head">
        <h1>Projects</h1>
        <span className="spacer" />
        <Link className="button primary" to="/projects/new" data-testid="new-project">
          New project
        </Link>
      </div>
      {projects.data.length === 0 && <p className="muted">You are not a member of any project yet. Start one, or ask an owner to add you.</p>}
      <ul className="project-cards">
        {projects.data.map((p) => (
          <li key={p.id} className="card" data-testid={`project-${p.kind}`} data-project-id={p.id}>
            <h2>{p.name}</h2>
            <p className="muted">
              {p.kind === 'image' ? 'Image' : 'Audio'} project · {p.ontology.classes.length} classes · you are {p.myRoles.join(', ')}
            </p>
            <p className="instructions">{p.instructions}</p>
            <div className="actions">
              {p.myRoles.includes('labeler') && (
                <Link className="button primary" to={`/projects/${p.id}/label`} data-testid="start-labeling">
                  Start labeling
                </Link>
              )}
              {p.myRoles.includes('reviewer') && (
                <Link className="button" to={`/projects/${p.id}/review`} data-testid="start-review">
                  Review
                </Link>
              )}
              {(p.myRoles.includes('owner') || p.myRoles.includes('reviewer')) && (
                <Link className="button" to={`/projects/${p.id}/tasks`} data-testid="view-tasks">
                  Tasks
                </Link>
              )}
              <Link className="button" to={`/projects/${p.id}/quality`} data-testid="view-quality">
                Quality
              </Link>
              {p.myRoles.includes('owner') && (
                <Link className="button" to={`/projects/${p.id}/manage`} data-testid="manage-project">
                  Manage
                </Link>
              )}
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
