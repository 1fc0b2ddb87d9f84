import { z } from 'zod';
import { TaskSchema } from './task.schema';

/**
 * Answers of the project owner's endpoints that the server does not declare elsewhere: URL import,
 * API keys and webhook deliveries. (Project edits and queue stats are in project.schema.ts, the URL
 * import's body in task.schema.ts.) Times are ISO 8601 strings in UTC.
 */

/** One line of the answer of `POST /api/projects/:projectId/tasks/from-urls`: the task made from it, or why none was. */
export const UrlImportResultSchema = z.object({
  url: z.string(),
  task: TaskSchema.optional(),
  error: z.string().optional(),
});
export type UrlImportResult = z.infer<typeof UrlImportResultSchema>;

export const TasksFromUrlsResponseSchema = z.object({ results: z.array(UrlImportResultSchema) });
export type TasksFromUrlsResponse = z.infer<typeof TasksFromUrlsResponseSchema>;

/** A customer API key as listed; the secret itself is never listed, only its first characters (`prefix`). */
export const ApiKeyInfoSchema = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  defaultProjectId: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiKeyInfo = z.infer<typeof ApiKeyInfoSchema>;

/** Answer of `POST /api/api-keys`: the key with its secret (`lb_live_…`), shown this once. */
export const CreatedApiKeySchema = ApiKeyInfoSchema.extend({ key: z.string() });
export type CreatedApiKey = z.infer<typeof CreatedApiKeySchema>;

/** One try at sending a webhook: HTTP status (null when no answer came) or the network error. */
export const WebhookAttemptSchema = z.object({
  at: z.string(),
  statusCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().nullable(),
});
export type WebhookAttempt = z.infer<typeof WebhookAttemptSchema>;

/** A task's callback to the customer, with its attempts; `nextAttemptAt` only while pending. */
export const WebhookDeliverySchema = z.object({
  id: z.string(),
  event: z.string(),
  url: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.array(WebhookAttemptSchema),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type WebhookDelivery = z.infer<typeof WebhookDeliverySchema>;
