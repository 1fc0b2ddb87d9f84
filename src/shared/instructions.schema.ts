import { z } from 'zod';

/**
 * Instructions feedback: labelers and reviewers flag the instructions as unclear on a task (with a note,
 * the section it concerns and an optional pin), owners answer and publish new versions; every annotation
 * records the version it was made under. Points are in image pixels.
 */

/** Body of `POST /api/tasks/:taskId/instruction-flags`. */
export const InstructionFlagBodySchema = z.object({
  note: z.string().trim().min(1, 'say what is unclear').max(4000),
  /** A heading of the instructions, or '' / absent for the instructions in general. */
  section: z.string().trim().max(200).default(''),
  objectId: z.string().min(1).max(64).optional(),
  point: z.object({ x: z.number().finite().min(-1e6).max(1e6), y: z.number().finite().min(-1e6).max(1e6) }).optional(),
});
export type InstructionFlagBody = z.infer<typeof InstructionFlagBodySchema>;

export const InstructionFlagSchema = z.object({
  id: z.string(),
  taskId: z.string(),
  author: z.string(),
  section: z.string(),
  note: z.string(),
  objectId: z.string().nullable(),
  point: z.object({ x: z.number(), y: z.number() }).nullable(),
  instructionsVersion: z.number().int(),
  createdAt: z.string(),
  answer: z.string().nullable(),
  answeredAt: z.string().nullable(),
});
export type InstructionFlag = z.infer<typeof InstructionFlagSchema>;

/** `GET /api/projects/:projectId/instruction-flags`: flags grouped by section, sections in the instructions' order. */
export const FlagDigestSchema = z.object({
  version: z.number().int(),
  sections: z.array(z.object({ section: z.string(), open: z.number().int(), flags: z.array(InstructionFlagSchema) })),
});
export type FlagDigest = z.infer<typeof FlagDigestSchema>;

export const AnswerFlagBodySchema = z.object({ answer: z.string().trim().min(1, 'write an answer').max(4000) });

/** Body of `POST /api/projects/:projectId/instructions`: a new version of the instructions. */
export const PublishInstructionsBodySchema = z.object({
  text: z.string().max(100_000),
  note: z.string().trim().max(2000).default(''),
});

export const InstructionVersionSchema = z.object({ version: z.number().int(), text: z.string(), note: z.string(), publishedAt: z.string(), publishedBy: z.string().nullable() });
export type InstructionVersion = z.infer<typeof InstructionVersionSchema>;

/** `GET /api/projects/:projectId/calibration`: how the calibration batch went. */
export const CalibrationReportSchema = z.object({
  tasks: z.number().int(),
  released: z.boolean(),
  labeled: z.number().int(),
  reviewed: z.number().int(),
  accepted: z.number().int(),
  fixed: z.number().int(),
  rejected: z.number().int(),
  findingsByType: z.record(z.string(), z.number().int()),
  unclearFlags: z.number().int(),
});
export type CalibrationReport = z.infer<typeof CalibrationReportSchema>;
