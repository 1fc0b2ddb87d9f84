import type { AnnotationDocument } from '../../shared/annotation.schema';
import { audioSettingsOf, type AudioSettings, type Ontology } from '../../shared/project.schema';
import type { TaskData } from '../../shared/task.schema';
import { BadRequest } from '../errors';
import { attributeProblems } from '../../core/document/attributes';
import { categoryProblems } from '../../core/document/categories';
import { shapeProblems } from '../../core/document/shapes';
import { segmentProblems } from '../../core/audio/segments';
import { countsFromString, rleProblem } from '../../core/masks/rle';
import type { MaskMode } from '../../shared/project.schema';

/** How far, in image pixels, geometry may stray past the image edge (float noise from screen transforms). */
const EDGE_TOLERANCE_PX = 0.5;

/**
 * Checks a document against its project and task: classes from the ontology, unique object ids,
 * geometry inside the image, attribute values (and, with `requireComplete`, required attributes and the
 * shapes a customer's task asks for: `data.shapes`). Throws a 400 naming each offending field (`objects.3.classId`).
 * Audio tasks: segments only, inside the clip, not overlapping unless `opts.audio.allowOverlap`, tags from the project's list.
 * Categorization tasks: categories from the task's taxonomies (`document.categories.<taxonomy>`), each answered at submit.
 * Masks: the RLE must decode to exactly the task's image (`…geometry.rle.size` for the wrong size,
 * `…geometry.rle.counts` for counts that do not sum to width × height); in `semantic` mask mode a class has at most one mask.
 */
export function validateDocument(
  doc: AnnotationDocument,
  ontology: Ontology,
  data: TaskData,
  opts: { requireComplete: boolean; audio?: AudioSettings; maskMode?: MaskMode } = { requireComplete: false },
): void {
  const fields: Record<string, string> = {};
  const classes = new Set(ontology.classes.map((c) => c.id));
  const seen = new Set<string>();
  const maskOfClass = new Map<string, number>();
  doc.objects.forEach((o, i) => {
    if (seen.has(o.id)) fields[`document.objects.${i}.id`] = `duplicate object id '${o.id}'`;
    seen.add(o.id);
    if (!classes.has(o.classId)) fields[`document.objects.${i}.classId`] = `unknown class '${o.classId}'`;
    if (o.geometry.kind === 'mask') {
      const at = `document.objects.${i}.geometry.rle`;
      if (data.kind !== 'image') fields[`document.objects.${i}.geometry`] = 'masks belong on image tasks';
      else {
        const problem = maskProblem(o.geometry.rle, data.width, data.height);
        if (problem) fields[`${at}.${problem.field}`] = problem.message;
      }
      if (opts.maskMode === 'semantic') {
        const first = maskOfClass.get(o.classId);
        if (first !== undefined) fields[`document.objects.${i}.classId`] = `semantic mode: class '${o.classId}' already has a mask (object ${first})`;
        else maskOfClass.set(o.classId, i);
      }
    } else if (data.kind === 'image') {
      const { width, height } = data;
      if (o.geometry.kind === 'segment' || o.transcript) {
        fields[`document.objects.${i}.geometry.kind`] = 'an image task takes boxes and polygons, not audio segments';
        return;
      }
      const pts = o.geometry.kind === 'box'
        ? [{ x: o.geometry.x, y: o.geometry.y }, { x: o.geometry.x + o.geometry.w, y: o.geometry.y + o.geometry.h }]
        : o.geometry.points;
      if (pts.some((p) => p.x < -EDGE_TOLERANCE_PX || p.y < -EDGE_TOLERANCE_PX || p.x > width + EDGE_TOLERANCE_PX || p.y > height + EDGE_TOLERANCE_PX)) {
        fields[`document.objects.${i}.geometry`] = `outside the ${width}×${height} image`;
      }
    }
  });
  if (data.kind === 'audio') {
    const audio = opts.audio ?? audioSettingsOf({});
    for (const p of segmentProblems(doc, { durationSec: data.durationSec, allowOverlap: audio.allowOverlap, tags: audio.tags })) {
      fields[`document.objects.${p.objectIndex}.${p.field}`] ??= p.message;
    }
  }
  // Attribute values are checked on every save; required ones only at submit (a draft may be unfinished).
  for (const p of attributeProblems(doc, ontology, opts.requireComplete)) {
    fields[`document.objects.${p.objectIndex}.attributes.${p.attributeId}`] = p.message;
  }
  // The shapes a customer's task asks for (geometry, classes, sizes, vertices): at submit only, so that a
  // draft may hold a box still being drawn.
  if (opts.requireComplete && data.kind === 'image' && data.shapes) {
    for (const p of shapeProblems(doc, data.shapes, ontology)) fields[`document.objects.${p.objectIndex}.${p.field}`] ??= p.message;
  }
  // Categories: only where the task asks for them, from its taxonomies; every taxonomy answered at submit.
  for (const p of categoryProblems(doc, data.kind === 'image' ? data.categorize?.taxonomies : undefined, opts.requireComplete)) {
    fields[`document.categories.${p.taxonomy}`] = p.message;
  }
  if (Object.keys(fields).length > 0) throw new BadRequest(`Invalid annotation: ${Object.keys(fields).join(', ')}`, fields);
}

/** What is wrong with a mask for a `width` × `height` image: the field (`size` or `counts`) and why; null when it fits. */
function maskProblem(rle: { size: [number, number]; counts: string }, width: number, height: number): { field: 'size' | 'counts'; message: string } | null {
  if (rle.size[0] !== height || rle.size[1] !== width) {
    return { field: 'size', message: `mask is ${rle.size[1]}×${rle.size[0]} (size [${rle.size[0]}, ${rle.size[1]}]) but the image is ${width}×${height}` };
  }
  let counts: number[];
  try {
    counts = countsFromString(rle.counts);
  } catch (e) {
    return { field: 'counts', message: (e as Error).message };
  }
  const problem = rleProblem({ size: rle.size, counts });
  return problem ? { field: 'counts', message: problem } : null;
}
