import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import type { Task } from '../../shared/task.schema';
import { useProject } from '../api/hooks';
import { api, HttpError } from '../api/http';
import { useGoldTasks, useSaveGoldAnswer } from '../api/quality-hooks';
import { ImageCanvas } from '../canvas/ImageCanvas';
import { ClassPicker } from '../components/ClassPicker';
import { ObjectList } from '../components/ObjectList';
import { ToolBar } from '../components/ToolBar';
import { useEditorStore } from '../state/editor-store';
import './quality.css';

/**
 * The owner draws a task's gold answer in the same tools labelers use (or corrects the current one),
 * and saves it: the task joins the gold pool.
 */
export function GoldEditorPage() {
  const { projectId = '', taskId = '' } = useParams();
  const project = useProject(projectId);
  const task = useQuery({ queryKey: ['tasks', taskId], queryFn: async () => (await api<{ task: Task }>('GET', `/api/tasks/${taskId}`)).task });
  const gold = useGoldTasks(projectId, true);
  const save = useSaveGoldAnswer(projectId);
  const open = useEditorStore((s) => s.open);
  const [opened, setOpened] = useState(false);
  const existing = gold.data?.find((g) => g.taskId === taskId)?.document;

  useEffect(() => {
    if (opened || !task.data || !gold.data || task.data.data.kind !== 'image') return;
    open(existing ?? { objects: [] }, { width: task.data.data.width, height: task.data.data.height });
    useEditorStore.getState().setTool('box');
    setOpened(true);
  }, [opened, task.data, gold.data, existing, open]);

  if (task.isError) return <div className="page-message" role="alert">Could not open this task: {task.error.message}</div>;
  if (!project.data || !task.data || !opened) return <div className="page-message">Loading…</div>;
  const data = task.data.data;
  if (data.kind !== 'image') return <div className="page-message">Gold answers for audio are set through the API for now.</div>;
  const error = save.error instanceof HttpError ? [save.error.message, ...Object.entries(save.error.body.fields ?? {}).map(([k, v]) => `${k}: ${v}`)].join(' · ') : null;
  return (
    <div className="label-page">
      <aside className="side-panel">
        <h2 className="panel-title">Gold answer</h2>
        <p className="small muted"><Link to={`/projects/${projectId}/manage?tab=tasks`}>← Tasks</Link></p>
        <ToolBar />
        <ClassPicker ontology={project.data.ontology} />
        <ObjectList ontology={project.data.ontology} />
      </aside>
      <main className="work-area">
        <ImageCanvas imageUrl={data.imageUrl} ontology={project.data.ontology} />
        <footer className="status-bar">
          <span>Task {taskId.slice(0, 8)} · {existing ? 'gold — editing its answer' : 'not gold yet'}</span>
          {error && <span className="error" role="alert">{error}</span>}
          {save.isSuccess && <span className="notice" data-testid="gold-saved">Saved: this task is gold.</span>}
          <span className="spacer" />
          <button className="primary" disabled={save.isPending} onClick={() => save.mutate({ taskId, document: useEditorStore.getState().editor.doc })} data-testid="save-gold">
            Save as gold answer
          </button>
        </footer>
      </main>
    </div>
  );
}
