import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../shared/geometry.schema';
import type { Finding } from './finding-types';
import { compareImage } from './findings';
import type { ComparedObject } from './matching';

const labels = { car: 'car', cyclist: 'cyclist', pedestrian: 'pedestrian', bicycle: 'bicycle', pond: 'pond', apple: 'apple' };

function makeBox(id: string, classId: string, x: number, y: number, w: number, h: number, attributes = {}): ComparedObject {
  return { id, classId, geometry: { kind: 'box', x, y, w, h }, attributes };
}

function makePolygon(id: string, classId: string, points: { x: number; y: number }[], attributes = {}): ComparedObject {
  return { id, classId, geometry: { kind: 'polygon', points }, attributes };
}

/** A regular n-gon of radius r around (cx, cy), first vertex at angle 0, in image pixels. */
function regular(n: number, r: number, cx = 200, cy = 200) {
  return Array.from({ length: n }, (_, i) => ({
    x: cx + r * Math.cos((2 * Math.PI * i) / n),
    y: cy + r * Math.sin((2 * Math.PI * i) / n),
  }));
}

const doc = (...objects: ComparedObject[]) => ({ objects });
const compare = (answer: ComparedObject[], reference: ComparedObject[], options = {}) =>
  compareImage(doc(...answer), doc(...reference), { classLabels: labels, ...options });
const types = (findings: Finding[]) => findings.map((f) => f.type);

// The reference car used by the box tests: 200 × 100 px at (100, 100).
const car = makeBox('r1', 'car', 100, 100, 200, 100);

describe('when nothing is wrong', () => {
  it('finds nothing for two empty images', () => {
    expect(compare([], [])).toEqual([]);
  });

  it('finds nothing for an exact copy of a mixed scene, in any order', () => {
    const reference = [
      car,
      makeBox('r2', 'pedestrian', 400, 80, 40, 110, { occluded: false }),
      makePolygon('r3', 'pond', regular(32, 60)),
    ];
    const answer = [
      { ...reference[2]!, id: 'a3' },
      { ...reference[0]!, id: 'a1' },
      { ...reference[1]!, id: 'a2' },
    ];
    expect(compare(answer, reference)).toEqual([]);
  });

  it('finds nothing when every edge is within the 3 px tolerance', () => {
    // Left 2 px out, top 3 px out (exactly the tolerance), right 1.5 px in, bottom 2.9 px in.
    expect(compare([makeBox('a1', 'car', 98, 97, 200.5, 100.1)], [car])).toEqual([]);
  });

  it('finds nothing for a polygon traced with a little jitter', () => {
    const ref = regular(30, 80);
    const jittered = ref.map((p, i) => ({ x: p.x + (i % 2 ? 1 : -1), y: p.y + (i % 3 ? 0.5 : -0.5) }));
    expect(compare([makePolygon('a1', 'pond', jittered)], [makePolygon('r1', 'pond', ref)])).toEqual([]);
  });
});

describe('missed_object', () => {
  it('reports a reference object nothing was drawn over, with its area', () => {
    const findings = compare([makeBox('a1', 'car', 100, 100, 200, 100)], [car, makeBox('r2', 'car', 600, 100, 50, 40)]);
    expect(findings).toEqual([
      { type: 'missed_object', referenceId: 'r2', magnitude: 2000, message: 'the car is not labeled (nothing drawn over it)' },
    ]);
  });

  it('says how close the nearest object came when it overlaps below the match IoU', () => {
    // Answer covers the left 80 px of the car: IoU 8000 / 20000 = 0.4 < 0.5, so a miss plus an extra.
    const findings = compare([makeBox('a1', 'car', 100, 100, 80, 100)], [car]);
    expect(types(findings)).toEqual(['missed_object', 'extra_object']);
    expect(findings[0]!.message).toBe('the car is not labeled (the closest object overlaps it by IoU 0.40, a match needs 0.50)');
    expect(findings[0]!.iou).toBeCloseTo(0.4, 10);
  });

  it('honours a project match IoU', () => {
    // The same 0.4 overlap matches under CVAT's 0.4 threshold: now a tight box, not a miss.
    expect(types(compare([makeBox('a1', 'car', 100, 100, 80, 100)], [car], { matchIou: 0.4 }))).toEqual(['tight_box']);
  });
});

