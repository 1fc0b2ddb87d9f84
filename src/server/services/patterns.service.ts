import { sql } from 'kysely';
import { ProjectSettingsSchema, qualitySettingsOf } from '../../shared/project.schema';
import type { LabelerQuality, Pattern } from '../../shared/quality.schema';
import { goldRate, wilsonInterval } from '../../core/quality/gold-rate';
import { DEFAULT_PATTERN_RULE, activePatterns, patternKey, patternType, type JudgedBatch } from '../../core/quality/patterns';
import { NotFound } from '../errors';
import { findProject } from '../repositories/projects.repo';
import { requireRole } from './access';
import type { ServiceContext } from './context';
import { COURSE_INFO, type CourseType } from './course-lessons';
import { TRANSCRIPT_FINDING_TYPES } from '../../core/quality/audio-findings';

const TRANSCRIPT_TYPES = new Set<string>(TRANSCRIPT_FINDING_TYPES);

/** How many recent gold answers are read to judge patterns (the rule's window is 30 objects). */
const RECENT_SUBMISSIONS = 200;

type Loaded = {
  batches: (JudgedBatch & { findings: { key: string; edges: string[]; segment: string | null }[] })[];
  passes: Map<string, { at: Date; score: number }>;
  postponed: Map<string, Date>;
  mandatory: Set<string>;
  correct: number;
  total: number;
  submissions: number;
  counts: Record<string, number>;
  weeks: Map<string, Record<string, number>>;
};

async function load(ctx: ServiceContext, projectId: string, userId: string): Promise<Loaded> {
  const db = ctx.db.db;
  const [subs, reviewed, finds, passes, postponed, courses, totals] = await Promise.all([
    // Observations per gold answer: its judged objects; on audio the reference's segments (the words
    // count for accuracy, but a habit is "segments with a glossary term wrong", as reviews count segments).
    db.selectFrom('gold_submissions as s').innerJoin('tasks as t', 't.id', 's.task_id').leftJoin('gold_answers as g', 'g.task_id', 's.task_id')
      .select(['s.id', 's.created_at'])
      .select(sql<number>`CASE WHEN t.data->>'kind' = 'audio' THEN coalesce(jsonb_array_length(g.document->'objects'), 0) ELSE s.objects_total END`.as('objects_total'))
      .where('s.project_id', '=', projectId).where('s.user_id', '=', userId).where('s.purpose', '=', 'stream')
      .orderBy('s.created_at', 'desc').orderBy('s.id', 'desc').limit(RECENT_SUBMISSIONS).execute(),
    // First-pass reviews of the labeler's own work count like gold checks: their objects are observations,
    // the fix's findings the hits (a rejection is not counted: nothing was measured).
    sql<{ id: string; objects_total: number; created_at: Date }>`
      SELECT r.id, jsonb_array_length(a.document->'objects') AS objects_total, r.created_at
      FROM reviews r JOIN annotations a ON a.id = r.base_annotation_id
      WHERE r.project_id = ${projectId} AND r.labeler_id = ${userId} AND r.pass = 1 AND r.outcome <> 'rejected'
      ORDER BY r.created_at DESC LIMIT ${RECENT_SUBMISSIONS}`.execute(db),
    db.selectFrom('findings').select(['gold_submission_id', 'review_id', 'type', 'detail', 'created_at', 'reference_id'])
      .where('project_id', '=', projectId).where('user_id', '=', userId).orderBy('created_at').execute(),
    db.selectFrom('course_attempts').select(['finding_type', 'passed_at', 'score'])
      .where('project_id', '=', projectId).where('user_id', '=', userId).where('passed_at', 'is not', null).orderBy('passed_at').execute(),
    db.selectFrom('course_postponements').select(['finding_type', 'at'])
      .where('project_id', '=', projectId).where('user_id', '=', userId).orderBy('at').execute(),
    db.selectFrom('courses').select(['finding_type', 'mandatory']).where('project_id', '=', projectId).execute(),
    sql<{ correct: string | null; total: string | null; n: string }>`
      SELECT sum(objects_correct) AS correct, sum(objects_total) AS total, count(*) AS n FROM gold_submissions
      WHERE project_id = ${projectId} AND user_id = ${userId} AND purpose = 'stream'`.execute(db),
  ]);
  const bySub = new Map<string, { key: string; edges: string[]; segment: string | null }[]>();
  const counts: Record<string, number> = {};
  const weeks = new Map<string, Record<string, number>>();
  for (const f of finds) {
    counts[f.type] = (counts[f.type] ?? 0) + 1;
    const wk = isoWeek(f.created_at);
    const row = weeks.get(wk) ?? {};
    row[f.type] = (row[f.type] ?? 0) + 1;
    weeks.set(wk, row);
    const batch = f.gold_submission_id ?? f.review_id;
    if (!batch) continue;
    const d = (f.detail ?? {}) as { referenceClassId?: string; answerClassId?: string; edges?: { edge: string }[] };
    const list = bySub.get(batch) ?? [];
    list.push({ key: patternKey({ type: f.type, ...d }), edges: (d.edges ?? []).map((e) => e.edge), segment: TRANSCRIPT_TYPES.has(f.type) ? f.reference_id : null });
    bySub.set(batch, list);
  }
  const checked = [...subs.map((r) => ({ id: r.id, objects_total: Number(r.objects_total), created_at: new Date(r.created_at) })), ...reviewed.rows.map((r) => ({ id: r.id, objects_total: Number(r.objects_total), created_at: new Date(r.created_at) }))]
    .sort((a, b) => b.created_at.getTime() - a.created_at.getTime())
    .slice(0, RECENT_SUBMISSIONS);
  const batches = checked.reverse().map((s) => {
    const findings = bySub.get(s.id) ?? [];
    const hits: Record<string, number> = {};
    // A transcript finding counts once per reference segment (three wrong words in one segment are one segment with substitutions).
    const seen = new Set<string>();
    for (const f of findings) {
      if (f.segment) {
        if (seen.has(`${f.key}|${f.segment}`)) continue;
        seen.add(`${f.key}|${f.segment}`);
      }
      hits[f.key] = (hits[f.key] ?? 0) + 1;
    }
    return { objects: s.objects_total, hits, atMs: s.created_at.getTime(), findings };
  });
  const t = totals.rows[0];
  return {
    batches,
    passes: new Map(passes.map((p) => [p.finding_type, { at: p.passed_at!, score: p.score ?? 0 }])),
    postponed: new Map(postponed.map((p) => [p.finding_type, p.at])),
    mandatory: new Set(courses.filter((c) => c.mandatory).map((c) => c.finding_type)),
    correct: Number(t?.correct ?? 0),
    total: Number(t?.total ?? 0),
    submissions: Number(t?.n ?? 0),
    counts,
    weeks,
  };
}

