import { describe, expect, it } from 'vitest';
import { seededRandom } from '../random';
import { decodeRle, encodeBitmap, type Bitmap } from './rle';
import { columnRunsArea, fromColumnRuns, pickRuns, toColumnRuns, type ColumnRuns } from './column-runs';
import { intersectRuns, intersectionAreaRuns, subtractRuns, unionRuns } from './column-set-ops';
import { boundaryRuns, componentsOfRuns, dilateRuns } from './rle-regions';

/** A bitmap from rows of '#' (set) and '.' (unset). */
function bm(...rows: string[]): Bitmap {
  const height = rows.length;
  const width = rows[0]!.length;
  const data = new Uint8Array(width * height);
  rows.forEach((r, y) => [...r].forEach((c, x) => (data[y * width + x] = c === '#' ? 1 : 0)));
  return { width, height, data };
}

const runs = (b: Bitmap) => toColumnRuns(encodeBitmap(b));
const pixels = (cr: ColumnRuns) => decodeRle(fromColumnRuns(cr));
const rows = (cr: ColumnRuns) => {
  const b = pixels(cr);
  return Array.from({ length: b.height }, (_, y) => Array.from({ length: b.width }, (_, x) => (b.data[y * b.width + x] ? '#' : '.')).join(''));
};

function randomBitmap(rand: () => number, width: number, height: number): Bitmap {
  const data = new Uint8Array(width * height);
  if (rand() < 0.3) for (let i = 0; i < data.length; i++) data[i] = rand() < 0.4 ? 1 : 0;
  else {
    for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) {
      const cx = rand() * width;
      const cy = rand() * height;
      const r = rand() * Math.max(width, height) * 0.4;
      for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if ((x - cx) ** 2 + (y - cy) ** 2 < r * r) data[y * width + x] = 1;
    }
  }
  return { width, height, data };
}

