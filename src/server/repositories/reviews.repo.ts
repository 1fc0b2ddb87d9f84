import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Q = Kysely<Database>;

/** A labeler's review record in a project: tasks of theirs reviewed, and those that came back unchanged. */
export async function reviewRecordOf(q: Q, projectId: string, labelerId: string): Promise<{ reviewed: number; clean: number }> {
  const r = await q
    .selectFrom('reviews')
    .select([
      sql<string>`count(DISTINCT task_id)`.as('reviewed'),
      sql<string>`count(DISTINCT task_id) FILTER (WHERE outcome = 'accepted')`.as('clean'),
    ])
    .where('project_id', '=', projectId)
    .where('labeler_id', '=', labelerId)
    .executeTakeFirst();
  return { reviewed: Number(r?.reviewed ?? 0), clean: Number(r?.clean ?? 0) };
}

/** The task's latest review, if any (a rejected one tells who sent it back and why). */
export function latestReviewOfTask(q: Q, taskId: string) {
  return q
    .selectFrom('reviews')
    .innerJoin('users', 'users.id', 'reviews.reviewer_id')
    .selectAll('reviews')
    .select('users.name as reviewer_name')
    .where('task_id', '=', taskId)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export function findReviewBySubmission(q: Q, submissionId: string) {
  return q.selectFrom('reviews').selectAll().where('submission_id', '=', submissionId).executeTakeFirst();
}

/**
 * Records a review pass. Its `findings` are the pass's own answer as given (the task's history, a repeated
 * submit's answer, the error profiles that blame a reviewer for what a later pass found) and stay as they
 * are; the labeler's copies go to the `findings` table (insertFindings), which has a life of its own:
 * acknowledged in the inbox, gone with the labeler's account.
 */
export async function insertReview(
  q: Q,
  r: {
    id: string; taskId: string; projectId: string; workItemId: string; pass: number; reviewerId: string; labelerId: string;
    outcome: 'accepted' | 'fixed' | 'rejected'; baseAnnotationId: string | null; resultAnnotationId: string | null;
    submissionId: string; comments: unknown; diff: unknown; findings: unknown; now: Date;
  },
) {
  await q
    .insertInto('reviews')
    .values({
      id: r.id, task_id: r.taskId, project_id: r.projectId, work_item_id: r.workItemId, pass: r.pass, reviewer_id: r.reviewerId,
      labeler_id: r.labelerId, outcome: r.outcome, base_annotation_id: r.baseAnnotationId, result_annotation_id: r.resultAnnotationId,
      submission_id: r.submissionId, comments: JSON.stringify(r.comments), diff: JSON.stringify(r.diff), findings: JSON.stringify(r.findings),
      created_at: r.now,
    })
    .execute();
}

/** The latest annotation of a task and who made it in which stage (the version a reviewer is shown). */
export function latestAnnotationWithStage(q: Q, taskId: string) {
  return q
    .selectFrom('annotations as a')
    .innerJoin('work_items_all as w', 'w.id', 'a.work_item_id')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .selectAll('a')
    .select(['w.stage', 'u.name as author_name'])
    .where('a.task_id', '=', taskId)
    .orderBy('a.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** The person whose labeling the task's latest labeling annotation is. */
export function labelerOfTask(q: Q, taskId: string) {
  return q
    .selectFrom('annotations as a')
    .innerJoin('work_items_all as w', 'w.id', 'a.work_item_id')
    .innerJoin('users as u', 'u.id', 'a.user_id')
    .select(['u.id', 'u.name'])
    .where('a.task_id', '=', taskId)
    .where('w.stage', '=', 'label')
    .orderBy('a.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Error profiles for routing (core/review/routing.ts): per person, findings per reviewed task by type —
 * the findings reviewers' fixes found in their own labeling, plus, for reviewers, what a later pass found
 * after they had accepted (what they let through). Counts over the project's last 2,000 reviews.
 */
export async function errorProfiles(q: Q, projectId: string, userIds: readonly string[]): Promise<Map<string, Record<string, number>>> {
  const profiles = new Map<string, Record<string, number>>();
  if (userIds.length === 0) return profiles;
  const rows = await sql<{ user_id: string; type: string | null; n: string; tasks: string }>`
    WITH recent AS (
      SELECT * FROM reviews WHERE project_id = ${projectId} ORDER BY created_at DESC LIMIT 2000
    ), blame AS (
      SELECT labeler_id AS user_id, task_id, findings FROM recent
      UNION ALL
      SELECT earlier.reviewer_id, later.task_id, later.findings
      FROM recent later JOIN recent earlier ON earlier.task_id = later.task_id AND earlier.pass = later.pass - 1 AND earlier.outcome <> 'rejected'
    )
    SELECT b.user_id, f->>'type' AS type, count(f) AS n, (SELECT count(DISTINCT task_id) FROM blame b2 WHERE b2.user_id = b.user_id) AS tasks
    FROM blame b LEFT JOIN LATERAL jsonb_array_elements(b.findings) f ON true
    WHERE b.user_id = ANY(${sql.val(userIds)}::uuid[])
    GROUP BY b.user_id, f->>'type'`.execute(q);
  for (const r of rows.rows) {
    const profile = profiles.get(r.user_id) ?? {};
    if (r.type) profile[r.type] = Number(r.n) / Math.max(1, Number(r.tasks));
    profiles.set(r.user_id, profile);
  }
  return profiles;
}

/** The project's reviewers with how many review passes each holds or has reserved now. */
export async function reviewersWithLoad(q: Q, projectId: string, now: Date) {
  const rows = await sql<{ id: string; load: string }>`
    SELECT m.user_id AS id,
           (SELECT count(*) FROM work_items w
             WHERE w.project_id = ${projectId} AND w.stage = 'review'
               AND ((w.status = 'leased' AND w.leased_by = m.user_id)
                 OR (w.status = 'available' AND w.reserved_for = m.user_id AND w.reserved_until > ${now}))) AS load
    FROM project_members m WHERE m.project_id = ${projectId} AND m.role = 'reviewer'`.execute(q);
  return rows.rows.map((r) => ({ id: r.id, load: Number(r.load) }));
}

/** Everyone who worked on a task, in any stage (nobody reviews their own work or a task twice). */
export async function workersOfTask(q: Q, taskId: string): Promise<string[]> {
  const rows = await q.selectFrom('work_passes').select('user_id').distinct().where('task_id', '=', taskId).execute();
  return rows.map((r) => r.user_id);
}

/**
 * A task's history: status changes, annotation versions and reviews, oldest first. Annotations join
 * `work_items_all`, since a finished task's items may have been archived.
 */
export async function historyOfTask(q: Q, taskId: string) {
  const [events, annotations, reviews] = await Promise.all([
    q.selectFrom('task_events as e').leftJoin('users as u', 'u.id', 'e.actor_id')
      .select(['e.at', 'u.name as actor', 'e.from_status', 'e.to_status', 'e.reason']).where('e.task_id', '=', taskId).orderBy('e.id').execute(),
    q.selectFrom('annotations as a').innerJoin('work_items_all as w', 'w.id', 'a.work_item_id').innerJoin('users as u', 'u.id', 'a.user_id')
      .select(['a.id', 'a.created_at', 'u.name as author', 'w.stage', 'a.document']).where('a.task_id', '=', taskId).orderBy('a.created_at').execute(),
    q.selectFrom('reviews as r').innerJoin('users as u', 'u.id', 'r.reviewer_id')
      .select(['r.id', 'r.created_at', 'r.pass', 'u.name as reviewer', 'r.outcome', 'r.comments', 'r.diff', 'r.findings'])
      .where('r.task_id', '=', taskId).orderBy('r.created_at').execute(),
  ]);
  return { events, annotations, reviews };
}

/** Reviews by id with the version the reviewer was shown and their fix, for the labeler's feedback inbox. */
export async function reviewsShownWithFindings(q: Q, reviewIds: readonly string[]) {
  const out = new Map<string, { reviewer: string; at: string; work: unknown; fixed: unknown }>();
  if (reviewIds.length === 0) return out;
  const rows = await q
    .selectFrom('reviews as r')
    .innerJoin('users as u', 'u.id', 'r.reviewer_id')
    .innerJoin('annotations as b', 'b.id', 'r.base_annotation_id')
    .innerJoin('annotations as f', 'f.id', 'r.result_annotation_id')
    .select(['r.id', 'r.created_at', 'u.name', 'b.document as work', 'f.document as fixed'])
    .where('r.id', 'in', reviewIds)
    .execute();
  for (const r of rows) out.set(r.id, { reviewer: r.name, at: new Date(r.created_at).toISOString(), work: r.work, fixed: r.fixed });
  return out;
}
