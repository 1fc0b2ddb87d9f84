import { useQuery } from '@tanstack/react-query';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import type { FeedbackInbox } from '../../shared/quality.schema';
import type { ReviewClaimResponse, ReviewComment, ReviewResult, TaskHistory } from '../../shared/review.schema';
import { api } from './http';
import { queryKeys } from './query-keys';

export const claimReview = (projectId: string) => api<ReviewClaimResponse>('POST', `/api/projects/${projectId}/review/next`);

export const saveReviewDraft = (taskId: string, leaseToken: string, document: AnnotationDocument) =>
  api<{ savedAt: string }>('PUT', `/api/tasks/${taskId}/review/draft`, { leaseToken, document });

export const acceptReview = (taskId: string, body: { leaseToken: string; submissionId: string; document: AnnotationDocument }) =>
  api<ReviewResult>('POST', `/api/tasks/${taskId}/review`, { decision: 'accept', ...body });

export const rejectReview = (taskId: string, body: { leaseToken: string; submissionId: string; comments: ReviewComment[] }) =>
  api<ReviewResult>('POST', `/api/tasks/${taskId}/review`, { decision: 'reject', ...body });

/** A task's history (owners and reviewers), refetched after each decision. */
export function useTaskHistory(taskId: string | null) {
  return useQuery({
    queryKey: queryKeys.taskHistory(taskId ?? ''),
    enabled: !!taskId,
    queryFn: () => api<TaskHistory>('GET', `/api/tasks/${taskId}/history`),
  });
}

/** The labeler's feedback inbox: reviewers' findings not yet looked at (polled while the labeling page is open). */
export function useFeedbackInbox(projectId: string, enabled = true) {
  return useQuery({
    queryKey: queryKeys.feedbackInbox(projectId),
    enabled,
    refetchInterval: 30_000,
    queryFn: async () => (await api<{ inbox: FeedbackInbox }>('GET', `/api/projects/${projectId}/feedback`)).inbox,
  });
}

export const acknowledgeFindings = (ids: string[]) => api<{ acknowledged: number }>('POST', '/api/findings/acknowledge', { ids });
