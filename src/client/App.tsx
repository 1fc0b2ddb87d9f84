import { lazy, Suspense, type ComponentType } from 'react';
import { BrowserRouter, Link, Navigate, Route, Routes } from 'react-router';
import { useMe, useSignOut } from './api/hooks';
import { LabelPage } from './pages/LabelPage';
import { LoginPage } from './pages/LoginPage';

/**
 * Pages other than labeling load on first visit, each in its own chunk. Why the labeling page stays in
 * the main bundle: labelers open it straight from a link all day, and a lazy page would add a chunk
 * request after the user is known; the owner's, reviewer's and quality pages (and their libraries)
 * then no longer lengthen its start-up.
 */
const named = <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) => lazy(async () => ({ default: (await load())[name] }));
const ManageProjectPage = named(() => import('./pages/ManageProjectPage'), 'ManageProjectPage');
const NewProjectPage = named(() => import('./pages/NewProjectPage'), 'NewProjectPage');
const ProjectTasksPage = named(() => import('./pages/ProjectTasksPage'), 'ProjectTasksPage');
const ProjectsPage = named(() => import('./pages/ProjectsPage'), 'ProjectsPage');
const ReviewPage = named(() => import('./pages/ReviewPage'), 'ReviewPage');
const FeedbackInboxPage = named(() => import('./review/FeedbackInboxPage'), 'FeedbackInboxPage');
const CoursePage = named(() => import('./quality/CoursePage'), 'CoursePage');
const QualityPage = named(() => import('./quality/QualityPage'), 'QualityPage');
const GoldEditorPage = named(() => import('./quality/GoldEditorPage'), 'GoldEditorPage');

export function App() {
  return (
    <BrowserRouter>
      <Shell />
    </BrowserRouter>
  );
}

function Shell() {
  const me = useMe();
  const signOut = useSignOut();
  if (me.isPending) return <div className="page-message">Loading…</div>;
  if (!me.data) {
    return (
      <Routes>
        <Route path="*" element={<LoginPage />} />
      </Routes>
    );
  }
  return (
    <div className="shell">
      <header className="top-bar">
        <Link to="/" className="brand">Labelbench</Link>
        <span className="spacer" />
        <span className="muted" data-testid="signed-in-as">{me.data.name}</span>
        <button onClick={() => signOut.mutate()}>Sign out</button>
      </header>
      <Suspense fallback={<div className="page-message">Loading…</div>}>
      <Routes>
        <Route path="/" element={<ProjectsPage />} />
        <Route path="/projects/new" element={<NewProjectPage />} />
        <Route path="/projects/:projectId/label" element={<LabelPage />} />
        <Route path="/projects/:projectId/review" element={<ReviewPage />} />
        <Route path="/projects/:projectId/feedback" element={<FeedbackInboxPage />} />
        <Route path="/projects/:projectId/manage" element={<ManageProjectPage />} />
        <Route path="/projects/:projectId/tasks" element={<ProjectTasksPage />} />
        <Route path="/projects/:projectId/quality" element={<QualityPage />} />
        <Route path="/projects/:projectId/courses/:type" element={<CoursePage />} />
        <Route path="/projects/:projectId/tasks/:taskId/gold" element={<GoldEditorPage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Routes>
      </Suspense>
    </div>
  );
}
