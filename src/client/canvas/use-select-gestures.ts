import { useEffect, useRef, useState } from 'react';
import type { ImagePoint } from '../../core/geometry/point';
import { objectAt } from '../../core/document/hit-test';
import { objectsInRect, rectFromCorners, type Rect } from '../../editor/selection';
import { useEditorStore } from '../state/editor-store';

/** What the select tool's own gestures show while they last: a marquee, or the selection being moved. */
export type SelectPreview = { marquee: Rect | null; moveBy: { dx: number; dy: number } | null };

type Gesture = { kind: 'marquee'; from: ImagePoint; add: boolean; moved: boolean } | { kind: 'move'; from: ImagePoint };

/**
 * The select tool's pointer gestures on the canvas (besides the single selection's own handles):
 * click picks the topmost object, shift-click adds or removes one, a drag on empty image draws a
 * marquee that selects the objects wholly inside it (shift adds them), and a drag on an object of a
 * multiple selection moves them all, committed on release as one history entry.
 * `tolerancePx` is how far off an object a click may land (image px). Hovering an object highlights it and its row (hit-tested once per animation frame).
 */
export function useSelectGestures() {
  const gesture = useRef<Gesture | null>(null);
  const [preview, setPreview] = useState<SelectPreview>({ marquee: null, moveBy: null });
  const hoverAt = useRef<{ point: ImagePoint; tolerancePx: number } | null>(null);
  const hoverFrame = useRef<number | null>(null);
  useEffect(() => () => {
    if (hoverFrame.current !== null) cancelAnimationFrame(hoverFrame.current);
  }, []);

  const down = (point: ImagePoint, shift: boolean, tolerancePx: number) => {
    const s = useEditorStore.getState();
    const hit = objectAt(s.editor.doc, point, tolerancePx, s.hidden);
    if (hit && shift) s.toggleSelected(hit.id);
    else if (hit && s.selectedIds.size > 1 && s.selectedIds.has(hit.id)) gesture.current = { kind: 'move', from: point };
    else if (hit) s.select(hit.id);
    else gesture.current = { kind: 'marquee', from: point, add: shift, moved: false };
  };

  const move = (point: ImagePoint, dragThresholdPx: number, tolerancePx: number, buttonsDown: boolean): boolean => {
    const g = gesture.current;
    if (!g) {
      // Not while a handle is dragged: that frame belongs to the drag.
      if (buttonsDown) return false;
      // Hovering an object on the canvas highlights its row in the object list (and the object).
      // Why once per animation frame, at the latest point: a mouse can send several moves a frame, and a
      // hit test walks thousands of objects; only the last one before the frame can reach the screen.
      hoverAt.current = { point, tolerancePx };
      if (hoverFrame.current === null) {
        hoverFrame.current = requestAnimationFrame(() => {
          hoverFrame.current = null;
          const at = hoverAt.current;
          // A gesture that began meanwhile owns the pointer.
          if (!at || gesture.current) return;
          const s = useEditorStore.getState();
          s.hover(objectAt(s.editor.doc, at.point, at.tolerancePx, s.hidden)?.id ?? null);
        });
      }
      return false;
    }
    const dx = point.x - g.from.x;
    const dy = point.y - g.from.y;
    if (g.kind === 'move') setPreview({ marquee: null, moveBy: { dx, dy } });
    else if (g.moved || Math.hypot(dx, dy) >= dragThresholdPx) {
      g.moved = true;
      setPreview({ marquee: rectFromCorners(g.from, point), moveBy: null });
    }
    return true;
  };

  const up = (point: ImagePoint): boolean => {
    const g = gesture.current;
    if (!g) return false;
    gesture.current = null;
    setPreview({ marquee: null, moveBy: null });
    const s = useEditorStore.getState();
    if (g.kind === 'move') s.moveSelection(point.x - g.from.x, point.y - g.from.y);
    else if (g.moved) s.selectMany(objectsInRect(s.editor.doc.objects, rectFromCorners(g.from, point), s.hidden), g.add);
    else if (!g.add) s.select(null);
    return true;
  };

  return { down, move, up, preview };
}