describe('extra_object', () => {
  it('reports an answer object on empty background, with its area', () => {
    const findings = compare([makeBox('a1', 'car', 100, 100, 200, 100), makeBox('a2', 'car', 500, 500, 30, 20)], [car]);
    expect(findings).toEqual([
      { type: 'extra_object', objectId: 'a2', magnitude: 600, message: 'this car is not in the reference' },
    ]);
  });
});

describe('wrong_class', () => {
  it('says what the object really is', () => {
    const findings = compare([makeBox('a1', 'pedestrian', 10, 10, 40, 100)], [makeBox('r1', 'cyclist', 10, 10, 40, 100)]);
    expect(findings).toEqual([
      {
        type: 'wrong_class',
        objectId: 'a1',
        referenceId: 'r1',
        iou: 1,
        magnitude: 1,
        message: 'this is a cyclist, not a pedestrian',
        answerClassId: 'pedestrian',
        referenceClassId: 'cyclist',
      },
    ]);
  });

  it('uses "an" before a vowel and falls back to class ids without labels', () => {
    expect(compare([makeBox('a1', 'car', 0, 0, 10, 10)], [makeBox('r1', 'apple', 0, 0, 10, 10)])[0]!.message).toBe(
      'this is an apple, not a car',
    );
    const plain = compareImage(doc(makeBox('a1', 'cls_7', 0, 0, 10, 10)), doc(makeBox('r1', 'cls_2', 0, 0, 10, 10)));
    expect(plain[0]!.message).toBe('this is a cls_2, not a cls_7');
  });

  it('matches same-class pairs first, so a rider and their bicycle are not swapped', () => {
    // Reference: cyclist 0..200 tall, bicycle its bottom half. The labeler's cyclist box starts 60 px low and
    // the bicycle box 60 px high. Class-blind optimal assignment would pair them crosswise (0.714 + 0.8 > 0.7 + 0.625).
    const reference = [makeBox('rc', 'cyclist', 0, 0, 100, 200), makeBox('rb', 'bicycle', 0, 100, 100, 100)];
    const answer = [makeBox('ac', 'cyclist', 0, 60, 100, 140), makeBox('ab', 'bicycle', 0, 40, 100, 160)];
    const findings = compare(answer, reference);
    expect(types(findings)).toEqual(['tight_box', 'loose_box']);
    expect(findings.map((f) => f.message)).toEqual([
      'top edge 60 px inside the cyclist, cutting it off',
      'top edge 60 px outside the bicycle',
    ]);
  });
});

describe('loose_box', () => {
  it('says which edge and by how many pixels: left edge 14 px outside the car', () => {
    const findings = compare([makeBox('a1', 'car', 86, 100, 214, 100)], [car]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      type: 'loose_box',
      objectId: 'a1',
      referenceId: 'r1',
      magnitude: 14,
      edges: [{ edge: 'left', offsetPx: 14 }],
      message: 'left edge 14 px outside the car',
    });
    expect(findings[0]!.iou).toBeCloseTo(20000 / 21400, 10);
  });

  it('lists several edges, largest as the magnitude', () => {
    // Left 14 px out, bottom 6 px out, top 5 px out.
    const findings = compare([makeBox('a1', 'car', 86, 95, 214, 111)], [car]);
    expect(findings).toMatchObject([
      {
        type: 'loose_box',
        magnitude: 14,
        edges: [
          { edge: 'left', offsetPx: 14 },
          { edge: 'top', offsetPx: 5 },
          { edge: 'bottom', offsetPx: 6 },
        ],
        message: 'left edge 14 px, top edge 5 px and bottom edge 6 px outside the car',
      },
    ]);
  });

  it('starts just past the tolerance and scales with a fractional tolerance', () => {
    expect(types(compare([makeBox('a1', 'car', 96.5, 100, 203.5, 100)], [car]))).toEqual(['loose_box']); // 3.5 px
    // 10% of the car's 200 px width is 20 px, more than 14 px.
    expect(compare([makeBox('a1', 'car', 86, 100, 214, 100)], [car], { edgeToleranceFraction: 0.1 })).toEqual([]);
    expect(compare([makeBox('a1', 'car', 86, 100, 214, 100)], [car], { edgeTolerancePx: 15 })).toEqual([]);
  });
});

