import { describe, expect, it } from 'vitest';
import { maskGeometry } from '../masks/mask-geometry';
import { decodeRle, decompressRle, encodeBitmap } from '../masks/rle';
import { rleArea } from '../masks/rle-ops';
import { placeWords } from './finding-text';
import type { Finding } from './finding-types';
import { compareImage } from './findings';
import { compareMasks } from './mask-findings';
import type { ComparedObject } from './matching';

const W = 300;
const H = 200;
const labels = { road: 'road', car: 'car', truck: 'truck', tree: 'tree' };
type Rect = readonly [x0: number, y0: number, x1: number, y1: number];

/** A mask object of the union of rectangles [x0, x1) × [y0, y1) on a W × H image. */
function mask(id: string, classId: string, ...rects: Rect[]): ComparedObject {
  const data = new Uint8Array(W * H);
  for (const [x0, y0, x1, y1] of rects) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * W + x] = 1;
  return { id, classId, geometry: maskGeometry(encodeBitmap({ width: W, height: H, data })) };
}

// The reference scene: the road fills the bottom half; a car 80 × 40 stands on it.
const ROAD: Rect = [0, 100, 300, 200];
const CAR: Rect = [100, 80, 180, 120];
const refRoad = mask('r-road', 'road', ROAD);
const refCar = mask('r-car', 'car', CAR);
const reference = [refRoad, refCar];
const compare = (answer: ComparedObject[], ref: ComparedObject[] = reference, options = {}) => compareMasks(answer, ref, { classLabels: labels, ...options });
const types = (fs: readonly { type: string }[]) => fs.map((f) => f.type);

describe('mask comparison when nothing is wrong', () => {
  it('an exact copy: no finding, IoU and boundary F 1 per class', () => {
    const r = compare([mask('a1', 'road', ROAD), mask('a2', 'car', CAR)]);
    expect(r.findings).toEqual([]);
    expect(r.classes).toEqual([
      { classId: 'road', iou: 1, boundaryF: 1, answerPx: 30000, referencePx: 30000 },
      { classId: 'car', iou: 1, boundaryF: 1, answerPx: 3200, referencePx: 3200 },
    ]);
    expect(r.tolerancePx).toBe(2);
  });

  it('edges off by 1–2 px (within the tolerance) are no finding; the road under the car may be painted or not', () => {
    const r = compare([mask('a1', 'road', [0, 102, 300, 200]), mask('a2', 'car', [99, 81, 182, 119])]);
    expect(r.findings).toEqual([]);
    expect(r.classes[1]!.boundaryF).toBe(1);
    expect(r.classes[1]!.iou).toBeLessThan(1);
  });

  it('two empty documents and a document with empty masks compare to nothing', () => {
    expect(compare([], [])).toEqual({ classes: [], findings: [], tolerancePx: 2 });
    expect(compare([mask('a1', 'road')], [mask('r1', 'road')]).findings).toEqual([]);
  });

  it('instance masks are merged per class: two answer halves of one reference car are right', () => {
    const r = compare([mask('a1', 'road', ROAD), mask('a2', 'car', [100, 80, 140, 120]), mask('a3', 'car', [140, 80, 180, 120])]);
    expect(r.findings).toEqual([]);
    expect(r.classes[1]!.iou).toBe(1);
  });
});

