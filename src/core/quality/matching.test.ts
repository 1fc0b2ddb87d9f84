import { describe, expect, it } from 'vitest';
import type { Geometry } from '../../shared/geometry.schema';
import { assignMaxWeight, type WeightedPair } from './assignment';
import { matchImageObjects, type ComparedObject } from './matching';
import { geometryIoU } from './overlap';
import { seededRandom } from '../random';

const rng = seededRandom;

const box = (x: number, y: number, w: number, h: number): Geometry => ({ kind: 'box', x, y, w, h });
const obj = (id: string, classId: string, geometry: Geometry): ComparedObject => ({ id, classId, geometry });

/** A random scene of boxes and star-shaped polygons, clustered so that objects overlap a lot. */
function scene(rand: () => number, count: number, prefix: string): ComparedObject[] {
  return Array.from({ length: count }, (_, n) => {
    const cx = 50 + rand() * 150;
    const cy = 50 + rand() * 150;
    const r = 10 + rand() * 40;
    const classId = rand() < 0.5 ? 'car' : 'bus';
    if (rand() < 0.5) return obj(`${prefix}${n}`, classId, box(cx - r, cy - r * 0.7, 2 * r, 1.4 * r));
    const k = 5 + Math.floor(rand() * 20);
    const points = Array.from({ length: k }, (_, i) => {
      const angle = (i / k) * 2 * Math.PI;
      const rr = r * (0.6 + 0.4 * rand());
      return { x: cx + rr * Math.cos(angle), y: cy + rr * Math.sin(angle) };
    });
    return obj(`${prefix}${n}`, classId, { kind: 'polygon', points });
  });
}

describe('matchImageObjects', () => {
  it('matches same-class pairs before class-blind ones', () => {
    // Class-blind optimal assignment would pair these crosswise (0.714 + 0.8 > 0.7 + 0.625).
    const reference = [obj('rc', 'cyclist', box(0, 0, 100, 200)), obj('rb', 'bicycle', box(0, 100, 100, 100))];
    const answer = [obj('ac', 'cyclist', box(0, 60, 100, 140)), obj('ab', 'bicycle', box(0, 40, 100, 160))];
    const m = matchImageObjects({ objects: answer }, { objects: reference });
    expect(m.matches.map((x) => [x.answer, x.reference, x.classMismatch])).toEqual([
      [0, 0, false],
      [1, 1, false],
    ]);
    expect(m.matches[0]!.iou).toBeCloseTo(0.7, 10);
  });

  it('falls back to a class-blind match and flags it', () => {
    const m = matchImageObjects({ objects: [obj('a', 'bus', box(0, 0, 10, 10))] }, { objects: [obj('r', 'car', box(1, 0, 10, 10))] });
    expect(m.matches).toEqual([{ answer: 0, reference: 0, iou: 90 / 110, classMismatch: true }]);
  });

  it('gives the same matching and best overlaps as measuring every pair (property)', () => {
    const rand = rng(17);
    for (let n = 0; n < 60; n++) {
      const answer = scene(rand, 1 + Math.floor(rand() * 12), 'a');
      const reference = scene(rand, 1 + Math.floor(rand() * 12), 'r');
      const matchIou = 0.3 + rand() * 0.4;
      const m = matchImageObjects({ objects: answer }, { objects: reference }, matchIou);

      const iou = answer.map((a) => reference.map((r) => geometryIoU(a.geometry, r.geometry)));
      const pairs = (same: boolean, free: (i: number, j: number) => boolean): WeightedPair[] =>
        answer.flatMap((a, i) =>
          reference.flatMap((r, j) => ((!same || a.classId === r.classId) && free(i, j) ? [{ row: i, col: j, weight: iou[i]![j]! }] : [])),
        );
      const first = assignMaxWeight(answer.length, reference.length, pairs(true, () => true), matchIou);
      const second = assignMaxWeight(
        answer.length,
        reference.length,
        pairs(false, (i, j) => first.rowToCol[i] === -1 && first.colToRow[j] === -1),
        matchIou,
      );
      const total = m.matches.reduce((s, x) => s + x.iou, 0);
      expect(total).toBeCloseTo(first.totalWeight + second.totalWeight, 9);
      expect(m.matches.filter((x) => !x.classMismatch).length).toBe(first.rowToCol.filter((c) => c >= 0).length);
      answer.forEach((_, i) => expect(m.answerBest[i]!.iou).toBeCloseTo(Math.max(0, ...iou[i]!), 9));
      reference.forEach((_, j) => expect(m.referenceBest[j]!.iou).toBeCloseTo(Math.max(0, ...iou.map((row) => row[j]!)), 9));
    }
  });
});
