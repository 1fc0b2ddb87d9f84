import { describe, expect, it } from 'vitest';
import { reusable, visibleRegion, type Snapshot, type SnapshotInput } from './bitmap-rules';

const objects = [] as const;
const colors = new Map<string, string>();
const hidden = new Set<string>();
const base: SnapshotInput = { objects, colors, hidden, skipId: null, view: { scale: 1, offsetX: 0, offsetY: 0 }, frame: { width: 800, height: 600 }, imageSize: { width: 4000, height: 3000 } };
// A bitmap drawn at 100 % holding image px 0..1000 × 0..750 (the frame plus a margin).
const snap: Snapshot = { canvas: {} as HTMLCanvasElement, region: { x: 0, y: 0, w: 1000, h: 750 }, view: base.view, pixelRatio: 1, objects, colors, hidden, skipId: null };
const at = (view: SnapshotInput['view']) => ({ ...base, view });

describe('reusing the objects bitmap', () => {
  it('is redrawn when what it shows changed', () => {
    expect(reusable(snap, base, 1, false)).toBe(true);
    expect(reusable(snap, { ...base, objects: [] }, 1, false)).toBe(false);
    expect(reusable(snap, { ...base, hidden: new Set(['a']) }, 1, false)).toBe(false);
    expect(reusable(snap, { ...base, skipId: 'a' }, 1, false)).toBe(false);
    expect(reusable(snap, base, 2, false)).toBe(false);
  });

  it('while the view moves: may be stretched up to the limit while it covers what is on screen', () => {
    expect(reusable(snap, at({ scale: 1.5, offsetX: 0, offsetY: 0 }), 1, false)).toBe(true);
    expect(reusable(snap, at({ scale: 3, offsetX: 0, offsetY: 0 }), 1, false)).toBe(false);
    // Panned so the screen shows image px up to 1100: past the bitmap.
    expect(reusable(snap, at({ scale: 1, offsetX: -300, offsetY: 0 }), 1, false)).toBe(false);
    expect(reusable(snap, at({ scale: 1, offsetX: -150, offsetY: -100 }), 1, false)).toBe(true);
  });

  it('at rest: only when it maps 1:1 onto whole screen pixels', () => {
    expect(reusable(snap, at({ scale: 1, offsetX: -150, offsetY: -100 }), 1, true)).toBe(true);
    expect(reusable(snap, at({ scale: 1, offsetX: -150.5, offsetY: -100 }), 1, true)).toBe(false);
    expect(reusable(snap, at({ scale: 1.5, offsetX: 0, offsetY: 0 }), 1, true)).toBe(false);
  });
});

describe('visibleRegion', () => {
  it('is the part of the image on screen, widened by the margin and cut at the image (plus a stroke)', () => {
    // (+ 0 turns the -0 of an edge at exactly zero into 0)
    const r = visibleRegion({ scale: 2, offsetX: -100, offsetY: 0 }, { width: 800, height: 600 }, { width: 4000, height: 3000 }, 0);
    expect([r.x, r.y, r.w, r.h].map((v) => v + 0)).toEqual([50, 0, 400, 300]);
    const wide = visibleRegion({ scale: 1, offsetX: 0, offsetY: 0 }, { width: 800, height: 600 }, { width: 900, height: 3000 }, 0.25);
    expect(wide).toEqual({ x: -3, y: -3, w: 906, h: 753 });
  });
});