describe('spill', () => {
  it('a car that bleeds 20 × 30 px onto the road: one spill, with the area beyond the tolerance, pinned inside it', () => {
    const r = compare([mask('a1', 'road', ROAD), mask('a2', 'car', CAR, [180, 85, 200, 115])]);
    expect(types(r.findings)).toEqual(['spill']);
    const f = r.findings[0]!;
    // Columns 182..199 lie farther than 2 px from the car: 18 × 30 px.
    expect(f.magnitude).toBe(540);
    expect(f.message).toBe('car spills 540 px onto the road in the middle');
    expect(f).toMatchObject({ objectId: 'a2', referenceId: 'r-car', classId: 'car', ontoClassId: 'road', bounds: { x: 182, y: 85, w: 18, h: 30 } });
    expect(f.iou).toBeCloseTo(3200 / 3800, 3);
    const region = decodeRle(decompressRle(f.region!));
    expect(rleArea(decompressRle(f.region!))).toBe(540);
    expect(region.data[Math.floor(f.point.y) * W + Math.floor(f.point.x)]).toBe(1);
  });

  it('a spill over unlabeled background says so', () => {
    const r = compare([mask('a1', 'road', ROAD), mask('a2', 'car', CAR, [120, 50, 160, 80])]);
    expect(r.findings.map((f) => f.message)).toEqual(['car spills 1,120 px onto the background at the top']);
  });

  it('a stray blob of a class on background, apart from everything', () => {
    const r = compare([mask('a1', 'road', ROAD), mask('a2', 'car', CAR, [10, 10, 40, 40])]);
    expect(types(r.findings)).toEqual(['spill']);
    expect(r.findings[0]!.message).toBe('a stray 900 px of car at the top left, where the reference has no car');
  });

  it('a class the reference does not have at all is a stray spill with no reference object', () => {
    const r = compare([mask('a1', 'road', ROAD), mask('a2', 'car', CAR), mask('a3', 'tree', [250, 10, 290, 60])]);
    expect(types(r.findings)).toEqual(['spill']);
    expect(r.findings[0]).toMatchObject({ classId: 'tree', objectId: 'a3', iou: 0 });
    expect(r.findings[0]!.referenceId).toBeUndefined();
  });
});

describe('missed_region', () => {
  it('road left unlabeled at the bottom left, with its area and location', () => {
    const r = compare([mask('a1', 'road', [100, 100, 300, 200]), mask('a2', 'car', CAR)]);
    expect(types(r.findings)).toEqual(['missed_region']);
    const f = r.findings[0]!;
    // 100 columns of road; the two next to the answer's road are within the tolerance.
    expect(f.magnitude).toBe(98 * 100);
    expect(f.message).toBe('9,800 px of road left unlabeled at the bottom left');
    expect(f).toMatchObject({ referenceId: 'r-road', classId: 'road' });
    expect(f.objectId).toBeUndefined();
  });

  it('a class the answer lacks entirely is missed whole', () => {
    const r = compare([mask('a1', 'road', ROAD)]);
    expect(types(r.findings)).toEqual(['missed_region']);
    // The car's pixels are not painted at all except where the road is (y ≥ 100) — those are labeled (as road).
    expect(r.findings[0]!.message).toMatch(/^1,600 px of car left unlabeled/);
  });

  it('specks below the minimum area are not regions', () => {
    const r = compare([mask('a1', 'road', [0, 100, 300, 200]), mask('a2', 'car', CAR)], [mask('r-road', 'road', ROAD), mask('r-car', 'car', CAR), mask('r-tree', 'tree', [5, 5, 12, 12])]);
    expect(r.findings).toEqual([]);
    expect(r.classes.find((c) => c.classId === 'tree')).toMatchObject({ iou: 0, boundaryF: null, referencePx: 49 });
  });
});

describe('wrong_class', () => {
  it('a car painted as a truck: its pixels are the car, labeled truck; both classes named', () => {
    const r = compare([mask('a1', 'road', ROAD), mask('a2', 'truck', CAR)]);
    expect(types(r.findings)).toEqual(['wrong_class']);
    expect(r.findings[0]).toMatchObject({ objectId: 'a2', referenceId: 'r-car', answerClassId: 'truck', referenceClassId: 'car', magnitude: 3200, iou: 0 });
    expect(r.findings[0]!.message).toBe('3,200 px of car labeled as truck in the middle');
  });

  it('a separate patch of road painted as car is wrong_class, not spill', () => {
    const r = compare([mask('a1', 'road', [0, 100, 40, 200], [60, 100, 300, 200]), mask('a2', 'car', CAR, [40, 100, 60, 200])]);
    expect(types(r.findings)).toEqual(['wrong_class']);
    expect(r.findings[0]).toMatchObject({ answerClassId: 'car', referenceClassId: 'road', referenceId: 'r-road', magnitude: 2000 });
  });
});

