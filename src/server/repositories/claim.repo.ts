import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/client';
import { claimCtes, CLAIMED_COLUMNS, type ClaimArgs, type ClaimedRow } from './work-items.repo';

/** What a labeler's claim needs to know first: the project's settings, the caller's roles, any live lease, the quality gates' inputs. */
export type ClaimContextRow = {
  settings: unknown; config_version: number; roles: (string | null)[]; held_id: string | null; held_task_id: string | null; held_token: string | null; held_expires_at: Date | null;
  held_gold: boolean | null; held_reserved: boolean | null; gold_left: boolean; gold_correct: string | null; gold_judged: string | null; mandatory_courses: boolean;
};

/** Whether active gold is left in the project that the user has not labeled (a claim gate: gold is served first). */
function goldLeft(projectId: RawBuilder<unknown>, userId: string) {
  return sql`EXISTS (
    SELECT 1 FROM gold_answers g WHERE g.project_id = ${projectId} AND g.active
      AND NOT EXISTS (SELECT 1 FROM work_passes wp WHERE wp.task_id = g.task_id AND wp.stage = 'label' AND wp.user_id = ${userId})
  )`;
}

/** Whether the project has a mandatory course (a claim gate). */
function mandatoryCourse(projectId: RawBuilder<unknown>) {
  return sql`EXISTS (SELECT 1 FROM courses c WHERE c.project_id = ${projectId} AND c.mandatory)`;
}

/**
 * In one SELECT: the project's settings, the caller's roles there, and the caller's live label lease in the
 * project, if any; for the quality gates, whether gold is left for them, their gold record, any mandatory course.
 */
function claimContextSelect(projectId: string, userId: string, now: Date) {
  return sql`
    SELECT p.settings, p.config_version,
           ARRAY(SELECT m.role FROM project_members m WHERE m.project_id = p.id AND m.user_id = ${userId}) AS roles,
           h.id AS held_id, h.task_id AS held_task_id, h.lease_token AS held_token, h.lease_expires_at AS held_expires_at, h.gold AS held_gold, h.reserved AS held_reserved,
           ${goldLeft(sql`p.id`, userId)} AS gold_left,
           (SELECT sum(s.objects_correct) FROM gold_submissions s WHERE s.project_id = p.id AND s.user_id = ${userId} AND s.purpose = 'stream') AS gold_correct,
           (SELECT sum(s.objects_total) FROM gold_submissions s WHERE s.project_id = p.id AND s.user_id = ${userId} AND s.purpose = 'stream') AS gold_judged,
           ${mandatoryCourse(sql`p.id`)} AS mandatory_courses
    FROM projects p
    LEFT JOIN LATERAL (
      SELECT w.id, w.task_id, w.lease_token, w.lease_expires_at, w.gold, w.reserved_for IS NOT NULL AS reserved FROM work_items w
      WHERE w.leased_by = ${userId} AND w.project_id = p.id AND w.stage = 'label' AND w.status = 'leased' AND w.lease_expires_at > ${now}
      ORDER BY w.lease_expires_at DESC LIMIT 1
    ) h ON true
    WHERE p.id = ${projectId}`;
}

/** The claim context of a labeler in a project (no row: no such project). */
export async function findClaimContext(db: Db, projectId: string, userId: string, now: Date): Promise<ClaimContextRow | undefined> {
  const [row] = await db.prepared<ClaimContextRow>(claimContextSelect(projectId, userId, now).compile(db.db));
  return row;
}

export type PlainClaimRow = ClaimContextRow & Partial<ClaimedRow> & {
  /** No gate stood in the way: the claim ran (and `work_item_id` is null only when nothing was available). */
  plain: boolean;
};

/**
 * The claim context and, when nothing in it calls for a decision, the claim itself — one statement, one
 * round trip, where the usual path takes two ({@link findClaimContext}, then `claimNext`).
 *
 * "Nothing calls for a decision" means: the project's configuration is still version `expectedVersion` (0010; the
 * caller checked that the settings of that version open no gate: no calibration batch, no qualification), the caller is a labeler there,
 * holds no live lease, has no gold left to be drawn, and the project has no mandatory course. This statement
 * does not decide any gate itself; whenever one might apply it claims nothing and returns the context, and
 * the caller goes on as usual from there.
 */
