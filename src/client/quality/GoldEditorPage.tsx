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
import { TranscribeSide, TranscribeView } from '../audio/TranscribeView';
import './quality.css';

/**
 * The owner draws a task's gold answer in the same tools labelers use (or corrects the current one),
 * and saves it: the task joins the gold pool. Audio: segments and the reference transcript typed in the
 * transcription tools.
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
    if (opened || !task.data || !gold.data) return;
    const d = task.data.data;
    open(existing ?? { objects: [] }, d.kind === 'image' ? { width: d.width, height: d.height } : { width: 1, height: 1 });
    if (d.kind === 'image') useEditorStore.getState().setTool('box');
    setOpened(true);
  }, [opened, task.data, gold.data, existing, open]);

  if (task.isError) return <div className="page-message" role="alert">Could not open this task: {task.error.message}</div>;
  if (!project.data || !task.data || !opened) return <div className="page-message">Loading…</div>;
  const data = task.data.data;
  const error = save.error instanceof HttpError ? [save.error.message, ...Object.entries(save.error.body.fields ?? {}).map(([k, v]) => `${k}: ${v}`)].join(' · ') : null;
  const saveGold = () => save.mutate({ taskId, document: useEditorStore.getState().editor.doc });
  return (
    <div className="label-page">
      <aside className="side-panel">
        <h2 className="panel-title">Gold answer</h2>
        <p className="small muted"><Link to={`/projects/${projectId}/manage?tab=tasks`}>← Tasks</Link></p>
        {data.kind === 'image' ? <>
          <ToolBar />
          <ClassPicker ontology={project.data.ontology} />
          <ObjectList ontology={project.data.ontology} />
        </> : <TranscribeSide project={project.data} />}
      </aside>
      <main className="work-area">
        {data.kind === 'image'
          ? <ImageCanvas imageUrl={data.imageUrl} ontology={project.data.ontology} />
          // The reference transcript is typed in the labelers' own transcription tools.
          : <TranscribeView task={task.data} project={project.data} onSubmit={saveGold} />}
        <footer className="status-bar">
          <span>Task {taskId.slice(0, 8)} · {existing ? 'gold — editing its answer' : 'not gold yet'}</span>
          {error && <span className="error" role="alert">{error}</span>}
          {save.isSuccess && <span className="notice" data-testid="gold-saved">Saved: this task is gold.</span>}
          <span className="spacer" />
          <button className="primary" disabled={save.isPending} onClick={saveGold} data-testid="save-gold">
            Save as gold answer
          </button>
        </footer>
      </main>
    </div>
  );
}
