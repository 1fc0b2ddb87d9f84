import { randomBytes, randomUUID } from 'node:crypto';
import type { Selectable } from 'kysely';
import { AnnotationDocumentSchema, type AnnotationDocument } from '../../shared/annotation.schema';
import { audioSettingsOf, qualitySettingsOf, type Ontology, type ProjectSettings } from '../../shared/project.schema';
import type { FeedbackInbox, FindingRecord, GoldFeedback, GoldTask } from '../../shared/quality.schema';
import type { ClaimResponse, SubmitBody, SubmitResponse, TaskData } from '../../shared/task.schema';
import type { Finding } from '../../core/quality/finding-types';
import { compareImage } from '../../core/quality/findings';
import { compareAudio, type AudioFinding } from '../../core/quality/audio-findings';
import { sizeBucket, tooFast, type TooFastFinding } from '../../core/quality/too-fast';
import type { FindingsTable } from '../db/schema';
import { BadRequest, Conflict, NotFound } from '../errors';
import { latestAnnotations } from '../repositories/annotations.repo';
import { findProject } from '../repositories/projects.repo';
import { findTask } from '../repositories/tasks.repo';
import {
  cancelAvailableLabelItems, claimGold, deactivateGold, reopenLabelSlot, findGoldAnswer, findGoldSubmission, findingsOfSubmission,
  acknowledgeFindings, hasOrdinaryLease, insertFindings, unacknowledgedFindings, insertGoldSubmission, listGold, recentDurations, upsertGoldAnswer, type FindingRow,
} from '../repositories/gold.repo';
import { lockWorkItemByToken, recordPass } from '../repositories/work-items.repo';
import { requireRole } from './access';
import { reviewsShownWithFindings } from '../repositories/reviews.repo';
import type { ServiceContext } from './context';
import { validateDocument } from './document-rules';
import type { LabelerTaskContext } from './task-context';
import { toTask } from './tasks.service';
import { OntologySchema, ProjectSettingsSchema } from '../../shared/project.schema';
import { TaskDataSchema } from '../../shared/task.schema';

const LEASE_LOST =
  'Your lease on this task has ended (it expired or the task went to someone else). Your draft is kept; take the next task to go on.';

/**
 * Makes a task gold (owners): with `document`, that is the answer; without, the task's latest submitted
 * annotation is promoted. The task's waiting ordinary slot is canceled (it is served from the gold pool
 * from now on); a task someone is labeling right now cannot become gold (409).
 */
export async function makeGold(ctx: ServiceContext, taskId: string, userId: string, document: AnnotationDocument | undefined): Promise<GoldTask> {
  const task = await findTask(ctx.db.db, taskId);
  if (!task) throw new NotFound('Task');
  await requireRole(ctx, task.project_id, userId, ['owner']).catch((e: unknown) => {
    throw e instanceof Error && 'status' in e && e.status === 404 ? new NotFound('Task') : e;
  });
  const project = await findProject(ctx.db.db, task.project_id);
  let doc = document;
  let sourceAnnotationId: string | null = null;
  if (!doc) {
    if (task.status !== 'submitted' && task.status !== 'completed') {
      throw new BadRequest('Only a submitted or completed task can be promoted; send a document to set the answer directly', { document: 'required for a task with no submitted annotation' });
    }
    const [latest] = await latestAnnotations(ctx.db.db, [taskId]);
    if (!latest) throw new BadRequest('This task has no submitted annotation to promote', { document: 'required: the task has no annotation' });
    doc = AnnotationDocumentSchema.parse(latest.document);
    sourceAnnotationId = latest.id;
  } else {
    // With the project's audio settings (tags, overlap) and mask mode, as a labeler's submit is checked.
    const settings = ProjectSettingsSchema.parse(project!.settings);
    validateDocument(doc, OntologySchema.parse(project!.ontology), TaskDataSchema.parse(task.data), { requireComplete: false, audio: audioSettingsOf(settings), maskMode: settings.maskMode });
  }
  const now = ctx.clock();
  if (await hasOrdinaryLease(ctx.db.db, taskId, now)) throw new Conflict('Someone is labeling this task right now; make it gold once it is submitted');
  const answer = doc;
  await ctx.db.db.transaction().execute(async (tx) => {
    await upsertGoldAnswer(tx, { taskId, projectId: task.project_id, document: answer, sourceAnnotationId, userId, now });
    await cancelAvailableLabelItems(tx, taskId);
  });
  return { taskId, document: answer, sourceAnnotationId, createdAt: now.toISOString(), submissions: 0 };
}

