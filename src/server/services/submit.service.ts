import { randomUUID } from 'node:crypto';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import type { Ontology, ProjectSettings } from '../../shared/project.schema';
import { audioSettingsOf } from '../../shared/project.schema';
import type { ClaimResponse, SubmitBody, SubmitResponse, TaskData } from '../../shared/task.schema';
import { DEFAULT_REVIEW_HALF_LIFE_TASKS, sampleForReview } from '../../core/review/sampling';
import { Conflict, DomainError } from '../errors';
import { findAnnotationBySubmission } from '../repositories/annotations.repo';
import { latestReviewOfTask, reviewRecordOf } from '../repositories/reviews.repo';
import { submitUnderLease } from '../repositories/submit.repo';
import { findTask } from '../repositories/tasks.repo';
import type { ClaimedRow } from '../repositories/work-items.repo';
import type { ServiceContext } from './context';
import { validateDocument } from './document-rules';
import { submitGold } from './gold.service';
import { sweepIfDue } from './lease-sweep';
import { labelerPatterns } from './patterns.service';
import { calibrating, claimedResponse, claimNextTask, claimsPlainly, labelClaim, LEASE_LOST, newLeaseToken } from './queue.service';
import { ROUTED_PASS_RESERVATION_MS } from './review.service';
import { toScaleResponse, toScaleTask } from './scale-format';
import { rememberProjectConfig, takeClaim } from './submit-memo';
import { labelerTaskContext, type TaskContextRow } from './task-context';

/**
 * Submits a labeler's annotation. Idempotent by `submissionId`: a repeat returns the first result.
 * Refused with 409 when the lease was lost; nothing is written then, and the draft stays.
 * With no review passes in the project, the task completes at once (response, webhook in the outbox).
 *
 * With `next` in the body, the answer also carries the labeler's next claim (`next`, as from
 * `claimNextTask`), except after a gold task, whose feedback the labeler reads first. In the usual case
 * (see submit-memo) the submit and the claim are one statement (submitUnderLease's `guard.next`).
 */
export async function submit(ctx: ServiceContext, taskId: string, userId: string, body: SubmitBody): Promise<SubmitResponse> {
  const { result, projectId } = await submitOnly(ctx, taskId, userId, body);
  if (!body.next || result.next || result.feedback) return result;
  return { ...result, next: await claimNextTask(ctx, projectId, userId) };
}

async function submitOnly(ctx: ServiceContext, taskId: string, userId: string, body: SubmitBody): Promise<{ result: SubmitResponse; projectId: string }> {
  // The usual case: this process handed out the lease and knows the project's configuration (see submit-memo).
  const known = takeClaim(ctx.db, body.leaseToken, taskId, userId);
  // A document the remembered rules refuse goes the full way, to be checked against the rules as stored now.
  if (known && isValidSubmission(body, known.project.ontology, known.task.data, known.project.settings)) {
    const { task, project } = known;
    const written = await writeSubmission(ctx, {
      projectId: task.projectId, projectName: project.name, ontology: project.ontology, settings: project.settings,
      task: { id: taskId, type: task.type, data: task.data, params: task.params }, callbackTask: null,
    }, userId, body, project.version);
    if (written) return { result: written, projectId: task.projectId };
  }
  const lc = await labelerTaskContext(ctx, taskId, userId, ['labeler'], { withParams: true });
  const { ontology, data, settings, projectName, projectId } = lc;
  rememberProjectConfig(ctx.db, projectId, { version: lc.configVersion, name: projectName, ontology, settings });
  const task = { ...lc.task, params: lc.params };
  validateSubmitted(body, ontology, data, settings);
  if (lc.isGold) {
    const gold = await submitGold(ctx, lc, userId, body);
    if (gold) return { result: gold, projectId };
  }
  const written = await writeSubmission(ctx, { projectId, projectName, ontology, settings, task, callbackTask: task.callback_url ? task : null }, userId, body, null);
  if (written) return { result: written, projectId };
  const earlier = await findAnnotationBySubmission(ctx.db.db, body.submissionId);
  if (earlier) return { result: await repeatResult(ctx, earlier, taskId, userId), projectId };
  throw new Conflict(LEASE_LOST);
}

/** The document rules at submit (400 naming the field); `isValidSubmission` says the same without throwing. */
function validateSubmitted(body: SubmitBody, ontology: Ontology, data: TaskData, settings: ProjectSettings): void {
  validateDocument(body.document, ontology, data, { requireComplete: true, audio: audioSettingsOf(settings), maskMode: settings.maskMode });
}

function isValidSubmission(body: SubmitBody, ontology: Ontology, data: TaskData, settings: ProjectSettings): boolean {
  try {
    validateSubmitted(body, ontology, data, settings);
    return true;
  } catch (e) {
    if (e instanceof DomainError) return false;
    throw e;
  }
}

/** What writing a validated submission needs to know of its task and project. */
type SubmissionContext = {
  projectId: string; projectName: string; ontology: Ontology; settings: ProjectSettings;
  /** What Scale's response is built from. */
  task: Parameters<typeof toScaleResponse>[0];
  /** The whole task, when it has a callback (its webhook carries it); else null. */
  callbackTask: (TaskContextRow & { params: unknown }) | null;
};

