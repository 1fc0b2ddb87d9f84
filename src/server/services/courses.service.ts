import { randomUUID } from 'node:crypto';
import { AnnotationDocumentSchema, type AnnotationDocument } from '../../shared/annotation.schema';
import { OntologySchema, ProjectSettingsSchema, qualitySettingsOf } from '../../shared/project.schema';
import type { Course, PracticeAttempt, PracticeResult } from '../../shared/quality.schema';
import { TaskDataSchema } from '../../shared/task.schema';
import { patternType } from '../../core/quality/patterns';
import { Conflict, NotFound } from '../errors';
import { insertGoldSubmission } from '../repositories/gold.repo';
import { findProject } from '../repositories/projects.repo';
import { recordPass } from '../repositories/work-items.repo';
import { requireRole } from './access';
import type { ServiceContext } from './context';
import { COURSE_INFO, ONBOARDING, type CourseType } from './course-lessons';
import { findingRow, judge, rowToRecord } from './gold.service';
import { labelerPatterns } from './patterns.service';
import { sizeBucket } from '../../core/quality/too-fast';

/** Gold items in one practice set. */
const PRACTICE_ITEMS = 5;

async function project(ctx: ServiceContext, projectId: string) {
  const p = await findProject(ctx.db.db, projectId);
  if (!p) throw new NotFound('Project');
  const settings = ProjectSettingsSchema.parse(p.settings);
  return { settings, quality: qualitySettingsOf(settings), ontology: OntologySchema.parse(p.ontology) };
}

/**
 * A course for one finding type: the lesson (the owner's text or the built-in one) and examples from the
 * project's gold. A labeler sees only gold items they have already submitted, beside their own answer
 * (the right answer beside the typical mistake): a gold answer never reaches a labeler before they submit.
 */
export async function getCourse(ctx: ServiceContext, projectId: string, type: CourseType, userId: string): Promise<Course> {
  const roles = await requireRole(ctx, projectId, userId, ['owner', 'labeler', 'reviewer']);
  const { quality } = await project(ctx, projectId);
  const row = await ctx.db.db.selectFrom('courses').selectAll().where('project_id', '=', projectId).where('finding_type', '=', type).executeTakeFirst();
  const owner = roles.includes('owner');
  let examples: Course['examples'];
  if (owner) {
    const gold = await ctx.db.db.selectFrom('gold_answers as g').innerJoin('tasks as t', 't.id', 'g.task_id')
      .select(['g.task_id', 'g.document', 't.data']).where('g.project_id', '=', projectId).where('g.active', '=', true).orderBy('g.created_at').limit(2).execute();
    examples = gold.map((g) => ({ taskId: g.task_id, data: TaskDataSchema.parse(g.data), reference: AnnotationDocumentSchema.parse(g.document), answer: null }));
  } else {
    const mine = await ctx.db.db.selectFrom('gold_submissions as s')
      .innerJoin('gold_answers as g', 'g.task_id', 's.task_id').innerJoin('tasks as t', 't.id', 's.task_id')
      .select(['s.task_id', 's.document as answer', 'g.document as reference', 't.data'])
      .where('s.project_id', '=', projectId).where('s.user_id', '=', userId).where('s.purpose', '=', 'stream')
      .where((eb) => eb.exists(eb.selectFrom('findings as f').select('f.id').whereRef('f.gold_submission_id', '=', 's.id').where('f.type', '=', type)))
      .orderBy('s.created_at', 'desc').limit(2).execute();
    examples = mine.map((m) => ({ taskId: m.task_id, data: TaskDataSchema.parse(m.data), reference: AnnotationDocumentSchema.parse(m.reference), answer: AnnotationDocumentSchema.parse(m.answer) }));
  }
  return {
    findingType: type,
    title: COURSE_INFO[type].title,
    lessonMd: row?.lesson_md ?? COURSE_INFO[type].lesson,
    custom: row?.lesson_md != null,
    mandatory: row?.mandatory ?? false,
    passScore: quality.coursePassScore,
    examples,
  };
}

