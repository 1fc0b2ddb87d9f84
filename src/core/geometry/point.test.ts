import { describe, expect, it } from 'vitest';
import { fitViewport, imagePoint, imageToScreen, screenToImage } from './point';

describe('viewport transforms', () => {
  it('round-trips a point between screen and image space', () => {
    const view = { scale: 0.5, offsetX: 12, offsetY: -4 };
    const s = imageToScreen(imagePoint(100, 60), view);
    expect(s).toEqual({ x: 62, y: 26 });
    expect(screenToImage(s, view)).toEqual({ x: 100, y: 60 });
  });
  it('fits a wide image into a frame, centred', () => {
    const view = fitViewport({ width: 1000, height: 500 }, { width: 532, height: 532 }, 16);
    expect(view.scale).toBeCloseTo(0.5);
    expect(view.offsetX).toBeCloseTo(16);
    expect(view.offsetY).toBeCloseTo((532 - 250) / 2);
  });
});