describe('boundary_error', () => {
  it('a car shifted 5 px right: thin bands only, boundary F below the bar', () => {
    const r = compare([mask('a1', 'road', ROAD), mask('a2', 'car', [105, 80, 185, 120])]);
    expect(types(r.findings)).toEqual(['boundary_error']);
    const f = r.findings[0]!;
    expect(f.boundaryF).toBeLessThan(0.8);
    expect(f.magnitude).toBeCloseTo(1 - f.boundaryF!, 3);
    expect(f).toMatchObject({ objectId: 'a2', referenceId: 'r-car', classId: 'car', bounds: { x: 100, y: 80, w: 85, h: 40 } });
    expect(f.message).toMatch(/^the car's edge strays from the reference: boundary F 0\.\d\d within 2 px, below 0\.80$/);
    expect(f.region).toBeUndefined();
  });

  it('a larger tolerance accepts the same shift', () => {
    expect(compare([mask('a1', 'road', ROAD), mask('a2', 'car', [105, 80, 185, 120])], reference, { maskBoundaryTolerancePx: 5 }).findings).toEqual([]);
  });

  it('is not repeated when a region finding already concerns the class', () => {
    const r = compare([mask('a1', 'road', ROAD), mask('a2', 'car', [100, 80, 180, 120], [180, 60, 230, 120])]);
    expect(types(r.findings)).toEqual(['spill']);
    expect(r.findings[0]!.boundaryF).toBeLessThan(0.8);
  });

  it('the tolerance scales with the image diagonal (0.2%)', () => {
    const r = compareMasks([], [{ id: 'r', classId: 'road', geometry: maskGeometry({ size: [3072, 4096], counts: [3072 * 4096] }) }]);
    expect(r.tolerancePx).toBe(10.24);
  });
});

describe('placeWords', () => {
  it('names thirds of the image', () => {
    expect(placeWords({ x: 10, y: 190 }, 300, 200)).toBe('at the bottom left');
    expect(placeWords({ x: 150, y: 10 }, 300, 200)).toBe('at the top');
    expect(placeWords({ x: 150, y: 100 }, 300, 200)).toBe('in the middle');
    expect(placeWords({ x: 299, y: 100 }, 300, 200)).toBe('at the right');
  });
});

describe('compareImage with masks', () => {
  const box = (id: string, classId: string, x: number, y: number, w: number, h: number): ComparedObject => ({ id, classId, geometry: { kind: 'box', x, y, w, h }, attributes: {} });
  const image = (answer: ComparedObject[], ref: ComparedObject[]): Finding[] => compareImage({ objects: answer }, { objects: ref }, { classLabels: labels });

  it('hands the masks of a segmentation reference to the mask comparison and matches boxes as before', () => {
    const found = image(
      [mask('a1', 'road', ROAD), mask('a2', 'car', CAR, [180, 85, 200, 115]), box('b1', 'car', 10, 10, 30, 20)],
      [refRoad, refCar, box('rb1', 'car', 10, 10, 30, 20), box('rb2', 'tree', 200, 20, 20, 20)],
    );
    expect(types(found)).toEqual(['missed_object', 'spill']);
    expect(found[0]!.referenceId).toBe('rb2');
  });

  it('an exact copy of a segmentation answer has no finding', () => {
    expect(image([mask('a1', 'road', ROAD), mask('a2', 'car', CAR)], reference)).toEqual([]);
  });

  it('a mask on a task whose reference has no mask is matched as an object (extra_object), as before', () => {
    expect(types(image([box('b1', 'car', 10, 10, 30, 20), mask('a1', 'car', [200, 20, 240, 60])], [box('rb1', 'car', 10, 10, 30, 20)]))).toEqual(['extra_object']);
  });
});
