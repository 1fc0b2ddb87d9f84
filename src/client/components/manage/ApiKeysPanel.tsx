import { useState, type FormEvent } from 'react';
import type { CreatedApiKey } from '../../../shared/owner.schema';
import type { Project } from '../../../shared/project.schema';
import { useApiKeys, useCallbackKey, useCreateApiKey, useRevokeApiKey, useRotateCallbackKey } from '../../api/owner-hooks';
import { ago, dateTime } from '../time-format';
import { CopyButton } from './CopyButton';

/** The owner's keys for the customer API (/v1): make one for this project, see it once, revoke old ones. */
export function ApiKeysPanel({ project }: { project: Project }) {
  const keys = useApiKeys();
  const create = useCreateApiKey();
  const revoke = useRevokeApiKey();
  const [name, setName] = useState('');
  const [fresh, setFresh] = useState<CreatedApiKey | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);

  const onCreate = (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return;
    create.mutate(
      { name: name.trim(), defaultProjectId: project.id },
      {
        onSuccess: (k) => {
          setFresh(k);
          setName('');
        },
      },
    );
  };

  return (
    <div className="api-keys-panel">
      <p className="muted">
        Keys let your systems send tasks to this project through the customer API (compatible with Scale’s task API) and receive results by webhook.
        A key acts as you, on projects you own; tasks go to its default project unless they name another.
      </p>
      <form onSubmit={onCreate} className="inline-form">
        <input value={name} onChange={(e) => setName(e.target.value)} placeholder="Key name, e.g. ingest pipeline" maxLength={200} aria-label="Key name" data-testid="api-key-name" />
        <button type="submit" className="primary" disabled={!name.trim() || create.isPending} data-testid="create-api-key">
          {create.isPending ? 'Creating…' : 'Create key'}
        </button>
      </form>
      {create.isError && <p className="error" role="alert">{create.error.message}</p>}

      {fresh && (
        <div className="new-key card" data-testid="new-api-key" role="status">
          <p><strong>Key “{fresh.name}” created.</strong> Copy it now: it will not be shown again.</p>
          <div className="key-line">
            <code data-testid="new-api-key-value">{fresh.key}</code>
            <CopyButton text={fresh.key} testId="copy-api-key" />
          </div>
          <button className="link-button" onClick={() => setFresh(null)}>I have stored it, hide it</button>
        </div>
      )}

      <h3>Try it</h3>
      <CurlExample project={project} apiKey={fresh?.key} />

      <h3>Your keys</h3>
      {keys.isPending && <p className="muted">Loading…</p>}
      {keys.isError && <p className="error" role="alert">{keys.error.message}</p>}
      {keys.data?.length === 0 && <p className="muted">No keys yet.</p>}
      {keys.data && keys.data.length > 0 && (
        <table className="tasks" data-testid="api-key-table">
          <thead>
            <tr><th>Name</th><th>Key</th><th>Default project</th><th>Created</th><th>Last used</th><th /></tr>
          </thead>
          <tbody>
            {keys.data.map((k) => (
              <tr key={k.id} data-testid="api-key-row" className={k.revokedAt ? 'revoked' : undefined}>
                <td>{k.name}</td>
                <td><code>{k.prefix}…</code></td>
                <td>{k.defaultProjectId === project.id ? 'this project' : k.defaultProjectId ? <span className="muted">another project</span> : <span className="muted">none</span>}</td>
                <td title={dateTime(k.createdAt)}>{ago(k.createdAt)}</td>
                <td>{k.lastUsedAt ? <span title={dateTime(k.lastUsedAt)}>{ago(k.lastUsedAt)}</span> : <span className="muted">never</span>}</td>
                <td className="row-actions">
                  {k.revokedAt ? (
                    <span className="muted">revoked {ago(k.revokedAt)}</span>
                  ) : confirming === k.id ? (
                    <>
                      <button className="danger-button" onClick={() => revoke.mutate(k.id, { onSettled: () => setConfirming(null) })} disabled={revoke.isPending} data-testid="confirm-revoke">
                        Revoke now
                      </button>
                      <button onClick={() => setConfirming(null)}>Keep</button>
                    </>
                  ) : (
                    <button onClick={() => setConfirming(k.id)} data-testid="revoke-api-key">Revoke</button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {revoke.isError && <p className="error" role="alert">{revoke.error.message}</p>}

      <WebhookKey projectId={project.id} />
    </div>
  );
}

/** The project's webhook key: hidden until asked for, copyable, and rotated only after a confirmation. */
function WebhookKey({ projectId }: { projectId: string }) {
  const [shown, setShown] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const key = useCallbackKey(projectId, shown);
  const rotate = useRotateCallbackKey(projectId);
  return (
    <section className="webhook-key" data-testid="webhook-key">
      <h3>Webhook key</h3>
      <p className="muted">
        Every result sent to a <code>callback_url</code> carries this key in <code>scale-callback-auth</code> and is signed with it
        (<code>labelbench-signature</code>, HMAC-SHA256); your receiver checks one or the other.
      </p>
      <div className="key-line">
        {shown && key.data ? <code data-testid="webhook-key-value">{key.data}</code> : <code className="muted">••••••••••••••••</code>}
        {shown && key.data ? <CopyButton text={key.data} testId="copy-webhook-key" /> : (
          <button onClick={() => setShown(true)} data-testid="show-webhook-key">{key.isFetching ? 'Loading…' : 'Show'}</button>
        )}
        {confirming ? (
          <>
            <button className="danger-button" data-testid="confirm-rotate-webhook-key" disabled={rotate.isPending}
              onClick={() => rotate.mutate(undefined, { onSuccess: () => setShown(true), onSettled: () => setConfirming(false) })}>
              Rotate now
            </button>
            <button onClick={() => setConfirming(false)}>Keep</button>
            <span className="muted small">Receivers with the old key will refuse later deliveries until they get the new one.</span>
          </>
        ) : (
          <button onClick={() => setConfirming(true)} data-testid="rotate-webhook-key">Rotate…</button>
        )}
      </div>
      {key.isError && <p className="error" role="alert">{key.error.message}</p>}
      {rotate.isError && <p className="error" role="alert">{rotate.error.message}</p>}
    </section>
  );
}

/** A request that creates one task in this project with the new key (or a placeholder). */
function CurlExample({ project, apiKey }: { project: Project; apiKey?: string }) {
  const key = apiKey ?? '$LABELBENCH_API_KEY';
  const labels = project.ontology.classes.map((c) => c.name).slice(0, 3);
  const body =
    project.kind === 'image'
      ? { attachment: 'https://example.com/images/street.jpg', geometries: { box: { objects_to_annotate: labels.length ? labels : ['car'] } }, callback_url: 'https://example.com/labelbench-webhook' }
      : { attachment: 'https://example.com/audio/clip.wav', callback_url: 'https://example.com/labelbench-webhook' };
  const type = project.kind === 'image' ? 'imageannotation' : 'audiotranscription';
  // Single quotes inside the JSON (a class named "Driver's door") must not end the shell string.
  const json = JSON.stringify(body, null, 2).replace(/'/g, `'\\''`);
  const text = `curl -u '${key}:' -H 'content-type: application/json' \\\n  ${window.location.origin}/v1/task/${type} -d '${json}'`;
  return (
    <div className="curl-example">
      <div className="code-box">
        <pre data-testid="curl-example">{text}</pre>
        <CopyButton text={text} testId="copy-curl" />
      </div>
      <p className="muted small">
        The key is the HTTP Basic user name with an empty password. The answer is the task in Scale’s format; when it is done, the result is POSTed to <code>callback_url</code>.
      </p>
    </div>
  );
}
