import type { AnnotationDocument } from '../../shared/annotation.schema';
import type { Geometry } from '../../shared/geometry.schema';
import type { OntologyClass } from '../../shared/project.schema';
import { clampBox } from '../geometry/box';
import { imagePoint, type ImagePoint, type Size } from '../geometry/point';
import { polygonBounds } from '../geometry/polygon';
import { maskBounds } from '../masks/mask-geometry';

/** A class as the exports name it: its stable `id` and its display `name`. */
export type ExportClass = Pick<OntologyClass, 'id' | 'name'>;

/**
 * One image of an export with its annotation. `fileName` is the image's name in the export (no folders;
 * unique by stem within one export, see `uniqueFileNames`); `width`/`height` are the image size in pixels;
 * the document's geometry is in image pixels.
 */
export type ExportImage = {
  taskId: string;
  fileName: string;
  width: number;
  height: number;
  document: AnnotationDocument;
};

/** A file of an archive export: a relative path with forward slashes, and its text. */
export type ExportFile = { path: string; content: string | Uint8Array };

/**
 * The classes an export lists, in order: the ontology's classes as given, then every class id that some
 * object uses but the ontology no longer has (a class removed after the work was submitted), in order
 * of first use, named by its id. Why keep those: dropping their objects would lose submitted work silently.
 */
export function exportClasses(classes: readonly ExportClass[], images: readonly ExportImage[]): ExportClass[] {
  const out = classes.map((c) => ({ id: c.id, name: c.name }));
  const known = new Set(out.map((c) => c.id));
  for (const image of images) {
    for (const o of image.document.objects) {
      if (!known.has(o.classId)) {
        known.add(o.classId);
        out.push({ id: o.classId, name: o.classId });
      }
    }
  }
  return out;
}

/**
 * Geometry cut to the image rectangle [0, width] × [0, height]: a box is clamped as a box, a polygon
 * vertex by vertex. Why: submitted geometry may stray up to half a pixel past the edge (see the server's
 * document rules), and the interchange formats expect coordinates inside the image.
 */
export function clampToImage(g: Geometry, size: Size): Geometry {
  switch (g.kind) {
    case 'box':
      return clampBox(g, size);
    case 'polygon':
      return { kind: 'polygon', points: g.points.map((p) => imagePoint(clamp(p.x, 0, size.width), clamp(p.y, 0, size.height))) };
    case 'segment':
      return audioGeometry();
    case 'mask':
      return g; // a mask is validated against the image size: nothing lies outside
    default:
      return unknownGeometry(g);
  }
}

/** The outline of a geometry as a closed ring of vertices (closing edge implied); a box goes top-left, top-right, bottom-right, bottom-left. */
export function outlineOf(g: Geometry): ImagePoint[] {
  switch (g.kind) {
    case 'box':
      return [imagePoint(g.x, g.y), imagePoint(g.x + g.w, g.y), imagePoint(g.x + g.w, g.y + g.h), imagePoint(g.x, g.y + g.h)];
    case 'polygon':
      return g.points.map((p) => imagePoint(p.x, p.y));
    case 'segment':
      return audioGeometry();
    case 'mask': {
      // Formats without masks get the mask's bounding box as the outline (COCO writes the RLE itself).
      const b = maskBounds(g);
      return [imagePoint(b.x, b.y), imagePoint(b.x + b.w, b.y), imagePoint(b.x + b.w, b.y + b.h), imagePoint(b.x, b.y + b.h)];
    }
    default:
      return unknownGeometry(g);
  }
}

/** The axis-aligned bounding box of a geometry: top-left corner and size, in image pixels. */
export function boundsOf(g: Geometry): { x: number; y: number; w: number; h: number } {
  switch (g.kind) {
    case 'box':
      return { x: g.x, y: g.y, w: g.w, h: g.h };
    case 'polygon':
      return polygonBounds(g.points);
    case 'segment':
      return audioGeometry();
    case 'mask':
      return maskBounds(g);
    default:
      return unknownGeometry(g);
  }
}

/**
 * Rounds to `digits` decimals and turns -0 into 0. Why: sums such as `x + w` pick up float noise
 * (0.30000000000000004) that would otherwise be written into the files.
 */
export function tidy(v: number, digits = 6): number {
  const f = 10 ** digits;
  return Math.round(v * f) / f + 0;
}

/** The file name without its last extension (`a.b.jpg` → `a.b`). */
export function stemOf(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  return dot > 0 ? fileName.slice(0, dot) : fileName;
}

/**
 * Throws when two images would write the same per-image file (same stem, ignoring case, as on
 * case-insensitive file systems). The service makes names unique first; this guards the archive.
 */
export function assertUniqueStems(images: readonly ExportImage[]): void {
  const seen = new Set<string>();
  for (const image of images) {
    const key = stemOf(image.fileName).toLowerCase();
    if (seen.has(key)) throw new Error(`two images share the file stem '${stemOf(image.fileName)}'`);
    seen.add(key);
  }
}

/** Image exports never meet audio segments: the server refuses them in image documents. */
function audioGeometry(): never {
  throw new Error('an audio segment has no place in an image export');
}

/** Reached only when a geometry kind is added and an exporter was not taught it (the compiler flags it first). */
function unknownGeometry(g: never): never {
  throw new Error(`unsupported geometry kind '${(g as { kind?: unknown }).kind}'`);
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
