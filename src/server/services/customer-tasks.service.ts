import { randomUUID } from 'node:crypto';
import { sql, type Selectable } from 'kysely';
import { OntologySchema, ProjectSettingsSchema } from '../../shared/project.schema';
import {
  AudioTranscriptionParamsSchema,
  CategorizationParamsSchema,
  choiceValue,
  ImageAnnotationParamsSchema,
  labelName,
  SegmentAnnotationParamsSchema,
  ScaleTaskTypeSchema,
  type CategorizationParams,
  type ImageAnnotationParams,
  type ObjectToAnnotate,
  type ScaleListQuery,
  type ScaleTaskType,
} from '../../shared/scale.schema';
import type { Ontology, ProjectSettings } from '../../shared/project.schema';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import type { TaskData, TaskShapes, Taxonomy } from '../../shared/task.schema';
import type { ProjectsTable, TasksTable } from '../db/schema';
import { BadRequest, Conflict, NotFound, parseInput } from '../errors';
import { discardIngested, ingestUrl, MediaError } from '../media/ingest';
import { findTask, lockTask, transitionTask } from '../repositories/tasks.repo';
import { cancelWorkItemsOfTask, insertWorkItem, lockWorkItemsOfTask } from '../repositories/work-items.repo';
import type { Customer } from './api-keys.service';
import { enqueueCallback } from './completion.service';
import { attachedFile, FILE_URL_PREFIX } from './customer-files.service';
import type { ServiceContext } from './context';
import { classForLabel, toScaleTask, type ScaleTask } from './scale-format';
import { audioHypothesisToDocument, categoryHypothesisToDocument, checkAudioHypothesis, hypothesisToDocument } from './hypothesis';
import { validateDocument } from './document-rules';

const KIND_OF_TYPE: Record<ScaleTaskType, 'image' | 'audio'> = { imageannotation: 'image', segmentannotation: 'image', categorization: 'image', audiotranscription: 'audio' };

/** The task's inputs, checked against its type's schema. */
function parseParams(type: ScaleTaskType, body: unknown) {
  switch (type) {
    case 'imageannotation': return parseInput(ImageAnnotationParamsSchema, body, 'body');
    case 'segmentannotation': return parseInput(SegmentAnnotationParamsSchema, body, 'body');
    case 'categorization': return parseInput(CategorizationParamsSchema, body, 'body');
    case 'audiotranscription': return parseInput(AudioTranscriptionParamsSchema, body, 'body');
  }
}

/** Every label a task names (`geometries.*.objects_to_annotate`, or a segmentation's `labels` and `instance_labels`) that is no class of the project, by field. */
function unknownLabels(params: Record<string, unknown>, ontology: Ontology, projectName: string): Record<string, string> {
  const fields: Record<string, string> = {};
  const check = (at: string, label: string) => {
    if (!classForLabel(label, ontology)) fields[at] = `no class '${label}' in project '${projectName}' (classes: ${ontology.classes.map((c) => c.name).join(', ')})`;
  };
  for (const [g, spec] of Object.entries((params.geometries as Record<string, unknown> | undefined) ?? {})) {
    const list = (spec as { objects_to_annotate?: Parameters<typeof labelName>[0][] } | undefined)?.objects_to_annotate ?? [];
    list.forEach((o, i) => check(`geometries.${g}.objects_to_annotate.${i}`, labelName(o)));
  }
  const labels = (params.labels as Parameters<typeof labelName>[0][] | undefined) ?? [];
  labels.forEach((o, i) => check(`labels.${i}`, labelName(o)));
  const named = new Set(labels.map((o) => labelName(o).toLowerCase()));
  ((params.instance_labels as string[] | undefined) ?? []).forEach((l, i) => {
    if (!named.has(l.toLowerCase())) fields[`instance_labels.${i}`] = `'${l}' is not among the task's labels`;
  });
  return fields;
}

/**
 * The shapes an `imageannotation` asks for (TaskShapes), from its `geometries`: each geometry's classes (its
 * labels, and those of their subchoices that are classes of the project) and limits. Refuses limits that no
 * shape can meet (a minimum of vertices above the maximum).
 */
