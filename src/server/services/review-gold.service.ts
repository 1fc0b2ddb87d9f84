import { randomUUID } from 'node:crypto';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import { AnnotationDocumentSchema } from '../../shared/annotation.schema';
import { OntologySchema, ProjectSettingsSchema, qualitySettingsOf } from '../../shared/project.schema';
import type { ReviewDecisionBody, ReviewResult } from '../../shared/review.schema';
import { TaskDataSchema } from '../../shared/task.schema';
import { judgeReviewerPass } from '../../core/review/reviewer-check';
import type { Database } from '../db/schema';
import { BadRequest, Conflict, NotFound } from '../errors';
import { findGoldAnswer, insertFindings } from '../repositories/gold.repo';
import { findProject } from '../repositories/projects.repo';
import { findTask } from '../repositories/tasks.repo';
import { insertWorkItems, recordPass, setWorkItemStatus } from '../repositories/work-items.repo';
import { requireRole } from './access';
import type { ServiceContext } from './context';
import { validateDocument } from './document-rules';
import type { Kysely, Selectable } from 'kysely';
import type { WorkItemsTable } from '../db/schema';

/**
 * Plants errors in a gold task for reviewers (owners): `planted` is the gold answer with mistakes put in.
 * Every reviewer of the project gets it once, as a review pass reserved for them that looks like any
 * other (the work is shown as a labeler's); what they do with it is judged against the gold answer.
 */
export async function plantReviewGold(ctx: ServiceContext, taskId: string, userId: string, planted: AnnotationDocument): Promise<{ taskId: string; reviewers: number; plantedErrors: number }> {
  const task = await findTask(ctx.db.db, taskId);
  if (!task) throw new NotFound('Task');
  await requireRole(ctx, task.project_id, userId, ['owner']);
  const gold = await findGoldAnswer(ctx.db.db, taskId);
  if (!gold) throw new BadRequest('Make the task gold first: reviewers are judged against its gold answer', { taskId: 'not a gold task' });
  const project = await findProject(ctx.db.db, task.project_id);
  validateDocument(planted, OntologySchema.parse(project!.ontology), TaskDataSchema.parse(task.data), { requireComplete: false });
  const plantedErrors = judgeReviewerPass(planted, AnnotationDocumentSchema.parse(gold.document), planted).planted;
  const now = ctx.clock();
  const reviewers = await ctx.db.db.transaction().execute(async (tx) => {
    const members = await tx.selectFrom('project_members').select(['user_id', 'role']).where('project_id', '=', task.project_id).execute();
    const shown = members.find((m) => m.role === 'labeler')?.user_id ?? null;
    await tx.insertInto('review_gold')
      .values({ task_id: taskId, project_id: task.project_id, planted: JSON.stringify(planted), shown_labeler_id: shown, created_by: userId, created_at: now })
      .onConflict((oc) => oc.column('task_id').doUpdateSet({ planted: JSON.stringify(planted), created_at: now }))
      .execute();
    const reviewerIds = members.filter((m) => m.role === 'reviewer').map((m) => m.user_id);
    const already = new Set((await tx.selectFrom('work_items').select('reserved_for').where('task_id', '=', taskId).where('review_gold', '=', true).execute()).map((r) => r.reserved_for));
    const fresh = reviewerIds.filter((id) => !already.has(id));
    await insertWorkItems(tx, fresh.map((id) => ({
      id: randomUUID(), taskId, projectId: task.project_id, stage: 'review' as const, priority: task.priority, now, reviewPass: 1, reservedFor: id, reviewGold: true,
    })));
    return fresh.length;
  });
  return { taskId, reviewers, plantedErrors };
}

/** The version a reviewer is shown on a check, and whose work it is said to be. */
export async function reviewGoldView(q: Kysely<Database>, taskId: string) {
  const row = await q.selectFrom('review_gold as g').leftJoin('users as u', 'u.id', 'g.shown_labeler_id')
    .select(['g.planted', 'u.id as labeler_id', 'u.name as labeler_name']).where('g.task_id', '=', taskId).executeTakeFirst();
  if (!row) return null;
  return { planted: AnnotationDocumentSchema.parse(row.planted), labeler: row.labeler_id ? { id: row.labeler_id, name: row.labeler_name! } : null };
}

/**
 * A reviewer's decision on a check: judged against the gold answer, stored with its findings for the
 * reviewer (`missed_error`, `false_fix`), the customer's task untouched. Answers like any decision.
 */
