import { z } from 'zod';
import { AnnotationDocumentSchema } from './annotation.schema';
import { ReviewCommentSchema } from './review-comment.schema';
import { LeaseSchema, TaskSchema } from './task.schema';

export { ReviewCommentSchema, ReworkSchema, type ReviewComment, type Rework } from './review-comment.schema';

/**
 * Review passes: a reviewer leases a submitted task, sees the labeler's work, and accepts it (as is or
 * after fixing it with the same tools) or rejects it with comments pinned to objects or points, which
 * sends it back to the same labeler. Points are in image pixels.
 */

/**
 * Body of `POST /api/tasks/:taskId/review`. `accept` with a `document` that differs from the version under
 * review is a fix; `reject` needs at least one comment. `submissionId` makes a repeated decision harmless.
 */
export const ReviewDecisionBodySchema = z.discriminatedUnion('decision', [
  z.object({
    decision: z.literal('accept'),
    leaseToken: z.string().min(1).max(200),
    submissionId: z.uuid(),
    document: AnnotationDocumentSchema.optional(),
  }),
  z.object({
    decision: z.literal('reject'),
    leaseToken: z.string().min(1).max(200),
    submissionId: z.uuid(),
    comments: z.array(ReviewCommentSchema).min(1, 'a rejection needs a comment').max(200),
  }),
], { error: 'decision must be accept or reject' });
export type ReviewDecisionBody = z.infer<typeof ReviewDecisionBodySchema>;

/** One line of the reviewer's diff list (see core/review/diff.ts). */
export const DiffEntrySchema = z.object({
  kind: z.string(),
  objectId: z.string(),
  message: z.string(),
  dx: z.number().optional(),
  dy: z.number().optional(),
  fromClassId: z.string().optional(),
  toClassId: z.string().optional(),
  attributes: z.array(z.string()).optional(),
});

/** A finding a review fix implies for the labeler (types as in core/quality/finding-types.ts). */
export const ReviewFindingSchema = z.object({
  type: z.string(),
  objectId: z.string().optional(),
  referenceId: z.string().optional(),
  magnitude: z.number(),
  message: z.string(),
});
export type ReviewFinding = z.infer<typeof ReviewFindingSchema>;

/** Answer of `POST /api/tasks/:taskId/review`. */
export const ReviewResultSchema = z.object({
  reviewId: z.string(),
  taskId: z.string(),
  outcome: z.enum(['accepted', 'fixed', 'rejected']),
  status: z.string(),
  diff: z.array(DiffEntrySchema),
  findings: z.array(ReviewFindingSchema),
});
export type ReviewResult = z.infer<typeof ReviewResultSchema>;

/** Answer of `POST /api/projects/:projectId/review/next`: the leased review pass, or nulls when none is waiting. */
export const ReviewClaimResponseSchema = z.object({
  task: TaskSchema.nullable(),
  lease: LeaseSchema.nullable(),
  /** 1 or 2, of `passes` the project gives each task. */
  pass: z.number().int().nullable(),
  passes: z.number().int(),
  labeler: z.object({ id: z.string(), name: z.string() }).nullable(),
  /** The version under review: the labeler's, or the first pass's fix on a second pass. */
  base: AnnotationDocumentSchema.nullable(),
  /** The reviewer's own unsaved fix, when they saved a draft. */
  draft: AnnotationDocumentSchema.nullable(),
});
export type ReviewClaimResponse = z.infer<typeof ReviewClaimResponseSchema>;

/** `GET /api/tasks/:taskId/history`: every state change, annotation version and review, oldest first. */
export const TaskHistorySchema = z.object({
  events: z.array(z.object({ at: z.string(), actor: z.string().nullable(), from: z.string().nullable(), to: z.string(), reason: z.string() })),
  annotations: z.array(z.object({ id: z.string(), at: z.string(), author: z.string(), stage: z.string(), objectCount: z.number().int(), document: AnnotationDocumentSchema })),
  reviews: z.array(z.object({
    id: z.string(), at: z.string(), pass: z.number().int(), reviewer: z.string(), outcome: z.string(),
    comments: z.array(ReviewCommentSchema), diff: z.array(DiffEntrySchema), findings: z.array(ReviewFindingSchema),
  })),
});
export type TaskHistory = z.infer<typeof TaskHistorySchema>;

/** Body of `POST /api/tasks/:taskId/review-gold` (owners): the gold answer with errors planted in it, shown to reviewers. */
export const PlantReviewGoldBodySchema = z.object({ planted: AnnotationDocumentSchema });

/** A reviewer's record on checks (gold with planted errors), for the owner's quality page. */
export const ReviewerQualitySchema = z.object({
  userId: z.string(), name: z.string(), checks: z.number().int(), planted: z.number().int(), caught: z.number().int(),
  missed: z.number().int(), checksWithFalseFix: z.number().int(), catchRate: z.number().nullable(),
});
export type ReviewerQuality = z.infer<typeof ReviewerQualitySchema>;
