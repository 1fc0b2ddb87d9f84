import { z } from 'zod';

/**
 * The customer API's request shapes, compatible with Scale AI's task API (`/v1/task/{type}`), so
 * clients written for Scale work against Labelbench. Unknown extra fields are kept, as Scale does.
 */

/** A label to annotate: a plain string, or a choice with subchoices. */
export const ObjectToAnnotateSchema = z.union([
  z.string().trim().min(1).max(200),
  z.object({
    choice: z.string().trim().min(1).max(200),
    subchoices: z.array(z.union([z.string().min(1).max(200), z.object({ choice: z.string().min(1).max(200) }).loose()])).max(200).optional(),
  }).loose(),
]);
export type ObjectToAnnotate = z.infer<typeof ObjectToAnnotateSchema>;

/** The label's top-level name. */
export function labelName(o: ObjectToAnnotate): string {
  return typeof o === 'string' ? o : o.choice;
}

const labels = z.array(ObjectToAnnotateSchema).min(1).max(1000);

const CommonParams = {
  attachment: z.string().trim().min(1, 'is required').max(4096),
  attachment_type: z.enum(['image', 'audio', 'website', 'text']).optional(),
  callback_url: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).max(2048).optional(),
  instruction: z.string().max(100_000).optional(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  unique_id: z.string().trim().min(1).max(256).optional(),
  project: z.string().trim().min(1).max(200).optional(),
  batch: z.string().trim().min(1).max(200).optional(),
  priority: z.number().int().min(-1000).max(1000).optional(),
  hypothesis: z.unknown().optional(),
};

export const ImageAnnotationParamsSchema = z
  .object({
    ...CommonParams,
    geometries: z
      .object({
        box: z
          .object({
            objects_to_annotate: labels,
            min_width: z.number().nonnegative().optional(),
            min_height: z.number().nonnegative().optional(),
          })
          .loose()
          .optional(),
        polygon: z
          .object({
            objects_to_annotate: labels,
            min_vertices: z.number().int().min(3).optional(),
            max_vertices: z.number().int().min(3).optional(),
          })
          .loose()
          .optional(),
      })
      .loose()
      .refine((g) => g.box || g.polygon, 'needs box or polygon'),
    annotation_attributes: z.record(z.string(), z.object({ description: z.string().optional(), choices: z.array(z.string()).optional() }).loose()).optional(),
  })
  .loose();
export type ImageAnnotationParams = z.infer<typeof ImageAnnotationParamsSchema>;

export const AudioTranscriptionParamsSchema = z.object({ ...CommonParams }).loose();
export type AudioTranscriptionParams = z.infer<typeof AudioTranscriptionParamsSchema>;

/** `segmentannotation`: pixel masks of the `labels` (classes of the project); `instance_labels` get one mask per object. */
export const SegmentAnnotationParamsSchema = z
  .object({
    ...CommonParams,
    labels,
    instance_labels: z.array(z.string().trim().min(1).max(200)).max(1000).optional(),
    allow_unlabeled: z.boolean().optional(),
  })
  .loose();
export type SegmentAnnotationParams = z.infer<typeof SegmentAnnotationParamsSchema>;

const choice = z.union([z.string().trim().min(1).max(200), z.object({ value: z.string().trim().min(1).max(200), label: z.string().max(200).optional() }).loose()]);

/**
 * `categorization` of an image: either Scale's `taxonomies` (name → `{ type: 'category', choices, allow_multiple }`)
 * or the older `categories` list (one taxonomy named `category`, with `allow_multiple` beside it).
 */
export const CategorizationParamsSchema = z
  .object({
    ...CommonParams,
    taxonomies: z
      .record(
        z.string().trim().min(1).max(200),
        z.object({
          type: z.literal('category', { error: "only 'category' taxonomies are available" }).default('category'),
          description: z.string().max(2000).optional(),
          choices: z.array(choice).min(1).max(200),
          allow_multiple: z.boolean().optional(),
        }).loose(),
      )
      .optional(),
    categories: z.array(z.string().trim().min(1).max(200)).min(1).max(200).optional(),
    allow_multiple: z.boolean().optional(),
  })
  .loose()
  .refine((p) => (p.taxonomies && Object.keys(p.taxonomies).length > 0) || p.categories, { message: 'give taxonomies or categories', path: ['taxonomies'] });
export type CategorizationParams = z.infer<typeof CategorizationParamsSchema>;

/** A taxonomy choice's value (Scale takes a plain string or `{ value, label }`). */
export function choiceValue(c: z.infer<typeof choice>): string {
  return typeof c === 'string' ? c : c.value;
}

/** Task types the customer API takes. */
export const ScaleTaskTypeSchema = z.enum(['imageannotation', 'segmentannotation', 'categorization', 'audiotranscription']);
export type ScaleTaskType = z.infer<typeof ScaleTaskTypeSchema>;

/** Query of `GET /v1/tasks`. */
export const ScaleListQuerySchema = z.object({
  status: z.enum(['pending', 'completed', 'canceled', 'error']).optional(),
  type: z.string().max(100).optional(),
  project: z.string().max(200).optional(),
  batch: z.string().max(200).optional(),
  start_time: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  end_time: z.iso.datetime({ offset: true }).or(z.iso.date()).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(100),
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  next_token: z.string().max(500).optional(),
});
export type ScaleListQuery = z.infer<typeof ScaleListQuerySchema>;

/** Body of `POST /api/api-keys` (owners). */
export const CreateApiKeyBodySchema = z.object({
  name: z.string().trim().min(1).max(200),
  defaultProjectId: z.uuid().optional(),
});