function shapesOf(params: ImageAnnotationParams, ontology: Ontology): TaskShapes {
  const classIds = (list: readonly ObjectToAnnotate[]) => [...new Set(list.flatMap((o) => [labelName(o), ...subchoiceNames(o)]).map((l) => classForLabel(l, ontology)).filter((id): id is string => id !== null))];
  const { box, polygon } = params.geometries;
  if (polygon?.min_vertices !== undefined && polygon.max_vertices !== undefined && polygon.min_vertices > polygon.max_vertices) {
    const why = `must be at least min_vertices (${polygon.min_vertices})`;
    throw new BadRequest(`geometries.polygon.max_vertices ${why}`, { 'geometries.polygon.max_vertices': why });
  }
  return {
    ...(box ? { box: { classIds: classIds(box.objects_to_annotate), ...(box.min_width !== undefined ? { minWidth: box.min_width } : {}), ...(box.min_height !== undefined ? { minHeight: box.min_height } : {}) } } : {}),
    ...(polygon ? { polygon: { classIds: classIds(polygon.objects_to_annotate), ...(polygon.min_vertices !== undefined ? { minVertices: polygon.min_vertices } : {}), ...(polygon.max_vertices !== undefined ? { maxVertices: polygon.max_vertices } : {}) } } : {}),
  };
}

function subchoiceNames(o: ObjectToAnnotate): string[] {
  return typeof o === 'string' ? [] : (o.subchoices ?? []).map((c) => (typeof c === 'string' ? c : c.choice));
}

/** A categorization's questions: its `taxonomies`, or the older `categories` list as one taxonomy named `category`. */
export function taxonomiesOf(params: CategorizationParams): Taxonomy[] {
  if (params.taxonomies && Object.keys(params.taxonomies).length > 0) {
    return Object.entries(params.taxonomies).map(([name, t]) => ({ name, choices: t.choices.map(choiceValue), allowMultiple: t.allow_multiple ?? false, ...(t.description ? { description: t.description } : {}) }));
  }
  return [{ name: 'category', choices: params.categories ?? [], allowMultiple: params.allow_multiple ?? false }];
}

/** Projects the customer owns, by id. */
async function ownedProject(ctx: ServiceContext, customer: Customer, nameOrId: string | undefined): Promise<Selectable<ProjectsTable>> {
  const owned = ctx.db.db
    .selectFrom('projects')
    .innerJoin('project_members as m', 'm.project_id', 'projects.id')
    .selectAll('projects')
    .where('m.user_id', '=', customer.userId)
    .where('m.role', '=', 'owner');
  if (nameOrId) {
    const isUuid = /^[0-9a-f-]{36}$/i.test(nameOrId);
    const row = await owned.where((eb) => (isUuid ? eb.or([eb('projects.id', '=', nameOrId), eb('projects.name', '=', nameOrId)]) : eb('projects.name', '=', nameOrId))).executeTakeFirst();
    if (!row) throw new BadRequest(`No project named '${nameOrId}' in your account`, { project: 'unknown project' });
    return row;
  }
  if (customer.defaultProjectId) {
    const row = await owned.where('projects.id', '=', customer.defaultProjectId).executeTakeFirst();
    if (row) return row;
  }
  throw new BadRequest('Name the project the task belongs to (or give the API key a default project)', { project: 'is required' });
}

/**
 * Creates a task from a Scale-shaped request: validates the inputs, maps labels to the project's classes,
 * fetches and stores the attachment, and queues the task. Media that cannot be fetched or read puts the
 * task in `error` with the reason (and its callback, if any, is sent). A repeated `unique_id` is a 409.
 */
