import type { AnnotationDocument } from '../../shared/annotation.schema';
import { audioSettingsOf, type AudioSettings, type Ontology } from '../../shared/project.schema';
import type { TaskData } from '../../shared/task.schema';
import { BadRequest } from '../errors';
import { attributeProblems } from '../../core/document/attributes';
import { segmentProblems } from '../../core/audio/segments';

/** How far, in image pixels, geometry may stray past the image edge (float noise from screen transforms). */
const EDGE_TOLERANCE_PX = 0.5;

/**
 * Checks a document against its project and task: classes from the ontology, unique object ids,
 * geometry inside the image, attribute values (and, with `requireComplete`, required attributes). Throws a 400 naming each offending field (`objects.3.classId`).
 * Audio tasks: segments only, inside the clip, not overlapping unless `opts.audio.allowOverlap`, tags from the project's list.
 */
export function validateDocument(doc: AnnotationDocument, ontology: Ontology, data: TaskData, opts: { requireComplete: boolean; audio?: AudioSettings } = { requireComplete: false }): void {
  const fields: Record<string, string> = {};
  const classes = new Set(ontology.classes.map((c) => c.id));
  const seen = new Set<string>();
  doc.objects.forEach((o, i) => {
    if (seen.has(o.id)) fields[`document.objects.${i}.id`] = `duplicate object id '${o.id}'`;
    seen.add(o.id);
    if (!classes.has(o.classId)) fields[`document.objects.${i}.classId`] = `unknown class '${o.classId}'`;
    if (data.kind === 'image') {
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
  if (Object.keys(fields).length > 0) throw new BadRequest(`Invalid annotation: ${Object.keys(fields).join(', ')}`, fields);
}
