import { z } from 'zod';
import { AnnotationDocumentSchema } from './annotation.schema';
import { ReworkSchema } from './review-comment.schema';

/** Lifecycle states of a task (see src/server/README.md for the transitions). */
export const TaskStatusSchema = z.enum(['pending', 'leased', 'submitted', 'completed', 'canceled', 'error']);
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

/** One question of a categorization task: its name, the choices offered, and whether several may be chosen. */
export const TaxonomySchema = z.object({
  name: z.string().min(1).max(200),
  choices: z.array(z.string().min(1).max(200)).min(1).max(200),
  allowMultiple: z.boolean().default(false),
  description: z.string().max(2000).optional(),
});
export type Taxonomy = z.infer<typeof TaxonomySchema>;

/**
 * The shapes an image task asks for, by geometry: which of the project's classes may be drawn as boxes and
 * which as polygons, with the customer's limits (Scale's `geometries`: `min_width`/`min_height` in image
 * pixels, `min_vertices`/`max_vertices`). A geometry that is absent is not asked for. Checked at submit.
 */
export const TaskShapesSchema = z.object({
  box: z.object({ classIds: z.array(z.string().min(1).max(200)).min(1).max(200), minWidth: z.number().nonnegative().optional(), minHeight: z.number().nonnegative().optional() }).optional(),
  polygon: z.object({ classIds: z.array(z.string().min(1).max(200)).min(1).max(200), minVertices: z.number().int().min(3).optional(), maxVertices: z.number().int().min(3).optional() }).optional(),
});
export type TaskShapes = z.infer<typeof TaskShapesSchema>;

/** A customer's instruction for this one task (Scale's `instruction`), shown to its labelers beside the project's. */
const TaskInstructionSchema = z.string().max(100_000);

/**
 * What a labeler works on: an image (size in pixels) or an audio clip (duration in seconds). An image task
 * may ask for categories (`categorize`: the taxonomies to answer) instead of shapes, or for only some
 * shapes (`shapes`, see TaskShapesSchema; absent: any box, polygon or mask of the project's classes).
 */
export const TaskDataSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('image'),
    imageUrl: z.string().min(1).max(4096),
    width: z.number().int().positive().max(100_000),
    height: z.number().int().positive().max(100_000),
    categorize: z.object({ taxonomies: z.array(TaxonomySchema).min(1).max(50) }).optional(),
    shapes: TaskShapesSchema.optional(),
    instruction: TaskInstructionSchema.optional(),
  }),
  z.object({
    kind: z.literal('audio'),
    audioUrl: z.string().min(1).max(4096),
    durationSec: z.number().positive().max(86_400),
    instruction: TaskInstructionSchema.optional(),
  }),
]);
export type TaskData = z.infer<typeof TaskDataSchema>;

export const CreateTaskBodySchema = z.object({
  data: TaskDataSchema,
  priority: z.number().int().min(-1000).max(1000).default(0),
});
export type CreateTaskBody = z.infer<typeof CreateTaskBodySchema>;

export const TaskSchema = z.object({
  id: z.string(),
  projectId: z.string(),
  status: TaskStatusSchema,
  priority: z.number().int(),
  data: TaskDataSchema,
  createdAt: z.string(),
});
export type Task = z.infer<typeof TaskSchema>;

/** A lease on one unit of work: present `token` on heartbeat, draft save and submit. */
export const LeaseSchema = z.object({
  workItemId: z.string(),
  token: z.string(),
  expiresAt: z.string(),
});
export type Lease = z.infer<typeof LeaseSchema>;

/** Answer of `POST /api/projects/:projectId/queue/next`; `task` is null when the queue has nothing for the caller. */
export const ClaimResponseSchema = z.object({
  task: TaskSchema.nullable(),
  lease: LeaseSchema.nullable(),
  draft: AnnotationDocumentSchema.nullable(),
  /** Set when a reviewer sent this task back: their comments, to show pinned on the canvas. */
  rework: ReworkSchema.nullable().optional(),
  /** Why there is no task although work remains: `calibration` while the owner has not released production volume. */
  waiting: z.enum(['calibration']).optional(),
  /** Set when no task is given because a mandatory course (this finding type's) must be passed first. */
  courseRequired: z.string().optional(),
});
export type ClaimResponse = z.infer<typeof ClaimResponseSchema>;

export const LeaseTokenBodySchema = z.object({ leaseToken: z.string().min(1).max(200) });

/** Body of `POST /api/tasks/:taskId/skip`: the lease and why the labeler passes on the task. */
export const SkipBodySchema = z.object({
  leaseToken: z.string().min(1).max(200),
  reason: z.string().trim().min(1, 'say why you skip').max(1000),
});

export const SaveDraftBodySchema = z.object({
  leaseToken: z.string().min(1).max(200),
  document: AnnotationDocumentSchema,
});

/** Body of `POST /api/tasks/:taskId/submit`. `submissionId` is made by the client so a repeated submit is harmless. */
export const SubmitBodySchema = z.object({
  leaseToken: z.string().min(1).max(200),
  submissionId: z.uuid(),
  document: AnnotationDocumentSchema,
  /** Also take the next task: the answer then carries it as `next` (one round trip for "submit, then next"). */
  next: z.boolean().optional(),
});
export type SubmitBody = z.infer<typeof SubmitBodySchema>;

export const SubmitResponseSchema = z.object({
  annotationId: z.string(),
  taskId: z.string(),
  status: TaskStatusSchema,
  /**
   * Present when the task was gold: the findings and the reference answer (only ever sent after submit).
   * Typed loosely here so this schema needs no import of quality.schema (which imports this file).
   */
  feedback: z.unknown().optional(),
  /** With `next` in the body: the next claim, exactly as `POST /api/projects/:id/queue/next` answers it. */
  next: ClaimResponseSchema.optional(),
});
export type SubmitResponse = z.infer<typeof SubmitResponseSchema>;

/** A submitted annotation as owners and reviewers read it. */
export const AnnotationRecordSchema = z.object({
  id: z.string(),
  taskId: z.string(),
  userId: z.string(),
  submissionId: z.string(),
  document: AnnotationDocumentSchema,
  createdAt: z.string(),
});
export type AnnotationRecord = z.infer<typeof AnnotationRecordSchema>;

/** A row of the owner's task list. */
export const TaskSummarySchema = TaskSchema.extend({
  errorReason: z.string().nullable(),
  leasedBy: z.string().nullable(),
  leaseExpiresAt: z.string().nullable(),
  latestAnnotation: AnnotationRecordSchema.nullable(),
});
export type TaskSummary = z.infer<typeof TaskSummarySchema>;

/** Body of `POST /api/projects/:projectId/tasks/from-urls`: media URLs the server fetches, one task each. */
export const TasksFromUrlsBodySchema = z.object({
  urls: z.array(z.string().trim().min(1).max(4096)).min(1).max(500),
});

/**
 * The task a labeler's next claim would most likely get, for prefetching its media while they work
 * on the current one. Not a lease: the task may go to someone else first.
 */
export const PeekResponseSchema = z.object({ next: z.object({ taskId: z.string(), data: TaskDataSchema }).nullable() });
export type PeekResponse = z.infer<typeof PeekResponseSchema>;
