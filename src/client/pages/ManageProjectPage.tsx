import { Link, useParams, useSearchParams } from 'react-router';
import { useProject } from '../api/hooks';
import { useInvalidateProjectWork } from '../api/owner-hooks';
import { ApiKeysPanel } from '../components/manage/ApiKeysPanel';
import { ExportPanel } from '../components/manage/ExportPanel';
import { InstructionsFeedbackPanel } from '../components/manage/InstructionsFeedbackPanel';
import { FileUploader } from '../components/manage/FileUploader';
import { QueuePanel } from '../components/manage/QueuePanel';
import { SettingsPanel } from '../components/manage/SettingsPanel';
import { TasksPanel } from '../components/manage/TasksPanel';
import { UrlImporter } from '../components/manage/UrlImporter';
import { useUploads } from '../state/use-uploads';
import { QualitySettingsPanel } from '../quality/QualitySettingsPanel';

const TABS = [
  { id: 'queue', label: 'Queue' },
  { id: 'data', label: 'Add data' },
  { id: 'tasks', label: 'Tasks' },
  { id: 'export', label: 'Export' },
  { id: 'instructions', label: 'Instructions' },
  { id: 'settings', label: 'Settings' },
  { id: 'quality', label: 'Quality' },
  { id: 'keys', label: 'API keys' },
] as const;
type TabId = (typeof TABS)[number]['id'];

/** The owner's page for one project: queue, adding data, tasks, settings and API keys, one tab each (the tab is in the URL). */
export function ManageProjectPage() {
  const { projectId = '' } = useParams();
  const project = useProject(projectId);
  const [params, setParams] = useSearchParams();
  const tab: TabId = TABS.some((t) => t.id === params.get('tab')) ? (params.get('tab') as TabId) : 'queue';
  // Uploads live here, not in the tab, so looking at the queue does not cancel them.
  const uploads = useUploads(projectId, project.data?.kind, useInvalidateProjectWork(projectId));

  if (project.isError) return <div className="page-message" role="alert">Could not open this project: {project.error.message}</div>;
  if (!project.data) return <div className="page-message">Loading…</div>;
  const p = project.data;
  if (!p.myRoles.includes('owner')) {
    return (
      <div className="page-message" role="alert">
        Only the project’s owners can manage <b>{p.name}</b>. <Link to="/">Back to projects</Link>
      </div>
    );
  }
  const uploadingCount = uploads.items.filter((i) => i.state === 'queued' || i.state === 'uploading').length;
  return (
    <div className="manage-page">
      <header className="manage-header">
        <p><Link to="/">← Projects</Link></p>
        <h1 data-testid="manage-title">{p.name}</h1>
        <p className="muted">
          {p.kind === 'image' ? 'Image' : 'Audio'} project · {p.ontology.classes.length} classes ·{' '}
          {p.settings.reviewPasses === 0 ? 'no review' : `${p.settings.reviewPasses} review pass${p.settings.reviewPasses > 1 ? 'es' : ''}`}
        </p>
      </header>
      <nav className="tabs" role="tablist" aria-label="Project management">
        {TABS.map((t) => (
          <button
            key={t.id}
            role="tab"
            aria-selected={tab === t.id}
            className={tab === t.id ? 'tab active' : 'tab'}
            onClick={() => setParams({ tab: t.id }, { replace: true })}
            data-testid={`tab-${t.id}`}
          >
            {t.label}
            {t.id === 'data' && uploadingCount > 0 && <span className="badge">{uploadingCount}</span>}
          </button>
        ))}
      </nav>
      <section className="tab-panel" role="tabpanel" aria-label={TABS.find((t) => t.id === tab)!.label} data-testid={`panel-${tab}`}>
        {tab === 'queue' && <QueuePanel projectId={p.id} />}
        {tab === 'data' && (
          <div className="add-data">
            <FileUploader kind={p.kind} uploads={uploads} />
            <UrlImporter projectId={p.id} />
          </div>
        )}
        {tab === 'tasks' && <TasksPanel projectId={p.id} />}
        {tab === 'export' && <ExportPanel project={p} />}
        {tab === 'instructions' && <InstructionsFeedbackPanel key={p.id} project={p} />}
        {tab === 'settings' && <SettingsPanel key={p.id} project={p} />}
        {tab === 'keys' && <ApiKeysPanel project={p} />}
        {tab === 'quality' && <QualitySettingsPanel key={p.id} project={p} />}
      </section>
    </div>
  );
}
