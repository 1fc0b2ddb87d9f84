import type { AnnotationDocument } from '../../shared/annotation.schema';
import { maskRle } from '../masks/mask-geometry';
import { decodeRle } from '../masks/rle';
import { stemOf, type ExportClass, type ExportFile, type ExportImage } from './export-data';
import { encodePng } from './png';

/**
 * The label map of one image: one byte per pixel (row-major), the class's 1-based index in `classes` where a
 * mask covers the pixel, 0 where none does; later objects win where masks overlap. Boxes and polygons are not drawn.
 * Indices above 255 cannot be written to an 8-bit map and are refused.
 */
export function labelMap(classes: readonly ExportClass[], doc: AnnotationDocument, width: number, height: number): Uint8Array {
  if (classes.length > 255) throw new Error('an 8-bit label map holds at most 255 classes');
  const index = new Map(classes.map((c, i) => [c.id, i + 1]));
  const out = new Uint8Array(width * height);
  for (const o of doc.objects) {
    if (o.geometry.kind !== 'mask') continue;
    const v = index.get(o.classId) ?? 0;
    const bits = decodeRle(maskRle(o.geometry)).data;
    for (let i = 0; i < out.length; i++) if (bits[i] !== 0) out[i] = v;
  }
  return out;
}

/**
 * Per image with masks: `<stem>_labels.png` (8-bit grayscale label map, see {@link labelMap}) and
 * `<stem>_color.png` (RGB, each class in its colour, black where unlabeled), plus `labels.txt` listing
 * index, class id, name and colour. `classes` need colours here.
 */
export function toMaskPngs(classes: readonly (ExportClass & { color: string })[], images: readonly ExportImage[]): ExportFile[] {
  const files: ExportFile[] = [{ path: 'labels.txt', content: ['0 _unlabeled_ Unlabeled #000000', ...classes.map((c, i) => `${i + 1} ${c.id} ${c.name} ${c.color}`)].join('\n') + '\n' }];
  const rgb = classes.map((c) => [parseInt(c.color.slice(1, 3), 16), parseInt(c.color.slice(3, 5), 16), parseInt(c.color.slice(5, 7), 16)] as const);
  for (const image of images) {
    if (!image.document.objects.some((o) => o.geometry.kind === 'mask')) continue;
    const map = labelMap(classes, image.document, image.width, image.height);
    const color = new Uint8Array(map.length * 3);
    for (let i = 0; i < map.length; i++) {
      const c = map[i]! ? rgb[map[i]! - 1]! : null;
      if (c) color.set(c, i * 3);
    }
    const stem = stemOf(image.fileName);
    files.push({ path: `${stem}_labels.png`, content: encodePng(image.width, image.height, map, 1) });
    files.push({ path: `${stem}_color.png`, content: encodePng(image.width, image.height, color, 3) });
  }
  return files;
}