/**
 * Takes a task out of the gold pool (owners); its findings so far stay. A task still waiting for its
 * labeling gets its ordinary slot back, in its old place, so that it is labeled like any other.
 */
export async function removeGold(ctx: ServiceContext, taskId: string, userId: string): Promise<void> {
  const task = await findTask(ctx.db.db, taskId);
  if (!task) throw new NotFound('Task');
  await requireRole(ctx, task.project_id, userId, ['owner']);
  await ctx.db.db.transaction().execute(async (tx) => {
    if (!(await deactivateGold(tx, taskId))) throw new NotFound('Gold answer');
    await reopenLabelSlot(tx, taskId);
  });
}

/** The project's active gold tasks (owners). */
export async function listGoldTasks(ctx: ServiceContext, projectId: string, userId: string): Promise<GoldTask[]> {
  await requireRole(ctx, projectId, userId, ['owner']);
  const rows = await listGold(ctx.db.db, projectId);
  return rows.map((r) => ({
    taskId: r.task_id,
    document: AnnotationDocumentSchema.parse(r.document),
    sourceAnnotationId: r.source_annotation_id,
    createdAt: r.created_at.toISOString(),
    submissions: Number(r.submissions ?? 0),
  }));
}

/**
 * Leases a gold task to the labeler, or null when they have had every gold task. The answer looks like
 * any claim: status `leased`, the task's data, and no trace of the gold answer.
 */
export async function claimGoldTask(ctx: ServiceContext, projectId: string, userId: string, now: Date, expiresAt: Date): Promise<ClaimResponse | null> {
  const row = await claimGold(ctx.db.db, { projectId, userId, workItemId: randomUUID(), token: randomBytes(24).toString('base64url'), now, expiresAt });
  if (!row) return null;
  return {
    task: { ...toTask({ id: row.task_id, project_id: row.project_id, status: 'leased', priority: row.priority, data: row.data, created_at: new Date(row.created_at) }) },
    lease: { workItemId: row.work_item_id, token: row.lease_token, expiresAt: new Date(row.lease_expires_at).toISOString() },
    draft: row.prefill ? AnnotationDocumentSchema.parse(row.prefill) : null,
  };
}

/** The result of judging one answer against a gold answer; `objectsTotal`/`objectsCorrect` count words on audio tasks. */
export type Judgement = { findings: (Finding | AudioFinding | TooFastFinding)[]; objectsTotal: number; objectsCorrect: number };

/**
 * Compares an answer with a gold answer (image tasks: every image finding, masks included; audio tasks:
 * every transcript finding, with the project's glossary and segment timing tolerance; any task: `too_fast`
 * when earlier durations are given). Accuracy on images counts objects: every reference object plus every
 * extra or duplicate object is judged; a reference object is correct when no finding but `duplicate`
 * concerns it. On segmentation tasks a reference mask is wrong when a missed region, a wrong-class region,
 * a spill or a boundary error names it; an answer mask of a class the reference lacks counts once as an
 * extra object. On audio it counts words: every reference word plus every inserted word is judged; a
 * reference word is correct when transcribed right and given to the right speaker.
 */
