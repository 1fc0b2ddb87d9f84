import { create } from 'zustand';
import { fitViewport, type ScreenPoint, type Size, type Viewport } from '../../core/geometry/point';
import { panBy, zoomAt, zoomTo } from '../../core/geometry/viewport';

/**
 * How the image is shown: the viewport (zoom and pan), the canvas frame's size, and the cursor in image
 * pixels for the status bar. Kept apart from the editor store so moving the mouse re-renders only the
 * status bar, never the annotation layers.
 */
type ViewStore = {
  view: Viewport;
  frame: Size;
  imageSize: Size;
  /** True until the person zooms or pans; while true, the view refits when the frame or image changes. */
  fitted: boolean;
  cursor: { x: number; y: number } | null;
  /** Image display adjustments in percent (100 = unchanged), applied to the image layer only. */
  brightness: number;
  contrast: number;
  /** Full-height and full-width guides through the cursor, for lining up box edges. */
  crosshair: boolean;
  setAdjustments(a: { brightness?: number; contrast?: number }): void;
  toggleCrosshair(): void;
  setFrame(frame: Size): void;
  setImage(size: Size): void;
  fit(): void;
  zoomAtPoint(anchor: ScreenPoint, factor: number): void;
  zoomToScale(scale: number): void;
  pan(dx: number, dy: number): void;
  setCursor(p: { x: number; y: number } | null): void;
};

export const useViewStore = create<ViewStore>((set, get) => ({
  view: { scale: 1, offsetX: 0, offsetY: 0 },
  frame: { width: 800, height: 600 },
  imageSize: { width: 1, height: 1 },
  fitted: true,
  cursor: null,
  brightness: 100,
  contrast: 100,
  crosshair: false,
  setAdjustments(a) {
    set(a);
  },
  toggleCrosshair() {
    set({ crosshair: !get().crosshair });
  },
  setFrame(frame) {
    const s = get();
    set({ frame, ...(s.fitted ? { view: fitViewport(s.imageSize, frame) } : {}) });
  },
  setImage(imageSize) {
    set({ imageSize, fitted: true, view: fitViewport(imageSize, get().frame) });
  },
  fit() {
    set({ fitted: true, view: fitViewport(get().imageSize, get().frame) });
  },
  zoomAtPoint(anchor, factor) {
    set({ fitted: false, view: zoomAt(get().view, anchor, factor) });
  },
  zoomToScale(scale) {
    const { frame, view } = get();
    set({ fitted: false, view: zoomTo(view, { x: frame.width / 2, y: frame.height / 2 } as ScreenPoint, scale) });
  },
  pan(dx, dy) {
    set({ fitted: false, view: panBy(get().view, dx, dy) });
  },
  setCursor(cursor) {
    set({ cursor });
  },
}));
