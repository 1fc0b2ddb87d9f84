import { create } from 'zustand';
import type { MaskMode, MaskOverlap } from '../../shared/project.schema';
import type { MaskToolContext } from '../../editor/tools/tool';

/**
 * The mask tools' settings and view options (not part of the document): brush size, wand tolerance, how masks
 * are shown, the project's mask rules, and the image's pixels for the wand once they are read.
 */
type MaskStore = {
  /** Brush and eraser diameter in image pixels. */
  brushSizePx: number;
  wandTolerance: number;
  /** Mask layer opacity, 0–1. */
  opacity: number;
  visible: boolean;
  /** Draw only each mask's boundary pixels. */
  outline: boolean;
  /** Remove specks: groups smaller than this many pixels go. */
  speckPx: number;
  mode: MaskMode;
  overlap: MaskOverlap;
  imagePixels: MaskToolContext['imagePixels'];
  /** The URL of the image on the canvas (the wand reads its pixels). */
  imageUrl: string | null;
  set(patch: Partial<Omit<MaskStore, 'set' | 'resize'>>): void;
  /** `[` and `]`: a step down or up, bigger steps for bigger brushes. */
  resize(direction: -1 | 1): void;
};

export const BRUSH_MIN_PX = 1;
export const BRUSH_MAX_PX = 400;

export const useMaskStore = create<MaskStore>((set, get) => ({
  brushSizePx: 20,
  wandTolerance: 24,
  opacity: 0.55,
  visible: true,
  outline: false,
  speckPx: 20,
  mode: 'instance',
  overlap: 'paint-over',
  imagePixels: null,
  imageUrl: null,
  set(patch) {
    set(patch);
  },
  resize(direction) {
    const s = get().brushSizePx;
    const step = Math.max(1, Math.round(s * 0.15));
    set({ brushSizePx: Math.min(BRUSH_MAX_PX, Math.max(BRUSH_MIN_PX, s + direction * step)) });
  },
}));

/** What the mask tools read for a gesture, with the current selection. */
export function maskToolContext(selectedId: string | null): MaskToolContext {
  const m = useMaskStore.getState();
  return { mode: m.mode, overlap: m.overlap, selectedId, brushRadiusPx: m.brushSizePx / 2, wandTolerance: m.wandTolerance, imagePixels: m.imagePixels };
}