/** Owners change a course's lesson (null: back to the built-in text) or make it mandatory. */
export async function updateCourse(ctx: ServiceContext, projectId: string, type: CourseType, userId: string, body: { lessonMd?: string | null; mandatory?: boolean }): Promise<Course> {
  await requireRole(ctx, projectId, userId, ['owner']);
  const now = ctx.clock();
  const set = { ...(body.lessonMd !== undefined ? { lesson_md: body.lessonMd } : {}), ...(body.mandatory !== undefined ? { mandatory: body.mandatory } : {}), updated_at: now };
  await ctx.db.db.insertInto('courses')
    .values({ project_id: projectId, finding_type: type, lesson_md: body.lessonMd ?? null, mandatory: body.mandatory ?? false, updated_at: now })
    .onConflict((oc) => oc.columns(['project_id', 'finding_type']).doUpdateSet(set))
    .execute();
  return getCourse(ctx, projectId, type, userId);
}

/** Whether the labeler has passed the project's onboarding course. */
export async function hasQualified(ctx: ServiceContext, projectId: string, userId: string): Promise<boolean> {
  const r = await ctx.db.db.selectFrom('course_attempts').select('id').where('project_id', '=', projectId).where('user_id', '=', userId)
    .where('finding_type', '=', ONBOARDING).where('passed_at', 'is not', null).limit(1).executeTakeFirst();
  return r !== undefined;
}

/** Postpones the prompt of an active pattern's course, once per episode (409 the second time). */
export async function postponeCourse(ctx: ServiceContext, projectId: string, type: CourseType, userId: string): Promise<{ postponed: true }> {
  await requireRole(ctx, projectId, userId, ['labeler']);
  const pattern = (await labelerPatterns(ctx, projectId, userId)).find((p) => p.findingType === type);
  if (!pattern) throw new Conflict('There is no active pattern for this course');
  if (pattern.mandatory) throw new Conflict('This course is mandatory in this project; it cannot be postponed');
  if (pattern.postponed) throw new Conflict('You postponed this course once already; take it now');
  await ctx.db.db.insertInto('course_postponements').values({ project_id: projectId, user_id: userId, finding_type: type, at: ctx.clock() }).execute();
  return { postponed: true };
}

/**
 * Starts a practice set: up to five of the project's gold items, those the labeler has never had first.
 * Items are sent without their answers; each answer returns its feedback at once.
 */
export async function startPractice(ctx: ServiceContext, projectId: string, type: CourseType, userId: string): Promise<PracticeAttempt> {
  await requireRole(ctx, projectId, userId, ['labeler']);
  const { quality } = await project(ctx, projectId);
  const gold = await ctx.db.db.selectFrom('gold_answers as g').innerJoin('tasks as t', 't.id', 'g.task_id')
    .select(['g.task_id', 't.data'])
    .select((eb) => eb.exists(eb.selectFrom('work_passes as p').select('p.task_id').whereRef('p.task_id', '=', 'g.task_id').where('p.stage', '=', 'label').where('p.user_id', '=', userId)).as('seen'))
    .where('g.project_id', '=', projectId).where('g.active', '=', true)
    // Never the gold task they hold right now: its answer would be shown before they submit it.
    .where((eb) => eb.not(eb.exists(eb.selectFrom('work_items as w').select('w.id').whereRef('w.task_id', '=', 'g.task_id')
      .where('w.leased_by', '=', userId).where('w.status', '=', 'leased'))))
    .orderBy('g.created_at').execute();
  const picked = [...gold.filter((g) => !g.seen), ...gold.filter((g) => g.seen)].slice(0, PRACTICE_ITEMS);
  if (picked.length === 0) throw new Conflict('This project has no gold items to practise on yet');
  const id = randomUUID();
  await ctx.db.db.insertInto('course_attempts')
    .values({ id, project_id: projectId, user_id: userId, finding_type: type, task_ids: picked.map((p) => p.task_id), created_at: ctx.clock() })
    .execute();
  return { attemptId: id, findingType: type, items: picked.map((p) => ({ taskId: p.task_id, data: TaskDataSchema.parse(p.data) })), answered: 0, correct: 0, passScore: quality.coursePassScore };
}

