import type { Geometry } from '../../shared/geometry.schema';
import type { Size } from '../geometry/point';
import { assertUniqueStems, boundsOf, clampToImage, exportClasses, outlineOf, stemOf, type ExportClass, type ExportFile, type ExportImage } from './export-data';

/**
 * `detect`: one `class cx cy w h` line per object (a polygon as its bounding box).
 * `segment`: one `class x1 y1 x2 y2 …` line per object (a box as its 4 corners), as Ultralytics' segmentation datasets.
 */
export type YoloVariant = 'detect' | 'segment';

export type YoloOptions = { variant: YoloVariant; projectName: string };

/**
 * The annotations of `images` as a YOLO (Ultralytics / Darknet) label set, as files:
 * - `labels/<image stem>.txt` for every image, empty when it has no objects (a background image);
 *   one line per object in drawing order, the class index first (0-based, in `exportClasses` order),
 *   then coordinates normalised by the image width (x) and height (y) to 0–1, with 6 decimals,
 *   after clamping the geometry to the image;
 * - `classes.txt`: the class names, one a line, line i naming class index i (Darknet);
 * - `data.yaml`: `train`/`val` pointing at `images/`, `nc` and `names` (Ultralytics). The images
 *   themselves are not included: they go in `images/` beside `labels/` under the same stems.
 * Needs image file names unique by stem (see `uniqueFileNames`); throws otherwise.
 */
export function toYolo(classes: readonly ExportClass[], images: readonly ExportImage[], opts: YoloOptions): ExportFile[] {
  assertUniqueStems(images);
  const listed = exportClasses(classes, images);
  const indexOf = new Map(listed.map((c, i) => [c.id, i]));
  const labels = images.map((image) => ({
    path: `labels/${stemOf(image.fileName)}.txt`,
    content: image.document.objects
      .map((o) => `${indexOf.get(o.classId)!} ${yoloCoordinates(o.geometry, image, opts.variant).join(' ')}\n`)
      .join(''),
  }));
  const names = listed.map((c) => oneLine(c.name));
  return [
    { path: 'data.yaml', content: dataYaml(names, opts.projectName) },
    { path: 'classes.txt', content: names.map((n) => `${n}\n`).join('') },
    ...labels,
  ];
}

/** The normalised numbers of one label line (without the class index), as 6-decimal strings. */
export function yoloCoordinates(geometry: Geometry, image: Size, variant: YoloVariant): string[] {
  const g = clampToImage(geometry, image);
  const nx = (v: number) => fixed6(v / image.width);
  const ny = (v: number) => fixed6(v / image.height);
  if (variant === 'segment') return outlineOf(g).flatMap((p) => [nx(p.x), ny(p.y)]);
  const b = boundsOf(g);
  return [nx(b.x + b.w / 2), ny(b.y + b.h / 2), nx(b.w), ny(b.h)];
}

function dataYaml(names: string[], projectName: string): string {
  return [
    `# Labelbench export of ${oneLine(projectName)}: labels only. Put each image in images/ beside labels/, under the same stem.`,
    'train: images',
    'val: images',
    `nc: ${names.length}`,
    'names:',
    // Why JSON.stringify: a JSON string is a valid YAML double-quoted scalar, so any name is safe.
    ...names.map((n, i) => `  ${i}: ${JSON.stringify(n)}`),
    '',
  ].join('\n');
}

/** A number in [0, 1] with exactly 6 decimals (never `-0.000000`). */
function fixed6(v: number): string {
  return Math.min(1, Math.max(0, v)).toFixed(6);
}

/** Line breaks and tabs as spaces, so a name stays on its line. */
function oneLine(s: string): string {
  return s.replace(/[\r\n\t]+/g, ' ');
}