export async function decideReviewGold(
  ctx: ServiceContext, tx: Kysely<Database>, item: Selectable<WorkItemsTable>, userId: string, body: ReviewDecisionBody, now: Date,
): Promise<ReviewResult> {
  const [view, gold] = await Promise.all([reviewGoldView(tx, item.task_id), findGoldAnswer(tx, item.task_id)]);
  if (!view || !gold) throw new NotFound('Task');
  const project = await findProject(tx, item.project_id);
  const qs = qualitySettingsOf(ProjectSettingsSchema.parse(project!.settings));
  const labels = Object.fromEntries(OntologySchema.parse(project!.ontology).classes.map((c) => [c.id, c.name]));
  const result = body.decision === 'reject' ? 'rejected' : (body.document ?? view.planted);
  const check = judgeReviewerPass(view.planted, AnnotationDocumentSchema.parse(gold.document), result, { matchIou: qs.goldMatchIou, classLabels: labels });
  const outcome = body.decision === 'reject' ? 'rejected' : body.document && JSON.stringify(body.document.objects) !== JSON.stringify(view.planted.objects) ? 'fixed' : 'accepted';
  const checkId = randomUUID();
  await setWorkItemStatus(tx, item.id, 'done');
  await recordPass(tx, { taskId: item.task_id, stage: 'review', userId, outcome: 'submitted', reason: null, now });
  await tx.insertInto('reviewer_checks').values({
    id: checkId, project_id: item.project_id, task_id: item.task_id, work_item_id: item.id, reviewer_id: userId, submission_id: body.submissionId,
    outcome, planted: check.planted, caught: check.caught, findings: JSON.stringify(check.findings), created_at: now,
  }).execute();
  await insertFindings(tx, check.findings.map((f) => ({
    id: randomUUID(), projectId: item.project_id, taskId: item.task_id, userId, goldSubmissionId: null, type: f.type, objectId: f.objectId ?? null,
    referenceId: null, magnitude: f.magnitude, explanation: f.message, detail: { underlying: f.underlying }, source: 'gold' as const, now,
  })));
  return {
    reviewId: checkId, taskId: item.task_id, outcome, status: 'completed',
    diff: [], findings: check.findings.map((f) => ({ type: f.type, objectId: f.objectId, magnitude: f.magnitude, message: f.message })),
  };
}

/** The first answer to a repeated decision on a check (same `submissionId`), or null when there was none. */
export async function repeatOfReviewGold(q: Kysely<Database>, submissionId: string, taskId: string, userId: string): Promise<ReviewResult | null> {
  const c = await q.selectFrom('reviewer_checks').selectAll().where('submission_id', '=', submissionId).executeTakeFirst();
  if (!c) return null;
  if (c.task_id !== taskId || c.reviewer_id !== userId) throw new Conflict('This submissionId was already used for other work');
  const findings = c.findings as { type: string; objectId?: string; magnitude: number; message: string }[];
  return { reviewId: c.id, taskId, outcome: c.outcome, status: 'completed', diff: [], findings: findings.map((f) => ({ type: f.type, objectId: f.objectId, magnitude: f.magnitude, message: f.message })) };
}

/** Reviewers' results on checks, for the owner's quality page. */
export async function reviewerQuality(ctx: ServiceContext, projectId: string, userId: string) {
  await requireRole(ctx, projectId, userId, ['owner']);
  const rows = await ctx.db.db.selectFrom('reviewer_checks as c').innerJoin('users as u', 'u.id', 'c.reviewer_id')
    .select((eb) => [
      'u.id', 'u.name',
      eb.fn.countAll<string>().as('checks'),
      eb.fn.sum<string>('c.planted').as('planted'),
      eb.fn.sum<string>('c.caught').as('caught'),
    ])
    .where('c.project_id', '=', projectId).groupBy(['u.id', 'u.name']).orderBy('u.name').execute();
  const all = await ctx.db.db.selectFrom('reviewer_checks').select(['reviewer_id', 'findings']).where('project_id', '=', projectId).execute();
  const ff = new Map<string, number>();
  for (const c of all) {
    if ((c.findings as { type: string }[]).some((f) => f.type === 'false_fix')) ff.set(c.reviewer_id, (ff.get(c.reviewer_id) ?? 0) + 1);
  }
  return rows.map((r) => {
    const planted = Number(r.planted ?? 0);
    const caught = Number(r.caught ?? 0);
    return { userId: r.id, name: r.name, checks: Number(r.checks), planted, caught, missed: planted - caught, checksWithFalseFix: ff.get(r.id) ?? 0, catchRate: planted ? caught / planted : null };
  });
}
