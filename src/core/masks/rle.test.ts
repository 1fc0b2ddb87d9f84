import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { compressRle, countsFromString, countsToString, decodeRle, decompressRle, encodeBitmap, encodeBitmapAt, rleProblem, type Bitmap } from './rle';
import { rleArea, rleBbox, rleIntersection, rleIntersectionArea, rleIoU, rleMerge, rleSubtract, rleUnion } from './rle-ops';

/** A bitmap from rows of '#' (set) and '.' (unset). */
function bm(...rows: string[]): Bitmap {
  const height = rows.length;
  const width = rows[0]!.length;
  const data = new Uint8Array(width * height);
  rows.forEach((r, y) => [...r].forEach((c, x) => (data[y * width + x] = c === '#' ? 1 : 0)));
  return { width, height, data };
}

function randomBitmap(rand: () => number, width: number, height: number): Bitmap {
  const data = new Uint8Array(width * height);
  const kind = rand();
  if (kind < 0.3) for (let i = 0; i < data.length; i++) data[i] = rand() < 0.5 ? 1 : 0;
  else {
    const blobs = 1 + Math.floor(rand() * 4);
    for (let k = 0; k < blobs; k++) {
      const cx = rand() * width;
      const cy = rand() * height;
      const r = rand() * Math.max(width, height) * 0.5;
      for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) data[y * width + x] = 1;
    }
    if (kind > 0.9) data.fill(1);
  }
  return { width, height, data };
}

describe('COCO RLE on hand-checked masks', () => {
  it('runs go down the columns (Fortran order), starting with background', () => {
    // Column x=0 is all unset, x=1 has the top pixel, x=2 both: 0 0 | 1 0 | 1 1.
    const rle = encodeBitmap(bm('.##', '..#'));
    expect(rle.size).toEqual([2, 3]);
    expect(rle.counts).toEqual([2, 1, 1, 2]);
    expect(compressRle(rle).counts).toBe('2111');
    expect(rleArea(rle)).toBe(3);
    expect(rleBbox(rle)).toEqual([1, 0, 2, 2]);
  });

  it('a set first pixel gives a leading zero-length background run', () => {
    expect(encodeBitmap(bm('##', '##')).counts).toEqual([0, 4]);
    expect(countsToString([0, 4])).toBe('04');
    expect(encodeBitmap(bm('..', '..')).counts).toEqual([4]);
  });

  it('matches the pycocotools string of a 3×3 square at (2, 2) in a 10×10 image, worked by hand', () => {
    const rows = Array.from({ length: 10 }, (_, y) => [...'..........'].map((c, x) => (x >= 2 && x <= 4 && y >= 2 && y <= 4 ? '#' : c)).join(''));
    const rle = encodeBitmap(bm(...rows));
    expect(rle.counts).toEqual([22, 3, 7, 3, 7, 3, 55]);
    // 22 needs a continuation group (bit 0x10 would read as negative): 'f' '0'; counts 4+ are deltas from two
    // before (3-3, 7-7, 3-3 → '0'), and 55-7 = 48 is '`' '1'.
    expect(compressRle(rle)).toEqual({ size: [10, 10], counts: 'f037000`1' });
    expect(rleBbox(rle)).toEqual([2, 2, 3, 3]);
    expect(rleArea(rle)).toBe(9);
  });

  it('encodes negative deltas and multi-group numbers as pycocotools does', () => {
    expect(countsToString([5, 3, 2, 1])).toBe('532N'); // 1 - 3 = -2 → 30 + 48
    expect(countsToString([100, 3])).toBe('T33'); // 100 = 4 + 3·32 → 'T' (4 | 0x20) '3', then 3
    expect(countsFromString('532N')).toEqual([5, 3, 2, 1]);
    expect(countsFromString('T33')).toEqual([100, 3]);
    expect(countsFromString('f037000`1')).toEqual([22, 3, 7, 3, 7, 3, 55]);
  });

  it('refuses characters outside 0..o and truncated numbers', () => {
    expect(() => countsFromString('12p')).toThrow(/outside/);
    expect(() => countsFromString('f')).toThrow(/ends inside/);
  });

  it('bbox of a run crossing a column boundary spans all rows', () => {
    // Bottom of column 0 and top of column 1.
    expect(rleBbox(encodeBitmap(bm('.#', '#.')))).toEqual([0, 0, 2, 2]);
    expect(rleBbox(encodeBitmap(bm('..', '..')))).toEqual([0, 0, 0, 0]);
  });

  it('union, intersection, subtraction and IoU on runs', () => {
    const a = encodeBitmap(bm('##.', '##.'));
    const b = encodeBitmap(bm('.##', '.##'));
    expect(decodeRle(rleUnion(a, b)).data).toEqual(bm('###', '###').data);
    expect(decodeRle(rleIntersection(a, b)).data).toEqual(bm('.#.', '.#.').data);
    expect(decodeRle(rleSubtract(a, b)).data).toEqual(bm('#..', '#..').data);
    expect(rleIntersectionArea(a, b)).toBe(2);
    expect(rleIoU(a, b)).toBeCloseTo(2 / 6);
    expect(rleIoU(encodeBitmap(bm('..')), encodeBitmap(bm('..')))).toBe(0);
    expect(rleMerge([a, b, encodeBitmap(bm('...', '...'))], [2, 3]).counts).toEqual([0, 6]);
    expect(() => rleUnion(a, encodeBitmap(bm('##')))).toThrow(/differ in size/);
  });

  it('names what is wrong with a bad RLE', () => {
    expect(rleProblem({ size: [2, 2], counts: [1, 2] })).toMatch(/sum to 3, not height × width = 4/);
    expect(rleProblem({ size: [2, 2], counts: [1, 3] }, [2, 3])).toMatch(/mask is 2×2 but the image is 3×2/);
    expect(rleProblem({ size: [2, 2], counts: [-1, 5] })).toMatch(/non-negative/);
    expect(rleProblem({ size: [0, 2], counts: [] })).toMatch(/positive/);
    expect(rleProblem({ size: [2, 2], counts: [1, 3] })).toBeNull();
    expect(() => decodeRle({ size: [2, 2], counts: [1] })).toThrow(/sum/);
  });
});

