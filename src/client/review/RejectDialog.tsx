import { useState, type FormEvent } from 'react';
import type { ReviewComment } from '../../shared/review.schema';

type Draft = { text: string; objectId?: string; label?: string };

/**
 * Collects the reviewer's comments for a rejection. Each comment may be pinned to the object that is
 * selected when the dialog opens (the labeler then sees it on that object).
 */
export function RejectDialog({ selected, onReject, onClose }: { selected: { id: string; label: string } | null; onReject: (comments: ReviewComment[]) => void; onClose: () => void }) {
  const [comments, setComments] = useState<Draft[]>([{ text: '', objectId: selected?.id, label: selected?.label }]);
  const usable = comments.filter((c) => c.text.trim());
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (usable.length) onReject(usable.map((c) => ({ text: c.text.trim(), ...(c.objectId ? { objectId: c.objectId } : {}) })));
  };
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <form className="card dialog" role="dialog" aria-label="Send back to the labeler" onSubmit={submit}>
        <h2>Send back to the labeler</h2>
        <p className="muted">Say what to fix. The labeler sees each comment on the canvas, on the object it is pinned to.</p>
        {comments.map((c, i) => (
          <div key={i} className="field">
            <textarea autoFocus={i === 0} rows={2} aria-label={`Comment ${i + 1}`} data-testid={`reject-comment-${i}`} value={c.text}
              onChange={(e) => setComments((cs) => cs.map((x, j) => (j === i ? { ...x, text: e.target.value } : x)))} />
            {c.objectId ? (
              <span className="muted">Pinned to {c.label} <button type="button" onClick={() => setComments((cs) => cs.map((x, j) => (j === i ? { text: x.text } : x)))}>Unpin</button></span>
            ) : null}
          </div>
        ))}
        <button type="button" onClick={() => setComments((cs) => [...cs, { text: '' }])}>Add a comment</button>
        <div className="actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button className="primary" type="submit" disabled={!usable.length} data-testid="confirm-reject">Send back</button>
        </div>
      </form>
    </div>
  );
}
