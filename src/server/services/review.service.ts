import { randomBytes, randomUUID } from 'node:crypto';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import { AnnotationDocumentSchema } from '../../shared/annotation.schema';
import { audioSettingsOf, OntologySchema, ProjectSettingsSchema, qualitySettingsOf } from '../../shared/project.schema';
import type { ReviewClaimResponse, ReviewComment, ReviewDecisionBody, ReviewResult, TaskHistory } from '../../shared/review.schema';
import { TaskDataSchema, type TaskStatus } from '../../shared/task.schema';
import { compareImage } from '../../core/quality/findings';
import { compareAudio } from '../../core/quality/audio-findings';
import { diffDocuments, sameAnswer } from '../../core/review/diff';
import { chooseReviewer } from '../../core/review/routing';
import { BadRequest, Conflict, Forbidden, NotFound } from '../errors';
import { findDraft, upsertDraft } from '../repositories/annotations.repo';
import { findProject } from '../repositories/projects.repo';
import {
  errorProfiles, findReviewBySubmission, historyOfTask, insertReview, labelerOfTask, latestAnnotationWithStage,
  reviewersWithLoad, workersOfTask,
} from '../repositories/reviews.repo';
import { findTask, transitionTask } from '../repositories/tasks.repo';
import { claimNext, insertWorkItem, lockWorkItemByToken, recordPass, setWorkItemStatus } from '../repositories/work-items.repo';
import { sweepIfDue } from './lease-sweep';
import { requireRole } from './access';
import { insertFindings } from '../repositories/gold.repo';
import { findingRow } from './gold.service';
import { decideReviewGold, repeatOfReviewGold, reviewGoldView } from './review-gold.service';
import { enqueueCallback } from './completion.service';
import type { ServiceContext } from './context';
import { validateDocument } from './document-rules';
import { toScaleResponse } from './scale-format';
import { toTask } from './tasks.service';

/** How long a routed second pass waits for its chosen reviewer before anyone may take it. */
export const ROUTED_PASS_RESERVATION_MS = 10 * 60_000;
/** Rework goes ahead of the labeler's new tasks: customer priorities lie in ±1000. */
const REWORK_PRIORITY = 1_000_000;

const LEASE_LOST = 'Your lease on this review has ended (it expired or went to someone else); take the next one to go on.';

/**
 * Leases the next review pass of a project to a reviewer: a submitted task nobody has reviewed in this
 * pass, never one the reviewer labeled or already reviewed. Asking again while holding a live review
 * lease returns the same pass with the reviewer's draft of a fix, if any.
 */
export async function claimReview(ctx: ServiceContext, projectId: string, userId: string): Promise<ReviewClaimResponse> {
  await requireRole(ctx, projectId, userId, ['reviewer']);
  const project = await findProject(ctx.db.db, projectId);
  if (!project) throw new NotFound('Project');
  const settings = ProjectSettingsSchema.parse(project.settings);
  const now = ctx.clock();
  const held = await ctx.db.db
    .selectFrom('work_items').selectAll()
    .where('project_id', '=', projectId).where('stage', '=', 'review').where('status', '=', 'leased')
    .where('leased_by', '=', userId).where('lease_expires_at', '>', now)
    .orderBy('lease_expires_at', 'desc').limit(1).executeTakeFirst();
  let item: { id: string; taskId: string; token: string; expiresAt: Date; pass: number; gold: boolean } | null = held
    ? { id: held.id, taskId: held.task_id, token: held.lease_token!, expiresAt: held.lease_expires_at!, pass: held.review_pass ?? 1, gold: held.review_gold }
    : null;
  if (!item) {
    await sweepIfDue(ctx, projectId, now);
    const claimed = await claimNext(ctx.db, {
      projectId, stage: 'review', userId, token: randomBytes(24).toString('base64url'), now,
      expiresAt: new Date(now.getTime() + settings.leaseTtlMs), fromStatus: 'submitted', toStatus: 'submitted', reason: 'claimed for review',
    });
    if (!claimed) return { task: null, lease: null, pass: null, passes: settings.reviewPasses, labeler: null, base: null, draft: null };
    item = { id: claimed.work_item_id, taskId: claimed.task_id, token: claimed.lease_token, expiresAt: new Date(claimed.lease_expires_at), pass: claimed.review_pass ?? 1, gold: claimed.review_gold };
  }
  // A check of the reviewer (gold with planted errors) looks like any other pass: the planted work, a labeler's name.
  const check = item.gold ? await reviewGoldView(ctx.db.db, item.taskId) : null;
  const [task, base, labeler, draft] = await Promise.all([
    findTask(ctx.db.db, item.taskId),
    latestAnnotationWithStage(ctx.db.db, item.taskId),
    labelerOfTask(ctx.db.db, item.taskId),
    findDraft(ctx.db.db, item.id, userId),
  ]);
  return {
    task: toTask(task!),
    lease: { workItemId: item.id, token: item.token, expiresAt: item.expiresAt.toISOString() },
    pass: item.pass,
    passes: settings.reviewPasses,
    labeler: check ? check.labeler : labeler ?? null,
    base: check ? check.planted : base ? AnnotationDocumentSchema.parse(base.document) : { objects: [] },
    draft: draft ? AnnotationDocumentSchema.parse(draft.document) : null,
  };
}

