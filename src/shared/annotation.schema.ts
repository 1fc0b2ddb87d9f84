import { z } from 'zod';
import { GeometrySchema } from './geometry.schema';
import { SegmentTranscriptSchema } from './transcript.schema';

/** Where an object came from: drawn by a person or loaded from a customer's hypothesis. */
export const ObjectSourceSchema = z.enum(['human', 'hypothesis']);

/** Values an object's attribute can take (checkbox, select or text). */
export const AttributeValueSchema = z.union([z.string().max(10_000), z.number().finite(), z.boolean()]);

/**
 * One labeled object in a task's annotation document.
 * `version` grows by one on every change, so two copies of an object can be compared cheaply.
 */
export const AnnotationObjectSchema = z.object({
  id: z.string().min(1).max(64),
  classId: z.string().min(1).max(64),
  geometry: GeometrySchema,
  attributes: z.record(z.string().max(64), AttributeValueSchema).default({}),
  source: ObjectSourceSchema.default('human'),
  version: z.number().int().nonnegative().default(1),
  /** What is said in an audio segment (who, the words, the tags); only on `segment` objects. */
  transcript: SegmentTranscriptSchema.optional(),
});
export type AnnotationObject = z.infer<typeof AnnotationObjectSchema>;

/**
 * The whole annotation of one task: its objects in drawing order (last is on top), and, on a categorization
 * task, the choices made in each taxonomy (taxonomy name → chosen choices, in the order the task lists them).
 */
export const AnnotationDocumentSchema = z.object({
  objects: z.array(AnnotationObjectSchema).max(50_000),
  categories: z.record(z.string().max(200), z.array(z.string().max(200)).max(200)).optional(),
});
export type AnnotationDocument = z.infer<typeof AnnotationDocumentSchema>;
