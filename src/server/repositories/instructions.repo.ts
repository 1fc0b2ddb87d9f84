import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema';

type Q = Kysely<Database>;

export async function insertFlag(
  q: Q,
  f: { id: string; projectId: string; taskId: string; userId: string; section: string; note: string; objectId: string | null; point: unknown; now: Date },
) {
  await q
    .insertInto('instruction_flags')
    .values({
      id: f.id, project_id: f.projectId, task_id: f.taskId, user_id: f.userId, section: f.section, note: f.note, object_id: f.objectId,
      point: f.point === null ? null : JSON.stringify(f.point),
      instructions_version: sql<number>`(SELECT instructions_version FROM projects WHERE id = ${f.projectId})`,
      created_at: f.now,
    })
    .execute();
}

export function flagsOfProject(q: Q, projectId: string, limit = 500) {
  return q
    .selectFrom('instruction_flags as f')
    .innerJoin('users as u', 'u.id', 'f.user_id')
    .selectAll('f')
    .select('u.name as author')
    .where('f.project_id', '=', projectId)
    .orderBy('f.created_at', 'desc')
    .limit(limit)
    .execute();
}

export async function answerFlag(q: Q, a: { projectId: string; flagId: string; userId: string; answer: string; now: Date }): Promise<boolean> {
  const r = await q
    .updateTable('instruction_flags')
    .set({ answer: a.answer, answered_by: a.userId, answered_at: a.now })
    .where('id', '=', a.flagId)
    .where('project_id', '=', a.projectId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Saves the instructions as the project's next version when the text changed; returns the version in force. */
export async function publishInstructions(q: Q, p: { projectId: string; text: string; note: string; userId: string; now: Date }): Promise<number> {
  const current = await q.selectFrom('projects').select(['instructions', 'instructions_version']).where('id', '=', p.projectId).forUpdate().executeTakeFirst();
  if (!current) return 0;
  if (current.instructions === p.text) return current.instructions_version;
  const version = current.instructions_version + 1;
  // The version that was in force is kept too, the first time it is replaced (version 1 was never published).
  await q
    .insertInto('instruction_versions')
    .values({ project_id: p.projectId, version: current.instructions_version, text: current.instructions, note: '', published_by: null, published_at: p.now })
    .onConflict((oc) => oc.columns(['project_id', 'version']).doNothing())
    .execute();
  await q.insertInto('instruction_versions').values({ project_id: p.projectId, version, text: p.text, note: p.note, published_by: p.userId, published_at: p.now }).execute();
  await q.updateTable('projects').set({ instructions: p.text, instructions_version: version }).where('id', '=', p.projectId).execute();
  return version;
}

export function versionsOfProject(q: Q, projectId: string) {
  return q
    .selectFrom('instruction_versions as v')
    .leftJoin('users as u', 'u.id', 'v.published_by')
    .select(['v.version', 'v.text', 'v.note', 'v.published_at', 'u.name as published_by'])
    .where('v.project_id', '=', projectId)
    .orderBy('v.version', 'desc')
    .execute();
}

/** Counts for the calibration report: labeling done (archived items too), review outcomes, findings by type, unclear flags. */
export async function calibrationCounts(q: Q, projectId: string) {
  const r = await sql<{ labeled: string; reviewed: string; accepted: string; fixed: string; rejected: string; flags: string }>`
    SELECT
      (SELECT count(*) FROM work_items_all WHERE project_id = ${projectId} AND stage = 'label' AND status = 'done') AS labeled,
      (SELECT count(*) FROM reviews WHERE project_id = ${projectId}) AS reviewed,
      (SELECT count(*) FROM reviews WHERE project_id = ${projectId} AND outcome = 'accepted') AS accepted,
      (SELECT count(*) FROM reviews WHERE project_id = ${projectId} AND outcome = 'fixed') AS fixed,
      (SELECT count(*) FROM reviews WHERE project_id = ${projectId} AND outcome = 'rejected') AS rejected,
      (SELECT count(*) FROM instruction_flags WHERE project_id = ${projectId}) AS flags`.execute(q);
  const types = await sql<{ type: string; n: string }>`
    SELECT f->>'type' AS type, count(*) AS n FROM reviews r, jsonb_array_elements(r.findings) f
    WHERE r.project_id = ${projectId} GROUP BY 1 ORDER BY 2 DESC`.execute(q);
  const row = r.rows[0]!;
  return {
    labeled: Number(row.labeled), reviewed: Number(row.reviewed), accepted: Number(row.accepted), fixed: Number(row.fixed),
    rejected: Number(row.rejected), flags: Number(row.flags),
    findingsByType: Object.fromEntries(types.rows.map((t) => [t.type, Number(t.n)])),
  };
}

/** Labeling slots of a project handed out so far (leased or done, archived ones too): the calibration batch fills up with these. */
export async function labelSlotsHandedOut(q: Q, projectId: string): Promise<number> {
  const r = await q
    .selectFrom('work_items_all')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('project_id', '=', projectId)
    .where('stage', '=', 'label')
    .where('status', 'in', ['leased', 'done'])
    .where('reserved_for', 'is', null)
    .where('gold', '=', false)
    .executeTakeFirst();
  return Number(r?.n ?? 0);
}
