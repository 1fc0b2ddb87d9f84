import type { AnnotationObject } from '../../shared/annotation.schema';
import { polygonArea } from '../geometry/polygon';
import { maskRle } from '../masks/mask-geometry';
import { rleArea, rleBbox } from '../masks/rle-ops';
import { boundsOf, clampToImage, exportClasses, outlineOf, tidy, type ExportClass, type ExportImage } from './export-data';

/** What a COCO export says about itself. `exportedAt` is an ISO 8601 timestamp. */
export type CocoOptions = { projectName: string; exportedAt: string };

export type CocoImage = { id: number; file_name: string; width: number; height: number };
export type CocoCategory = { id: number; name: string; supercategory: string };

/**
 * One COCO object. `bbox` is `[x, y, width, height]` and `segmentation` one flat polygon
 * `[[x1, y1, x2, y2, …]]`, both in image pixels; `area` is the polygon's area in square pixels.
 * `attributes` is not part of COCO: it carries the object's attributes (tools that do not know it ignore it).
 */
export type CocoAnnotation = {
  id: number;
  image_id: number;
  category_id: number;
  bbox: [number, number, number, number];
  area: number;
  /** 1 for masks, which COCO stores as RLE (its convention: RLE segmentation goes with iscrowd 1). */
  iscrowd: 0 | 1;
  /** Polygons as flat vertex lists, or a mask as compressed COCO RLE (column-major counts, `size` [h, w]). */
  segmentation: number[][] | { size: [number, number]; counts: string };
  attributes: AnnotationObject['attributes'];
};

/** A COCO object-detection dataset (the `instances_*.json` layout). */
export type CocoDataset = {
  info: { description: string; version: string; year: number; contributor: string; url: string; date_created: string };
  licenses: never[];
  images: CocoImage[];
  categories: CocoCategory[];
  annotations: CocoAnnotation[];
};

/**
 * The annotations of `images` as a COCO detection dataset.
 * - Image ids are 1..n in the order given; annotation ids 1..m in image order, then drawing order.
 * - Category ids are 1..k in the order of `exportClasses` (the ontology's order, then classes no longer
 *   in the ontology); `supercategory` is empty (the ontology has none).
 * - Geometry is clamped to the image. A polygon's segmentation is its vertices and `area` its shoelace
 *   area; a box becomes the 4-point polygon top-left, top-right, bottom-right, bottom-left with area w × h.
 * - A mask is written as it is stored, compressed COCO RLE, with `iscrowd: 1`, its pixel count as `area` and
 *   the bounding box of its pixels as `bbox` (pycocotools' `area` and `toBbox`).
 *   Every number is rounded to 6 decimals.
 */
export function toCoco(classes: readonly ExportClass[], images: readonly ExportImage[], opts: CocoOptions): CocoDataset {
  const listed = exportClasses(classes, images);
  const categories = listed.map((c, i) => ({ id: i + 1, name: c.name, supercategory: '' }));
  const categoryOf = new Map(listed.map((c, i) => [c.id, i + 1]));
  const annotations: CocoAnnotation[] = [];
  images.forEach((image, i) => {
    for (const o of image.document.objects) {
      if (o.geometry.kind === 'mask') {
        const rle = maskRle(o.geometry);
        annotations.push({
          id: annotations.length + 1,
          image_id: i + 1,
          category_id: categoryOf.get(o.classId)!,
          bbox: rleBbox(rle),
          area: rleArea(rle),
          iscrowd: 1,
          segmentation: { size: [o.geometry.rle.size[0], o.geometry.rle.size[1]], counts: o.geometry.rle.counts },
          attributes: o.attributes,
        });
        continue;
      }
      const g = clampToImage(o.geometry, image);
      const b = boundsOf(g);
      const outline = outlineOf(g);
      annotations.push({
        id: annotations.length + 1,
        image_id: i + 1,
        category_id: categoryOf.get(o.classId)!,
        bbox: [tidy(b.x), tidy(b.y), tidy(b.w), tidy(b.h)],
        area: tidy(polygonArea(outline)),
        iscrowd: 0,
        segmentation: [outline.flatMap((p) => [tidy(p.x), tidy(p.y)])],
        attributes: o.attributes,
      });
    }
  });
  return {
    info: {
      description: `Labelbench export of ${opts.projectName}`,
      version: '1.0',
      year: Number(opts.exportedAt.slice(0, 4)),
      contributor: 'Labelbench',
      url: '',
      date_created: opts.exportedAt,
    },
    licenses: [],
    images: images.map((image, i) => ({ id: i + 1, file_name: image.fileName, width: image.width, height: image.height })),
    categories,
    annotations,
  };
}
