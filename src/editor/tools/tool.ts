import type { AnnotationDocument } from '../../shared/annotation.schema';
import type { Command } from '../../core/document/document';
import type { ImagePoint, Size } from '../../core/geometry/point';
import type { MaskMode, MaskOverlap } from '../../shared/project.schema';

/**
 * Gestures the canvas reports to a tool, already converted to image pixels.
 *
 * - `shift`: whether Shift was held (polygon tool: freehand while pressed). Absent means not held, so a canvas
 *   that never sends it keeps every tool's click-and-drag behaviour.
 * - `close`: finish the shape in progress (Enter, or a double-click).
 * - `undo-vertex`: take back the last vertex placed (Backspace while drawing).
 * - `cancel`: drop whatever is in progress (Esc); nothing reaches the document.
 *
 * Tools ignore events they have no use for (the box tool ignores `close`, `undo-vertex` and `shift`).
 */
export type ToolEvent =
  | { type: 'pointer.down'; point: ImagePoint; shift?: boolean }
  | { type: 'pointer.move'; point: ImagePoint; shift?: boolean }
  | { type: 'pointer.up'; point: ImagePoint; shift?: boolean }
  | { type: 'close' }
  | { type: 'undo-vertex' }
  | { type: 'cancel' };

/**
 * What a tool may read while handling an event. Read-only; tools never mutate the document.
 * Distances are in image pixels. Those ending in `?` are tolerances a person aims within on screen, so the
 * canvas, which knows the zoom, should pass "N screen pixels / scale"; left out, the tool's default applies.
 */
export type ToolContext = {
  readonly doc: AnnotationDocument;
  readonly imageSize: Size;
  /** The class new objects get. */
  readonly activeClassId: string | null;
  /** Smallest width and height a new box may have, in image pixels. */
  readonly minSizePx: number;
  /** Makes a fresh object id. */
  readonly newId: () => string;
  /** How near the first vertex a click closes a polygon (and how near the last one a click counts as the same point). Default 8. */
  readonly snapRadiusPx?: number;
  /** Pointer travel below which a press counts as a click rather than a drag (polygon tool). Default 3. */
  readonly dragThresholdPx?: number;
  /** Smallest gap between vertices a freehand stroke adds. Default 4. */
  readonly freehandSpacingPx?: number;
  /** What the mask tools (brush, eraser, polygon fill, wand) need; without it they refuse with a hint. */
  readonly mask?: MaskToolContext;
};

/** The mask tools' settings and inputs. Sizes in image pixels. */
export type MaskToolContext = {
  readonly mode: MaskMode;
  readonly overlap: MaskOverlap;
  /** The selected object: instance mode paints into it when it is a mask. */
  readonly selectedId: string | null;
  /** Brush and eraser radius. */
  readonly brushRadiusPx: number;
  /** Magic wand: largest per-channel difference (0–255) from the clicked pixel's colour. */
  readonly wandTolerance: number;
  /** The image's pixels (row-major RGBA, as ImageData) for the wand; null until loaded. */
  readonly imagePixels: { readonly data: Uint8ClampedArray; readonly width: number; readonly height: number } | null;
};

/** Result of a handler: the tool's next state, the commands of one gesture (one history entry), and an optional hint to show. */
export type Transition<S> = { state: S; commands: Command[]; hint?: string };