/** Brute force on the bitmap: the reference every run operation is checked against. */
const at = (b: Bitmap, x: number, y: number) => x >= 0 && y >= 0 && x < b.width && y < b.height && b.data[y * b.width + x] !== 0;
function bruteBoundary(b: Bitmap): Uint8Array {
  const out = new Uint8Array(b.width * b.height);
  for (let y = 0; y < b.height; y++) for (let x = 0; x < b.width; x++) {
    if (!at(b, x, y)) continue;
    const inside = (nx: number, ny: number) => nx < 0 || ny < 0 || nx >= b.width || ny >= b.height || at(b, nx, ny);
    if (!inside(x - 1, y) || !inside(x + 1, y) || !inside(x, y - 1) || !inside(x, y + 1)) out[y * b.width + x] = 1;
  }
  return out;
}
function bruteDilate(b: Bitmap, radius: number): Uint8Array {
  const out = new Uint8Array(b.width * b.height);
  const r = Math.floor(radius);
  for (let y = 0; y < b.height; y++) for (let x = 0; x < b.width; x++) {
    for (let dy = -r; dy <= r && !out[y * b.width + x]; dy++) for (let dx = -r; dx <= r; dx++) {
      if (dx * dx + dy * dy <= radius * radius && at(b, x + dx, y + dy)) {
        out[y * b.width + x] = 1;
        break;
      }
    }
  }
  return out;
}
function bruteComponentAreas(b: Bitmap): number[] {
  const seen = new Uint8Array(b.width * b.height);
  const areas: number[] = [];
  for (let s = 0; s < seen.length; s++) {
    if (!b.data[s] || seen[s]) continue;
    const stack = [s];
    seen[s] = 1;
    let n = 0;
    while (stack.length) {
      const i = stack.pop()!;
      n++;
      const x = i % b.width;
      const y = (i / b.width) | 0;
      for (const [nx, ny] of [[x - 1, y], [x + 1, y], [x, y - 1], [x, y + 1]] as const) {
        const j = ny * b.width + nx;
        if (at(b, nx, ny) && !seen[j]) {
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
    areas.push(n);
  }
  return areas.sort((a, c) => c - a);
}

describe('column intervals', () => {
  it('cut runs at column ends and round-trip to the same RLE', () => {
    const rand = seededRandom(7);
    for (let t = 0; t < 40; t++) {
      const b = randomBitmap(rand, 1 + Math.floor(rand() * 30), 1 + Math.floor(rand() * 30));
      const rle = encodeBitmap(b);
      const cr = toColumnRuns(rle);
      expect(fromColumnRuns(cr)).toEqual(rle);
      expect(columnRunsArea(cr)).toBe(b.data.reduce((s, v) => s + v, 0));
    }
  });

  it('a run over a column end becomes two intervals', () => {
    const cr = runs(bm('.#', '##'));
    expect([...cr.colStart]).toEqual([0, 1, 2]);
    expect([...cr.y0]).toEqual([1, 0]);
    expect([...cr.y1]).toEqual([2, 2]);
  });
});

describe('boundary', () => {
  it('is the set pixels with an unset 4-neighbour; the image edge is no boundary', () => {
    expect(rows(boundaryRuns(runs(bm('.....', '.###.', '.###.', '.###.', '.....'))))).toEqual(['.....', '.###.', '.#.#.', '.###.', '.....']);
    expect(rows(boundaryRuns(runs(bm('###', '###'))))).toEqual(['...', '...']);
    expect(rows(boundaryRuns(runs(bm('###.', '###.'))))).toEqual(['..#.', '..#.']);
  });

  it('matches brute force on random masks', () => {
    const rand = seededRandom(11);
    for (let t = 0; t < 40; t++) {
      const b = randomBitmap(rand, 2 + Math.floor(rand() * 40), 2 + Math.floor(rand() * 40));
      expect(pixels(boundaryRuns(runs(b))).data).toEqual(bruteBoundary(b));
    }
  });
});

describe('dilation by a disk', () => {
  it('grows a pixel into a disk of pixel centres', () => {
    expect(rows(dilateRuns(runs(bm('.....', '.....', '..#..', '.....', '.....')), 1.5))).toEqual(['.....', '.###.', '.###.', '.###.', '.....']);
    expect(rows(dilateRuns(runs(bm('.....', '.....', '..#..', '.....', '.....')), 2))).toEqual(['..#..', '.###.', '#####', '.###.', '..#..']);
  });

  it('matches brute force on random masks and radii', () => {
    const rand = seededRandom(13);
    for (let t = 0; t < 30; t++) {
      const b = randomBitmap(rand, 2 + Math.floor(rand() * 35), 2 + Math.floor(rand() * 35));
      const radius = rand() * 5;
      expect(pixels(dilateRuns(runs(b), radius)).data).toEqual(bruteDilate(b, radius));
    }
  });
});

describe('connected components', () => {
  it('joins intervals of neighbouring columns whose rows overlap, not diagonal ones', () => {
    const comps = componentsOfRuns(runs(bm('##..#', '.#..#', '..#..', '.....')));
    expect(comps.map((c) => c.area)).toEqual([3, 2, 1]);
    expect(comps[0]!.bounds).toEqual({ x: 0, y: 0, w: 2, h: 2 });
    expect(comps[1]!.bounds).toEqual({ x: 4, y: 0, w: 1, h: 2 });
    expect(comps[2]!.point).toEqual({ x: 2.5, y: 2.5 });
  });

  it('match brute force flood fill on random masks; each component picked alone has its area', () => {
    const rand = seededRandom(17);
    for (let t = 0; t < 40; t++) {
      const b = randomBitmap(rand, 1 + Math.floor(rand() * 40), 1 + Math.floor(rand() * 40));
      const cr = runs(b);
      const comps = componentsOfRuns(cr);
      expect(comps.map((c) => c.area)).toEqual(bruteComponentAreas(b));
      for (const c of comps.slice(0, 3)) {
        const own = pickRuns(cr, c.runs);
        expect(columnRunsArea(own)).toBe(c.area);
        expect(componentsOfRuns(own)).toHaveLength(1);
        const p = pixels(own);
        expect(at(p, Math.floor(c.point.x), Math.floor(c.point.y))).toBe(true);
      }
    }
  });
});

describe('set operations', () => {
  it('union, intersection and subtraction match the pixels', () => {
    const rand = seededRandom(19);
    for (let t = 0; t < 30; t++) {
      const w = 1 + Math.floor(rand() * 30);
      const h = 1 + Math.floor(rand() * 30);
      const a = randomBitmap(rand, w, h);
      const b = randomBitmap(rand, w, h);
      const [ra, rb] = [runs(a), runs(b)];
      const op = (f: (x: boolean, y: boolean) => boolean) => Uint8Array.from(a.data, (v, i) => (f(v !== 0, b.data[i] !== 0) ? 1 : 0));
      expect(pixels(unionRuns(ra, rb)).data).toEqual(op((x, y) => x || y));
      expect(pixels(intersectRuns(ra, rb)).data).toEqual(op((x, y) => x && y));
      expect(pixels(subtractRuns(ra, rb)).data).toEqual(op((x, y) => x && !y));
      expect(intersectionAreaRuns(ra, rb)).toBe(op((x, y) => x && y).reduce((s, v) => s + v, 0));
      // Results are maximal intervals: they encode to exactly the RLE of their pixels.
      expect(fromColumnRuns(unionRuns(ra, rb))).toEqual(encodeBitmap(pixels(unionRuns(ra, rb))));
    }
  });
});
