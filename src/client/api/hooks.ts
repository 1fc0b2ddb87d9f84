import { QueryClient, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { User } from '../../shared/auth.schema';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import type { Project } from '../../shared/project.schema';
import type { ClaimResponse, Lease, PeekResponse, SubmitResponse, TaskSummary } from '../../shared/task.schema';
import { TASK_IMAGE_HEADER } from '../../shared/http-headers';
import { HttpError, api } from './http';
import { queryKeys } from './query-keys';

/** Drops every cached query but `keep` (whose observers must stay subscribed): another person's data must not linger. */
function forgetAllBut(qc: QueryClient, keep: readonly unknown[]) {
  qc.removeQueries({ predicate: (q) => q.queryKey[0] !== keep[0] });
}

export function useMe() {
  return useQuery({
    queryKey: queryKeys.me,
    // Why not refetched on every mount: the shell loads the user before any page, and a page that asks
    // again would send a second request on the labeler's path to the first task. Sign-in and sign-out set it.
    staleTime: 60_000,
    queryFn: async () => {
      try {
        return (await api<{ user: User }>('GET', '/api/auth/me')).user;
      } catch (e) {
        if (e instanceof HttpError && e.status === 401) return null;
        throw e;
      }
    },
  });
}

export function useSignIn() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { email: string; password: string }) => api<{ user: User }>('POST', '/api/auth/login', body),
    onSuccess: (r) => {
      forgetAllBut(qc, queryKeys.me);
      qc.setQueryData(queryKeys.me, r.user);
    },
  });
}

export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api('POST', '/api/auth/logout'),
    onSuccess: () => {
      forgetAllBut(qc, queryKeys.me);
      qc.setQueryData(queryKeys.me, null);
    },
  });
}

export function useProjects() {
  return useQuery({ queryKey: queryKeys.projects, queryFn: async () => (await api<{ projects: Project[] }>('GET', '/api/projects')).projects });
}

export function useProject(id: string) {
  return useQuery({ queryKey: queryKeys.project(id), queryFn: async () => (await api<{ project: Project }>('GET', `/api/projects/${id}`)).project });
}

export function useProjectTasks(id: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.projectTasks(id),
    enabled,
    refetchInterval: 5000,
    queryFn: async () => (await api<{ tasks: TaskSummary[] }>('GET', `/api/projects/${id}/tasks`)).tasks,
  });
}

/** Leases the next task; `onImage` gets the claimed image's URL from the answer's header, before its body (the document) is read. */
export const claimNext = (projectId: string, onImage?: (url: string) => void) =>
  api<ClaimResponse>('POST', `/api/projects/${projectId}/queue/next`, undefined, imageHeader(onImage));

/** Calls `onImage` with the claimed image's URL when an answer's headers name one. */
const imageHeader = (onImage?: (url: string) => void) => (headers: Headers) => {
  const url = headers.get(TASK_IMAGE_HEADER);
  if (url && onImage) onImage(decodeURIComponent(url));
};

/** The task the next claim would most likely get (not leased), for prefetching its image. */
export const peekNext = (projectId: string) => api<PeekResponse>('GET', `/api/projects/${projectId}/queue/peek`);

export const sendHeartbeat = (taskId: string, leaseToken: string) =>
  api<{ lease: Lease }>('POST', `/api/tasks/${taskId}/heartbeat`, { leaseToken });

export const saveDraft = (taskId: string, leaseToken: string, document: AnnotationDocument) =>
  api<{ savedAt: string }>('PUT', `/api/tasks/${taskId}/draft`, { leaseToken, document });

/** With `next`, the answer carries the next claim too; `onImage` then gets its image's URL from the headers. */
export const submitTask = (taskId: string, body: { leaseToken: string; submissionId: string; document: AnnotationDocument; next?: boolean }, onImage?: (url: string) => void) =>
  api<SubmitResponse>('POST', `/api/tasks/${taskId}/submit`, body, imageHeader(onImage));

export const skipTask = (taskId: string, leaseToken: string, reason: string) =>
  api<{ taskId: string }>('POST', `/api/tasks/${taskId}/skip`, { leaseToken, reason });