/**
 * Decides review or completion of a validated document and writes the submission under the lease in one
 * statement. Returns null when nothing was written (the lease is gone, a copy of this submit got there
 * first, or — with `configVersion` — the project's configuration changed or the caller is no labeler there).
 */
async function writeSubmission(ctx: ServiceContext, sc: SubmissionContext, userId: string, body: SubmitBody, configVersion: number | null): Promise<SubmitResponse | null> {
  const { projectId, ontology, settings, task } = sc;
  const taskId = task.id;
  const now = ctx.clock();
  const route = settings.reviewPasses === 0 && !calibrating(settings) ? null : await reviewRoute(ctx, projectId, taskId, userId, body.document, settings);
  const finalStatus = route?.review ? 'submitted' : 'completed';
  const response = finalStatus === 'completed' ? toScaleResponse(task, body.document, ontology) : null;
  let webhook = null;
  if (finalStatus === 'completed' && sc.callbackTask?.callback_url) {
    const scaleTask = toScaleTask({ ...sc.callbackTask, status: 'completed', completed_at: now, updated_at: now, response }, sc.projectName);
    webhook = { id: randomUUID(), url: sc.callbackTask.callback_url, body: { task: scaleTask, response, task_id: taskId } };
  }
  // The next claim in the same statement, when asked for and the remembered settings open no gate (as in claimNextTask).
  const claimAlong = body.next && configVersion !== null && claimsPlainly(settings);
  if (claimAlong) await sweepIfDue(ctx, projectId, now);
  let written: Awaited<ReturnType<typeof submitUnderLease>> = { annotationId: null, claim: null };
  try {
    written = await submitUnderLease(ctx.db, {
      taskId, userId, token: body.leaseToken, annotationId: randomUUID(), submissionId: body.submissionId,
      document: body.document, now, finalStatus, response, webhook,
      completedReason: route ? `not sampled for review (rate ${Math.round(route.rate * 100)} %)` : 'no review passes',
      reviewItem: route?.review ? { id: randomUUID(), pass: 1, reservedFor: route.reservedFor, reservedUntil: route.reservedUntil } : null,
      guard: configVersion === null ? null : { configVersion, next: claimAlong ? labelClaim(projectId, userId, newLeaseToken(), now, settings) : null },
    });
  } catch (e) {
    // The submissionId was taken meanwhile (a copy of this submit on another process): the caller answers as a repeat.
    if ((e as { code?: string }).code !== '23505') throw e;
  }
  const { annotationId, claim } = written;
  if (!annotationId) return null;
  // A claim that met a gate (`plain` false) claimed nothing: `submit` then claims the usual way.
  let next: ClaimResponse | undefined;
  if (claim?.work_item_id) next = await claimedResponse(ctx, claim as ClaimedRow, userId);
  else if (claim?.plain) next = { task: null, lease: null, draft: null };
  return { annotationId, taskId, status: finalStatus, ...(next ? { next } : {}) };
}

async function repeatResult(
  ctx: ServiceContext,
  earlier: { id: string; task_id: string; user_id: string },
  taskId: string,
  userId: string,
): Promise<SubmitResponse> {
  if (earlier.task_id !== taskId || earlier.user_id !== userId) throw new Conflict('This submissionId was already used for other work');
  const task = await findTask(ctx.db.db, taskId);
  return { annotationId: earlier.id, taskId, status: task!.status };
}

/**
 * Whether a submitted task goes to review (core/review/sampling.ts): always when it comes back from a
 * rejection (to the reviewer who rejected it, for a while), else sampled by the labeler's record and the
 * task's classes.
 */
async function reviewRoute(ctx: ServiceContext, projectId: string, taskId: string, userId: string, doc: AnnotationDocument, settings: ProjectSettings) {
  const last = await latestReviewOfTask(ctx.db.db, taskId);
  if (last?.outcome === 'rejected' && last.labeler_id === userId) {
    return { review: true, rate: 1, reservedFor: last.reviewer_id, reservedUntil: new Date(ctx.clock().getTime() + ROUTED_PASS_RESERVATION_MS) };
  }
  // A calibration batch is reviewed in full.
  if (calibrating(settings)) return { review: true, rate: 1, reservedFor: null, reservedUntil: null };
  const record = await reviewRecordOf(ctx.db.db, projectId, userId);
  const policy = { floorRate: settings.reviewFloorRate, halfLifeTasks: DEFAULT_REVIEW_HALF_LIFE_TASKS, rareClassIds: settings.rareClassIds };
  const sample = (activePattern: boolean, draw: number) =>
    sampleForReview({ reviewedTasks: record.reviewed, cleanTasks: record.clean, activePattern }, doc.objects.map((o) => o.classId), policy, draw);
  const draw = (ctx.random ?? Math.random)();
  // Why patterns only after a miss: computing them reads the labeler's whole findings history, and on most
  // submits the trust draw (or a rare class) has already decided for review.
  let decision = sample(false, draw);
  if (!decision.review && (await labelerPatterns(ctx, projectId, userId)).length > 0) decision = sample(true, draw);
  return { review: decision.review, rate: decision.rate, reservedFor: null, reservedUntil: null };
}
