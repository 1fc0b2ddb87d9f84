import type { Selectable } from 'kysely';
import type { AnnotationDocument } from '../../shared/annotation.schema';
import type { Ontology } from '../../shared/project.schema';
import { labelName, type ObjectToAnnotate } from '../../shared/scale.schema';
import { TaskDataSchema } from '../../shared/task.schema';
import { timedSegments } from '../../core/audio/transcript';
import type { TasksTable } from '../db/schema';

/** A task as the customer API shows it, in Scale's shape. */
export type ScaleTask = {
  task_id: string;
  type: string;
  status: 'pending' | 'completed' | 'canceled' | 'error';
  created_at: string;
  updated_at: string;
  completed_at: string | null;
  callback_url: string | null;
  callback_succeeded?: boolean;
  instruction: string | null;
  metadata: unknown;
  params: unknown;
  unique_id?: string;
  project: string;
  batch?: string;
  response?: unknown;
  error?: string;
};

/** Our finer lifecycle mapped onto Scale's four statuses: everything not yet done is `pending`. */
export function scaleStatus(status: Selectable<TasksTable>['status']): ScaleTask['status'] {
  if (status === 'completed' || status === 'canceled' || status === 'error') return status;
  return 'pending';
}

export function toScaleTask(row: Omit<Selectable<TasksTable>, 'prefill'>, projectName: string): ScaleTask {
  const status = scaleStatus(row.status);
  return {
    task_id: row.id,
    type: row.type,
    status,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
    completed_at: row.completed_at?.toISOString() ?? null,
    callback_url: row.callback_url,
    ...(row.callback_succeeded !== null ? { callback_succeeded: row.callback_succeeded } : {}),
    instruction: row.instruction,
    metadata: row.metadata ?? {},
    params: row.params,
    ...(row.unique_id ? { unique_id: row.unique_id } : {}),
    project: projectName,
    ...(row.batch ? { batch: row.batch } : {}),
    ...(status === 'completed' && row.response ? { response: row.response } : {}),
    ...(status === 'error' && row.error_reason ? { error: row.error_reason } : {}),
  };
}

/**
 * Maps a customer's label (from objects_to_annotate) to a project class: by id, or by name ignoring case.
 * Returns null when the project has no such class.
 */
export function classForLabel(label: string, ontology: Ontology): string | null {
  const l = label.trim().toLowerCase();
  return ontology.classes.find((c) => c.id === l || c.name.toLowerCase() === l)?.id ?? null;
}

/**
 * The response of a completed task in Scale's format. Image tasks: `annotations` with `uuid`, `type`,
 * `label` (the customer's own label string), `attributes`, and `left/top/width/height` or `vertices`.
 * Audio tasks: `transcript` (every segment's text in time order, tags inline as `[tag]`), `duration` in
 * seconds, `segments` with `uuid`, `start`/`end` (seconds), `speaker`, `text` (tags inline), `raw_text` and `tags`
 * (`{ tag, offset }`, offsets into `raw_text`), and the `speakers` heard, in order of first appearance.
 */
export function toScaleResponse(row: Pick<Selectable<TasksTable>, 'id' | 'type' | 'data' | 'params'>, doc: AnnotationDocument, ontology: Ontology): unknown {
  const data = TaskDataSchema.parse(row.data);
  if (data.kind === 'audio') {
    const segments = timedSegments(doc);
    return {
      transcript: segments.map((x) => x.inlineText).filter((t) => t.length > 0).join(' '),
      duration: data.durationSec,
      segments: segments.map((x) => ({ uuid: x.id, start: x.startSec, end: x.endSec, speaker: x.speaker, text: x.inlineText, raw_text: x.text, tags: x.tags })),
      speakers: [...new Set(segments.flatMap((x) => (x.speaker ? [x.speaker] : [])))],
    };
  }
  if (data.categorize) {
    // Scale's categorization response: each taxonomy's choices; the older `categories` form also gets `category`.
    const taxonomies = Object.fromEntries(data.categorize.taxonomies.map((t) => [t.name, doc.categories?.[t.name] ?? []]));
    const legacy = !(row.params as { taxonomies?: unknown } | null)?.taxonomies;
    return { taxonomies, ...(legacy ? { category: taxonomies.category?.[0] ?? null, categories: taxonomies.category ?? [] } : {}) };
  }
  const labelOf = customerLabels(row.params, ontology);
  const masks = row.type === 'segmentannotation' || doc.objects.some((o) => o.geometry.kind === 'mask');
  return {
    annotations: doc.objects.map((o) => {
      const common = { uuid: o.id, type: o.geometry.kind, label: labelOf.get(o.classId) ?? o.classId, attributes: o.attributes };
      const g = o.geometry;
      if (g.kind === 'mask') return { ...common, rle: g.rle };
      if (g.kind === 'box') return { ...common, left: g.x, top: g.y, width: g.w, height: g.h };
      if (g.kind === 'polygon') return { ...common, vertices: g.points.map((p) => ({ x: p.x, y: p.y })) };
      return common; // segments are refused in image documents; never reached
    }),
    global_attributes: {},
    // Scale's segmentannotation shape: each label's index in the label-map PNG (0 is unlabeled) and colour,
    // and where the combined masks are (the label map with class indices, and the colour image).
    ...(masks
      ? {
          labelMapping: Object.fromEntries(ontology.classes.map((c, i) => [labelOf.get(c.id) ?? c.id, { index: i + 1, color: c.color }])),
          combined: { indexedImage: `/v1/task/${row.id}/mask/labels.png`, image: `/v1/task/${row.id}/mask/color.png` },
        }
      : {}),
  };
}

/** class id → the label string the customer used for it (their own spelling), from the task's params. */
function customerLabels(params: unknown, ontology: Ontology): Map<string, string> {
  const map = new Map(ontology.classes.map((c) => [c.id, c.name]));
  const p = params as { geometries?: Record<string, { objects_to_annotate?: ObjectToAnnotate[] }>; labels?: ObjectToAnnotate[] } | null;
  const lists = [...Object.values(p?.geometries ?? {}).map((g) => g?.objects_to_annotate ?? []), p?.labels ?? []];
  for (const o of lists.flat()) {
    const id = classForLabel(labelName(o), ontology);
    if (id) map.set(id, labelName(o));
  }
  return map;
}
