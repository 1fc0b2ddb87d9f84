import { useQuery } from '@tanstack/react-query';
import type { ReviewerQuality } from '../../shared/review.schema';
import { api } from '../api/http';
import { queryKeys } from '../api/query-keys';

/** Reviewers measured on checks (gold with planted errors): errors caught and missed, and checks with a false fix. */
export function ReviewerQualityTable({ projectId }: { projectId: string }) {
  const q = useQuery({
    queryKey: queryKeys.reviewerQuality(projectId),
    queryFn: async () => (await api<{ reviewers: ReviewerQuality[] }>('GET', `/api/projects/${projectId}/reviewer-quality`)).reviewers,
  });
  if (!q.data) return null;
  return (
    <section data-testid="reviewer-quality">
      <h2>Reviewers</h2>
      {q.data.length === 0 ? (
        <p className="muted">No reviewer has had a check yet. Plant errors in a gold task (<code>POST /api/tasks/:id/review-gold</code>) to measure reviewers.</p>
      ) : (
        <table className="tasks">
          <thead>
            <tr><th>Reviewer</th><th>Checks</th><th>Planted errors caught</th><th>Missed</th><th>Checks with a false fix</th></tr>
          </thead>
          <tbody>
            {q.data.map((r) => (
              <tr key={r.userId}>
                <td>{r.name}</td>
                <td>{r.checks}</td>
                <td>{r.caught} of {r.planted}{r.catchRate === null ? '' : ` (${Math.round(r.catchRate * 100)} %)`}</td>
                <td>{r.missed}</td>
                <td>{r.checksWithFalseFix}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