function patternsOf(l: Loaded, threshold: number): Pattern[] {
  const keys = new Set(l.batches.flatMap((b) => Object.keys(b.hits)));
  const cleared: Record<string, number> = {};
  for (const k of keys) {
    const pass = l.passes.get(patternType(k));
    if (pass) cleared[k] = pass.at.getTime();
  }
  return activePatterns(l.batches, { ...DEFAULT_PATTERN_RULE, rateThreshold: threshold }, cleared).map((p) => {
    const type = patternType(p.key);
    const since = cleared[p.key] ?? -Infinity;
    const postponedAt = l.postponed.get(type);
    return {
      key: p.key,
      findingType: type,
      observations: p.observations,
      hits: p.hits,
      probability: p.probability,
      summary: summarize(p.key, p.observations, p.hits, l.batches.filter((b) => b.atMs > since).slice(-p.observations)),
      mandatory: l.mandatory.has(type),
      postponed: postponedAt !== undefined && postponedAt.getTime() > since,
    };
  });
}

/** "Your last 6 boxes were loose on the bottom edge", "4 of your last 9 boxes were loose (mostly the left edge)". */
function summarize(key: string, n: number, hits: number, batches: Loaded['batches']): string {
  const type = patternType(key) as CourseType;
  const info = COURSE_INFO[type] ?? { plural: 'objects', phrase: `had ${type.replace(/_/g, ' ')}` };
  const edges = new Map<string, number>();
  let withKey = 0;
  for (const b of batches) for (const f of b.findings) if (f.key === key) {
    withKey++;
    for (const e of f.edges) edges.set(e, (edges.get(e) ?? 0) + 1);
  }
  const top = [...edges.entries()].sort((a, b) => b[1] - a[1])[0];
  const edgeNote = top && top[1] * 2 >= withKey ? ` on the ${top[0]} edge` : '';
  const pair = key.includes(':') ? ` (${key.split(':')[1]!.replace('->', ' labeled as ')})` : '';
  return hits >= n ? `Your last ${n} ${info.plural} ${info.phrase}${edgeNote}${pair}` : `${hits} of your last ${n} ${info.plural} ${info.phrase}${edgeNote}${pair}`;
}