/**
 * Answers one practice item: compares it with the gold answer and returns the findings with the reference.
 * An item counts as right when it has no finding of the course's type. When the last item is answered the
 * score is set; at or above the project's bar (default 80%) the course is passed, which clears the pattern.
 */
export async function answerPractice(ctx: ServiceContext, attemptId: string, userId: string, taskId: string, document: AnnotationDocument): Promise<PracticeResult> {
  const attempt = await ctx.db.db.selectFrom('course_attempts').selectAll().where('id', '=', attemptId).executeTakeFirst();
  if (!attempt || attempt.user_id !== userId) throw new NotFound('Practice attempt');
  if (!attempt.task_ids.includes(taskId)) throw new NotFound('Practice item');
  const { settings, quality, ontology } = await project(ctx, attempt.project_id);
  const [gold, task] = await Promise.all([
    ctx.db.db.selectFrom('gold_answers').selectAll().where('task_id', '=', taskId).executeTakeFirst(),
    ctx.db.db.selectFrom('tasks').select('data').where('id', '=', taskId).executeTakeFirst(),
  ]);
  if (!gold || !task) throw new NotFound('Practice item');
  const held = await ctx.db.db.selectFrom('work_items').select('id').where('task_id', '=', taskId).where('leased_by', '=', userId).where('status', '=', 'leased').executeTakeFirst();
  if (held) throw new Conflict('Submit the task you hold first; its answer is shown after you do');
  const reference = AnnotationDocumentSchema.parse(gold.document);
  const data = TaskDataSchema.parse(task.data);
  const j = judge(document, reference, data, ontology, settings, null);
  const now = ctx.clock();
  const rows = j.findings.map((f) => findingRow(f, { projectId: attempt.project_id, taskId, userId, goldSubmissionId: null, source: 'gold', now }));
  // Onboarding: an item is right with no finding at all; a pattern's course: with none of its type.
  const right = attempt.finding_type === ONBOARDING ? rows.length === 0 : !rows.some((r) => patternType(r.type) === attempt.finding_type);
  const updated = await ctx.db.db.transaction().execute(async (tx) => {
    try {
      await insertGoldSubmission(tx, {
        id: randomUUID(), workItemId: null, taskId, projectId: attempt.project_id, userId, submissionId: randomUUID(), document, purpose: 'practice',
        durationMs: 0, sizeObjects: sizeBucket(reference.objects.length), objectsTotal: j.objectsTotal, objectsCorrect: j.objectsCorrect, now, courseAttemptId: attemptId,
      });
    } catch (e) {
      if ((e as { code?: string }).code === '23505') throw new Conflict('This practice item is answered already');
      throw e;
    }
    // Its answer is now known to this labeler: never serve it to them as stream gold.
    await recordPass(tx, { taskId, stage: 'label', userId, outcome: 'submitted', reason: 'practice', now });
    const a = await tx.updateTable('course_attempts')
      .set((eb) => ({ answered: eb('answered', '+', 1), correct: eb('correct', '+', right ? 1 : 0) }))
      .where('id', '=', attemptId).returning(['answered', 'correct', 'task_ids']).executeTakeFirstOrThrow();
    const done = a.answered >= a.task_ids.length;
    const score = done ? a.correct / a.answered : null;
    const passed = score !== null && score >= quality.coursePassScore;
    if (done) await tx.updateTable('course_attempts').set({ score, passed_at: passed ? now : null }).where('id', '=', attemptId).execute();
    return { answered: a.answered, correct: a.correct, done, score, passed };
  });
  return { feedback: { findings: rows.map(rowToRecord), reference, objectsTotal: j.objectsTotal, objectsCorrect: j.objectsCorrect }, ...updated };
}
