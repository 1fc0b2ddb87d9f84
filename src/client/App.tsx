import { BrowserRouter, Link, Navigate, Route, Routes } from 'react-router';
import { useMe, useSignOut } from './api/hooks';
import { LabelPage } from './pages/LabelPage';
import { LoginPage } from './pages/LoginPage';
import { ManageProjectPage } from './pages/ManageProjectPage';
import { NewProjectPage } from './pages/NewProjectPage';
import { ProjectTasksPage } from './pages/ProjectTasksPage';
import { ProjectsPage } from './pages/ProjectsPage';
import { ReviewPage } from './pages/ReviewPage';
import { FeedbackInboxPage } from './review/FeedbackInboxPage';
import { CoursePage } from './quality/CoursePage';
import { QualityPage } from './quality/QualityPage';
import { GoldEditorPage } from './quality/GoldEditorPage';

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
    </div>
  );
}