function isoWeek(d: Date): string {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
  const day = t.getUTCDay() || 7;
  t.setUTCDate(t.getUTCDate() + 4 - day);
  const yearStart = new Date(Date.UTC(t.getUTCFullYear(), 0, 1));
  const week = Math.ceil(((t.getTime() - yearStart.getTime()) / 86_400_000 + 1) / 7);
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`;
}

async function settingsOf(ctx: ServiceContext, projectId: string) {
  const p = await findProject(ctx.db.db, projectId);
  if (!p) throw new NotFound('Project');
  const settings = ProjectSettingsSchema.parse(p.settings);
  return qualitySettingsOf(settings);
}

/** The labeler's active patterns in a project (computed from their findings on gold). */
export async function labelerPatterns(ctx: ServiceContext, projectId: string, userId: string): Promise<Pattern[]> {
  const qs = await settingsOf(ctx, projectId);
  return patternsOf(await load(ctx, projectId, userId), qs.patternRateThreshold);
}

/** The caller's own active patterns (any member). */
export async function myPatterns(ctx: ServiceContext, projectId: string, userId: string): Promise<Pattern[]> {
  await requireRole(ctx, projectId, userId, ['labeler', 'owner', 'reviewer']);
  return labelerPatterns(ctx, projectId, userId);
}

/** The finding type of a mandatory course the labeler must pass before more ordinary tasks, or null. */
export async function mandatoryCourseHold(ctx: ServiceContext, projectId: string, userId: string): Promise<string | null> {
  const hit = (await labelerPatterns(ctx, projectId, userId)).find((p) => p.mandatory);
  return hit ? hit.findingType : null;
}

async function qualityOf(ctx: ServiceContext, projectId: string, user: { id: string; name: string; email: string }, threshold: number, rates: { startRate: number; floorRate: number }): Promise<LabelerQuality> {
  const l = await load(ctx, projectId, user.id);
  return {
    userId: user.id,
    name: user.name,
    email: user.email,
    accuracy: wilsonInterval(l.correct, l.total),
    goldSubmissions: l.submissions,
    goldRate: goldRate(l.correct, l.total, rates),
    findingCounts: l.counts,
    overTime: [...l.weeks.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([week, counts]) => ({ week, counts })),
    patterns: patternsOf(l, threshold),
    coursesPassed: [...l.passes.entries()].map(([findingType, p]) => ({ findingType, passedAt: p.at.toISOString(), score: p.score })),
  };
}

/** The caller's own quality in a project (labelers). */
export async function myQuality(ctx: ServiceContext, projectId: string, userId: string): Promise<LabelerQuality> {
  await requireRole(ctx, projectId, userId, ['labeler', 'owner', 'reviewer']);
  const qs = await settingsOf(ctx, projectId);
  const user = await ctx.db.db.selectFrom('users').select(['id', 'name', 'email']).where('id', '=', userId).executeTakeFirstOrThrow();
  return qualityOf(ctx, projectId, user, qs.patternRateThreshold, { startRate: qs.goldRateStart, floorRate: qs.goldRateFloor });
}

/** Every labeler's quality in a project (owners). */
export async function projectQuality(ctx: ServiceContext, projectId: string, userId: string): Promise<LabelerQuality[]> {
  await requireRole(ctx, projectId, userId, ['owner']);
  const qs = await settingsOf(ctx, projectId);
  const labelers = await ctx.db.db
    .selectFrom('project_members as m').innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.email']).where('m.project_id', '=', projectId).where('m.role', '=', 'labeler').orderBy('u.name').execute();
  const out: LabelerQuality[] = [];
  for (const u of labelers) out.push(await qualityOf(ctx, projectId, u, qs.patternRateThreshold, { startRate: qs.goldRateStart, floorRate: qs.goldRateFloor }));
  return out;
}