export async function claimIfPlain(db: Db, c: ClaimArgs & { expectedVersion: number }): Promise<PlainClaimRow | undefined> {
  const query = sql<PlainClaimRow>`
    WITH ${plainClaimCtes(c)}
    SELECT ${PLAIN_CLAIM_COLUMNS} FROM ${PLAIN_CLAIM_FROM}`;
  // Relaxed commit, as for every claim (see Db.prepared).
  const [row] = await db.prepared<PlainClaimRow>(query.compile(db.db), { relaxed: true });
  return row;
}

/** The CTEs of {@link claimIfPlain}: ctx, go, then the claim's. */
function plainClaimCtes(c: ClaimArgs & { expectedVersion: number }) {
  return sql`
    ctx AS MATERIALIZED (${claimContextSelect(c.projectId, c.userId, c.now)}),
    go AS MATERIALIZED (
      SELECT 1 FROM ctx
      WHERE ctx.config_version = ${c.expectedVersion} AND 'labeler' = ANY (ctx.roles)
        AND ctx.held_id IS NULL AND NOT ctx.gold_left AND NOT ctx.mandatory_courses
    ),
    ${claimCtes(c, sql`AND EXISTS (SELECT 1 FROM go)`)}`;
}

/** What a claim that follows a submit answers (see {@link claimAfterSubmitCtes}): the claim, and whether it ran. */
export type ClaimAfterSubmitRow = Partial<ClaimedRow> & { plain: boolean };

/**
 * The claim CTEs for a statement that claims right after a guarded submit (submitUnderLease's `guard.next`):
 * only the gates the submit's guard does not already settle. The guard wrote only if the project's
 * configuration is still the remembered version and the caller is a labeler there, and `afterWrite` (true
 * only when the submit wrote) stands for it here; so unlike {@link plainClaimCtes} this reads neither the
 * project's settings nor the caller's roles and gold record, and answers none of them (nothing reads them
 * after a submit). Left to check: a live lease other than the one submitted (`exceptToken`), gold left for
 * the caller, a mandatory course.
 */
export function claimAfterSubmitCtes(c: ClaimArgs & { exceptToken: string; afterWrite: RawBuilder<unknown> }) {
  return sql`
    go AS MATERIALIZED (
      SELECT 1 WHERE ${c.afterWrite}
        AND NOT EXISTS (
          SELECT 1 FROM work_items w
          WHERE w.leased_by = ${c.userId} AND w.project_id = ${c.projectId} AND w.stage = 'label' AND w.status = 'leased'
            AND w.lease_expires_at > ${c.now} AND w.lease_token <> ${c.exceptToken}
        )
        AND NOT ${goldLeft(sql`${c.projectId}`, c.userId)} AND NOT ${mandatoryCourse(sql`${c.projectId}`)}
    ),
    ${claimCtes(c, sql`AND EXISTS (SELECT 1 FROM go)`)}`;
}

/** The columns of a {@link ClaimAfterSubmitRow}, selected FROM {@link CLAIM_AFTER_SUBMIT_FROM} after {@link claimAfterSubmitCtes}. */
export const CLAIM_AFTER_SUBMIT_COLUMNS = sql`EXISTS (SELECT 1 FROM go) AS plain, ${CLAIMED_COLUMNS}`;
export const CLAIM_AFTER_SUBMIT_FROM = sql`(SELECT 1) AS one LEFT JOIN claimed ON true LEFT JOIN moved ON moved.id = claimed.task_id`;

/** The columns of a {@link PlainClaimRow}, selected FROM {@link PLAIN_CLAIM_FROM} after {@link plainClaimCtes}. */
const PLAIN_CLAIM_COLUMNS = sql`ctx.*, EXISTS (SELECT 1 FROM go) AS plain, ${CLAIMED_COLUMNS}`;
const PLAIN_CLAIM_FROM = sql`ctx LEFT JOIN claimed ON true LEFT JOIN moved ON moved.id = claimed.task_id`;
