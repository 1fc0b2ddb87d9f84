import { useState, type FormEvent } from 'react';
import type { UrlImportResult } from '../../../shared/owner.schema';
import { useImportUrls } from '../../api/owner-hooks';

/** What the server takes in one request (TasksFromUrlsBodySchema). */
const MAX_URLS = 500;

/** Paste links, one per line: the server fetches each and makes a task, and says per link how it went. */
export function UrlImporter({ projectId }: { projectId: string }) {
  const [text, setText] = useState('');
  const [results, setResults] = useState<UrlImportResult[]>([]);
  const importUrls = useImportUrls(projectId);
  const urls = [...new Set(text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean))];
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (urls.length === 0) return;
    importUrls.mutate(urls, {
      onSuccess: (r) => {
        setResults(r.results);
        // Leave the links that failed in the box, to fix and send again.
        setText(r.results.filter((x) => !x.task).map((x) => x.url).join('\n'));
      },
    });
  };
  const ok = results.filter((r) => r.task).length;
  return (
    <section className="url-importer" aria-label="Add from URLs">
      <h3>Add from URLs</h3>
      <form onSubmit={onSubmit}>
        <textarea
          rows={5}
          value={text}
          onChange={(e) => setText(e.target.value)}
          placeholder={'https://example.com/images/0001.jpg\nhttps://example.com/images/0002.jpg'}
          aria-label="URLs, one per line"
          data-testid="urls-input"
          spellCheck={false}
        />
        <div className="form-actions">
          <span className="muted">{urls.length === 0 ? 'One link per line.' : `${urls.length} link${urls.length === 1 ? '' : 's'}`}</span>
          <span className="spacer" />
          <button type="submit" className="primary" disabled={urls.length === 0 || urls.length > MAX_URLS || importUrls.isPending} data-testid="import-urls">
            {importUrls.isPending ? `Fetching ${urls.length}…` : 'Add tasks'}
          </button>
        </div>
        {urls.length > MAX_URLS && <p className="error">At most {MAX_URLS} links at a time; split the list.</p>}
        {importUrls.isError && <p className="error" role="alert">{importUrls.error.message}</p>}
      </form>
      {results.length > 0 && (
        <>
          <p className="muted" data-testid="url-summary">
            {ok} added{results.length > ok ? `, ${results.length - ok} failed` : ''}
          </p>
          <ul className="url-results">
            {results.map((r, i) => (
              <li key={`${i}-${r.url}`} data-testid="url-result" data-ok={r.task ? 'true' : 'false'}>
                <span className={r.task ? 'ok' : 'error'}>{r.task ? '✓' : '✗'}</span>
                <code className="url">{r.url}</code>
                <span className={r.task ? 'muted' : 'error'}>{r.task ? `task ${r.task.id.slice(0, 8)}${r.task.status === 'error' ? ' (in error)' : ''}` : r.error}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
