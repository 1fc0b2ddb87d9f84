import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import type { Course, GoldTask, LabelerQuality, Pattern, PracticeAttempt, PracticeResult } from '../../shared/quality.schema';
import { api } from './http';
import { queryKeys } from './query-keys';

/** The caller's active error patterns in a project. */
export const fetchMyPatterns = async (projectId: string) => (await api<{ patterns: Pattern[] }>('GET', `/api/projects/${projectId}/patterns/me`)).patterns;

export const postponeCourse = (projectId: string, type: string) => api<{ postponed: true }>('POST', `/api/projects/${projectId}/courses/${type}/postpone`);

export const startPractice = async (projectId: string, type: string) =>
  (await api<{ attempt: PracticeAttempt }>('POST', `/api/projects/${projectId}/courses/${type}/attempts`)).attempt;

export const answerPractice = async (attemptId: string, taskId: string, document: AnnotationDocument) =>
  (await api<{ result: PracticeResult }>('POST', `/api/course-attempts/${attemptId}/answers`, { taskId, document })).result;

export function useCourse(projectId: string, type: string) {
  return useQuery({ queryKey: queryKeys.course(projectId, type), queryFn: async () => (await api<{ course: Course }>('GET', `/api/projects/${projectId}/courses/${type}`)).course });
}

export function useUpdateCourse(projectId: string, type: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { lessonMd?: string | null; mandatory?: boolean }) => api<{ course: Course }>('PUT', `/api/projects/${projectId}/courses/${type}`, body),
    onSuccess: (r) => qc.setQueryData(queryKeys.course(projectId, type), r.course),
  });
}

export function useMyQuality(projectId: string) {
  return useQuery({ queryKey: queryKeys.myQuality(projectId), queryFn: async () => (await api<{ quality: LabelerQuality }>('GET', `/api/projects/${projectId}/quality/me`)).quality });
}

export function useProjectQuality(projectId: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.projectQuality(projectId),
    enabled,
    queryFn: async () => (await api<{ labelers: LabelerQuality[] }>('GET', `/api/projects/${projectId}/quality`)).labelers,
  });
}

export function useGoldTasks(projectId: string, enabled: boolean) {
  return useQuery({ queryKey: queryKeys.projectGold(projectId), enabled, queryFn: async () => (await api<{ gold: GoldTask[] }>('GET', `/api/projects/${projectId}/gold`)).gold });
}

export function useSetGold(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, gold }: { taskId: string; gold: boolean }) =>
      gold ? api('POST', `/api/tasks/${taskId}/gold`, {}) : api('DELETE', `/api/tasks/${taskId}/gold`),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.projectGold(projectId) }),
  });
}

/** Saves a gold answer drawn by the owner. */
export function useSaveGoldAnswer(projectId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ taskId, document }: { taskId: string; document: AnnotationDocument }) => api('POST', `/api/tasks/${taskId}/gold`, { document }),
    onSuccess: () => qc.invalidateQueries({ queryKey: queryKeys.projectGold(projectId) }),
  });
}
