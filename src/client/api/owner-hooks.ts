import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ApiError } from '../../shared/error.schema';
import type { ApiKeyInfo, CreatedApiKey, TasksFromUrlsResponse, WebhookDelivery } from '../../shared/owner.schema';
import type { CreateProjectBody, Project, QueueStats, UpdateProjectBody } from '../../shared/project.schema';
import type { Task } from '../../shared/task.schema';
import { api } from './http';
import { queryKeys } from './query-keys';

/** Project owners: create and edit projects, watch the queue, add data, manage API keys and webhooks. */

export function useCreateProject() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: CreateProjectBody) => (await api<{ project: Project }>('POST', '/api/projects', body)).project,
    onSuccess: (project) => {
      qc.setQueryData(queryKeys.project(project.id), project);
      void qc.invalidateQueries({ queryKey: queryKeys.projects, exact: true });
    },
  });
}

export function useUpdateProject(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: UpdateProjectBody) => (await api<{ project: Project }>('PUT', `/api/projects/${projectId}`, body)).project,
    onSuccess: (project) => {
      qc.setQueryData(queryKeys.project(projectId), project);
      void qc.invalidateQueries({ queryKey: queryKeys.projects, exact: true });
    },
  });
}

/** The queue overview, polled every 5 s while shown. */
export function useQueueOverview(projectId: string) {
  return useQuery({
    queryKey: queryKeys.projectQueue(projectId),
    refetchInterval: 5000,
    queryFn: () => api<QueueStats>('GET', `/api/projects/${projectId}/queue`),
  });
}

/** After new tasks: the queue counts and the task list are stale. */
export function useInvalidateProjectWork(projectId: string) {
  const qc = useQueryClient();
  return () => {
    void qc.invalidateQueries({ queryKey: queryKeys.projectQueue(projectId) });
    void qc.invalidateQueries({ queryKey: queryKeys.projectTasks(projectId) });
  };
}

export function useImportUrls(projectId: string) {
  const invalidate = useInvalidateProjectWork(projectId);
  return useMutation({
    mutationFn: (urls: string[]) => api<TasksFromUrlsResponse>('POST', `/api/projects/${projectId}/tasks/from-urls`, { urls }),
    onSuccess: invalidate,
  });
}

export type UploadOutcome = { ok: true; task: Task } | { ok: false; error: string };

/** Content types the server recognises, for files the browser could not type (`file.type` is empty). */
const TYPES_BY_EXTENSION: Record<string, string> = {
  jpg: 'image/jpeg', jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp', gif: 'image/gif',
  wav: 'audio/wav', mp3: 'audio/mpeg', ogg: 'audio/ogg', flac: 'audio/flac', m4a: 'audio/mp4', webm: 'audio/webm',
};

export function contentTypeOf(file: File): string {
  if (file.type) return file.type;
  const ext = file.name.split('.').pop()?.toLowerCase() ?? '';
  return TYPES_BY_EXTENSION[ext] ?? 'application/octet-stream';
}

/**
 * Sends one file as the raw request body. XMLHttpRequest rather than fetch because only it reports
 * upload progress; `onProgress` gets the fraction sent (0..1). Never rejects: failures come back as
 * an outcome with the server's message.
 */
export function uploadFile(projectId: string, file: File, onProgress: (fraction: number) => void): { done: Promise<UploadOutcome>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const done = new Promise<UploadOutcome>((resolve) => {
    xhr.open('POST', `/api/projects/${projectId}/uploads?filename=${encodeURIComponent(file.name)}`);
    xhr.withCredentials = true;
    xhr.setRequestHeader('content-type', contentTypeOf(file));
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown = null;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body && typeof body === 'object' && 'task' in body) {
        resolve({ ok: true, task: (body as { task: Task }).task });
      } else {
        const message = (body as ApiError | null)?.error;
        resolve({ ok: false, error: message || `Upload failed (HTTP ${xhr.status})` });
      }
    };
    xhr.onerror = () => resolve({ ok: false, error: 'Network error: the upload did not reach the server' });
    xhr.onabort = () => resolve({ ok: false, error: 'Canceled' });
    xhr.send(file);
  });
  return { done, abort: () => xhr.abort() };
}

export function useApiKeys() {
  return useQuery({ queryKey: queryKeys.apiKeys, queryFn: async () => (await api<{ keys: ApiKeyInfo[] }>('GET', '/api/api-keys')).keys });
}

export function useCreateApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async (body: { name: string; defaultProjectId: string }) => (await api<{ key: CreatedApiKey }>('POST', '/api/api-keys', body)).key,
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.apiKeys }),
  });
}

export function useRevokeApiKey() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (keyId: string) => api('POST', `/api/api-keys/${keyId}/revoke`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.apiKeys }),
  });
}

/** The project's webhook key, fetched only when the owner asks to see it. */
export function useCallbackKey(projectId: string, enabled: boolean) {
  return useQuery({ queryKey: queryKeys.callbackKey(projectId), enabled, queryFn: async () => (await api<{ key: string }>('GET', `/api/projects/${projectId}/callback-key`)).key });
}

export function useRotateCallbackKey(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => (await api<{ key: string }>('POST', `/api/projects/${projectId}/callback-key/rotate`)).key,
    onSuccess: (key) => qc.setQueryData(queryKeys.callbackKey(projectId), key),
  });
}

export function useTaskWebhooks(taskId: string) {
  return useQuery({
    queryKey: queryKeys.taskWebhooks(taskId),
    refetchInterval: 10_000,
    queryFn: async () => (await api<{ deliveries: WebhookDelivery[] }>('GET', `/api/tasks/${taskId}/webhooks`)).deliveries,
  });
}

export function useRedeliver(taskId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api('POST', `/api/tasks/${taskId}/webhooks/redeliver`),
    onSuccess: () => void qc.invalidateQueries({ queryKey: queryKeys.taskWebhooks(taskId) }),
  });
}
