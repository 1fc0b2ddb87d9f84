import { randomBytes } from 'node:crypto';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import { audioSettingsOf, ProjectSettingsSchema, type ProjectSettings } from '../../shared/project.schema';
import type { Rework } from '../../shared/review-comment.schema';
import { latestReviewOfTask } from '../repositories/reviews.repo';
import { labelSlotsHandedOut } from '../repositories/instructions.repo';
import type { ClaimResponse, Lease, PeekResponse, TaskStatus } from '../../shared/task.schema';
import { TaskDataSchema } from '../../shared/task.schema';
import { Conflict, Forbidden, NotFound } from '../errors';
import { findDraft, upsertDraft } from '../repositories/annotations.repo';
import { findTask, transitionTask } from '../repositories/tasks.repo';
import {
  claimNext,
  type ClaimArgs,
  type ClaimedRow,
  peekNext,
  extendLease,
  lockWorkItemByToken,
  recordPass,
  setWorkItemStatus,
} from '../repositories/work-items.repo';
import { claimIfPlain, findClaimContext, type ClaimContextRow } from '../repositories/claim.repo';
import type { ServiceContext } from './context';
import { labelerTaskContext } from './task-context';
import { knownProjectConfig, rememberClaim, rememberProjectConfig, type ProjectConfig } from './submit-memo';
import { toTask } from './tasks.service';
import { validateDocument } from './document-rules';
import { claimGoldTask } from './gold.service';
import { mandatoryCourseHold } from './patterns.service';
import { releaseExpired, sweepIfDue } from './lease-sweep';
import { hasQualified } from './courses.service';
import { goldRate, shouldServeGold } from '../../core/quality/gold-rate';
import { qualitySettingsOf } from '../../shared/project.schema';

type Tx = Parameters<typeof lockWorkItemByToken>[0];

export const LEASE_LOST =
  'Your lease on this task has ended (it expired or the task went to someone else). Your draft is kept; take the next task to go on.';

/**
 * Returns expired leases to the queue (or gives tasks up as `error` after their maximum attempts).
 * Runs before each claim and from a timer in every server process; safe to run anywhere, any time.
 */
export async function sweepExpiredLeases(ctx: ServiceContext, projectId: string | null): Promise<number> {
  return releaseExpired(ctx, projectId, ctx.clock());
}


/**
 * Leases the next labeling task of a project to a labeler. Asking again while holding a live
 * lease returns the same task and lease (with any saved draft), so a reload never loses a place.
 */
export async function claimNextTask(ctx: ServiceContext, projectId: string, userId: string): Promise<ClaimResponse> {
  const now = ctx.clock();
  const token = newLeaseToken();
  let context: ClaimContext;
  const known = knownProjectConfig(ctx.db, projectId);
  if (known && claimsPlainly(known.settings)) {
    // The usual case in one round trip (see claimIfPlain): the project's settings as this process last saw
    // them open no gate; the statement claims only when they are unchanged and no other gate applies.
    await sweepIfDue(ctx, projectId, now);
    const row = await claimIfPlain(ctx.db, { ...labelClaim(projectId, userId, token, now, known.settings), expectedVersion: known.version });
    // `plain` also says the settings were still `known`: no need to parse them again.
    context = claimContextOf(ctx, projectId, row, row?.plain ? known : undefined);
    if (row!.work_item_id) return claimedResponse(ctx, row as ClaimedRow, userId);
    if (row!.plain) return { task: null, lease: null, draft: null };
  } else {
    context = claimContextOf(ctx, projectId, await findClaimContext(ctx.db, projectId, userId, now));
  }
  const { settings, held, quality } = context;
  if (held) {
    const [task, draft, rework] = await Promise.all([findTask(ctx.db.db, held.task_id), findDraft(ctx.db.db, held.id, userId), held.reserved ? reworkOf(ctx, held.task_id) : null]);
    return {
      // A gold task's own status is the customer's: show `leased`, as for any lease.
      task: held.gold ? { ...toTask(task!), status: 'leased' } : toTask(task!),
      lease: { workItemId: held.id, token: held.lease_token, expiresAt: held.lease_expires_at.toISOString() },
      draft: draft ? storedDocument(draft.document) : prefillOf(task!.prefill),
      rework,
    };
  }
  await sweepIfDue(ctx, projectId, now);
  // Why a count and not a claim condition: it runs only while a calibration batch is open, and a race may
  // hand out a slot or two more than N, which only means a slightly larger calibration batch.
  if (calibrating(settings) && (await labelSlotsHandedOut(ctx.db.db, projectId)) >= settings.calibrationTasks) {
    return { task: null, lease: null, draft: null, waiting: 'calibration' };
  }
  if (settings.qualificationRequired && !(await hasQualified(ctx, projectId, userId))) {
    return { task: null, lease: null, draft: null, courseRequired: 'onboarding' };
  }
  if (quality.mandatoryCourses) {
    const course = await mandatoryCourseHold(ctx, projectId, userId);
    if (course) return { task: null, lease: null, draft: null, courseRequired: course };
  }
  // Why the service decides gold-or-not and then runs one claim statement on the chosen pool: the rate
  // depends on the labeler's record (a Wilson bound over their gold results, see core/quality/gold-rate),
  // which does not belong in the locking statement; each pool's claim stays one atomic statement. A draw
  // for gold with no gold left for this labeler falls through to the ordinary claim.
  if (quality.goldLeft) {
    const qs = qualitySettingsOf(settings);
    const rate = goldRate(quality.goldCorrect, quality.goldJudged, { startRate: qs.goldRateStart, floorRate: qs.goldRateFloor });
    if (shouldServeGold(rate, (ctx.random ?? Math.random)())) {
      const gold = await claimGoldTask(ctx, projectId, userId, now, new Date(now.getTime() + settings.leaseTtlMs));
      if (gold) return gold;
    }
  }
  const claimed = await claimNext(ctx.db, labelClaim(projectId, userId, token, now, settings));
  if (!claimed) return { task: null, lease: null, draft: null };
  return claimedResponse(ctx, claimed, userId);
}

