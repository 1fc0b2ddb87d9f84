import type { AnnotationDocument } from '../../shared/annotation.schema';
import { classNameOf, type Ontology } from '../../shared/project.schema';
import type { TaskShapes } from '../../shared/task.schema';

/** One object that breaks its task's shapes: the object's index, the field (`classId`, `geometry.w`, …) and why. */
export type ShapeProblem = { objectIndex: number; field: string; message: string };

const KIND_WORD = { box: 'boxes', polygon: 'polygons' } as const;

/** "boxes", "polygons" or "boxes and polygons": what a task's shapes ask for, in words. */
export function shapesAskedFor(shapes: TaskShapes): string {
  return (['box', 'polygon'] as const).filter((k) => shapes[k]).map((k) => KIND_WORD[k]).join(' and ');
}

/**
 * Checks a document's objects against the shapes its task asks for (at submit): each object's geometry is
 * one the task asks for, its class is one of that geometry's classes, a box is at least the task's minimum
 * width and height, and a polygon has between the task's minimum and maximum of vertices.
 */
export function shapeProblems(doc: AnnotationDocument, shapes: TaskShapes, ontology: Ontology): ShapeProblem[] {
  const nameOf = (id: string) => classNameOf(ontology, id);
  const problems: ShapeProblem[] = [];
  doc.objects.forEach((o, i) => {
    const g = o.geometry;
    const kind = g.kind === 'box' || g.kind === 'polygon' ? g.kind : null;
    const rule = kind ? shapes[kind] : undefined;
    if (!kind || !rule) {
      problems.push({ objectIndex: i, field: 'geometry.kind', message: `this task asks for ${shapesAskedFor(shapes)}, not ${g.kind === 'mask' ? 'masks' : g.kind === 'segment' ? 'audio segments' : KIND_WORD[g.kind]}` });
      return;
    }
    if (!rule.classIds.includes(o.classId)) {
      problems.push({ objectIndex: i, field: 'classId', message: `this task's ${KIND_WORD[kind]} are for ${rule.classIds.map(nameOf).join(', ')}, not ${nameOf(o.classId)}` });
    }
    if (g.kind === 'box' && shapes.box) {
      const { minWidth, minHeight } = shapes.box;
      if (minWidth !== undefined && g.w < minWidth) problems.push({ objectIndex: i, field: 'geometry.w', message: `${below(g.w)} px wide; this task's boxes are at least ${minWidth} px wide` });
      if (minHeight !== undefined && g.h < minHeight) problems.push({ objectIndex: i, field: 'geometry.h', message: `${below(g.h)} px high; this task's boxes are at least ${minHeight} px high` });
    }
    if (g.kind === 'polygon' && shapes.polygon) {
      const { minVertices, maxVertices } = shapes.polygon;
      const n = g.points.length;
      if (minVertices !== undefined && n < minVertices) problems.push({ objectIndex: i, field: 'geometry.points', message: `${n} vertices; this task's polygons have at least ${minVertices}` });
      if (maxVertices !== undefined && n > maxVertices) problems.push({ objectIndex: i, field: 'geometry.points', message: `${n} vertices; this task's polygons have at most ${maxVertices}` });
    }
  });
  return problems;
}

/** A size under a minimum, to a tenth of a pixel and never rounded up to the minimum itself. */
const below = (v: number) => Math.floor(v * 10) / 10;