export function judge(
  answer: AnnotationDocument,
  reference: AnnotationDocument,
  data: TaskData,
  ontology: Ontology,
  settings: ProjectSettings,
  timing: { durationMs: number; earlierMs: readonly number[] } | null,
): Judgement {
  const fast = timing ? tooFast(timing.durationMs, timing.earlierMs) : null;
  if (data.kind === 'audio') {
    const a = compareAudio(answer, reference, { glossary: audioSettingsOf(settings).glossary, timingToleranceSec: qualitySettingsOf(settings).segmentTimingToleranceSec });
    return { findings: fast ? [...a.findings, fast] : a.findings, objectsTotal: a.wordsTotal, objectsCorrect: a.wordsCorrect };
  }
  const classLabels = Object.fromEntries(ontology.classes.map((c) => [c.id, c.name.toLowerCase()]));
  const image = compareImage(answer, reference, { matchIou: qualitySettingsOf(settings).goldMatchIou, classLabels });
  const wrongRefs = new Set(image.filter((f) => f.referenceId && f.type !== 'duplicate').map((f) => f.referenceId));
  const strayMasks = new Set(image.filter((f) => f.type === 'spill' && !f.referenceId && f.objectId).map((f) => f.objectId));
  const strays = image.filter((f) => f.type === 'extra_object' || f.type === 'duplicate').length + strayMasks.size;
  return {
    findings: fast ? [...image, fast] : image,
    objectsTotal: reference.objects.length + strays,
    objectsCorrect: reference.objects.filter((o) => !wrongRefs.has(o.id)).length,
  };
}

/** Splits a core finding into the stored row's columns and its `detail`. */
export function findingRow(f: Finding | AudioFinding | TooFastFinding, base: Omit<FindingRow, 'type' | 'objectId' | 'referenceId' | 'magnitude' | 'explanation' | 'detail' | 'id'>): FindingRow {
  const { type, magnitude, message, objectId, referenceId, ...detail } = f as Finding & { objectId?: string; referenceId?: string };
  return { ...base, id: randomUUID(), type, objectId: objectId ?? null, referenceId: referenceId ?? null, magnitude, explanation: message, detail };
}

export function toFinding(r: Selectable<FindingsTable>): FindingRecord {
  return {
    id: r.id, type: r.type, objectId: r.object_id, referenceId: r.reference_id, magnitude: r.magnitude, explanation: r.explanation,
    detail: (r.detail ?? {}) as Record<string, unknown>, source: r.source, createdAt: r.created_at.toISOString(),
  };
}

export function rowToRecord(r: FindingRow): FindingRecord {
  return {
    id: r.id, type: r.type, objectId: r.objectId, referenceId: r.referenceId, magnitude: r.magnitude, explanation: r.explanation,
    detail: r.detail, source: r.source, createdAt: r.now.toISOString(),
  };
}

/**
 * Submits a labeler's answer to a gold task: compares it with the gold answer, stores the submission and
 * its findings, closes the lease, and returns the findings with the reference — the first moment the
 * reference leaves the server. The customer's task is not touched (no status change, no annotation, no
 * webhook, no export). Idempotent by `submissionId`. Returns null when the lease turns out not to be a
 * gold lease (the task became gold while an ordinary lease on it was being claimed): submit it normally.
 */
export async function submitGold(ctx: ServiceContext, lc: LabelerTaskContext, userId: string, body: SubmitBody): Promise<SubmitResponse | null> {
  const taskId = lc.task.id;
  const shownStatus = lc.settings.reviewPasses === 0 ? 'completed' : 'submitted';
  const earlier = await findGoldSubmission(ctx.db.db, body.submissionId);
  if (earlier) return repeatGold(ctx, earlier, taskId, userId, shownStatus);
  const gold = await findGoldAnswer(ctx.db.db, taskId);
  if (!gold) return null;
  const reference = AnnotationDocumentSchema.parse(gold.document);
  const size = sizeBucket(reference.objects.length);
  const earlierMs = await recentDurations(ctx.db.db, lc.projectId, size);
  const now = ctx.clock();
  const id = randomUUID();
  const result = await ctx.db.db.transaction().execute(async (tx) => {
    const item = await lockWorkItemByToken(tx, taskId, body.leaseToken);
    if (!item || item.status !== 'leased' || item.leased_by !== userId) return 'lost' as const;
    if (!item.gold) return 'ordinary' as const;
    const durationMs = Math.max(0, now.getTime() - (item.leased_at ?? item.created_at).getTime());
    const j = judge(body.document, reference, lc.data, lc.ontology, lc.settings, { durationMs, earlierMs });
    await insertGoldSubmission(tx, {
      id, workItemId: item.id, taskId, projectId: lc.projectId, userId, submissionId: body.submissionId, document: body.document,
      purpose: 'stream', durationMs, sizeObjects: size, objectsTotal: j.objectsTotal, objectsCorrect: j.objectsCorrect, now,
    });
    const rows = j.findings.map((f) => findingRow(f, { projectId: lc.projectId, taskId, userId, goldSubmissionId: id, source: 'gold', now }));
    await insertFindings(tx, rows);
    await tx.updateTable('work_items').set({ status: 'done', lease_token: null, lease_expires_at: null }).where('id', '=', item.id).execute();
    await recordPass(tx, { taskId, stage: 'label', userId, outcome: 'submitted', reason: null, now });
    return { rows, j };
  });
  if (result === 'ordinary') return null;
  if (result === 'lost') {
    const raced = await findGoldSubmission(ctx.db.db, body.submissionId);
    if (raced) return repeatGold(ctx, raced, taskId, userId, shownStatus);
    throw new Conflict(LEASE_LOST);
  }
  const feedback: GoldFeedback = { findings: result.rows.map(rowToRecord), reference, objectsTotal: result.j.objectsTotal, objectsCorrect: result.j.objectsCorrect };
  return { annotationId: id, taskId, status: shownStatus, feedback };
}

