import { describe, expect, it } from 'vitest';
import { unzlibSync } from 'fflate';
import { maskGeometry } from '../masks/mask-geometry';
import { decodeRle, decompressRle, encodeBitmap } from '../masks/rle';
import { toCoco } from './coco';
import type { ExportImage } from './export-data';
import { labelMap, toMaskPngs } from './mask-png';
import { crc32, encodePng } from './png';

const classes = [
  { id: 'road', name: 'Road', color: '#ff0000' },
  { id: 'sky', name: 'Sky', color: '#0000ff' },
];

/** A 4×3 image: road is the bottom row, sky the top-left 2×1, and a later sky mask overlaps road at (3, 2). */
function image(): ExportImage {
  const bits = (rows: string[]) => encodeBitmap({ width: 4, height: 3, data: Uint8Array.from(rows.join('').split('').map((c) => (c === '#' ? 1 : 0))) });
  const obj = (id: string, classId: string, rows: string[]) => ({ id, classId, geometry: maskGeometry(bits(rows)), attributes: {}, source: 'human' as const, version: 1 });
  return {
    taskId: 't1', fileName: 'scene.jpg', width: 4, height: 3,
    document: { objects: [obj('r', 'road', ['....', '....', '####']), obj('s', 'sky', ['##..', '....', '...#'])] },
  };
}

/** Reads our own PNGs back: checks the chunk CRCs and returns the size, colour type and unfiltered pixels. */
function readPng(png: Uint8Array) {
  expect([...png.subarray(0, 8)]).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
  const v = new DataView(png.buffer, png.byteOffset);
  let at = 8;
  let width = 0, height = 0, type = -1;
  const idat: Uint8Array[] = [];
  while (at < png.length) {
    const len = v.getUint32(at);
    const name = String.fromCharCode(...png.subarray(at + 4, at + 8));
    expect(v.getUint32(at + 8 + len)).toBe(crc32(png.subarray(at + 4, at + 8 + len)));
    if (name === 'IHDR') {
      width = v.getUint32(at + 8);
      height = v.getUint32(at + 12);
      type = png[at + 17]!;
    }
    if (name === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + len));
    at += 12 + len;
  }
  const raw = unzlibSync(Uint8Array.from(idat.flatMap((c) => [...c])));
  const channels = type === 0 ? 1 : 3;
  const pixels: number[] = [];
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * channels + 1)]).toBe(0); // filter: none
    pixels.push(...raw.subarray(y * (width * channels + 1) + 1, (y + 1) * (width * channels + 1)));
  }
  return { width, height, type, pixels };
}

describe('mask exports', () => {
  it('COCO writes masks as compressed RLE with iscrowd 1, pixel area and pixel bbox', () => {
    const coco = toCoco(classes, [image()], { projectName: 'P', exportedAt: '2026-12-01T00:00:00Z' });
    const [road, sky] = coco.annotations;
    expect(road).toMatchObject({ category_id: 1, iscrowd: 1, area: 4, bbox: [0, 2, 4, 1] });
    expect(sky).toMatchObject({ category_id: 2, iscrowd: 1, area: 3, bbox: [0, 0, 4, 3] });
    const seg = road!.segmentation as { size: [number, number]; counts: string };
    expect(seg.size).toEqual([3, 4]);
    // Column-major: each column is (unset, unset, set) → counts [2, 1, 2, 1, 2, 1, 2, 1].
    expect(decompressRle(seg).counts).toEqual([2, 1, 2, 1, 2, 1, 2, 1]);
    expect([...decodeRle(decompressRle(seg)).data]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1]);
  });

  it('the label map holds 1-based class indices, later objects on top', () => {
    expect([...labelMap(classes, image().document, 4, 3)]).toEqual([2, 2, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2]);
  });

  it('writes a grayscale label PNG and an RGB colour PNG per image with masks, and the index list', () => {
    const files = toMaskPngs(classes, [image(), { taskId: 't2', fileName: 'none.jpg', width: 2, height: 2, document: { objects: [] } }]);
    expect(files.map((f) => f.path)).toEqual(['labels.txt', 'scene_labels.png', 'scene_color.png']);
    expect(files[0]!.content).toBe('0 _unlabeled_ Unlabeled #000000\n1 road Road #ff0000\n2 sky Sky #0000ff\n');
    const labels = readPng(files[1]!.content as Uint8Array);
    expect(labels).toEqual({ width: 4, height: 3, type: 0, pixels: [2, 2, 0, 0, 0, 0, 0, 0, 1, 1, 1, 2] });
    const color = readPng(files[2]!.content as Uint8Array);
    expect(color.type).toBe(2);
    expect(color.pixels.slice(0, 3)).toEqual([0, 0, 255]);
    expect(color.pixels.slice(8 * 3, 9 * 3)).toEqual([255, 0, 0]);
    expect(color.pixels.slice(2 * 3, 3 * 3)).toEqual([0, 0, 0]);
  });

  it('refuses pixel buffers of the wrong length', () => {
    expect(() => encodePng(2, 2, new Uint8Array(3), 1)).toThrow(/expected 4 bytes/);
  });
});
