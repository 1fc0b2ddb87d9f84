import { describe, expect, it } from 'vitest';
import { compressRle, encodeBitmap, type Bitmap } from '../../core/masks/rle';
import { toColumnRuns } from '../../core/masks/column-runs';
import { outlinePath, regionPath, runsToPath } from './mask-paths';

function bm(...rows: string[]): Bitmap {
  const height = rows.length;
  const width = rows[0]!.length;
  const data = new Uint8Array(width * height);
  rows.forEach((r, y) => [...r].forEach((c, x) => (data[y * width + x] = c === '#' ? 1 : 0)));
  return { width, height, data };
}

describe('mask paths', () => {
  it('a block of equal columns is one rectangle; a step starts another', () => {
    expect(runsToPath(toColumnRuns(encodeBitmap(bm('.....', '.###.', '.###.', '.....'))))).toBe('M1 1h3v2h-3z');
    expect(runsToPath(toColumnRuns(encodeBitmap(bm('##.', '###'))))).toBe('M0 0h2v2h-2zM2 1h1v1h-1z');
  });

  it('reaches the right edge of the image', () => {
    expect(regionPath(compressRle(encodeBitmap(bm('..##', '..##'))))).toBe('M2 0h2v2h-2z');
  });

  it('outlines the boundary pixels only, and tolerates a malformed string', () => {
    expect(outlinePath(compressRle(encodeBitmap(bm('.....', '.###.', '.###.', '.###.', '.....'))))).toBe('M1 1h1v3h-1zM2 1h1v1h-1zM2 3h1v1h-1zM3 1h1v3h-1z');
    expect(regionPath({ size: [2, 2], counts: 'f' })).toBe('');
  });
});
