import { useState, type FormEvent } from 'react';

const REASONS = ['Image is unreadable (too dark, blurred, corrupt)', 'Nothing to label', 'Instructions do not cover this case'];

/** Asks why the labeler skips: a common reason or their own words. */
export function SkipDialog({ onSkip, onClose }: { onSkip: (reason: string) => void; onClose: () => void }) {
  const [choice, setChoice] = useState(REASONS[0]!);
  const [other, setOther] = useState('');
  const reason = choice === 'other' ? other.trim() : choice;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reason) onSkip(reason);
  };
  return (
    <div className="dialog-backdrop" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <form className="card dialog" role="dialog" aria-label="Skip this task" onSubmit={submit}>
        <h2>Skip this task?</h2>
        <p className="muted">It goes back to the queue for someone else; you will not get it again.</p>
        {[...REASONS, 'other'].map((r) => (
          <label key={r} className="radio">
            <input type="radio" name="reason" value={r} checked={choice === r} onChange={() => setChoice(r)} />
            {r === 'other' ? 'Another reason:' : r}
          </label>
        ))}
        {choice === 'other' && <input autoFocus aria-label="Reason" value={other} onChange={(e) => setOther(e.target.value)} placeholder="Say why" />}
        <div className="actions">
          <button type="button" onClick={onClose}>Cancel</button>
          <button className="primary" type="submit" disabled={!reason} data-testid="confirm-skip">Skip task</button>
        </div>
      </form>
    </div>
  );
}