async function repeatGold(
  ctx: ServiceContext,
  earlier: { id: string; task_id: string; user_id: string; objects_total: number; objects_correct: number },
  taskId: string,
  userId: string,
  shownStatus: 'completed' | 'submitted',
): Promise<SubmitResponse> {
  if (earlier.task_id !== taskId || earlier.user_id !== userId) throw new Conflict('This submissionId was already used for other work');
  const [gold, rows] = await Promise.all([findGoldAnswer(ctx.db.db, taskId), findingsOfSubmission(ctx.db.db, earlier.id)]);
  const feedback: GoldFeedback = {
    findings: rows.map(toFinding),
    reference: AnnotationDocumentSchema.parse(gold!.document),
    objectsTotal: earlier.objects_total,
    objectsCorrect: earlier.objects_correct,
  };
  return { annotationId: earlier.id, taskId, status: shownStatus, feedback };
}

/**
 * The labeler's feedback inbox in a project: findings they have not seen yet, grouped by task with the
 * task's data (gold findings are seen at submit; this holds reviewers' findings, from the review issue).
 */
export async function feedbackInbox(ctx: ServiceContext, projectId: string, userId: string): Promise<FeedbackInbox> {
  await requireRole(ctx, projectId, userId, ['labeler']);
  const rows = await unacknowledgedFindings(ctx.db.db, projectId, userId);
  const taskIds = [...new Set(rows.map((r) => r.task_id))];
  const tasks = taskIds.length ? await ctx.db.db.selectFrom('tasks').select(['id', 'data']).where('id', 'in', taskIds).execute() : [];
  const dataOf = new Map(tasks.map((t) => [t.id, TaskDataSchema.parse(t.data)]));
  const reviews = await reviewsShownWithFindings(ctx.db.db, [...new Set(rows.map((r) => r.review_id).filter((id): id is string => !!id))]);
  return {
    count: rows.length,
    tasks: taskIds.map((id) => {
      const findings = rows.filter((r) => r.task_id === id);
      // A reviewer's fix is no secret (unlike gold): the labeler sees it over their own version.
      const review = reviews.get(findings.find((f) => f.review_id)?.review_id ?? '');
      const shown = review && { reviewer: review.reviewer, at: review.at, work: AnnotationDocumentSchema.parse(review.work), fixed: AnnotationDocumentSchema.parse(review.fixed) };
      return { taskId: id, data: dataOf.get(id)!, findings: findings.map(toFinding), ...(shown ? { review: shown } : {}) };
    }),
  };
}

/** Marks findings of the caller as seen (others' ids are ignored). */
export async function acknowledge(ctx: ServiceContext, userId: string, ids: readonly string[]): Promise<{ acknowledged: number }> {
  return { acknowledged: await acknowledgeFindings(ctx.db.db, userId, ids, ctx.clock()) };
}
