import { describe, expect, it } from 'vitest';
import { imagePoint, imageToScreen, screenToImage, type ScreenPoint } from './point';
import { MAX_SCALE, MIN_SCALE, panBy, wheelZoomFactor, zoomAt, zoomTo } from './viewport';

const at = (x: number, y: number) => ({ x, y }) as ScreenPoint;

describe('zoomAt', () => {
  it('keeps the image point under the cursor fixed', () => {
    const view = { scale: 0.5, offsetX: 20, offsetY: 10 };
    const cursor = at(220, 160);
    const before = screenToImage(cursor, view);
    const after = zoomAt(view, cursor, 3);
    expect(after.scale).toBeCloseTo(1.5);
    const p = imageToScreen(before, after);
    expect(p.x).toBeCloseTo(220);
    expect(p.y).toBeCloseTo(160);
  });
  it('clamps to 5 % and 3200 %', () => {
    expect(zoomAt({ scale: 1, offsetX: 0, offsetY: 0 }, at(0, 0), 1e6).scale).toBe(MAX_SCALE);
    expect(zoomAt({ scale: 1, offsetX: 0, offsetY: 0 }, at(0, 0), 1e-6).scale).toBe(MIN_SCALE);
  });
});

describe('zoomTo and panBy', () => {
  it('shows 100 % around the centre, then pans by screen pixels', () => {
    const v = zoomTo({ scale: 0.25, offsetX: 0, offsetY: 0 }, at(400, 300), 1);
    expect(v.scale).toBe(1);
    expect(screenToImage(at(400, 300), v)).toEqual(imagePoint(1600, 1200));
    expect(panBy(v, 10, -5)).toEqual({ scale: 1, offsetX: v.offsetX + 10, offsetY: v.offsetY - 5 });
  });
});

describe('wheelZoomFactor', () => {
  it('zooms in for a wheel up and out for a wheel down, symmetrically', () => {
    expect(wheelZoomFactor(-100)).toBeGreaterThan(1);
    expect(wheelZoomFactor(100) * wheelZoomFactor(-100)).toBeCloseTo(1);
  });
});
