import { useCallback, useEffect, useRef, useState } from 'react';
import type { ProjectKind } from '../../shared/project.schema';
import type { Task } from '../../shared/task.schema';
import { contentTypeOf, uploadFile } from '../api/owner-hooks';

/** One file on its way to becoming a task. `progress` is the fraction sent, 0..1. */
export type UploadItem = {
  id: string;
  file: File;
  state: 'queued' | 'uploading' | 'done' | 'error';
  progress: number;
  error?: string;
  task?: Task;
};

/** Why a few at a time: many parallel uploads only split the same bandwidth and delay every first result. */
const MAX_PARALLEL = 3;
let nextId = 0;

/**
 * The upload list of one project: files wait, go up three at a time with their progress, and end
 * as a task or with the server's reason. Lives as long as the management page, so switching tabs
 * does not cancel uploads; leaving the page does (after the browser's "leave page?" question).
 */
export function useUploads(projectId: string, kind: ProjectKind | undefined, onTaskAdded: () => void) {
  const [items, setItems] = useState<UploadItem[]>([]);
  const started = useRef(new Set<string>());
  const aborts = useRef(new Map<string, () => void>());
  const onAdded = useRef(onTaskAdded);
  useEffect(() => {
    onAdded.current = onTaskAdded;
  }, [onTaskAdded]);

  const patch = useCallback((id: string, p: Partial<UploadItem>) => setItems((all) => all.map((i) => (i.id === id ? { ...i, ...p } : i))), []);

  useEffect(() => {
    const active = items.filter((i) => started.current.has(i.id) && (i.state === 'queued' || i.state === 'uploading')).length;
    const waiting = items.filter((i) => i.state === 'queued' && !started.current.has(i.id)).slice(0, Math.max(0, MAX_PARALLEL - active));
    for (const item of waiting) {
      started.current.add(item.id);
      patch(item.id, { state: 'uploading', progress: 0 });
      const { done, abort } = uploadFile(projectId, item.file, (progress) => patch(item.id, { progress }));
      aborts.current.set(item.id, abort);
      void done.then((outcome) => {
        aborts.current.delete(item.id);
        if (outcome.ok) {
          patch(item.id, { state: 'done', progress: 1, task: outcome.task });
          onAdded.current();
        } else patch(item.id, { state: 'error', error: outcome.error });
      });
    }
  }, [items, projectId, patch]);

  const uploading = items.some((i) => i.state === 'queued' || i.state === 'uploading');
  useEffect(() => {
    if (!uploading) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [uploading]);

  useEffect(() => {
    const inFlight = aborts.current;
    return () => inFlight.forEach((abort) => abort());
  }, []);

  const add = useCallback(
    (files: Iterable<File>) => {
      const fresh: UploadItem[] = [...files].map((file) => {
        const type = contentTypeOf(file);
        const wrongKind = kind && !type.startsWith(`${kind}/`);
        return wrongKind
          ? { id: `u${++nextId}`, file, state: 'error', progress: 0, error: `Not ${kind === 'image' ? 'an image' : 'an audio'} file (${type}); this is ${kind === 'image' ? 'an image' : 'an audio'} project` }
          : { id: `u${++nextId}`, file, state: 'queued', progress: 0 };
      });
      setItems((all) => [...all, ...fresh]);
    },
    [kind],
  );

  return {
    items,
    uploading,
    add,
    retry: (id: string) => {
      started.current.delete(id);
      patch(id, { state: 'queued', progress: 0, error: undefined });
    },
    cancel: (id: string) => {
      const abort = aborts.current.get(id);
      if (abort) return abort();
      started.current.add(id);
      patch(id, { state: 'error', error: 'Canceled' });
    },
    clearFinished: () => setItems((all) => all.filter((i) => i.state === 'queued' || i.state === 'uploading')),
  };
}

export type Uploads = ReturnType<typeof useUploads>;