export async function createCustomerTask(ctx: ServiceContext, customer: Customer, type: string, body: unknown): Promise<ScaleTask> {
  const known = ScaleTaskTypeSchema.safeParse(type);
  if (!known.success) throw new BadRequest(`Task type '${type}' is not available; use ${ScaleTaskTypeSchema.options.join(', ')}`, { type: 'unsupported task type' });
  const params = parseParams(known.data, body);
  if (type === 'categorization' && params.attachment_type && params.attachment_type !== 'image') {
    throw new BadRequest(`Categorization of '${params.attachment_type}' attachments is not available; send an image`, { attachment_type: "must be 'image'" });
  }
  const project = await ownedProject(ctx, customer, params.project);
  const kind = KIND_OF_TYPE[known.data];
  if (project.kind !== kind) throw new BadRequest(`Project '${project.name}' is an ${project.kind} project; ${type} needs an ${kind} project`, { project: `must be an ${kind} project` });
  const ontology = OntologySchema.parse(project.ontology);
  const settings = ProjectSettingsSchema.parse(project.settings);
  const unknown = unknownLabels(params, ontology, project.name);
  if (Object.keys(unknown).length) throw new BadRequest(`Unknown labels: ${Object.keys(unknown).join(', ')}`, unknown);
  const categorize = type === 'categorization' ? { taxonomies: taxonomiesOf(params as CategorizationParams) } : undefined;
  const shapes = type === 'imageannotation' ? shapesOf(params as ImageAnnotationParams, ontology) : undefined;
  // Pre-annotations: image objects, or an audio pre-transcript (checked against the clip once it is read).
  const prefill = params.hypothesis === undefined
    ? null
    : type === 'categorization'
      ? categoryHypothesisToDocument(params.hypothesis)
      : kind === 'image' ? hypothesisToDocument(params.hypothesis, ontology) : audioHypothesisToDocument(params.hypothesis, ontology);
  if (params.unique_id) await refuseDuplicate(ctx, customer, params.unique_id);

  const now = ctx.clock();
  let media: { blobId: string; data: TaskData } | null = null;
  let errorReason: string | null = null;
  // A file the customer uploaded first (POST /v1/files/upload) is theirs already; anything else is fetched.
  const uploaded = params.attachment.startsWith(FILE_URL_PREFIX) ? await attachedFile(ctx, customer, params.attachment, kind) : null;
  if (uploaded) media = uploaded;
  else try {
    media = await ingestUrl(ctx.db.db, ctx.blobs, params.attachment, kind, {
      maxBytes: ctx.config.mediaMaxBytes,
      timeoutMs: ctx.config.mediaFetchTimeoutMs,
      allowPrivate: settings.allowPrivateUrls,
      ffmpegPath: ctx.config.ffmpegPath,
    }, now);
  } catch (e) {
    if (!(e instanceof MediaError)) throw e;
    errorReason = `attachment: ${e.message}`;
  }
  const id = randomUUID();
  try {
    // Why after storing the media: only reading the file tells the duration (the stored copy is then removed, as after any refused create).
    if (prefill && media?.data.kind === 'audio') checkAudioHypothesis(prefill, media.data.durationSec, settings);
    const priority = params.priority ?? 0;
    const stored: TaskData = media?.data ?? (kind === 'image' ? { kind: 'image', imageUrl: params.attachment, width: 1, height: 1 } : { kind: 'audio', audioUrl: params.attachment, durationSec: 1 });
    const instruction = params.instruction ? { instruction: params.instruction } : {};
    const data: TaskData = stored.kind === 'image' ? { ...stored, ...(categorize ? { categorize } : {}), ...(shapes ? { shapes } : {}), ...instruction } : { ...stored, ...instruction };
    // Image pre-annotations against the image as read (masks' size, geometry inside it, categories from the taxonomies).
    if (prefill && media && data.kind === 'image') checkImageHypothesis(prefill, ontology, data, settings);
    try {
      await ctx.db.db.transaction().execute(async (tx) => {
        await tx
          .insertInto('tasks')
          .values({
            id,
            project_id: project.id,
            status: errorReason ? 'error' : 'pending',
            priority,
            data: JSON.stringify(data),
            created_at: now,
            updated_at: now,
            customer_id: customer.userId,
            type,
            params: JSON.stringify(params),
            callback_url: params.callback_url ?? null,
            instruction: params.instruction ?? null,
            metadata: JSON.stringify(params.metadata ?? {}),
            unique_id: params.unique_id ?? null,
            batch: params.batch ?? null,
            error_reason: errorReason,
            blob_id: media?.blobId ?? null,
            prefill: prefill ? JSON.stringify(prefill) : null,
          })
          .execute();
        await tx
          .insertInto('task_events')
          .values({ task_id: id, actor_id: customer.userId, from_status: null, to_status: errorReason ? 'error' : 'pending', reason: errorReason ?? 'created through the API', at: now })
          .execute();
        if (errorReason) await enqueueCallback(tx, id, project.name, 'task.error', now);
        else await insertWorkItem(tx, { id: randomUUID(), taskId: id, projectId: project.id, stage: 'label', priority, now });
      });
    } catch (e) {
      // Two creates with one unique_id at once: the unique index decides, the loser gets the same 409.
      if ((e as { code?: string }).code === '23505' && params.unique_id) await refuseDuplicate(ctx, customer, params.unique_id);
      throw e;
    }
  } catch (e) {
    // Nothing of a refused create is kept: media fetched for it goes too (a file uploaded first stays the customer's).
    if (media && !uploaded) await discardIngested(ctx.db.db, ctx.blobs, media.blobId);
    throw e;
  }
  return toScaleTask((await findTask(ctx.db.db, id))!, project.name);
}

