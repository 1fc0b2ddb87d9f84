import { useState, type DragEvent } from 'react';
import type { ProjectKind } from '../../../shared/project.schema';
import type { UploadItem, Uploads } from '../../state/use-uploads';

const ACCEPT: Record<ProjectKind, string> = {
  image: 'image/*',
  audio: 'audio/wav,audio/x-wav,audio/wave,.wav',
};

/** Drop files (or pick them), then watch each one go up and become a task. */
export function FileUploader({ kind, uploads }: { kind: ProjectKind; uploads: Uploads }) {
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    uploads.add(e.dataTransfer.files);
  };
  const finished = uploads.items.filter((i) => i.state === 'done' || i.state === 'error').length;
  return (
    <section className="uploader" aria-label="Upload files">
      <h3>Upload files</h3>
      <label
        className={over ? 'drop-zone over' : 'drop-zone'}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <input
          type="file"
          multiple
          accept={ACCEPT[kind]}
          className="visually-hidden"
          data-testid="upload-input"
          onChange={(e) => {
            if (e.target.files) uploads.add(e.target.files);
            e.target.value = '';
          }}
        />
        <strong>Drop {kind === 'image' ? 'images' : 'audio files'} here</strong>
        <span className="muted">or click to choose · {kind === 'image' ? 'JPEG, PNG, WebP, GIF, BMP or TIFF' : 'WAV'} · each file becomes one task</span>
      </label>
      {uploads.items.length > 0 && (
        <>
          <ul className="upload-list" data-testid="upload-list">
            {uploads.items.map((item) => (
              <UploadRow key={item.id} item={item} onRetry={() => uploads.retry(item.id)} onCancel={() => uploads.cancel(item.id)} />
            ))}
          </ul>
          {finished > 0 && (
            <button type="button" onClick={uploads.clearFinished} data-testid="clear-uploads">
              Clear finished
            </button>
          )}
        </>
      )}
    </section>
  );
}

function UploadRow({ item, onRetry, onCancel }: { item: UploadItem; onRetry: () => void; onCancel: () => void }) {
  const pct = Math.round(item.progress * 100);
  return (
    <li className={`upload-item upload-${item.state}`} data-testid="upload-item" data-state={item.state} data-filename={item.file.name}>
      <span className="upload-name" title={item.file.name}>{item.file.name}</span>
      <span className="muted upload-size">{formatBytes(item.file.size)}</span>
      <div className="progress" role="progressbar" aria-label={`Upload of ${item.file.name}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
        <div className="progress-fill" style={{ width: `${pct}%` }} />
      </div>
      <span className="upload-result" data-testid="upload-result">
        {item.state === 'queued' && 'waiting'}
        {item.state === 'uploading' && (pct < 100 ? `${pct}%` : 'processing…')}
        {item.state === 'done' && <span className="ok">✓ task {item.task?.id.slice(0, 8)}</span>}
        {item.state === 'error' && <span className="error">{item.error}</span>}
      </span>
      {(item.state === 'queued' || item.state === 'uploading') && (
        <button type="button" className="icon" aria-label={`Cancel ${item.file.name}`} onClick={onCancel}>×</button>
      )}
      {item.state === 'error' && (
        <button type="button" className="link-button" onClick={onRetry}>Retry</button>
      )}
    </li>
  );
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
