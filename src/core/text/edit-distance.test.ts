import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import {
  alignSequences,
  alignSequencesWithCap,
  bitParallelDistance,
  levenshteinDistance,
  OP_DELETE,
  OP_EQUAL,
  OP_INSERT,
  OP_SUBSTITUTE,
} from './edit-distance';

const rng = seededRandom;

/** The textbook O(n·m) table: the ground truth every fast path is checked against. */
function exactDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1), prev[j]! + 1, cur[j - 1]! + 1);
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** Checks that `ops` really turns `a` into `b` and returns its cost. */
function replay(a: Int32Array, b: Int32Array, ops: Uint8Array): number {
  let i = 0;
  let j = 0;
  let cost = 0;
  for (const op of ops) {
    if (op === OP_EQUAL) {
      expect(a[i]).toBe(b[j]);
      i++;
      j++;
    } else if (op === OP_SUBSTITUTE) {
      expect(a[i]).not.toBe(b[j]);
      i++;
      j++;
      cost++;
    } else if (op === OP_DELETE) {
      i++;
      cost++;
    } else {
      expect(op).toBe(OP_INSERT);
      j++;
      cost++;
    }
  }
  expect(i).toBe(a.length);
  expect(j).toBe(b.length);
  return cost;
}

/** A random sequence over `alphabet` symbols, and a copy with roughly `rate` of its symbols edited. */
function similarPair(rand: () => number, n: number, alphabet: number, rate: number) {
  const a = Array.from({ length: n }, () => Math.floor(rand() * alphabet));
  const b: number[] = [];
  for (const s of a) {
    const r = rand();
    if (r < rate / 3) b.push(Math.floor(rand() * alphabet)); // substitution (or accidental hit)
    else if (r < (2 * rate) / 3) continue; // deletion
    else if (r < rate) b.push(s, Math.floor(rand() * alphabet)); // insertion
    else b.push(s);
  }
  return [Int32Array.from(a), Int32Array.from(b)] as const;
}

const seq = (s: string) => Int32Array.from([...s].map((c) => c.codePointAt(0)!));

describe('alignSequences', () => {
  it('aligns hand-worked cases', () => {
    // kitten → sitting: k→s, e→i, +g = 3.
    const ops = alignSequences(seq('kitten'), seq('sitting'));
    expect(replay(seq('kitten'), seq('sitting'), ops)).toBe(3);
    expect([...ops]).toEqual([OP_SUBSTITUTE, OP_EQUAL, OP_EQUAL, OP_EQUAL, OP_SUBSTITUTE, OP_EQUAL, OP_INSERT]);
  });

  it('beats an LCS-anchored diff where substitutions are cheaper', () => {
    // Anchoring on the shared "t" costs 8 (4 deletions + 4 insertions); Levenshtein substitutes 5.
    expect(replay(seq('pqrst'), seq('tuvwx'), alignSequences(seq('pqrst'), seq('tuvwx')))).toBe(5);
  });

  it('handles empty sides', () => {
    expect([...alignSequences(seq(''), seq(''))]).toEqual([]);
    expect([...alignSequences(seq('ab'), seq(''))]).toEqual([OP_DELETE, OP_DELETE]);
    expect([...alignSequences(seq(''), seq('ab'))]).toEqual([OP_INSERT, OP_INSERT]);
  });

  it('prefers deletion, then insertion, when tracing back a tie', () => {
    // "ab" → "bc" costs 2 either as two substitutions or as −a, b, +c.
    expect([...alignSequences(seq('ab'), seq('bc'))]).toEqual([OP_DELETE, OP_EQUAL, OP_INSERT]);
  });

  it('equals the exact table on random inputs (property)', () => {
    const rand = rng(1);
    for (let n = 0; n < 600; n++) {
      const len = Math.floor(rand() * 25);
      const alphabet = 1 + Math.floor(rand() * 5);
      const [a, b] =
        rand() < 0.5
          ? similarPair(rand, len, alphabet, rand())
          : [
              Int32Array.from({ length: len }, () => Math.floor(rand() * alphabet)),
              Int32Array.from({ length: Math.floor(rand() * 25) }, () => Math.floor(rand() * alphabet)),
            ];
      expect(replay(a, b, alignSequences(a, b))).toBe(exactDistance(a, b));
    }
  });

  it('stays exact through the divide-and-conquer path', () => {
    const rand = rng(2);
    for (let n = 0; n < 150; n++) {
      const a = Int32Array.from({ length: Math.floor(rand() * 60) }, () => Math.floor(rand() * 4));
      const b = Int32Array.from({ length: Math.floor(rand() * 60) }, () => Math.floor(rand() * 4));
      // A cap of 8 entries forces the split on every pair at distance 2 or more.
      expect(replay(a, b, alignSequencesWithCap(a, b, 8))).toBe(exactDistance(a, b));
    }
  });

  it('stays exact on long similar sequences', () => {
    const rand = rng(3);
    for (let n = 0; n < 5; n++) {
      const [a, b] = similarPair(rand, 1500, 50, 0.1);
      const d = exactDistance(a, b);
      expect(replay(a, b, alignSequences(a, b))).toBe(d);
      // The same with a trace cap far below d² (d ≈ 150): several levels of splitting.
      expect(replay(a, b, alignSequencesWithCap(a, b, 500))).toBe(d);
    }
  });
});

describe('levenshteinDistance', () => {
  it('matches hand-worked distances', () => {
    expect(levenshteinDistance(seq('kitten'), seq('sitting'))).toBe(3);
    expect(levenshteinDistance(seq(''), seq('abc'))).toBe(3);
    expect(levenshteinDistance(seq('flaw'), seq('lawn'))).toBe(2);
    expect(levenshteinDistance(seq('same'), seq('same'))).toBe(0);
  });

  it('equals the exact table on random inputs, through both the diagonal and the bit-parallel path', () => {
    const rand = rng(4);
    for (let n = 0; n < 400; n++) {
      // Lengths up to 150 cross several 32-bit words; unrelated pairs exhaust the diagonal budget.
      const similar = rand() < 0.5;
      const [a, b] = similar
        ? similarPair(rand, Math.floor(rand() * 150), 1 + Math.floor(rand() * 20), rand() * 0.3)
        : [
            Int32Array.from({ length: Math.floor(rand() * 150) }, () => Math.floor(rand() * 6)),
            Int32Array.from({ length: Math.floor(rand() * 150) }, () => Math.floor(rand() * 6)),
          ];
      expect(levenshteinDistance(a, b)).toBe(exactDistance(a, b));
    }
  });

  it('bit-parallel rows equal the exact table at every word boundary', () => {
    const rand = rng(6);
    for (const p of [0, 1, 5, 31, 32, 33, 63, 64, 65, 100]) {
      for (let n = 0; n < 20; n++) {
        const a = Int32Array.from({ length: p }, () => Math.floor(rand() * 4));
        const b = Int32Array.from({ length: Math.floor(rand() * 120) }, () => Math.floor(rand() * 4));
        expect(bitParallelDistance(a, b)).toBe(exactDistance(a, b));
      }
    }
  });

  it('is exact on long, very different sequences (bit-parallel path)', () => {
    const rand = rng(5);
    const a = Int32Array.from({ length: 2000 }, () => Math.floor(rand() * 30));
    const b = Int32Array.from({ length: 1700 }, () => Math.floor(rand() * 30));
    expect(levenshteinDistance(a, b)).toBe(exactDistance(a, b));
  });
});