function checkImageHypothesis(prefill: AnnotationDocument, ontology: Ontology, data: TaskData, settings: ProjectSettings): void {
  try {
    validateDocument(prefill, ontology, data, { requireComplete: false, maskMode: settings.maskMode });
  } catch (e) {
    if (!(e instanceof BadRequest)) throw e;
    const fields = Object.fromEntries(Object.entries(e.fields ?? {}).map(([k, v]) => [k.replace(/^document\.(objects\.)?/, (_m, objects) => (objects ? 'hypothesis.annotations.' : 'hypothesis.')), v]));
    throw new BadRequest(`Invalid hypothesis: ${Object.keys(fields).join(', ')}`, fields);
  }
}

async function refuseDuplicate(ctx: ServiceContext, customer: Customer, uniqueId: string): Promise<void> {
  const existing = await ctx.db.db.selectFrom('tasks').select('id').where('customer_id', '=', customer.userId).where('unique_id', '=', uniqueId).executeTakeFirst();
  if (existing) throw new Conflict(`A task with unique_id '${uniqueId}' exists already: ${existing.id}`);
}

/** A task of a project the customer owns; anyone else's is 404. */
export async function ownedTask(ctx: ServiceContext, customer: Customer, taskId: string): Promise<{ task: Selectable<TasksTable>; projectName: string }> {
  const row = await ctx.db.db
    .selectFrom('tasks')
    .innerJoin('projects as p', 'p.id', 'tasks.project_id')
    .innerJoin('project_members as m', (j) => j.onRef('m.project_id', '=', 'p.id').on('m.role', '=', 'owner'))
    .selectAll('tasks')
    .select('p.name as project_name')
    .where('tasks.id', '=', taskId)
    .where('m.user_id', '=', customer.userId)
    .executeTakeFirst();
  if (!row) throw new NotFound('Task');
  const { project_name, ...task } = row;
  return { task, projectName: project_name };
}

export async function getCustomerTask(ctx: ServiceContext, customer: Customer, taskId: string): Promise<ScaleTask> {
  const { task, projectName } = await ownedTask(ctx, customer, taskId);
  return toScaleTask(task, projectName);
}

