import { randomUUID } from 'node:crypto';
import type { CalibrationReport, FlagDigest, InstructionFlag, InstructionFlagBody, InstructionVersion } from '../../shared/instructions.schema';
import { ProjectSettingsSchema } from '../../shared/project.schema';
import { instructionSections } from '../../core/text/sections';
import { BadRequest, NotFound } from '../errors';
import {
  answerFlag, calibrationCounts, flagsOfProject, insertFlag, publishInstructions as publishVersion, versionsOfProject,
} from '../repositories/instructions.repo';
import { findProject, rolesOf } from '../repositories/projects.repo';
import { findTask } from '../repositories/tasks.repo';
import { findLeaseOfTask } from '../repositories/work-items.repo';
import { requireRole } from './access';
import type { ServiceContext } from './context';

/**
 * Flags the instructions as unclear on a task, with a note, the section it concerns and an optional pin.
 * Labelers may flag the task they hold; reviewers and owners any task of their project. A section must be
 * one of the instructions' headings (or '' for general).
 */
export async function flagInstructions(ctx: ServiceContext, taskId: string, userId: string, body: InstructionFlagBody): Promise<{ id: string }> {
  const task = await findTask(ctx.db.db, taskId);
  if (!task) throw new NotFound('Task');
  const roles = await rolesOf(ctx.db.db, task.project_id, userId);
  const mayFlagAny = roles.includes('reviewer') || roles.includes('owner');
  if (!mayFlagAny && !(roles.includes('labeler') && (await findLeaseOfTask(ctx.db.db, taskId, userId, ctx.clock())))) throw new NotFound('Task');
  const project = await findProject(ctx.db.db, task.project_id);
  if (body.section && !instructionSections(project!.instructions).includes(body.section)) {
    throw new BadRequest('No such section in the instructions', { section: 'must be a heading of the instructions, or empty' });
  }
  const id = randomUUID();
  await insertFlag(ctx.db.db, {
    id, projectId: task.project_id, taskId, userId, section: body.section, note: body.note, objectId: body.objectId ?? null, point: body.point ?? null, now: ctx.clock(),
  });
  return { id };
}

/** The owner's digest: every flag of the project, grouped by section in the instructions' order (general first). */
export async function flagDigest(ctx: ServiceContext, projectId: string, userId: string): Promise<FlagDigest> {
  await requireRole(ctx, projectId, userId, ['owner']);
  const project = await findProject(ctx.db.db, projectId);
  const rows = await flagsOfProject(ctx.db.db, projectId);
  const order = ['', ...instructionSections(project!.instructions)];
  const bySection = new Map<string, InstructionFlag[]>();
  for (const r of rows) {
    const flag: InstructionFlag = {
      id: r.id, taskId: r.task_id, author: r.author, section: r.section, note: r.note, objectId: r.object_id,
      point: (r.point as { x: number; y: number } | null) ?? null, instructionsVersion: r.instructions_version,
      createdAt: new Date(r.created_at).toISOString(), answer: r.answer, answeredAt: r.answered_at ? new Date(r.answered_at).toISOString() : null,
    };
    bySection.set(r.section, [...(bySection.get(r.section) ?? []), flag]);
  }
  // Sections that were renamed since keep their flags, after the current ones.
  const sections = [...order.filter((s) => bySection.has(s)), ...[...bySection.keys()].filter((s) => !order.includes(s))];
  return {
    version: project!.instructions_version,
    sections: sections.map((section) => {
      const flags = bySection.get(section)!;
      return { section, open: flags.filter((f) => !f.answer).length, flags };
    }),
  };
}

export async function answerInstructionFlag(ctx: ServiceContext, projectId: string, flagId: string, userId: string, answer: string): Promise<void> {
  await requireRole(ctx, projectId, userId, ['owner']);
  if (!(await answerFlag(ctx.db.db, { projectId, flagId, userId, answer, now: ctx.clock() }))) throw new NotFound('Flag');
}

/** Publishes a new version of the instructions (unchanged text keeps the version). */
export async function publishInstructions(ctx: ServiceContext, projectId: string, userId: string, text: string, note: string): Promise<{ version: number }> {
  await requireRole(ctx, projectId, userId, ['owner']);
  const version = await ctx.db.db.transaction().execute((tx) => publishVersion(tx, { projectId, text, note, userId, now: ctx.clock() }));
  if (!version) throw new NotFound('Project');
  return { version };
}

export async function instructionVersions(ctx: ServiceContext, projectId: string, userId: string): Promise<InstructionVersion[]> {
  await requireRole(ctx, projectId, userId, ['owner', 'labeler', 'reviewer']);
  const rows = await versionsOfProject(ctx.db.db, projectId);
  return rows.map((r) => ({ version: r.version, text: r.text, note: r.note, publishedAt: new Date(r.published_at).toISOString(), publishedBy: r.published_by }));
}

/** How the calibration batch went: labeling done, review outcomes, findings by type and unclear flags. */
export async function calibrationReport(ctx: ServiceContext, projectId: string, userId: string): Promise<CalibrationReport> {
  await requireRole(ctx, projectId, userId, ['owner']);
  const project = await findProject(ctx.db.db, projectId);
  const settings = ProjectSettingsSchema.parse(project!.settings);
  const c = await calibrationCounts(ctx.db.db, projectId);
  return {
    tasks: settings.calibrationTasks, released: settings.calibrationReleased, labeled: c.labeled, reviewed: c.reviewed,
    accepted: c.accepted, fixed: c.fixed, rejected: c.rejected, findingsByType: c.findingsByType, unclearFlags: c.flags,
  };
}
