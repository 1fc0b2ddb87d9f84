import type { TaskStatus } from '../../../shared/task.schema';
import { useQueueOverview } from '../../api/owner-hooks';
import { ago, dateTime, until } from '../time-format';
import { ThroughputChart } from './ThroughputChart';

const TILES: { status: TaskStatus; label: string; hint: string }[] = [
  { status: 'pending', label: 'Waiting', hint: 'in the queue for a labeler' },
  { status: 'leased', label: 'In progress', hint: 'held by a labeler now' },
  { status: 'submitted', label: 'In review', hint: 'submitted, waiting for review' },
  { status: 'completed', label: 'Done', hint: 'finished' },
  { status: 'error', label: 'Errors', hint: 'need your attention' },
  { status: 'canceled', label: 'Canceled', hint: 'withdrawn' },
];

/** The queue at a glance, refreshed every 5 s: counts by status, who holds which task, and how fast tasks get done. */
export function QueuePanel({ projectId }: { projectId: string }) {
  const queue = useQueueOverview(projectId);
  if (queue.isPending) return <p className="muted">Loading the queue…</p>;
  if (queue.isError && !queue.data) return <p className="error" role="alert">Could not load the queue: {queue.error.message}</p>;
  const { counts, leases, throughput } = queue.data;
  const now = Date.now();
  return (
    <div className="queue-panel">
      {queue.isError && <p className="error" role="alert">Showing the last known state: {queue.error.message}</p>}
      <ul className="tiles" aria-label="Tasks by status">
        {TILES.map((t) => (
          <li key={t.status} className={`tile tile-${t.status}`} title={t.hint}>
            <span className="tile-number" data-testid={`queue-count-${t.status}`}>{counts[t.status] ?? 0}</span>
            <span className="tile-label">{t.label}</span>
            <span className="tile-hint muted">{t.hint}</span>
          </li>
        ))}
      </ul>

      <section className="panel-section" aria-label="Throughput">
        <h3>Throughput</h3>
        <div className="throughput">
          <div className="stat">
            <span className="stat-number" data-testid="throughput-hour">{throughput.lastHour}</span>
            <span className="muted">done in the last hour</span>
          </div>
          <div className="stat">
            <span className="stat-number" data-testid="throughput-day">{throughput.last24h}</span>
            <span className="muted">done in the last 24 h</span>
          </div>
          <ThroughputChart perMinute={throughput.perMinute} now={now} />
        </div>
      </section>

      <section className="panel-section" aria-label="Who holds what">
        <h3>Who holds what ({leases.length})</h3>
        {leases.length === 0 ? (
          <p className="muted" data-testid="no-leases">Nobody is holding a task right now.</p>
        ) : (
          <table className="tasks" data-testid="lease-table">
            <thead>
              <tr><th>Task</th><th>Labeler</th><th>Since</th><th>Lease ends</th></tr>
            </thead>
            <tbody>
              {leases.map((l) => (
                <tr key={l.taskId} data-testid="lease-row">
                  <td><code title={l.taskId}>{l.taskId.slice(0, 8)}</code></td>
                  <td>{l.name} <span className="muted">{l.email}</span></td>
                  <td title={l.leasedAt ? dateTime(l.leasedAt) : undefined}>{l.leasedAt ? ago(l.leasedAt, now) : '—'}</td>
                  <td title={dateTime(l.expiresAt)} className={Date.parse(l.expiresAt) <= now ? 'error' : undefined}>{until(l.expiresAt, now)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <p className="muted small">Updates every 5 seconds{queue.dataUpdatedAt ? ` · last at ${new Date(queue.dataUpdatedAt).toLocaleTimeString()}` : ''}.</p>
    </div>
  );
}