/** A fresh lease token (an SQS-style receipt handle: heartbeats, saves and submits present it). */
export function newLeaseToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Whether these settings open no claim gate decided in the service (calibration, qualification); see claimIfPlain. */
export function claimsPlainly(settings: ProjectSettings): boolean {
  return !calibrating(settings) && !settings.qualificationRequired;
}

/** A labeling claim's arguments: a pending task's label item, leased for the project's TTL. */
export function labelClaim(projectId: string, userId: string, token: string, now: Date, settings: ProjectSettings): ClaimArgs {
  return { projectId, stage: 'label', userId, token, now, expiresAt: new Date(now.getTime() + settings.leaseTtlMs), fromStatus: 'pending', toStatus: 'leased' };
}

/** The answer to a claim that leased an item: the task, the lease, and the draft to start from. */
export async function claimedResponse(ctx: ServiceContext, claimed: ClaimedRow, userId: string): Promise<ClaimResponse> {
  if (claimed.reserved_for === userId) {
    // Rework of a rejected task: the labeler's own submitted work (kept as this item's draft) and the reviewer's comments.
    const [draft, rework] = await Promise.all([findDraft(ctx.db.db, claimed.work_item_id, userId), reworkOf(ctx, claimed.task_id)]);
    return {
      task: toTask((await findTask(ctx.db.db, claimed.task_id))!),
      lease: { workItemId: claimed.work_item_id, token: claimed.lease_token, expiresAt: new Date(claimed.lease_expires_at).toISOString() },
      draft: draft ? storedDocument(draft.document) : null,
      rework,
    };
  }
  const task = claimed.status
    ? toTask({ id: claimed.task_id, project_id: claimed.project_id!, status: claimed.status as TaskStatus, priority: claimed.priority!, data: claimed.data, created_at: new Date(claimed.created_at!) })
    : toTask((await findTask(ctx.db.db, claimed.task_id))!);
  if (claimed.type && claimed.has_callback === false) {
    rememberClaim(ctx.db, claimed.lease_token, { taskId: claimed.task_id, userId, projectId: task.projectId, type: claimed.type, data: task.data, params: claimed.lean_params });
  }
  return {
    task,
    lease: { workItemId: claimed.work_item_id, token: claimed.lease_token, expiresAt: new Date(claimed.lease_expires_at).toISOString() },
    // A fresh claim starts from the customer's pre-annotations, when the task has them.
    draft: prefillOf(claimed.prefill),
  };
}

/**
 * Which task the caller's next claim would most likely lease, so the labeling page can fetch its
 * image while the current task is being labeled (the next task is then on screen right after submit).
 *
 * Why a peek and not a second lease ("lease ahead"): a lease is a promise that nobody else works on
 * the task; holding one for a task the labeler has not opened yet would keep it from idle labelers
 * for as long as the current task takes, and a labeler would hold two leases in one project, which
 * the queue's rules (one live label lease per labeler and project, returned again on reload) do not
 * allow. A peek reserves nothing: the claim after submit still goes through `claimNext` with
 * SKIP LOCKED, and when another labeler took the peeked task first, the prefetch is only wasted.
 * What a peek shows is only what a claim could give this labeler now (same filter: available,
 * not skipped or done by them), and no gold answer is ever part of task data.
 */
export async function peekNextTask(ctx: ServiceContext, projectId: string, userId: string): Promise<PeekResponse> {
  const now = ctx.clock();
  claimContextOf(ctx, projectId, await findClaimContext(ctx.db, projectId, userId, now));
  const row = await peekNext(ctx.db.db, { projectId, stage: 'label', userId, now });
  return { next: row ? { taskId: row.task_id, data: TaskDataSchema.parse(row.data) } : null };
}

type ClaimContext = ReturnType<typeof claimContextOf>;

/**
 * A claim context row, checked: 404 for non-members (and missing projects), 403 without the labeler role.
 * Remembers the project's settings for the next claim's one-statement path.
 */
