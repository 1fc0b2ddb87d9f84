import type { WebhookDelivery } from '../../../shared/owner.schema';
import { useRedeliver, useTaskWebhooks } from '../../api/owner-hooks';
import { dateTime } from '../time-format';

/** A task's callbacks to the customer: each delivery with its tries, and a button to send it again. */
export function TaskWebhooks({ taskId }: { taskId: string }) {
  const deliveries = useTaskWebhooks(taskId);
  const redeliver = useRedeliver(taskId);
  return (
    <div className="webhooks" data-testid={`webhooks-${taskId}`}>
      <div className="webhooks-head">
        <h4>Webhook deliveries</h4>
        <span className="spacer" />
        {redeliver.isSuccess && <span className="ok" role="status">Queued for delivery</span>}
        {redeliver.isError && <span className="error" role="alert">{redeliver.error.message}</span>}
        <button onClick={() => redeliver.mutate()} disabled={redeliver.isPending} data-testid={`redeliver-${taskId}`}>
          {redeliver.isPending ? 'Queuing…' : 'Redeliver'}
        </button>
      </div>
      {deliveries.isPending && <p className="muted">Loading…</p>}
      {deliveries.isError && <p className="error" role="alert">{deliveries.error.message}</p>}
      {deliveries.data?.length === 0 && <p className="muted">No webhooks yet: the task has no callback URL, or it is not finished.</p>}
      {deliveries.data?.map((d) => <Delivery key={d.id} delivery={d} />)}
    </div>
  );
}

function Delivery({ delivery: d }: { delivery: WebhookDelivery }) {
  return (
    <div className="delivery" data-testid="webhook-delivery" data-status={d.status}>
      <div className="delivery-head">
        <span className={`status delivery-${d.status}`}>{d.status}</span>
        <code>{d.event}</code>
        <code className="url" title={d.url}>{d.url}</code>
        <span className="muted">
          queued {dateTime(d.createdAt)}
          {d.deliveredAt && ` · delivered ${dateTime(d.deliveredAt)}`}
          {d.nextAttemptAt && ` · next try ${dateTime(d.nextAttemptAt)}`}
        </span>
      </div>
      {d.attempts.length > 0 && (
        <ol className="attempts">
          {d.attempts.map((a, i) => (
            <li key={i}>
              <span className="muted">{dateTime(a.at)}</span>{' '}
              {a.statusCode !== null ? (
                <span className={a.statusCode >= 200 && a.statusCode < 300 ? 'ok' : 'error'}>HTTP {a.statusCode}</span>
              ) : (
                <span className="error">no answer</span>
              )}
              {a.error && <span className="error"> · {a.error}</span>}
              {a.durationMs !== null && <span className="muted"> · {Math.round(a.durationMs)} ms</span>}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
