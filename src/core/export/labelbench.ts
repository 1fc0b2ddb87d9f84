import type { AnnotationObject } from '../../shared/annotation.schema';
import type { Geometry } from '../../shared/geometry.schema';
import type { ExportClass, ExportImage } from './export-data';

/**
 * An image with where its annotation came from: the task's status and image URL as stored, and the
 * submitted annotation's id, author and submission time (ISO 8601).
 */
export type ProvenancedImage = ExportImage & {
  status: string;
  imageUrl: string;
  annotation: { id: string; userId: string; submittedAt: string };
};

export type LabelbenchOptions = { projectId: string; projectName: string; exportedAt: string };

/** One object as our own format writes it; `className` is null when the class is no longer in the ontology. */
export type LabelbenchObject = {
  id: string;
  classId: string;
  className: string | null;
  geometry: Geometry;
  attributes: AnnotationObject['attributes'];
  source: AnnotationObject['source'];
  version: number;
};

/** Labelbench's own export: everything submitted, unconverted, with provenance. Version 1 of the format. */
export type LabelbenchExport = {
  format: 'labelbench';
  formatVersion: 1;
  project: { id: string; name: string };
  exportedAt: string;
  classes: ExportClass[];
  tasks: {
    taskId: string;
    status: string;
    image: { fileName: string; url: string; width: number; height: number };
    annotation: { id: string; userId: string; submittedAt: string };
    objects: LabelbenchObject[];
    /** A categorization task's answer: taxonomy name → chosen choices (absent on other tasks). */
    categories?: Record<string, string[]>;
  }[];
};

/**
 * The annotations of `images` in Labelbench's own JSON: the ontology's classes, then per task the image,
 * the submitted annotation's id, author and time, and every object as drawn — id, class (id and name),
 * geometry exactly as stored (image pixels, not clamped or rounded), attributes, source (`human` or
 * `hypothesis`) and version — in drawing order; a categorization's `categories`. Tasks keep the order given.
 */
export function toLabelbench(classes: readonly ExportClass[], images: readonly ProvenancedImage[], opts: LabelbenchOptions): LabelbenchExport {
  const nameOf = new Map(classes.map((c) => [c.id, c.name]));
  return {
    format: 'labelbench',
    formatVersion: 1,
    project: { id: opts.projectId, name: opts.projectName },
    exportedAt: opts.exportedAt,
    classes: classes.map((c) => ({ id: c.id, name: c.name })),
    tasks: images.map((image) => ({
      taskId: image.taskId,
      status: image.status,
      image: { fileName: image.fileName, url: image.imageUrl, width: image.width, height: image.height },
      annotation: { id: image.annotation.id, userId: image.annotation.userId, submittedAt: image.annotation.submittedAt },
      objects: image.document.objects.map((o) => ({
        id: o.id,
        classId: o.classId,
        className: nameOf.get(o.classId) ?? null,
        geometry: o.geometry,
        attributes: o.attributes,
        source: o.source,
        version: o.version,
      })),
      ...(image.document.categories ? { categories: image.document.categories } : {}),
    })),
  };
}
