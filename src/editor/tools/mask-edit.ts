import type { AnnotationDocument, AnnotationObject } from '../../shared/annotation.schema';
import type { MaskGeometry } from '../../shared/geometry.schema';
import type { MaskMode, MaskOverlap } from '../../shared/project.schema';
import type { Command } from '../../core/document/document';
import type { Size } from '../../core/geometry/point';
import { maskGeometry, maskRle } from '../../core/masks/mask-geometry';
import { fillHoles, removeSpecks } from '../../core/masks/raster';
import { decodeRle, encodeBitmap, type Rle } from '../../core/masks/rle';
import { rleIntersectionArea, rleIsEmpty, rleMerge, rleSubtract, rleUnion } from '../../core/masks/rle-ops';

/**
 * How mask gestures land in the document. Every gesture (a stroke, a polygon fill, a wand fill, fill holes,
 * remove specks) becomes commands on whole mask objects, so one gesture is one history entry whose patches
 * hold the touched objects' RLE before and after.
 *
 * - **Target**: in `semantic` mode the mask of the active class (created on first paint); in `instance` mode
 *   the selected mask object, or a new instance of the active class when no mask is selected.
 * - **Overlap**: masks never share pixels. `paint-over` takes painted pixels away from every other mask;
 *   `unlabeled-only` paints only pixels no other mask holds.
 * - Erasing (subtract) removes pixels from the target only; a target left empty is deleted.
 */
export type MaskEditContext = {
  readonly imageSize: Size;
  readonly activeClassId: string | null;
  readonly mode: MaskMode;
  readonly overlap: MaskOverlap;
  /** The selected object (instance mode paints into it when it is a mask). */
  readonly selectedId: string | null;
  readonly newId: () => string;
};

/** Commands of one mask gesture, and the object they painted into (for the canvas to select), or a hint. */
export type MaskEdit = { commands: Command[]; targetId: string | null; hint?: string };

export const MASK_HINTS = {
  noClass: 'Pick a class first (keys 1–9)',
  noTarget: 'Select a mask first',
  nothing: 'Nothing to change',
} as const;

function isMask(o: AnnotationObject): o is AnnotationObject & { geometry: MaskGeometry } {
  return o.geometry.kind === 'mask';
}

/** The mask object a gesture paints into, or null when it would be a new one. */
export function maskTarget(doc: AnnotationDocument, ctx: Pick<MaskEditContext, 'mode' | 'activeClassId' | 'selectedId'>): (AnnotationObject & { geometry: MaskGeometry }) | null {
  if (ctx.mode === 'semantic') return doc.objects.filter(isMask).find((o) => o.classId === ctx.activeClassId) ?? null;
  const selected = doc.objects.find((o) => o.id === ctx.selectedId);
  return selected && isMask(selected) ? selected : null;
}

/** Adds (`add`) or removes (`subtract`) the pixels of `delta` in the target mask under the overlap rule. */
export function applyMaskDelta(doc: AnnotationDocument, ctx: MaskEditContext, delta: Rle, op: 'add' | 'subtract'): MaskEdit {
  const target = maskTarget(doc, ctx);
  if (op === 'subtract') {
    if (!target) return { commands: [], targetId: null, hint: ctx.mode === 'instance' ? MASK_HINTS.noTarget : MASK_HINTS.nothing };
    const before = maskRle(target.geometry);
    if (rleIntersectionArea(before, delta) === 0) return { commands: [], targetId: target.id };
    return { commands: [setMask(target, rleSubtract(before, delta))], targetId: target.id };
  }
  if (!target && !ctx.activeClassId) return { commands: [], targetId: null, hint: MASK_HINTS.noClass };
  const others = doc.objects.filter((o): o is AnnotationObject & { geometry: MaskGeometry } => isMask(o) && o.id !== target?.id);
  const commands: Command[] = [];
  let paint = delta;
  if (ctx.overlap === 'unlabeled-only') {
    if (others.length > 0) paint = rleSubtract(delta, rleMerge(others.map((o) => maskRle(o.geometry)), delta.size));
  } else {
    for (const o of others) {
      const r = maskRle(o.geometry);
      if (rleIntersectionArea(r, delta) > 0) commands.push(setMask(o, rleSubtract(r, delta)));
    }
  }
  if (rleIsEmpty(paint)) return { commands, targetId: target?.id ?? null };
  if (target) {
    commands.unshift({ type: 'annotation.update', id: target.id, changes: { geometry: maskGeometry(rleUnion(maskRle(target.geometry), paint)) } });
    return { commands, targetId: target.id };
  }
  const id = ctx.newId();
  commands.unshift({
    type: 'annotation.create',
    object: { id, classId: ctx.activeClassId!, geometry: maskGeometry(paint), attributes: {}, source: 'human', version: 1 },
  });
  return { commands, targetId: id };
}

/** An update to `after`, or a delete when nothing is left. */
function setMask(o: AnnotationObject, after: Rle): Command {
  if (rleIsEmpty(after)) return { type: 'annotation.delete', id: o.id };
  return { type: 'annotation.update', id: o.id, changes: { geometry: maskGeometry(after) } };
}

/** Fills the holes of the target mask (one history entry). Under `unlabeled-only`, pixels of other masks stay theirs. */
export function fillHolesEdit(doc: AnnotationDocument, ctx: MaskEditContext): MaskEdit {
  const target = maskTarget(doc, ctx);
  if (!target) return { commands: [], targetId: null, hint: MASK_HINTS.noTarget };
  const before = maskRle(target.geometry);
  const { bitmap, filled } = fillHoles(decodeRle(before));
  if (filled === 0) return { commands: [], targetId: target.id, hint: 'No holes to fill' };
  return { ...applyMaskDelta(doc, ctx, rleSubtract(encodeBitmap(bitmap), before), 'add'), targetId: target.id };
}

/** Removes the target's 4-connected specks smaller than `minPx` pixels (one history entry). */
export function removeSpecksEdit(doc: AnnotationDocument, ctx: MaskEditContext, minPx: number): MaskEdit {
  const target = maskTarget(doc, ctx);
  if (!target) return { commands: [], targetId: null, hint: MASK_HINTS.noTarget };
  const { bitmap, removed } = removeSpecks(decodeRle(maskRle(target.geometry)), minPx);
  if (removed === 0) return { commands: [], targetId: target.id, hint: `No specks under ${minPx} px` };
  return { commands: [setMask(target, encodeBitmap(bitmap))], targetId: target.id };
}

