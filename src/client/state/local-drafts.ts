import { del, get, set } from 'idb-keyval';
import type { AnnotationDocument } from '../../shared/annotation.schema';

/**
 * A copy of the labeler's work in the browser (IndexedDB), written on every change, so a crash, a reload
 * while offline or a lost lease never loses work even when the server could not be reached. Keyed by user
 * and task, so people sharing a browser never see each other's drafts.
 */
const key = (userId: string, taskId: string) => `labelbench:draft:${userId}:${taskId}`;

export async function saveLocalDraft(userId: string, taskId: string, doc: AnnotationDocument): Promise<void> {
  await set(key(userId, taskId), { doc, savedAt: Date.now() });
}

/** The local copy, if there is a readable one. */
export async function loadLocalDraft(userId: string, taskId: string): Promise<AnnotationDocument | null> {
  try {
    const stored = (await get(key(userId, taskId))) as { doc?: unknown } | undefined;
    if (stored?.doc === undefined) return null;
    // Why loaded here: the schema (and zod) is needed only when there is a copy to check, not to open a task.
    const { AnnotationDocumentSchema } = await import('../../shared/annotation.schema');
    const parsed = AnnotationDocumentSchema.safeParse(stored.doc);
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // IndexedDB unavailable (private mode, quota): the server draft still stands
  }
}

export async function clearLocalDraft(userId: string, taskId: string): Promise<void> {
  await del(key(userId, taskId)).catch(() => undefined);
}
