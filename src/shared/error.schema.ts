import { z } from 'zod';

/** Every error the API answers: a sentence, and for invalid input the offending fields by dotted path. */
export const ApiErrorSchema = z.object({
  error: z.string(),
  fields: z.record(z.string(), z.string()).optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** Turns zod issues into `{ 'path.to.field': reason }`, the form API errors carry. */
export function fieldsFromIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[], prefix = ''): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of issues) {
    const path = [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)';
    fields[path] ??= issue.message;
  }
  return fields;
}