/** Cancels a task that is not done yet; a lease holder's later submit then gets 409. Canceling twice is harmless. */
export async function cancelCustomerTask(ctx: ServiceContext, customer: Customer, taskId: string): Promise<ScaleTask> {
  const { task, projectName } = await ownedTask(ctx, customer, taskId);
  if (task.status === 'completed') throw new Conflict('The task is completed already and cannot be canceled');
  if (task.status !== 'canceled') {
    const now = ctx.clock();
    // Locked, work items first (see lockWorkItemsOfTask), so that no submit, claim or sweep changes the task
    // between reading its status and canceling it: a cancel that lost such a race used to leave the task in
    // its new state with its work canceled, where no one could ever take it.
    const completedMeanwhile = await ctx.db.db.transaction().execute(async (tx) => {
      await lockWorkItemsOfTask(tx, taskId);
      const fresh = await lockTask(tx, taskId);
      if (!fresh || fresh.status === 'canceled') return false;
      if (fresh.status === 'completed') return true;
      if (!(await transitionTask(tx, { id: taskId, from: fresh.status, to: 'canceled', actorId: customer.userId, reason: 'canceled through the API', now }))) {
        throw new Error(`task ${taskId} changed while locked`);
      }
      await cancelWorkItemsOfTask(tx, taskId);
      return false;
    });
    if (completedMeanwhile) throw new Conflict('The task is completed already and cannot be canceled');
  }
  return toScaleTask((await findTask(ctx.db.db, taskId))!, projectName);
}

const STATUS_FILTER: Record<NonNullable<ScaleListQuery['status']>, Selectable<TasksTable>['status'][]> = {
  pending: ['pending', 'leased', 'submitted'],
  completed: ['completed'],
  canceled: ['canceled'],
  error: ['error'],
};

/**
 * Lists the customer's tasks, newest first, with offset or `next_token` (keyset) pagination:
 * `{ docs, total, limit, offset, has_more, next_token }`.
 */
export async function listCustomerTasks(ctx: ServiceContext, customer: Customer, q: ScaleListQuery) {
  let base = ctx.db.db
    .selectFrom('tasks')
    .innerJoin('projects as p', 'p.id', 'tasks.project_id')
    .innerJoin('project_members as m', (j) => j.onRef('m.project_id', '=', 'p.id').on('m.role', '=', 'owner'))
    .where('m.user_id', '=', customer.userId);
  if (q.status) base = base.where('tasks.status', 'in', STATUS_FILTER[q.status]);
  if (q.type) base = base.where('tasks.type', '=', q.type);
  if (q.project) base = base.where((eb) => eb.or([eb('p.name', '=', q.project!), eb(sql<string>`p.id::text`, '=', q.project!)]));
  if (q.batch) base = base.where('tasks.batch', '=', q.batch);
  if (q.start_time) base = base.where('tasks.created_at', '>=', new Date(q.start_time));
  if (q.end_time) base = base.where('tasks.created_at', '<', new Date(q.end_time));
  const total = Number((await base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
  let page = base.selectAll('tasks').select('p.name as project_name').orderBy('tasks.created_at', 'desc').orderBy('tasks.id', 'desc').limit(q.limit + 1);
  if (q.next_token) {
    const cursor = decodeToken(q.next_token);
    page = page.where((eb) => eb.or([eb('tasks.created_at', '<', cursor.createdAt), eb.and([eb('tasks.created_at', '=', cursor.createdAt), eb('tasks.id', '<', cursor.id)])]));
  } else {
    page = page.offset(q.offset);
  }
  const rows = await page.execute();
  const hasMore = rows.length > q.limit;
  const docs = rows.slice(0, q.limit).map(({ project_name, ...t }) => toScaleTask(t, project_name));
  const last = rows[q.limit - 1];
  return {
    docs,
    total,
    limit: q.limit,
    offset: q.next_token ? null : q.offset,
    has_more: hasMore,
    next_token: hasMore && last ? encodeToken(last.created_at, last.id) : null,
  };
}

function encodeToken(createdAt: Date, id: string): string {
  return Buffer.from(`${createdAt.toISOString()}|${id}`).toString('base64url');
}

function decodeToken(token: string): { createdAt: Date; id: string } {
  const [iso, id] = Buffer.from(token, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (!id || !/^[0-9a-f-]{36}$/i.test(id) || Number.isNaN(createdAt.getTime())) throw new BadRequest('Invalid next_token', { next_token: 'not a token this API gave' });
  return { createdAt, id };
}