/**
 * Records a reviewer's decision on the pass they hold.
 * - accept: as is, or — when `document` differs from the version under review — as fixed: the fix is
 *   saved as the task's new annotation, and the difference becomes a diff list and typed findings for
 *   the labeler (the same comparison gold uses, with the fix as the reference). Then the next pass is
 *   queued, routed to the reviewer least like the people already on the task, or the task completes.
 * - reject: the comments go back with the task to the same labeler, who finds their own work as a draft.
 * Idempotent by `submissionId`; 409 when the lease was lost.
 */
export async function decideReview(ctx: ServiceContext, taskId: string, userId: string, body: ReviewDecisionBody): Promise<ReviewResult> {
  const earlier = await findReviewBySubmission(ctx.db.db, body.submissionId);
  if (earlier) return repeatOf(ctx, earlier, taskId, userId);
  // A repeated decision on a check answers like one on any pass (a 409 would give the check away).
  const check = await repeatOfReviewGold(ctx.db.db, body.submissionId, taskId, userId);
  if (check) return check;
  const task = await findTask(ctx.db.db, taskId);
  if (!task) throw new NotFound('Task');
  const project = await findProject(ctx.db.db, task.project_id);
  if (!project) throw new NotFound('Task');
  await requireRole(ctx, task.project_id, userId, ['reviewer']);
  const ontology = OntologySchema.parse(project.ontology);
  const settings = ProjectSettingsSchema.parse(project.settings);
  const data = TaskDataSchema.parse(task.data);
  if (body.decision === 'accept' && body.document) validateDocument(body.document, ontology, data, { requireComplete: true, audio: audioSettingsOf(settings), maskMode: settings.maskMode });
  const now = ctx.clock();

  return ctx.db.db.transaction().execute(async (tx) => {
    const item = await lockWorkItemByToken(tx, taskId, body.leaseToken);
    if (!item || item.status !== 'leased' || item.leased_by !== userId || item.stage !== 'review') throw new Conflict(LEASE_LOST);
    if (item.review_gold) return decideReviewGold(ctx, tx, item, userId, body, now);
    const pass = item.review_pass ?? 1;
    const base = await latestAnnotationWithStage(tx, taskId);
    const labeler = await labelerOfTask(tx, taskId);
    if (!base || !labeler) throw new Conflict('This task has no submitted work to review');
    const baseDoc = AnnotationDocumentSchema.parse(base.document);
    const reviewId = randomUUID();
    await setWorkItemStatus(tx, item.id, 'done');
    await recordPass(tx, { taskId, stage: 'review', userId, outcome: 'submitted', reason: null, now });

    if (body.decision === 'reject') {
      checkPins(body.comments, baseDoc);
      await insertReview(tx, {
        id: reviewId, taskId, projectId: task.project_id, workItemId: item.id, pass, reviewerId: userId, labelerId: labeler.id,
        outcome: 'rejected', baseAnnotationId: base.id, resultAnnotationId: null, submissionId: body.submissionId,
        comments: body.comments, diff: [], findings: [], now,
      });
      // The rework slot is reserved for the labeler, and starts from their own submitted work.
      const reworkId = randomUUID();
      await insertWorkItem(tx, { id: reworkId, taskId, projectId: task.project_id, stage: 'label', priority: REWORK_PRIORITY + task.priority, now, reservedFor: labeler.id });
      await upsertDraft(tx, { workItemId: reworkId, userId: labeler.id, document: baseDoc, now });
      const moved = await transitionTask(tx, { id: taskId, from: 'submitted', to: 'pending', actorId: userId, reason: `rejected in review pass ${pass}: ${body.comments[0]!.text}`.slice(0, 500), now });
      if (!moved) throw new Conflict('This task changed while you reviewed it');
      return { reviewId, taskId, outcome: 'rejected' as const, status: 'pending', diff: [], findings: [] };
    }

    const fixedDoc = body.document && !sameAnswer(body.document, baseDoc) ? body.document : null;
    let resultAnnotationId: string | null = null;
    const labels = Object.fromEntries(ontology.classes.map((c) => [c.id, c.name]));
    const diff = fixedDoc ? diffDocuments(baseDoc, fixedDoc, { classLabels: labels }) : [];
    // Audio: the transcript findings of the labeler's work against the fix, as gold judges them.
    const found = !fixedDoc ? [] : data.kind === 'image' ? compareImage(baseDoc, fixedDoc, { classLabels: labels })
      : compareAudio(baseDoc, fixedDoc, { glossary: audioSettingsOf(settings).glossary, timingToleranceSec: qualitySettingsOf(settings).segmentTimingToleranceSec }).findings;
    const findings = found.map((f) => ({ type: f.type, objectId: f.objectId, referenceId: f.referenceId, magnitude: f.magnitude, message: f.message }));
    if (fixedDoc) {
      resultAnnotationId = randomUUID();
      await tx.insertInto('annotations').values({
        id: resultAnnotationId, task_id: taskId, work_item_id: item.id, user_id: userId, submission_id: body.submissionId,
        document: JSON.stringify(fixedDoc), created_at: now, instructions_version: project.instructions_version,
      }).execute();
    }
    await insertReview(tx, {
      id: reviewId, taskId, projectId: task.project_id, workItemId: item.id, pass, reviewerId: userId, labelerId: labeler.id,
      outcome: fixedDoc ? 'fixed' : 'accepted', baseAnnotationId: base.id, resultAnnotationId, submissionId: body.submissionId,
      comments: [], diff, findings, now,
    });
    const outcome = fixedDoc ? ('fixed' as const) : ('accepted' as const);
    // The fix's findings count against the labeler exactly as gold's do (quality page, heatmap), and wait in their feedback inbox.
    const rowBase = { projectId: task.project_id, taskId, userId: labeler.id, goldSubmissionId: null, reviewId, source: 'review' as const, now };
    await insertFindings(tx, found.map((f) => findingRow(f, rowBase)));

    if (pass < settings.reviewPasses) {
      const next = await routeNextPass(ctx, tx, task.project_id, taskId, now);
      await insertWorkItem(tx, {
        id: randomUUID(), taskId, projectId: task.project_id, stage: 'review', priority: task.priority, now, reviewPass: pass + 1,
        reservedFor: next?.userId ?? null, reservedUntil: next ? new Date(now.getTime() + ROUTED_PASS_RESERVATION_MS) : null,
      });
      await tx.insertInto('task_events').values({
        task_id: taskId, actor_id: userId, from_status: 'submitted', to_status: 'submitted',
        reason: `${outcome} in review pass ${pass}; pass ${pass + 1} ${next ? `routed (${next.reason.replace('_', ' ')})` : 'open to any reviewer'}`, at: now,
      }).execute();
      return { reviewId, taskId, outcome, status: 'submitted', diff, findings };
    }
    const finalDoc = fixedDoc ?? baseDoc;
    const completed = await transitionTask(tx, {
      id: taskId, from: 'submitted', to: 'completed', actorId: userId, reason: `${outcome} in review pass ${pass}`, now,
      response: toScaleResponse(task, finalDoc, ontology),
    });
    if (!completed) throw new Conflict('This task changed while you reviewed it');
    await enqueueCallback(tx, taskId, project.name, 'task.completed', now);
    return { reviewId, taskId, outcome, status: 'completed', diff, findings };
  });
}

