import { z } from 'zod';

/** A reviewer's comment on a rejected task, optionally pinned to an object and/or a point of the image. */
export const ReviewCommentSchema = z.object({
  text: z.string().trim().min(1, 'say what is wrong').max(2000),
  objectId: z.string().min(1).max(64).optional(),
  point: z.object({ x: z.number().finite().min(-1e6).max(1e6), y: z.number().finite().min(-1e6).max(1e6) }).optional(),
});
export type ReviewComment = z.infer<typeof ReviewCommentSchema>;

/** Why a labeler's task came back: the reviewer's comments (shown pinned on the canvas). */
export const ReworkSchema = z.object({
  reviewerName: z.string(),
  at: z.string(),
  comments: z.array(ReviewCommentSchema),
});
export type Rework = z.infer<typeof ReworkSchema>;