describe('tight_box', () => {
  it('says which edge cuts the object off: top edge 9 px inside', () => {
    expect(compare([makeBox('a1', 'car', 100, 109, 200, 91)], [car])).toMatchObject([
      { type: 'tight_box', magnitude: 9, edges: [{ edge: 'top', offsetPx: -9 }], message: 'top edge 9 px inside the car, cutting it off' },
    ]);
  });

  it('reports a shifted box as loose on one side and tight on the other', () => {
    // Moved 10 px right: left edge 10 px inside, right edge 10 px outside.
    expect(compare([makeBox('a1', 'car', 110, 100, 200, 100)], [car])).toMatchObject([
      { type: 'loose_box', magnitude: 10, message: 'right edge 10 px outside the car' },
      { type: 'tight_box', magnitude: 10, message: 'left edge 10 px inside the car, cutting it off' },
    ]);
  });
});

describe('attribute_mismatch', () => {
  const reference = [makeBox('r1', 'car', 100, 100, 200, 100, { occluded: true, color: 'red', parked: false })];

  it('reports each differing attribute of a same-class match', () => {
    const findings = compare([makeBox('a1', 'car', 100, 100, 200, 100, { occluded: false, color: 'red' })], reference);
    expect(findings).toEqual([
      {
        type: 'attribute_mismatch',
        objectId: 'a1',
        referenceId: 'r1',
        iou: 1,
        magnitude: 1,
        attribute: 'occluded',
        message: '"occluded" is false; the car has true',
      },
      {
        type: 'attribute_mismatch',
        objectId: 'a1',
        referenceId: 'r1',
        iou: 1,
        magnitude: 1,
        attribute: 'parked',
        message: '"parked" is not set; the car has false',
      },
    ]);
  });

  it('ignores attributes the reference does not set, and those of a wrong-class match', () => {
    expect(compare([makeBox('a1', 'car', 100, 100, 200, 100, { occluded: true, color: 'red', parked: false, note: 'x' })], reference)).toEqual([]);
    expect(types(compare([makeBox('a1', 'pedestrian', 100, 100, 200, 100)], reference))).toEqual(['wrong_class']);
  });

  it('quotes string values', () => {
    const findings = compare([makeBox('a1', 'car', 100, 100, 200, 100, { occluded: true, color: 'blue', parked: false })], reference);
    expect(findings[0]!.message).toBe('"color" is "blue"; the car has "red"');
  });
});

describe('duplicate', () => {
  it('reports a second box on a matched object instead of an extra', () => {
    // a2 is 10 px to the right: IoU 19000 / 21000 ≈ 0.905 with the car, which a1 matches exactly.
    const findings = compare([makeBox('a1', 'car', 100, 100, 200, 100), makeBox('a2', 'car', 110, 100, 200, 100)], [car]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      type: 'duplicate',
      objectId: 'a2',
      referenceId: 'r1',
      magnitude: 1,
      message: 'a second box on the same car; label each object once',
    });
    expect(findings[0]!.iou).toBeCloseTo(19000 / 21000, 10);
  });

  it('keeps the better-fitting box as the match, whatever the drawing order', () => {
    const findings = compare([makeBox('a2', 'car', 110, 100, 200, 100), makeBox('a1', 'car', 100, 100, 200, 100)], [car]);
    expect(findings.map((f) => [f.type, f.objectId])).toEqual([['duplicate', 'a2']]);
  });
});