function claimContextOf(ctx: ServiceContext, projectId: string, r: ClaimContextRow | undefined, unchanged?: ProjectConfig) {
  if (!r || r.roles.length === 0) throw new NotFound('Project');
  if (!r.roles.includes('labeler')) throw new Forbidden('This needs the labeler role in this project');
  const settings = unchanged?.settings ?? ProjectSettingsSchema.parse(r.settings);
  if (!unchanged) rememberProjectConfig(ctx.db, projectId, { version: r.config_version, settings });
  return {
    settings,
    held: r.held_id ? { id: r.held_id, task_id: r.held_task_id!, lease_token: r.held_token!, lease_expires_at: new Date(r.held_expires_at!), gold: r.held_gold === true, reserved: !!r.held_reserved } : null,
    quality: { goldLeft: r.gold_left, goldCorrect: Number(r.gold_correct ?? 0), goldJudged: Number(r.gold_judged ?? 0), mandatoryCourses: r.mandatory_courses },
  };
}

/** Locks the work item behind a lease token and checks it is this user's lease; 409 otherwise. */
async function lockLease(q: Tx, taskId: string, userId: string, token: string) {
  const item = await lockWorkItemByToken(q, taskId, token);
  if (!item || item.status !== 'leased' || item.leased_by !== userId) throw new Conflict(LEASE_LOST);
  return item;
}

/** Extends a live lease by the project's TTL (the open labeling page calls this periodically). */
export async function heartbeat(ctx: ServiceContext, taskId: string, userId: string, token: string): Promise<Lease> {
  // Reviewers renew their review leases the same way.
  const { settings } = await labelerTaskContext(ctx, taskId, userId, ['labeler', 'reviewer']);
  const expiresAt = new Date(ctx.clock().getTime() + settings.leaseTtlMs);
  const item = await ctx.db.db.transaction().execute(async (tx) => {
    const it = await lockLease(tx, taskId, userId, token);
    await extendLease(tx, it.id, expiresAt);
    return it;
  });
  return { workItemId: item.id, token, expiresAt: expiresAt.toISOString() };
}

/** Saves the labeler's work in progress under their lease (autosave). */
export async function saveDraft(ctx: ServiceContext, taskId: string, userId: string, token: string, document: AnnotationDocument): Promise<{ savedAt: string }> {
  const { ontology, data, settings } = await labelerTaskContext(ctx, taskId, userId);
  validateDocument(document, ontology, data, { requireComplete: false, audio: audioSettingsOf(settings), maskMode: settings.maskMode });
  const now = ctx.clock();
  await ctx.db.db.transaction().execute(async (tx) => {
    const item = await lockLease(tx, taskId, userId, token);
    await upsertDraft(tx, { workItemId: item.id, userId, document, now });
  });
  return { savedAt: now.toISOString() };
}

/**
 * Gives a leased task back without doing it, with a reason. It keeps its place in line for others;
 * this labeler will not be offered it again.
 */
export async function skip(ctx: ServiceContext, taskId: string, userId: string, token: string, reason: string): Promise<{ taskId: string }> {
  await labelerTaskContext(ctx, taskId, userId);
  const now = ctx.clock();
  await ctx.db.db.transaction().execute(async (tx) => {
    const item = await lockLease(tx, taskId, userId, token);
    if (item.stage !== 'label') throw new Conflict('Only labeling tasks can be skipped here');
    // A skipped gold copy ends: it was this labeler's only, and must never join the ordinary pool.
    await setWorkItemStatus(tx, item.id, item.gold ? 'canceled' : 'available');
    await recordPass(tx, { taskId, stage: item.stage, userId, outcome: 'skipped', reason, now });
    if (!item.gold) await transitionTask(tx, { id: taskId, from: 'leased', to: 'pending', actorId: userId, reason: `skipped: ${reason}`, now });
  });
  return { taskId };
}

/** True while the project's calibration batch is open (set and not yet released by the owner). */
export function calibrating(settings: ProjectSettings): boolean {
  return settings.calibrationTasks > 0 && !settings.calibrationReleased;
}

/** The reviewer's comments on a task that was sent back to its labeler. */
async function reworkOf(ctx: ServiceContext, taskId: string): Promise<Rework | null> {
  const last = await latestReviewOfTask(ctx.db.db, taskId);
  if (!last || last.outcome !== 'rejected') return null;
  return { reviewerName: last.reviewer_name, at: new Date(last.created_at).toISOString(), comments: last.comments as Rework['comments'] };
}

function prefillOf(prefill: unknown) {
  return prefill ? storedDocument(prefill) : null;
}

/**
 * A document this server stored itself (a draft or a task's pre-annotations), read back for a claim.
 * Why no schema parse here, unlike most reads: each was parsed with AnnotationDocumentSchema (defaults
 * filled in) and checked against the document rules when it was written (draft save, submit, hypothesis
 * ingest), and a claim is on the labeler's path to the first screen: for 3,000 polygons of 20 vertices
 * the parse took 200 ms of a 400 ms claim. Only the outer shape is checked, so a broken row fails loudly.
 */
function storedDocument(value: unknown): AnnotationDocument {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as { objects?: unknown }).objects)) throw new Error('a stored annotation document has no objects array');
  return value as AnnotationDocument;
}