/** Saves a reviewer's fix in progress under their review lease (autosave). */
export async function saveReviewDraft(ctx: ServiceContext, taskId: string, userId: string, token: string, document: AnnotationDocument): Promise<{ savedAt: string }> {
  const task = await findTask(ctx.db.db, taskId);
  if (!task) throw new NotFound('Task');
  await requireRole(ctx, task.project_id, userId, ['reviewer']);
  const project = await findProject(ctx.db.db, task.project_id);
  const settings = ProjectSettingsSchema.parse(project!.settings);
  validateDocument(document, OntologySchema.parse(project!.ontology), TaskDataSchema.parse(task.data), { requireComplete: false, audio: audioSettingsOf(settings), maskMode: settings.maskMode });
  const now = ctx.clock();
  await ctx.db.db.transaction().execute(async (tx) => {
    const item = await lockWorkItemByToken(tx, taskId, token);
    if (!item || item.status !== 'leased' || item.leased_by !== userId || item.stage !== 'review') throw new Conflict(LEASE_LOST);
    await upsertDraft(tx, { workItemId: item.id, userId, document, now });
  });
  return { savedAt: now.toISOString() };
}

/** Every state change, annotation version and review of a task (owners and reviewers of its project). */
export async function taskHistory(ctx: ServiceContext, taskId: string, userId: string): Promise<TaskHistory> {
  const task = await findTask(ctx.db.db, taskId);
  if (!task) throw new NotFound('Task');
  try {
    await requireRole(ctx, task.project_id, userId, ['owner', 'reviewer']);
  } catch (e) {
    if (e instanceof Forbidden) throw new NotFound('Task');
    throw e;
  }
  const h = await historyOfTask(ctx.db.db, taskId);
  return {
    events: h.events.map((e) => ({ at: new Date(e.at).toISOString(), actor: e.actor, from: e.from_status, to: e.to_status, reason: e.reason })),
    annotations: h.annotations.map((a) => {
      const document = AnnotationDocumentSchema.parse(a.document);
      return { id: a.id, at: new Date(a.created_at).toISOString(), author: a.author, stage: a.stage, objectCount: document.objects.length, document };
    }),
    reviews: h.reviews.map((r) => ({
      id: r.id, at: new Date(r.created_at).toISOString(), pass: r.pass, reviewer: r.reviewer, outcome: r.outcome,
      comments: r.comments as ReviewComment[], diff: r.diff as TaskHistory['reviews'][number]['diff'], findings: r.findings as TaskHistory['reviews'][number]['findings'],
    })),
  };
}

