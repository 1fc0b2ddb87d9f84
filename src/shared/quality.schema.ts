import { z } from 'zod';
import { AnnotationDocumentSchema } from './annotation.schema';
import { TaskDataSchema } from './task.schema';

/**
 * One finding about a labeler's work, as the server stores and sends it (gold comparison now, review
 * fixes later). `type` is one of the taxonomy in src/core/quality (plus `too_fast`); `objectId` is the
 * labeler's object and `referenceId` the reference's, when the finding concerns one; `explanation` is the
 * one-line message; `detail` the rest as data (edges with px, classes, attribute, IoU).
 */
export const FindingSchema = z.object({
  id: z.string(),
  type: z.string(),
  objectId: z.string().nullable(),
  referenceId: z.string().nullable(),
  magnitude: z.number(),
  explanation: z.string(),
  detail: z.record(z.string(), z.unknown()),
  source: z.enum(['gold', 'review']),
  createdAt: z.string(),
});
export type FindingRecord = z.infer<typeof FindingSchema>;

/** What a gold submit (or a practice answer) returns: the findings and, now that it is submitted, the reference. */
export const GoldFeedbackSchema = z.object({
  findings: z.array(FindingSchema),
  reference: AnnotationDocumentSchema,
  objectsTotal: z.number().int(),
  objectsCorrect: z.number().int(),
});
export type GoldFeedback = z.infer<typeof GoldFeedbackSchema>;

/** Body of `POST /api/tasks/:taskId/gold` (owners): a document, or nothing to promote the latest submitted annotation. */
export const MakeGoldBodySchema = z.object({ document: AnnotationDocumentSchema.optional() });

/** A gold task as owners see it. */
export const GoldTaskSchema = z.object({
  taskId: z.string(),
  document: AnnotationDocumentSchema,
  sourceAnnotationId: z.string().nullable(),
  createdAt: z.string(),
  submissions: z.number().int(),
});
export type GoldTask = z.infer<typeof GoldTaskSchema>;

/** An active error pattern of a labeler (see src/core/quality/patterns.ts for the rule). */
export const PatternSchema = z.object({
  key: z.string(),
  findingType: z.string(),
  observations: z.number().int(),
  hits: z.number().int(),
  probability: z.number(),
  /** One line for the labeler: "Your last 6 boxes: 5 were loose (mostly the bottom edge)". */
  summary: z.string(),
  mandatory: z.boolean(),
  /** The labeler already postponed this course once in this episode. */
  postponed: z.boolean(),
});
export type Pattern = z.infer<typeof PatternSchema>;

/** A proportion with its 95% interval. */
export const EstimateSchema = z.object({ successes: z.number(), trials: z.number(), rate: z.number().nullable(), low: z.number(), high: z.number() });

/** One labeler's quality in a project. */
export const LabelerQualitySchema = z.object({
  userId: z.string(),
  name: z.string(),
  email: z.string(),
  accuracy: EstimateSchema,
  goldSubmissions: z.number().int(),
  goldRate: z.number(),
  findingCounts: z.record(z.string(), z.number()),
  /** Finding counts per ISO week (`2026-W02`), oldest first. */
  overTime: z.array(z.object({ week: z.string(), counts: z.record(z.string(), z.number()) })),
  patterns: z.array(PatternSchema),
  coursesPassed: z.array(z.object({ findingType: z.string(), passedAt: z.string(), score: z.number() })),
});
export type LabelerQuality = z.infer<typeof LabelerQualitySchema>;

/** A course: the lesson (markdown), illustrations from the project's gold and whether it is mandatory. */
export const CourseSchema = z.object({
  findingType: z.string(),
  title: z.string(),
  lessonMd: z.string(),
  custom: z.boolean(),
  mandatory: z.boolean(),
  passScore: z.number(),
  /** Gold items showing the right answer; the typical mistake is drawn from the finding type. */
  examples: z.array(z.object({ taskId: z.string(), data: TaskDataSchema, reference: AnnotationDocumentSchema, answer: AnnotationDocumentSchema.nullable() })),
});
export type Course = z.infer<typeof CourseSchema>;

/** Body of `PUT /api/projects/:projectId/courses/:type` (owners). */
export const UpdateCourseBodySchema = z.object({
  lessonMd: z.string().max(50_000).nullable().optional(),
  mandatory: z.boolean().optional(),
});

/** A practice attempt: the gold items to answer, without their answers. */
export const PracticeAttemptSchema = z.object({
  attemptId: z.string(),
  findingType: z.string(),
  items: z.array(z.object({ taskId: z.string(), data: TaskDataSchema })),
  answered: z.number().int(),
  correct: z.number().int(),
  passScore: z.number(),
});
export type PracticeAttempt = z.infer<typeof PracticeAttemptSchema>;

export const PracticeAnswerBodySchema = z.object({ taskId: z.uuid(), document: AnnotationDocumentSchema });

/** Answer to one practice item: its feedback and where the attempt stands. */
export const PracticeResultSchema = z.object({
  feedback: GoldFeedbackSchema,
  answered: z.number().int(),
  correct: z.number().int(),
  done: z.boolean(),
  score: z.number().nullable(),
  passed: z.boolean(),
});
export type PracticeResult = z.infer<typeof PracticeResultSchema>;

/** The labeler's feedback inbox: findings not seen yet (from reviewers' fixes), grouped by task. */
export const FeedbackInboxSchema = z.object({
  count: z.number().int(),
  tasks: z.array(z.object({
    taskId: z.string(),
    data: TaskDataSchema,
    findings: z.array(FindingSchema),
    /** Review findings: the labeler's version the reviewer saw, the reviewer's fix, and who fixed it. */
    review: z.object({ reviewer: z.string(), at: z.string(), work: AnnotationDocumentSchema, fixed: AnnotationDocumentSchema }).optional(),
  })),
});
export type FeedbackInbox = z.infer<typeof FeedbackInboxSchema>;

/** Body of `POST /api/findings/acknowledge`. */
export const AcknowledgeFindingsBodySchema = z.object({ ids: z.array(z.uuid()).min(1).max(1000) });
