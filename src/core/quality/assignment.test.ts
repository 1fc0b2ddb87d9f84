import { describe, expect, it } from 'vitest';
import { assignMaxWeight, overlappingPairs, solveAssignment, type WeightedPair } from './assignment';
import { seededRandom } from '../random';

const rng = seededRandom;

/** Best total over all injective maps from the smaller side, by brute force (for small matrices). */
function bruteMinCost(cost: number[][]): number {
  const rows = cost.length;
  const cols = cost[0]!.length;
  const small = Math.min(rows, cols);
  let best = Infinity;
  const used = new Array<boolean>(Math.max(rows, cols)).fill(false);
  const go = (k: number, acc: number) => {
    if (k === small) {
      best = Math.min(best, acc);
      return;
    }
    for (let t = 0; t < used.length; t++) {
      if (used[t]) continue;
      used[t] = true;
      go(k + 1, acc + (rows <= cols ? cost[k]![t]! : cost[t]![k]!));
      used[t] = false;
    }
  };
  go(0, 0);
  return best;
}

/** Best total weight of a matching using only the given pairs, by brute force over rows. */
function bruteMaxWeight(rows: number, cols: number, pairs: WeightedPair[], min: number): number {
  const w = new Map<string, number>();
  for (const p of pairs) if (p.weight >= min && p.weight > 0) w.set(`${p.row},${p.col}`, Math.max(w.get(`${p.row},${p.col}`) ?? 0, p.weight));
  const used = new Array<boolean>(cols).fill(false);
  let best = 0;
  const go = (r: number, acc: number) => {
    if (r === rows) {
      best = Math.max(best, acc);
      return;
    }
    go(r + 1, acc);
    for (let c = 0; c < cols; c++) {
      const x = w.get(`${r},${c}`);
      if (x === undefined || used[c]) continue;
      used[c] = true;
      go(r + 1, acc + x);
      used[c] = false;
    }
  };
  go(0, 0);
  return best;
}

describe('solveAssignment', () => {
  it('solves a hand-worked 3×3 case', () => {
    // Greedy takes the 1 at (0,0) and ends at 1 + 3 + 3 = 7; the optimum is 2 + 2 + 2 = 6.
    const cost = [
      [1, 2, 9],
      [2, 9, 3],
      [9, 3, 2],
    ];
    const rowToCol = solveAssignment(cost);
    expect([...rowToCol]).toEqual([1, 0, 2]);
    const total = [...rowToCol].reduce((s, c, r) => s + cost[r]![c]!, 0);
    expect(total).toBe(bruteMinCost(cost));
    expect(total).toBe(6);
  });

  it('handles wide and tall matrices, leaving the extra side unassigned', () => {
    expect([...solveAssignment([[5, 1, 3]])]).toEqual([1]);
    expect([...solveAssignment([[5], [1], [3]])]).toEqual([-1, 0, -1]);
    expect([...solveAssignment([])]).toEqual([]);
  });

  it('equals brute force on random matrices', () => {
    const rand = rng(3);
    for (let n = 0; n < 200; n++) {
      const rows = 1 + Math.floor(rand() * 6);
      const cols = 1 + Math.floor(rand() * 6);
      const cost = Array.from({ length: rows }, () => Array.from({ length: cols }, () => Math.round(rand() * 20) - 10));
      const rowToCol = solveAssignment(cost);
      const cols_ = [...rowToCol].filter((c) => c >= 0);
      expect(new Set(cols_).size).toBe(cols_.length);
      expect(cols_.length).toBe(Math.min(rows, cols));
      const total = [...rowToCol].reduce((s, c, r) => (c >= 0 ? s + cost[r]![c]! : s), 0);
      expect(total).toBe(bruteMinCost(cost));
    }
  });
});

describe('assignMaxWeight', () => {
  it('maximises the total, not the best single pair', () => {
    const pairs = [
      { row: 0, col: 0, weight: 0.9 },
      { row: 0, col: 1, weight: 0.8 },
      { row: 1, col: 0, weight: 0.7 },
    ];
    const a = assignMaxWeight(2, 2, pairs, 0.5);
    expect([...a.rowToCol]).toEqual([1, 0]);
    expect(a.totalWeight).toBeCloseTo(1.5, 10);
  });

  it('never uses a pair below the threshold', () => {
    const pairs = [
      { row: 0, col: 0, weight: 0.9 },
      { row: 0, col: 1, weight: 0.8 },
      { row: 1, col: 0, weight: 0.45 },
    ];
    const a = assignMaxWeight(2, 2, pairs, 0.5);
    expect([...a.rowToCol]).toEqual([0, -1]);
    expect([...a.colToRow]).toEqual([0, -1]);
  });

  it('leaves everything unmatched with no pairs', () => {
    const a = assignMaxWeight(3, 2, []);
    expect([...a.rowToCol]).toEqual([-1, -1, -1]);
    expect(a.totalWeight).toBe(0);
  });

  it('equals brute force on random sparse graphs', () => {
    const rand = rng(5);
    for (let n = 0; n < 300; n++) {
      const rows = 1 + Math.floor(rand() * 6);
      const cols = 1 + Math.floor(rand() * 6);
      const pairs: WeightedPair[] = [];
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) if (rand() < 0.4) pairs.push({ row: r, col: c, weight: rand() });
      const a = assignMaxWeight(rows, cols, pairs, 0.3);
      expect(a.totalWeight).toBeCloseTo(bruteMaxWeight(rows, cols, pairs, 0.3), 9);
      for (let r = 0; r < rows; r++) if (a.rowToCol[r]! >= 0) expect(a.colToRow[a.rowToCol[r]!]).toBe(r);
    }
  });
});

describe('overlappingPairs', () => {
  it('finds exactly the pairs with positive overlap', () => {
    const rand = rng(9);
    for (let n = 0; n < 50; n++) {
      const make = () =>
        Array.from({ length: 30 }, () => ({
          x: Math.round(rand() * 100),
          y: Math.round(rand() * 100),
          w: Math.round(rand() * 20),
          h: Math.round(rand() * 20),
        }));
      const a = make();
      const b = make();
      const expected: string[] = [];
      a.forEach((p, i) =>
        b.forEach((q, j) => {
          const ix = Math.min(p.x + p.w, q.x + q.w) - Math.max(p.x, q.x);
          const iy = Math.min(p.y + p.h, q.y + q.h) - Math.max(p.y, q.y);
          if (ix > 0 && iy > 0) expected.push(`${i},${j}`);
        }),
      );
      const flat = overlappingPairs(a, b);
      const got: string[] = [];
      for (let k = 0; k < flat.length; k += 2) got.push(`${flat[k]},${flat[k + 1]}`);
      expect(got.sort()).toEqual(expected.sort());
    }
  });

  it('does not pair boxes that only touch', () => {
    expect([...overlappingPairs([{ x: 0, y: 0, w: 10, h: 10 }], [{ x: 10, y: 0, w: 10, h: 10 }])]).toEqual([]);
  });
});