/** Chooses the reviewer of the next pass (core/review/routing.ts) among the project's reviewers. */
async function routeNextPass(ctx: ServiceContext, tx: Parameters<typeof workersOfTask>[0], projectId: string, taskId: string, now: Date) {
  const [reviewers, workers] = await Promise.all([reviewersWithLoad(tx, projectId, now), workersOfTask(tx, taskId)]);
  const profiles = await errorProfiles(tx, projectId, [...new Set([...reviewers.map((r) => r.id), ...workers])]);
  return chooseReviewer(
    reviewers.map((r) => ({ userId: r.id, load: r.load, profile: profiles.get(r.id) ?? {} })),
    workers.map((id) => ({ userId: id, profile: profiles.get(id) ?? {} })),
  );
}

async function repeatOf(ctx: ServiceContext, r: { id: string; task_id: string; reviewer_id: string; outcome: 'accepted' | 'fixed' | 'rejected'; diff: unknown; findings: unknown }, taskId: string, userId: string): Promise<ReviewResult> {
  if (r.task_id !== taskId || r.reviewer_id !== userId) throw new Conflict('This submissionId was already used for other work');
  const task = await findTask(ctx.db.db, taskId);
  return { reviewId: r.id, taskId, outcome: r.outcome, status: (task?.status ?? 'submitted') as TaskStatus, diff: r.diff as ReviewResult['diff'], findings: r.findings as ReviewResult['findings'] };
}

/** A comment pinned to an object must name an object of the version under review (400 naming the comment otherwise). */
function checkPins(comments: readonly ReviewComment[], doc: AnnotationDocument): void {
  const ids = new Set(doc.objects.map((o) => o.id));
  const fields: Record<string, string> = {};
  comments.forEach((c, i) => {
    if (c.objectId !== undefined && !ids.has(c.objectId)) fields[`comments.${i}.objectId`] = 'no such object in the work under review';
  });
  if (Object.keys(fields).length > 0) throw new BadRequest('A comment is pinned to an object that is not there', fields);
}

/** Same objects with the same classes, geometry and attributes (versions and provenance aside). */
