import { Suspense, useState, type FormEvent } from 'react';
import type { Project } from '../../shared/project.schema';
import { instructionSections } from '../../core/text/sections';
import { flagInstructions } from '../api/instructions-hooks';
import { HttpError } from '../api/http';
import { useEditorStore } from '../state/editor-store';
import { LazyMarkdown as Markdown } from './LazyMarkdown';

/**
 * The project's instructions beside the canvas (Markdown, rendered without raw HTML), with their version,
 * and an "Unclear?" button that flags them on the current task.
 */
export function InstructionsPanel({ project, taskId }: { project: Project; taskId: string }) {
  const [open, setOpen] = useState(false);
  const [flagging, setFlagging] = useState(false);
  const [sent, setSent] = useState(false);
  return (
    <section className="instructions-panel">
      <div className="row">
        <button className="link" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid="toggle-instructions">
          Instructions{project.instructionsVersion ? ` (v${project.instructionsVersion})` : ''} {open ? '▾' : '▸'}
        </button>
        <span className="spacer" />
        <button onClick={() => setFlagging(true)} data-testid="flag-instructions" title="Tell the project owner the instructions do not settle this case">Unclear?</button>
      </div>
      {open && <div className="instructions-text" data-testid="instructions-text"><Suspense fallback={<span className="muted">Loading…</span>}><Markdown>{project.instructions || '_No instructions yet._'}</Markdown></Suspense></div>}
      {sent && <p className="muted" role="status" data-testid="flag-sent">Thanks — the owner will see your question.</p>}
      {flagging && (
        <FlagDialog
          sections={instructionSections(project.instructions)}
          taskId={taskId}
          onClose={() => setFlagging(false)}
          onSent={() => {
            setFlagging(false);
            setSent(true);
          }}
        />
      )}
    </section>
  );
}

function FlagDialog({ sections, taskId, onClose, onSent }: { sections: string[]; taskId: string; onClose: () => void; onSent: () => void }) {
  const selectedId = useEditorStore((s) => s.selectedId);
  const [note, setNote] = useState('');
  const [section, setSection] = useState('');
  const [pin, setPin] = useState(!!selectedId);
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      await flagInstructions(taskId, { note, section, ...(pin && selectedId ? { objectId: selectedId } : {}) });
      onSent();
    } catch (err) {
      setError(err instanceof HttpError ? err.message : String(err));
    }
  };
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <form className="card dialog" role="dialog" aria-label="Instructions unclear" onSubmit={(e) => void submit(e)}>
        <h2>Instructions unclear?</h2>
        <p className="muted">Ask the owner about this case. Label it as best you can meanwhile.</p>
        <label className="field">
          Section
          <select value={section} onChange={(e) => setSection(e.target.value)} data-testid="flag-section">
            <option value="">General</option>
            {sections.map((s) => (
              <option key={s} value={s}>{s}</option>
            ))}
          </select>
        </label>
        <label className="field">
          What is unclear
          <textarea autoFocus rows={3} value={note} onChange={(e) => setNote(e.target.value)} data-testid="flag-note" placeholder="Is a person on a billboard a pedestrian?" />
        </label>
        {selectedId && (
          <label className="checkbox">
            <input type="checkbox" checked={pin} onChange={(e) => setPin(e.target.checked)} /> Pin to the selected object
          </label>
        )}
        {error && <p className="error" role="alert">{error}</p>}
        <div className="actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button className="primary" type="submit" disabled={!note.trim()} data-testid="confirm-flag">Send</button>
        </div>
      </form>
    </div>
  );
}