describe('low_overlap', () => {
  const ref = makePolygon('r1', 'pond', [{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 100, y: 100 }, { x: 0, y: 100 }]);
  const shifted = (dx: number) => makePolygon('a1', 'pond', ref.geometry.kind === 'polygon' ? ref.geometry.points.map((p) => ({ x: p.x + dx, y: p.y })) : []);

  it('reports a matched polygon below the 0.8 bar with 1 − IoU as magnitude', () => {
    // Shifted 15 px: intersection 8500, union 11500, IoU 0.739.
    const findings = compare([shifted(15)], [ref]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ type: 'low_overlap', message: 'the outline overlaps the pond by IoU 0.74, below the 0.80 bar' });
    expect(findings[0]!.magnitude).toBeCloseTo(1 - 8500 / 11500, 10);
  });

  it('never prints an IoU just below the bar as equal to it', () => {
    // Shifted 11.2 px: intersection 8880, union 11120, IoU 0.7986 (0.80 to two decimals).
    expect(compare([shifted(11.2)], [ref])[0]!.message).toBe('the outline overlaps the pond by IoU 0.799, below the 0.80 bar');
  });

  it('finds nothing above the bar, and follows a project bar', () => {
    // Shifted 5 px: IoU 9500 / 10500 = 0.905.
    expect(compare([shifted(5)], [ref])).toEqual([]);
    expect(types(compare([shifted(5)], [ref], { lowOverlapIou: 0.95 }))).toEqual(['low_overlap']);
  });
});

describe('coarse_boundary', () => {
  // A round pond: a regular 32-gon of radius 100. The coarse answer keeps every 4th vertex (an octagon), so
  // the 32-gon vertex halfway along an octagon side lies 100·(1 − cos 22.5°) = 7.61 px outside it; IoU stays 0.906.
  const pond = makePolygon('r1', 'pond', regular(32, 100));
  const octagon = regular(8, 100);

  it('reports too few vertices for the shape, with the largest boundary gap', () => {
    const findings = compare([makePolygon('a1', 'pond', octagon)], [pond]);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({
      type: 'coarse_boundary',
      magnitude: 7.61,
      message: '8 vertices where the pond needs about 32; the outline strays up to 7.6 px from its edge',
    });
  });

  it('finds nothing for few vertices on a shape that needs few', () => {
    // The reference octagon has each side split into 4 collinear pieces: 32 vertices, same outline.
    const dense = octagon.flatMap((p, i) => {
      const q = octagon[(i + 1) % 8]!;
      return [0, 0.25, 0.5, 0.75].map((t) => ({ x: p.x + t * (q.x - p.x), y: p.y + t * (q.y - p.y) }));
    });
    expect(compare([makePolygon('a1', 'pond', octagon)], [makePolygon('r1', 'pond', dense)])).toEqual([]);
  });

  it('finds nothing when the vertex count is not far below the reference', () => {
    // Every other vertex: 16 of 32 is not below half; the gap is only 100·(1 − cos 11.25°) = 1.9 px anyway.
    expect(compare([makePolygon('a1', 'pond', regular(16, 100))], [pond])).toEqual([]);
  });

  it('treats a box drawn for a round object as a four-vertex outline', () => {
    const box = { kind: 'box', x: 200 - 80, y: 200 - 80, w: 160, h: 160 } satisfies Geometry;
    const findings = compare([{ id: 'a1', classId: 'pond', geometry: box }], [pond]);
    expect(types(findings)).toContain('coarse_boundary');
  });
});
