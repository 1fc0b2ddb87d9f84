import type { AnnotationObject } from '../../shared/annotation.schema';
import type { Geometry } from '../../shared/geometry.schema';
import type { Size } from '../geometry/point';
import { assertUniqueStems, boundsOf, clampToImage, exportClasses, stemOf, type ExportClass, type ExportFile, type ExportImage } from './export-data';

/** `folder` goes in each file's `<folder>` (VOC puts the dataset's name there). */
export type VocOptions = { folder: string };

/** A VOC bounding box: 1-based, inclusive pixel indices. */
export type VocBndbox = { xmin: number; ymin: number; xmax: number; ymax: number };

/**
 * The annotations of `images` as Pascal VOC files:
 * - `Annotations/<image stem>.xml` for every image: folder, filename, size (depth 3: the image's channels
 *   are not recorded, and VOC tools expect colour), `segmented` 0, and one `<object>` per object in drawing
 *   order with the class name, pose `Unspecified`, `truncated` and `difficult` (1 when the object has that
 *   attribute set to true, else 0), its `bndbox` (see `vocBndbox`; a polygon as its bounding box) and, when
 *   it has attributes, an `<attributes>` list as CVAT writes it;
 * - `labels.txt`: the class names in `exportClasses` order, one a line.
 * Needs image file names unique by stem (see `uniqueFileNames`); throws otherwise.
 */
export function toVoc(classes: readonly ExportClass[], images: readonly ExportImage[], opts: VocOptions): ExportFile[] {
  assertUniqueStems(images);
  const listed = exportClasses(classes, images);
  const nameOf = new Map(listed.map((c) => [c.id, c.name]));
  const files = images.map((image) => ({
    path: `Annotations/${stemOf(image.fileName)}.xml`,
    content: [
      '<?xml version="1.0" encoding="utf-8"?>',
      '<annotation>',
      `  <folder>${xml(opts.folder)}</folder>`,
      `  <filename>${xml(image.fileName)}</filename>`,
      '  <source>',
      '    <database>Labelbench</database>',
      '  </source>',
      '  <size>',
      `    <width>${image.width}</width>`,
      `    <height>${image.height}</height>`,
      '    <depth>3</depth>',
      '  </size>',
      '  <segmented>0</segmented>',
      ...image.document.objects.flatMap((o) => vocObject(o, nameOf.get(o.classId)!, image)),
      '</annotation>',
      '',
    ].join('\n'),
  }));
  return [...files, { path: 'labels.txt', content: listed.map((c) => `${c.name.replace(/[\r\n\t]+/g, ' ')}\n`).join('') }];
}

/**
 * The VOC box of a geometry in an image of `image` size. VOC counts pixels from 1 and its `xmax` is the
 * last pixel inside the box, so a box with continuous edges x0..x1 (image pixels, origin at the top-left
 * corner of the first pixel) covers pixels round(x0) + 1 .. round(x1): `xmin = round(x0) + 1`,
 * `xmax = round(x1)` (likewise for y). A box on whole pixels round-trips exactly (x0 = xmin − 1, x1 = xmax).
 * The geometry is clamped to the image first; a box thinner than a pixel still covers one (xmax ≥ xmin).
 */
export function vocBndbox(geometry: Geometry, image: Size): VocBndbox {
  const b = boundsOf(clampToImage(geometry, image));
  const xmin = clampInt(Math.round(b.x) + 1, 1, image.width);
  const ymin = clampInt(Math.round(b.y) + 1, 1, image.height);
  return {
    xmin,
    ymin,
    xmax: clampInt(Math.round(b.x + b.w), xmin, image.width),
    ymax: clampInt(Math.round(b.y + b.h), ymin, image.height),
  };
}

function vocObject(o: AnnotationObject, name: string, image: Size): string[] {
  const box = vocBndbox(o.geometry, image);
  const flag = (key: string) => (o.attributes[key] === true ? 1 : 0);
  const attributes = Object.entries(o.attributes);
  return [
    '  <object>',
    `    <name>${xml(name)}</name>`,
    '    <pose>Unspecified</pose>',
    `    <truncated>${flag('truncated')}</truncated>`,
    `    <difficult>${flag('difficult')}</difficult>`,
    '    <bndbox>',
    `      <xmin>${box.xmin}</xmin>`,
    `      <ymin>${box.ymin}</ymin>`,
    `      <xmax>${box.xmax}</xmax>`,
    `      <ymax>${box.ymax}</ymax>`,
    '    </bndbox>',
    ...(attributes.length === 0
      ? []
      : [
          '    <attributes>',
          ...attributes.map(([k, v]) => `      <attribute><name>${xml(k)}</name><value>${xml(String(v))}</value></attribute>`),
          '    </attributes>',
        ]),
    '  </object>',
  ];
}

/**
 * Text safe inside an XML element: the five special characters escaped, and characters XML 1.0 cannot
 * hold at all (most control characters, lone surrogates) dropped.
 */
export function xml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function clampInt(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
