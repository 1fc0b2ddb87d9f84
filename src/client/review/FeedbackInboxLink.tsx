import { Link } from 'react-router';
import { useFeedbackInbox } from '../api/review-hooks';

/** A link to the inbox with the count of unseen review findings, shown while there are any. */
export function FeedbackInboxLink({ projectId }: { projectId: string }) {
  const inbox = useFeedbackInbox(projectId);
  const n = inbox.data?.count ?? 0;
  if (n === 0) return null;
  return (
    <Link className="button" to={`/projects/${projectId}/feedback`} data-testid="feedback-inbox-link">
      Reviewer feedback <span className="badge">{n}</span>
    </Link>
  );
}