describe('COCO RLE round trips on random masks', () => {
  const rand = seededRandom(20261201);
  const cases = Array.from({ length: 60 }, () => randomBitmap(rand, 1 + Math.floor(rand() * 40), 1 + Math.floor(rand() * 40)));

  it('decode(encode(m)) = m and the string form round-trips', () => {
    for (const m of cases) {
      const rle = encodeBitmap(m);
      expect(rleProblem(rle)).toBeNull();
      expect(decodeRle(rle).data).toEqual(m.data);
      expect(decompressRle(compressRle(rle)).counts).toEqual(rle.counts);
    }
  });

  it('area and bbox equal counting the pixels', () => {
    for (const m of cases) {
      const rle = encodeBitmap(m);
      let area = 0;
      let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
      for (let y = 0; y < m.height; y++) for (let x = 0; x < m.width; x++) if (m.data[y * m.width + x]) {
        area++;
        x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y);
      }
      expect(rleArea(rle)).toBe(area);
      expect(rleBbox(rle)).toEqual(area === 0 ? [0, 0, 0, 0] : [x0, y0, x1 - x0 + 1, y1 - y0 + 1]);
    }
  });

  it('set operations and IoU on runs equal the pixel-wise ones', () => {
    for (const m of cases) {
      const other = randomBitmap(rand, m.width, m.height);
      const a = encodeBitmap(m);
      const b = encodeBitmap(other);
      const or = m.data.map((v, i) => v | other.data[i]!);
      const and = m.data.map((v, i) => v & other.data[i]!);
      expect(decodeRle(rleUnion(a, b)).data).toEqual(or);
      expect(decodeRle(rleIntersection(a, b)).data).toEqual(and);
      expect(decodeRle(rleSubtract(a, b)).data).toEqual(m.data.map((v, i) => v & (1 - other.data[i]!)));
      const inter = and.reduce((s, v) => s + v, 0);
      const uni = or.reduce((s, v) => s + v, 0);
      expect(rleIoU(a, b)).toBeCloseTo(uni === 0 ? 0 : inter / uni, 12);
    }
  });

  it('encoding a crop placed in the image equals encoding the whole image', () => {
    for (const m of cases) {
      const x0 = Math.floor(rand() * 5);
      const y0 = Math.floor(rand() * 5);
      const width = m.width + x0 + Math.floor(rand() * 3);
      const height = m.height + y0 + (rand() < 0.3 ? 0 : Math.floor(rand() * 3));
      const full = new Uint8Array(width * height);
      for (let y = 0; y < m.height; y++) for (let x = 0; x < m.width; x++) full[(y + y0) * width + x + x0] = m.data[y * m.width + x]!;
      expect(encodeBitmapAt(m, x0, y0, width, height).counts).toEqual(encodeBitmap({ width, height, data: full }).counts);
    }
    // Full height: pieces of neighbouring columns merge into one run.
    expect(encodeBitmapAt(bm('##', '##'), 1, 0, 3, 2).counts).toEqual([2, 4]);
    expect(() => encodeBitmapAt(bm('#'), 3, 0, 3, 2)).toThrow(/outside/);
  });
});
